// The weeks of statistics imported for a campaign: each week's figures are a content-addressed JSON document
// (its hash goes into the analysing workflow's history); a small index lists the versions of every week.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoWeek, StatisticsWeek } from '../../domain/weekly-statistics';
import type { DocumentStore } from '../documents/document-store';

export interface LedgerEntry {
  week: IsoWeek;
  sha256: string;
  importedAt: string;
  filename: string;
}

export interface StatisticsLedger {
  /** Stores the week and lists it as the week's latest version. */
  record(week: StatisticsWeek): LedgerEntry;
  /** Every version of every week, oldest first. */
  entries(): LedgerEntry[];
  /** The latest version of the latest week. */
  latest(): LedgerEntry | undefined;
  load(sha256: string): StatisticsWeek;
  /** The given version of a week with the latest versions of all weeks before it: the input of its analysis. */
  history(week: IsoWeek, sha256: string): StatisticsWeek[];
}

export function statisticsDir(dataDir: string): string {
  return join(dataDir, 'statistics');
}

export function createStatisticsLedger(dir: string, store: DocumentStore, campaignId: string): StatisticsLedger {
  const indexFile = join(dir, `${campaignId}.json`);
  const entries = (): LedgerEntry[] => (existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as LedgerEntry[]) : []);
  const load = (sha256: string): StatisticsWeek => {
    const bytes = store.get(sha256);
    if (!bytes) throw new Error(`statistics document ${sha256} is missing from the document store`);
    return JSON.parse(bytes.toString('utf8')) as StatisticsWeek;
  };
  const latestPerWeek = () => new Map(entries().map((e) => [e.week, e]));
  return {
    record(week) {
      const { sha256 } = store.put(Buffer.from(JSON.stringify(week)), 'application/json');
      const entry: LedgerEntry = { week: week.week, sha256, importedAt: week.importedAt, filename: week.source.filename };
      mkdirSync(dir, { recursive: true });
      const tmp = `${indexFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify([...entries(), entry], null, 1));
      renameSync(tmp, indexFile); // atomic: a reader sees the old index or the new one, never half of it
      return entry;
    },
    entries,
    latest: () => [...latestPerWeek().values()].sort((a, b) => a.week.localeCompare(b.week)).at(-1),
    load,
    history(week, sha256) {
      const before = [...latestPerWeek().values()].filter((e) => e.week < week).map((e) => load(e.sha256));
      return [...before, load(sha256)];
    },
  };
}
