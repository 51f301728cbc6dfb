// The reminder and escalation schedule of one task, as a pure function of its due date and rules.
// Workflows recompute it whenever the due date moves (an approved extension).
import type { DeadlineRules, EscalationTarget } from './campaign-schema';
import { localTimeToInstant } from './dates';
import { workingCalendar, type CalendarOverride } from './working-days';

export interface LadderStep {
  /** Stable per due date: a step is sent once, and an extension starts a fresh set of keys. */
  key: string;
  kind: 'reminder' | 'escalation';
  /** Working days relative to the due date: -3 is three before, +1 one after. */
  offsetWorkingDays: number;
  date: string;
  at: string;
  to: 'assignee' | EscalationTarget;
}

export interface LadderPolicy extends DeadlineRules {
  localHour: number;
  timeZone: string;
  calendar: CalendarOverride;
}

export function ladderSteps(due: string, policy: LadderPolicy): LadderStep[] {
  const calendar = workingCalendar(policy.calendar);
  const step = (kind: LadderStep['kind'], offset: number, to: LadderStep['to']): LadderStep => {
    const date = calendar.addWorkingDays(due, offset);
    return {
      key: `${kind}${offset >= 0 ? '+' : ''}${offset}@${due}`,
      kind,
      offsetWorkingDays: offset,
      date,
      at: localTimeToInstant(date, policy.localHour, policy.timeZone).toISOString(),
      to,
    };
  };
  const reminders = [...new Set(policy.remindBeforeWorkingDays)].map((before) => step('reminder', -before, 'assignee'));
  const escalations = policy.escalations.map((e) => step('escalation', e.afterWorkingDays, e.to));
  return [...reminders, ...escalations].sort((a, b) => a.at.localeCompare(b.at));
}

/** Working days from the due date to a later date (0 when not late). */
export function workingDaysLate(due: string, on: string, override: CalendarOverride): number {
  if (on <= due) return 0;
  const calendar = workingCalendar(override);
  let days = 0;
  for (let d = due; d < on; d = calendar.addWorkingDays(d, 1)) days += 1;
  return days;
}
