// Mails of clause 1.9 and 1.3: the school's report to the office mailbox (with the decree's mark in the subject),
// its receipt, the consolidated report to the office head, and the weekly nudge of the chat checklist.
import type { ChatChecklist } from '../../kinds/chat-migration/checklist';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId, messageIdFor } from '../../domain/ids';
import type { SchoolTask } from '../../domain/school-task';
import type { StoredDocument } from '../../store/document-store';
import type { ActivityDeps } from '../deps';
import { taskLinkUrl } from '../links/task-links';
import {
  schoolReportFileName,
  type ConsolidatedReportRequest,
  type ReportVersionRef,
} from '../reports/report-documents';
import { ruPercent } from '../texts/renderer';
import { stepRecipient } from './mail-deadline-step';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

function reportContext(task: SchoolTask, ref: ReportVersionRef) {
  const r = ref.version.report;
  const chats = r.classes.filter((c) => c.chatOnPlatform).length;
  return {
    ...ref,
    report: r,
    mark: task.office.reportMark ?? '',
    submittedAtRu: formatRuDateTime(new Date(ref.version.submittedAt), task.timeZone),
    dueRu: formatRuDate(task.due),
    chats,
    classes: r.classes.length,
    chatPercent: ruPercent(r.classes.length ? (chats / r.classes.length) * 100 : 0),
  };
}

export async function mailReportToOffice(deps: ActivityDeps, ref: ReportVersionRef): Promise<MailRecord> {
  const { task, version } = ref;
  if (!task.office.reportMailbox) throw new Error(`task ${task.taskId} has no office report mailbox`);
  // The PDF the workflow rendered and recorded in history, by its hash.
  const pdf = version.documentSha256 ? await deps.store.get(version.documentSha256) : undefined;
  if (!pdf)
    throw new Error(
      `report ${task.taskId} v${version.version} has no stored PDF (${version.documentSha256 ?? 'not rendered'})`,
    );
  const parts = renderMailParts(deps.renderer, 'report-to-office', reportContext(task, ref));
  const messageId = messageIdFor(task.taskId, `report.v${version.version}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [task.office.reportMailbox],
    ...parts,
    attachments: [{ filename: schoolReportFileName(task, version), content: pdf, contentType: 'application/pdf' }],
    headers: { 'X-Document-SHA256': version.documentSha256! },
  });
}

export async function mailReportReceipt(deps: ActivityDeps, ref: ReportVersionRef): Promise<MailRecord> {
  const { task, version } = ref;
  const parts = renderMailParts(deps.renderer, 'report-receipt', reportContext(task, ref));
  const messageId = messageIdFor(task.taskId, `report.v${version.version}.receipt`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...parts,
  });
}

const MISSING_NAMED = 50;

export interface ConsolidatedReportNotice extends ConsolidatedReportRequest {
  office: { name: string; head: { name?: string; email: string }; sender: { name?: string; email: string } };
  document: StoredDocument;
}

export async function mailConsolidatedReport(
  deps: ActivityDeps,
  notice: ConsolidatedReportNotice,
): Promise<MailRecord> {
  const pdf = await deps.store.get(notice.document.sha256);
  if (!pdf) throw new Error(`consolidated report ${notice.document.sha256} is missing from the store`);
  const submitted = notice.schools.filter((s) => s.status === 'submitted').length;
  const missing = notice.schools.filter((s) => s.status === 'missing');
  const context = {
    ...notice,
    submitted,
    total: notice.schools.length,
    dueRu: formatRuDate(notice.clause.due),
    late: notice.filed.filter((r) => r.late).length,
    // A region's or the country's edition would list thousands: the mail names the first ones, the PDF has all.
    missing: missing.slice(0, MISSING_NAMED),
    missingMore: Math.max(0, missing.length - MISSING_NAMED),
    url: `${deps.publicBaseUrl}/campaigns/${encodeURIComponent(notice.campaignId)}`,
  };
  const parts = renderMailParts(deps.renderer, 'consolidated-report', context);
  const messageId = messageIdFor(
    campaignWorkflowId(notice.campaignId),
    `consolidated.${notice.clause.number}.e${notice.edition}`,
    deps.mailDomain,
  );
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(notice.office),
    to: [notice.office.head.email],
    ...parts,
    attachments: [
      {
        filename: `svodnyj-otchet-p${notice.clause.number}-${notice.campaignId}-r${notice.edition}.pdf`,
        content: pdf,
        contentType: 'application/pdf',
      },
    ],
    headers: { 'X-Document-SHA256': notice.document.sha256 },
  });
}

export interface ChatNudgeNotice {
  task: SchoolTask;
  checklist: ChatChecklist;
  week: number;
  due: string;
  linkVersion: number;
  /** When the workflow decided to send it: fixes the token, so a retry sends the same link. */
  issuedAt: string;
}

export async function mailChatNudge(deps: ActivityDeps, notice: ChatNudgeNotice): Promise<MailRecord> {
  const { task, checklist } = notice;
  const issuedAt = new Date(notice.issuedAt);
  const context = {
    ...notice,
    url: await taskLinkUrl(deps.links, task, notice.due, issuedAt, notice.linkVersion),
    dueRu: formatRuDate(notice.due),
    open: checklist.chats.filter((c) => !c.migrated),
    migrated: checklist.chats.filter((c) => c.migrated).length,
    total: checklist.chats.length,
  };
  const parts = renderMailParts(deps.renderer, 'chat-nudge', context);
  const messageId = messageIdFor(task.taskId, `nudge.w${notice.week}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...parts,
  });
}
