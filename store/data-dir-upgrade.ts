// Moves what the previous version kept under DATA_DIR (documents/<sha256>, statistics/<campaign>.json) into the
// store, verifying every document by its hash, read back from the store. The files stay where they were (nothing
// is deleted); a marker file records the move, so the next start does nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoWeek } from '../domain/weekly-statistics';
import { sha256Hex } from './document-store';
import type { Store } from './open-store';

export interface UpgradeReport {
  moved: boolean;
  documents: number;
  statisticsWeeks: number;
  summary: string;
}

interface LegacyLedgerEntry {
  week: IsoWeek;
  sha256: string;
  importedAt: string;
  filename: string;
}

const MARKER = 'store-upgrade.json';
const SHA256_NAME = /^[0-9a-f]{64}$/;

export async function upgradeDataDir(dataDir: string, store: Store): Promise<UpgradeReport> {
  const none = { moved: false, documents: 0, statisticsWeeks: 0, summary: 'nothing to move' };
  if (existsSync(join(dataDir, MARKER))) return none;
  const documentsDir = join(dataDir, 'documents');
  const statisticsDir = join(dataDir, 'statistics');
  const names = existsSync(documentsDir) ? readdirSync(documentsDir).filter((n) => SHA256_NAME.test(n)) : [];
  const ledgers = existsSync(statisticsDir) ? readdirSync(statisticsDir).filter((n) => n.endsWith('.json')) : [];
  if (names.length === 0 && ledgers.length === 0) return none;
  for (const name of names) await moveDocument(store, join(documentsDir, name), name);
  let weeks = 0;
  for (const file of ledgers)
    weeks += await moveLedger(store, join(statisticsDir, file), file.slice(0, -'.json'.length), documentsDir);
  const report = {
    moved: true,
    documents: names.length,
    statisticsWeeks: weeks,
    summary: `перенесено в хранилище из ${dataDir}: документов — ${names.length}, недель статистики — ${weeks}; все документы проверены по SHA-256`,
  };
  writeFileSync(
    join(dataDir, MARKER),
    JSON.stringify({ at: new Date().toISOString(), documents: names.length, statisticsWeeks: weeks }, null, 1),
    { mode: 0o600 },
  );
  return report;
}

async function moveDocument(store: Store, path: string, name: string): Promise<void> {
  const bytes = readFileSync(path);
  if (sha256Hex(bytes) !== name)
    throw new Error(
      `Обновление данных остановлено: файл ${path} повреждён — его SHA-256 не совпадает с именем. Ничего не удалено; восстановите файл из резервной копии или удалите его.`,
    );
  await store.documents.put(bytes, mediaTypeOf(bytes));
  const back = await store.documents.get(name);
  if (!back || sha256Hex(back) !== name)
    throw new Error(`Обновление данных остановлено: документ ${name} не читается из хранилища в прежнем виде.`);
}

/** The old store kept no media type: the bytes tell a PDF or JSON; anything else is served only as a download. */
function mediaTypeOf(bytes: Buffer): string {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  try {
    JSON.parse(bytes.toString('utf8'));
    return 'application/json';
  } catch {
    return 'application/octet-stream';
  }
}

/** Entries already in the store (a start interrupted after some weeks) are not listed twice. */
async function moveLedger(store: Store, path: string, campaignId: string, documentsDir: string): Promise<number> {
  const entries = JSON.parse(readFileSync(path, 'utf8')) as LegacyLedgerEntry[];
  const existing = await store.db
    .selectFrom('statistics_weeks')
    .select(['week', 'sha256', 'imported_at'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const known = new Set(existing.map((e) => `${e.week}|${e.sha256}|${e.imported_at}`));
  let moved = 0;
  for (const e of entries) {
    if (known.has(`${e.week}|${e.sha256}|${e.importedAt}`)) continue;
    if (!(await store.documents.has(e.sha256)))
      throw new Error(
        `Обновление данных остановлено: неделя ${e.week} кампании ${campaignId} ссылается на документ ${e.sha256}, которого нет в ${documentsDir}.`,
      );
    await store.db
      .insertInto('statistics_weeks')
      .values({
        campaign_id: campaignId,
        week: e.week,
        sha256: e.sha256,
        imported_at: e.importedAt,
        filename: e.filename,
      })
      .execute();
    moved++;
  }
  return moved;
}
