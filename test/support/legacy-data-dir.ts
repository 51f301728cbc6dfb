// A DATA_DIR as the version before the store wrote it: documents/<sha256> files and statistics/<campaign>.json
// ledgers (the same layout and atomic writes as that version's document-store.ts and statistics-ledger.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatisticsWeek } from '../../domain/weekly-statistics';

export interface LegacyDataDir {
  putDocument(content: Buffer): string;
  recordWeek(week: StatisticsWeek): { week: string; sha256: string; importedAt: string; filename: string };
}

export function legacyDataDir(dataDir: string): LegacyDataDir {
  const documents = join(dataDir, 'documents');
  const statistics = join(dataDir, 'statistics');
  const ledgers = new Map<string, unknown[]>();
  const putDocument = (content: Buffer) => {
    const sha256 = createHash('sha256').update(content).digest('hex');
    mkdirSync(documents, { recursive: true });
    writeFileSync(`${join(documents, sha256)}.tmp`, content);
    renameSync(`${join(documents, sha256)}.tmp`, join(documents, sha256));
    return sha256;
  };
  return {
    putDocument,
    recordWeek(week) {
      const sha256 = putDocument(Buffer.from(JSON.stringify(week)));
      const entry = { week: week.week, sha256, importedAt: week.importedAt, filename: week.source.filename };
      const list = [...(ledgers.get(week.campaignId) ?? []), entry];
      ledgers.set(week.campaignId, list);
      mkdirSync(statistics, { recursive: true });
      writeFileSync(join(statistics, `${week.campaignId}.json`), JSON.stringify(list, null, 1));
      return entry;
    },
  };
}
