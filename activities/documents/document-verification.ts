// «Is this document ours?» Every PDF an activity issues carries a short verification code and a QR code for
// /verify/<code>. The code is derived from the issuing activity (workflow, run, activity id), so a retry prints the
// same code; the store indexes code → hash → activity, and a verification confirms it against that history event.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocumentStore, StoredDocument } from '../../store/document-store';
import type { IssuedDocuments } from '../../store/issued-documents';

export type StoredDocumentKind =
  'decree' | 'school-report' | 'consolidated-report' | 'weekly-report' | 'questionnaire-summary';

export const DOCUMENT_KIND_NAMES_RU: Record<StoredDocumentKind, string> = {
  decree: 'постановление',
  'school-report': 'отчёт школы',
  'consolidated-report': 'сводный отчёт',
  'weekly-report': 'еженедельный отчёт по статистике',
  'questionnaire-summary': 'сводка ответов на анкету',
};

export interface Verification {
  code: string;
  url: string;
  /** The moment of issue: when the issuing activity was first scheduled, so a retry renders the same bytes. */
  issuedAt: Date;
}

export interface DocumentIssuer {
  store: DocumentStore;
  /** Absent in unit tests of the layouts: the document is then stored without a code. */
  issued?: IssuedDocuments;
  publicBaseUrl: string;
}

interface IssuingActivity {
  workflowId: string;
  runId: string;
  activityId: string;
  scheduledAt: Date;
}

// Crockford's base32: no I, L, O, U, so a code read aloud or typed from paper is not mistaken.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function verificationCodeOf(activity: IssuingActivity, kind: StoredDocumentKind): string {
  const digest = createHash('sha256')
    .update(`${activity.workflowId}\n${activity.runId}\n${activity.activityId}\n${kind}`)
    .digest();
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[digest[i]! % 32];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A typed code: case, spaces and a missing hyphen forgiven; undefined when it cannot be one of ours. */
export function normalizeCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : undefined;
}

function issuingActivity(): IssuingActivity | undefined {
  try {
    const { workflowExecution, activityId, scheduledTimestampMs } = Context.current().info;
    return workflowExecution
      ? {
          workflowId: workflowExecution.workflowId,
          runId: workflowExecution.runId,
          activityId,
          scheduledAt: new Date(scheduledTimestampMs),
        }
      : undefined;
  } catch {
    return undefined; // not in an activity (a preview, a unit test): not an issued document
  }
}

/** The block at the end of a pdfmake document: the QR code and the words a person types instead. */
export function verificationBlock(v: Verification): Content {
  return {
    unbreakable: true,
    margin: [0, 16, 0, 0],
    columns: [
      { qr: v.url, fit: 72, width: 80, eccLevel: 'M' },
      {
        width: '*',
        fontSize: 9,
        margin: [6, 4, 0, 0],
        stack: [
          { text: `Код проверки подлинности: ${v.code}`, bold: true },
          { text: `Проверить документ: ${v.url}` },
          {
            text: 'Документ сформирован автоматизированной системой; подлинность подтверждается записью в истории процесса.',
            color: '#555555',
          },
        ],
      },
    ],
  };
}

export function withVerification(definition: TDocumentDefinitions, v?: Verification): TDocumentDefinitions {
  if (!v) return definition;
  const content = Array.isArray(definition.content) ? definition.content : [definition.content];
  // An issued document is dated by its issue, as /verify and the journal date it (not by the decree or the week).
  return {
    ...definition,
    info: { ...definition.info, creationDate: v.issuedAt },
    content: [...content, verificationBlock(v)],
  };
}

/**
 * Renders, stores and indexes a PDF issued by the current activity. Outside an activity the PDF is stored without
 * a code (it is not an issued document).
 */
export async function issuePdf(
  issuer: DocumentIssuer,
  meta: { kind: StoredDocumentKind; campaignId?: string; schoolId?: string },
  render: (v?: Verification) => Promise<Buffer>,
): Promise<StoredDocument> {
  const activity = issuer.issued ? issuingActivity() : undefined;
  const code = activity && verificationCodeOf(activity, meta.kind);
  const verification =
    activity && code
      ? { code, url: `${issuer.publicBaseUrl.replace(/\/$/, '')}/verify/${code}`, issuedAt: activity.scheduledAt }
      : undefined;
  const stored = await issuer.store.put(await render(verification), 'application/pdf');
  if (activity && code) {
    const { workflowId, runId, activityId } = activity;
    await issuer.issued!.record({
      code,
      sha256: stored.sha256,
      kind: meta.kind,
      campaignId: meta.campaignId ?? null,
      schoolId: meta.schoolId ?? null,
      workflowId,
      runId,
      activityId,
    });
  }
  return stored;
}
