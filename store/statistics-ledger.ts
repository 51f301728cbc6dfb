// The weeks of statistics imported for a campaign: each week's figures are a content-addressed JSON document
// (its hash goes into the analysing workflow's history); the ledger lists the versions of every week.
import type { IsoWeek, StatisticsWeek } from '../domain/weekly-statistics';
import type { StoreDb } from './database';
import type { DocumentStore } from './document-store';

export interface LedgerEntry {
  week: IsoWeek;
  sha256: string;
  importedAt: string;
  filename: string;
  /** The office undid this import: it stays listed, and counts no more. */
  undone?: { at: string; by?: string; reason: string };
}

export interface StatisticsLedger {
  /** Stores the week and lists it as the week's latest version. */
  record(week: StatisticsWeek): Promise<LedgerEntry>;
  /** Every version of every week, oldest first, undone ones included. */
  entries(): Promise<LedgerEntry[]>;
  /** Marks a version undone; false when it is unknown or undone already. */
  undo(sha256: string, undone: NonNullable<LedgerEntry['undone']>): Promise<boolean>;
  /** The latest version of the latest week. */
  latest(): Promise<LedgerEntry | undefined>;
  load(sha256: string): Promise<StatisticsWeek>;
  /** The given version of a week with the latest versions of all weeks before it: the input of its analysis. */
  history(week: IsoWeek, sha256: string): Promise<StatisticsWeek[]>;
}

export function createStatisticsLedger(db: StoreDb, documents: DocumentStore, campaignId: string): StatisticsLedger {
  const entries = async (): Promise<LedgerEntry[]> => {
    const rows = await db
      .selectFrom('statistics_weeks')
      .select(['week', 'sha256', 'imported_at', 'filename', 'undone_at', 'undone_by', 'undone_reason'])
      .where('campaign_id', '=', campaignId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      week: r.week as IsoWeek,
      sha256: r.sha256,
      importedAt: r.imported_at,
      filename: r.filename,
      ...(r.undone_at
        ? { undone: { at: r.undone_at, reason: r.undone_reason ?? '', ...(r.undone_by ? { by: r.undone_by } : {}) } }
        : {}),
    }));
  };
  const load = async (sha256: string): Promise<StatisticsWeek> => {
    const bytes = await documents.get(sha256);
    if (!bytes) throw new Error(`statistics document ${sha256} is missing from the document store`);
    return JSON.parse(bytes.toString('utf8')) as StatisticsWeek;
  };
  const latestPerWeek = async () => new Map((await entries()).filter((e) => !e.undone).map((e) => [e.week, e]));
  return {
    async record(week) {
      const { sha256 } = await documents.put(Buffer.from(JSON.stringify(week)), 'application/json');
      const entry: LedgerEntry = {
        week: week.week,
        sha256,
        importedAt: week.importedAt,
        filename: week.source.filename,
      };
      await db
        .insertInto('statistics_weeks')
        .values({
          campaign_id: campaignId,
          week: entry.week,
          sha256,
          imported_at: entry.importedAt,
          filename: entry.filename,
        })
        .execute();
      return entry;
    },
    entries,
    async undo(sha256, undone) {
      const result = await db
        .updateTable('statistics_weeks')
        .set({ undone_at: undone.at, undone_by: undone.by ?? null, undone_reason: undone.reason })
        .where('campaign_id', '=', campaignId)
        .where('sha256', '=', sha256)
        .where('undone_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    latest: async () => [...(await latestPerWeek()).values()].sort((a, b) => a.week.localeCompare(b.week)).at(-1),
    load,
    async history(week, sha256) {
      const before = [...(await latestPerWeek()).values()].filter((e) => e.week < week);
      return Promise.all([...before.map((e) => load(e.sha256)), load(sha256)]);
    },
  };
}
