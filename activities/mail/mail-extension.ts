// Перенос срока by mail: the office head learns of a request; the school learns of the decision.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { ExtensionRecord, SchoolTask } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { stepRecipient } from './mail-deadline-step';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface ExtensionNotice {
  task: SchoolTask;
  request?: ExtensionRecord;
  record?: ExtensionRecord;
}

function context(deps: ActivityDeps, task: SchoolTask, record: ExtensionRecord) {
  return {
    task,
    record,
    previousDueRu: formatRuDate(record.previousDue),
    newDueRu: formatRuDate(record.newDue),
    requestedAtRu: formatRuDateTime(new Date(record.requestedAt), task.timeZone),
    officeUrl: `${deps.publicBaseUrl}/office/tasks/${encodeURIComponent(task.taskId)}`,
    approved: record.status === 'approved',
  };
}

export async function mailExtensionRequested(
  deps: ActivityDeps,
  { task, request }: ExtensionNotice,
): Promise<MailRecord> {
  const parts = renderMailParts(deps.renderer, 'extension-requested', context(deps, task, request!));
  const messageId = messageIdFor(task.taskId, `extension.${request!.id}.requested`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [task.office.head.email],
    ...parts,
  });
}

export async function mailExtensionDecided(deps: ActivityDeps, { task, record }: ExtensionNotice): Promise<MailRecord> {
  const parts = renderMailParts(deps.renderer, 'extension-decided', context(deps, task, record!));
  const messageId = messageIdFor(task.taskId, `extension.${record!.id}.${record!.status}`, deps.mailDomain);
  const to = [...new Set([stepRecipient(task, 'assignee').email, task.school.head.email])];
  return sendRecorded(deps.mailer, { messageId, from: fromOffice(task.office), to, ...parts });
}
