// Tells the assignee that a task closed by the platform's statistics is open again: the office undid the import of
// that week's figures (a wrong or forged file), with its reason. The mail carries the task's link, as the decree did.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { ReopeningFromStatistics, SchoolTask } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { taskLinkUrl } from '../links/task-links';
import { stepRecipient } from './mail-deadline-step';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface ReopeningNotice {
  task: SchoolTask;
  reopening: ReopeningFromStatistics;
  due: string;
  linkVersion: number;
}

export async function mailTaskReopened(deps: ActivityDeps, notice: ReopeningNotice): Promise<MailRecord> {
  const { task, reopening } = notice;
  // Issued at the reopening: a retry signs the same link.
  const issuedAt = new Date(reopening.at);
  const url = await taskLinkUrl(deps.links, task, notice.due, issuedAt, notice.linkVersion);
  const context = {
    task,
    reopening,
    url,
    dueRu: formatRuDate(notice.due),
    decreeDateRu: formatRuDate(task.decree.date),
    atRu: formatRuDateTime(issuedAt, task.timeZone),
  };
  const parts = renderMailParts(deps.renderer, 'task-reopened', context);
  const messageId = messageIdFor(task.taskId, `reopened.${reopening.completion.analysisWorkflowId}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...parts,
  });
}
