// A fresh link to a task, sent only to the assignee's address on file; it replaces every older link.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { SchoolTask } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { linkExpiry } from '../links/task-links';
import { stepRecipient } from './mail-deadline-step';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface TaskLinkNotice {
  task: SchoolTask;
  due: string;
  version: number;
  requestedBy: 'office' | 'assignee';
  /** When the workflow decided to send it: fixes the token, so a retry sends the same link. */
  issuedAt: string;
}

export async function mailTaskLink(deps: ActivityDeps, notice: TaskLinkNotice): Promise<MailRecord> {
  const { task } = notice;
  const issuedAt = new Date(notice.issuedAt);
  const expiresAt = linkExpiry(notice.due, issuedAt, task.linkPolicy);
  const url = deps.links.url(task.taskId, await deps.links.sign(task.taskId, issuedAt, expiresAt, notice.version));
  const context = {
    ...notice,
    url,
    dueRu: formatRuDate(notice.due),
    validUntil: formatRuDateTime(expiresAt, task.timeZone),
    byOffice: notice.requestedBy === 'office',
  };
  const parts = renderMailParts(deps.renderer, 'task-link', context);
  const messageId = messageIdFor(task.taskId, `link.v${notice.version}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...parts,
  });
}
