// Mails a school the decree (PDF attached) with a signed link to each of its tasks.
import type { Campaign, School } from '../../domain/campaign-schema';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId, messageIdFor } from '../../domain/ids';
import type { DecreeRef, SchoolTask } from '../../domain/school-task';
import type { ActivityDeps } from '../deps';
import { linkExpiry } from '../links/task-links';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface DecreeNotice {
  campaignId: string;
  decree: DecreeRef;
  office: Campaign['office'];
  school: School;
  tasks: SchoolTask[];
  issuedAt: string;
  timeZone: string;
  linkPolicy: Campaign['links'];
}

export function decreeFileName(decree: Pick<DecreeRef, 'number' | 'date'>): string {
  return `postanovlenie-${decree.number}-${decree.date}.pdf`;
}

export async function mailDecreeToSchool(deps: ActivityDeps, notice: DecreeNotice): Promise<MailRecord> {
  const pdf = await deps.store.get(notice.decree.sha256);
  if (!pdf) throw new Error(`decree document ${notice.decree.sha256} is missing from the store`);
  const issuedAt = new Date(notice.issuedAt);
  const campaignEnd =
    notice.tasks
      .map((t) => t.due)
      .sort()
      .at(-1) ?? notice.decree.date;
  const expiresAt = linkExpiry(campaignEnd, issuedAt, notice.linkPolicy);
  const tasks = await Promise.all(
    notice.tasks.map(async (t) => ({
      ...t,
      dueRu: formatRuDate(t.due),
      url: deps.links.url(t.taskId, await deps.links.sign(t.taskId, issuedAt, expiresAt)),
    })),
  );
  const context = {
    ...notice,
    tasks,
    decreeDateRu: formatRuDate(notice.decree.date),
    linksValidUntil: formatRuDateTime(expiresAt, notice.timeZone),
  };
  const parts = renderMailParts(deps.renderer, 'decree-notice', context);
  const messageId = messageIdFor(campaignWorkflowId(notice.campaignId), `decree.${notice.school.id}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(notice.office),
    to: [notice.school.officer.email],
    ...parts,
    attachments: [{ filename: decreeFileName(notice.decree), content: pdf, contentType: 'application/pdf' }],
    headers: { 'X-Decree-SHA256': notice.decree.sha256 },
  });
}
