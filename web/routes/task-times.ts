// A task's times as its pages show them, in the issuer's time zone.
import { endOfLocalDay, formatRuDateTime, localTimeToInstant } from '../../domain/dates';
import type { TaskState } from '../../domain/school-task';

export function ruDateTime(state: TaskState, iso: string): string {
  return formatRuDateTime(new Date(iso), state.task.timeZone);
}

/** The deadline in force as an instant: the due hour when the clause sets one, else the end of the due day. */
export function dueInstant(state: TaskState): Date {
  const { dueHour, timeZone } = state.task;
  return dueHour === undefined ? endOfLocalDay(state.due, timeZone) : localTimeToInstant(state.due, dueHour, timeZone);
}
