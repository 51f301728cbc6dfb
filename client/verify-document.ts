// «Is this document ours?» A PDF is genuine when its SHA-256 is indexed as issued and the history of the activity
// that issued it records that very hash in its result. The index narrows the search to one history; the history,
// not the index, is the proof.
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { StoredDocumentKind } from '../activities/documents/document-verification';
import type { IssuedDocument, IssuedDocuments } from '../store/issued-documents';
import { decode, eventInstant } from './journal-of-history';
import type { JournalKind } from './journal-events';

const EventType = temporal.api.enums.v1.EventType;

/** The event kind of the auditor's timeline that records each kind of document. */
const PRODUCED_AS: Record<StoredDocumentKind, JournalKind> = {
  decree: 'decree.rendered',
  'school-report': 'report.rendered',
  'questionnaire-summary': 'answers.summarised',
  'consolidated-report': 'report.consolidated',
  'weekly-report': 'statistics.analysed',
};

export interface ProducedBy {
  workflowId: string;
  eventId: number;
  at: string;
  kind: JournalKind;
  document: StoredDocumentKind;
  code: string;
  campaignId?: string;
  schoolId?: string;
}

export interface VerificationResult {
  genuine: boolean;
  sha256: string;
  producedBy?: ProducedBy;
}

/** The completion event of the issuing activity, when its result holds the hash; undefined otherwise. */
export async function confirmInHistory(client: Client, entry: IssuedDocument): Promise<ProducedBy | undefined> {
  let events: temporal.api.history.v1.IHistoryEvent[];
  try {
    events = (await client.workflow.getHandle(entry.workflowId, entry.runId).fetchHistory()).events ?? [];
  } catch {
    return undefined; // the history is gone (retention) or never existed: nothing proves the document
  }
  const scheduled = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityId === entry.activityId,
  );
  if (!scheduled) return undefined;
  const completed = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId),
  );
  if (
    !completed ||
    !JSON.stringify(decode(completed.activityTaskCompletedEventAttributes?.result)).includes(entry.sha256)
  )
    return undefined;
  return {
    workflowId: entry.workflowId,
    eventId: Number(completed.eventId),
    at: eventInstant(completed),
    kind: PRODUCED_AS[entry.kind],
    document: entry.kind,
    code: entry.code,
    ...(entry.campaignId ? { campaignId: entry.campaignId } : {}),
    ...(entry.schoolId ? { schoolId: entry.schoolId } : {}),
  };
}

export async function verifyDocument(
  client: Client,
  issued: IssuedDocuments,
  bytes: Buffer,
): Promise<VerificationResult> {
  return verifyDocumentHash(client, issued, createHash('sha256').update(bytes).digest('hex'));
}

/** The same check for a file hashed as it arrived (the public page never holds an upload whole). */
export async function verifyDocumentHash(
  client: Client,
  issued: IssuedDocuments,
  sha256: string,
): Promise<VerificationResult> {
  for (const entry of await issued.byHash(sha256)) {
    const producedBy = await confirmInHistory(client, entry);
    if (producedBy) return { genuine: true, sha256, producedBy };
  }
  return { genuine: false, sha256 };
}
