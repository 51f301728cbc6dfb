// Every PDF the system issued, by the verification code printed on it: its hash and the activity that produced it.
// Indexed when recorded, so a verification looks up one row and reads one history, never scans every history.
import type { StoredDocumentKind } from '../activities/documents/document-verification';
import type { StoreDb } from './database';

export interface IssuedDocument {
  code: string;
  sha256: string;
  kind: StoredDocumentKind;
  campaignId: string | null;
  schoolId: string | null;
  workflowId: string;
  runId: string;
  activityId: string;
  createdAt: Date;
}

export interface IssuedDocuments {
  /** A retry of the same activity keeps the code; the hash of its latest render is kept. */
  record(entry: Omit<IssuedDocument, 'createdAt'>): Promise<void>;
  byCode(code: string): Promise<IssuedDocument | undefined>;
  byHash(sha256: string): Promise<IssuedDocument[]>;
  /** A campaign's documents, oldest first: what its journal must account for. */
  ofCampaign(campaignId: string): Promise<IssuedDocument[]>;
}

export function createIssuedDocuments(db: StoreDb): IssuedDocuments {
  const toEntry = (r: {
    code: string;
    sha256: string;
    kind: string;
    campaign_id: string | null;
    school_id: string | null;
    workflow_id: string;
    run_id: string;
    activity_id: string;
    created_at: Date;
  }): IssuedDocument => ({
    code: r.code,
    sha256: r.sha256,
    kind: r.kind as StoredDocumentKind,
    campaignId: r.campaign_id,
    schoolId: r.school_id,
    workflowId: r.workflow_id,
    runId: r.run_id,
    activityId: r.activity_id,
    createdAt: r.created_at,
  });
  return {
    async record(e) {
      await db
        .insertInto('issued_documents')
        .values({
          code: e.code,
          sha256: e.sha256,
          kind: e.kind,
          campaign_id: e.campaignId,
          school_id: e.schoolId,
          workflow_id: e.workflowId,
          run_id: e.runId,
          activity_id: e.activityId,
        })
        .onConflict((oc) => oc.column('code').doUpdateSet({ sha256: e.sha256 }))
        .execute();
    },
    async byCode(code) {
      const row = await db.selectFrom('issued_documents').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toEntry(row) : undefined;
    },
    async byHash(sha256) {
      return (await db.selectFrom('issued_documents').selectAll().where('sha256', '=', sha256).execute()).map(toEntry);
    },
    async ofCampaign(campaignId) {
      return (
        await db
          .selectFrom('issued_documents')
          .selectAll()
          .where('campaign_id', '=', campaignId)
          .orderBy('created_at')
          .execute()
      ).map(toEntry);
    },
  };
}
