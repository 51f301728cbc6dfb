// Tells the assignee that the office withdrew a task, and why; reminders for it stop.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { SchoolTask, Withdrawal } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { stepRecipient } from './mail-deadline-step';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface WithdrawalNotice {
  task: SchoolTask;
  withdrawal: Withdrawal & { at: string };
}

export async function mailTaskWithdrawn(deps: ActivityDeps, notice: WithdrawalNotice): Promise<MailRecord> {
  const { task, withdrawal } = notice;
  const context = {
    task,
    withdrawal,
    dueRu: formatRuDate(task.due),
    decreeDateRu: formatRuDate(task.decree.date),
    atRu: formatRuDateTime(new Date(withdrawal.at), task.timeZone),
  };
  const parts = renderMailParts(deps.renderer, 'task-withdrawn', context);
  const messageId = messageIdFor(task.taskId, 'withdrawn', deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...parts,
  });
}
