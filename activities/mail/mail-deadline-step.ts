// Mails one step of a task's deadline ladder: a reminder to the assignee, or an escalation up the chain.
import { decreeKindGenitive } from '../documents/school-report-layout';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { workingDaysLate, type LadderStep } from '../../domain/deadline-ladder';
import { messageIdFor } from '../../domain/ids';
import type { ContactRef, SchoolTask, SentStep, TaskState } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { taskLinkUrl } from '../links/task-links';
import { ruPlural } from '../texts/renderer';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface DeadlineStepNotice {
  task: SchoolTask;
  step: LadderStep;
  due: string;
  earlierSteps: SentStep[];
  linkVersion: number;
}

const ROLE_LABELS: Record<LadderStep['to'], string> = {
  assignee: 'ответственный исполнитель',
  schoolHead: 'руководитель образовательной организации',
  officeHead: 'начальник управления образования',
  districtHead: 'глава района',
};

export function stepRecipient(task: SchoolTask, to: LadderStep['to']): ContactRef {
  if (to === 'schoolHead') return task.school.head;
  if (to === 'officeHead') return task.office.head;
  if (to === 'districtHead') {
    if (!task.districtHead)
      throw new Error(`task ${task.taskId} escalates to the district head, whose contact is missing`);
    return task.districtHead;
  }
  return task.assigneeRole === 'schoolHead' ? task.school.head : task.school.officer;
}

function days(n: number, kind: 'working' | 'calendar'): string {
  return kind === 'working'
    ? `${n} ${ruPlural(n, 'рабочий день', 'рабочих дня', 'рабочих дней')}`
    : `${n} ${ruPlural(n, 'день', 'дня', 'дней')}`;
}

export async function mailDeadlineStep(
  deps: ActivityDeps,
  notice: DeadlineStepNotice,
): Promise<MailRecord & { recipient: string }> {
  const { task, step, due } = notice;
  const recipient = stepRecipient(task, step.to);
  const issuedAt = new Date(step.at);
  const lateWorking = workingDaysLate(due, step.date, task.ladder.calendar);
  const lateCalendar = Math.round((Date.parse(step.date) - Date.parse(due)) / 86_400_000);
  const context = {
    task,
    step,
    recipient,
    roleLabel: ROLE_LABELS[step.to],
    dueRu: formatRuDate(due),
    decreeDateRu: formatRuDate(task.decree.date),
    decreeOfKind: decreeKindGenitive(task.decree.kind),
    isReminder: step.kind === 'reminder',
    onDueDay: step.offsetWorkingDays === 0,
    untilDue: days(-step.offsetWorkingDays, 'working'),
    late: lateWorking > 0 ? `${days(lateWorking, 'working')} (${days(lateCalendar, 'calendar')})` : '',
    url: step.to === 'assignee' ? await taskLinkUrl(deps.links, task, due, issuedAt, notice.linkVersion) : undefined,
    earlierSteps: notice.earlierSteps.map((s) => ({
      ...s,
      sentAtRu: formatRuDateTime(new Date(s.sentAt), task.timeZone),
      roleLabel: ROLE_LABELS[s.to],
    })),
  };
  const parts = renderMailParts(
    deps.renderer,
    step.kind === 'reminder' ? 'deadline-reminder' : 'deadline-escalation',
    context,
  );
  const messageId = messageIdFor(task.taskId, step.key, deps.mailDomain);
  return {
    ...(await sendRecorded(deps.mailer, { messageId, from: fromOffice(task.office), to: [recipient.email], ...parts })),
    recipient: recipient.email,
  };
}

/**
 * The step mailed, then the task's state with it written to the read model: one activity where a task of the
 * tree had two. A failed write is reported, not retried here (a retry would mail the step again); the workflow
 * then writes the change as it writes any other.
 */
export async function mailDeadlineStepRecorded(
  deps: ActivityDeps,
  input: { state: TaskState; step: LadderStep; revision: number },
): Promise<MailRecord & { recipient: string; sentAt: string; recorded: boolean; step: LadderStep }> {
  const { state, step } = input;
  const sent = await mailDeadlineStep(deps, {
    task: state.task,
    step,
    due: state.due,
    earlierSteps: state.sentSteps,
    linkVersion: state.linkVersion,
  });
  const sentAt = new Date().toISOString();
  const withStep = { ...state, sentSteps: [...state.sentSteps, { ...step, sentAt, recipient: sent.recipient }] };
  const recorded = await deps.tasks.record(state.task.campaignId, withStep, input.revision).then(
    () => true,
    (err: Error) => {
      console.error(
        `[read-model] task ${state.task.taskId}: the reminder's state was not written (${err.message}); the workflow writes it`,
      );
      return false;
    },
  );
  // The step is in the result because a local activity's marker keeps no input: the journal reads it here.
  return { ...sent, sentAt, recorded, step };
}
