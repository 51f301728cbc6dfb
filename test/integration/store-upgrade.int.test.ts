// Upgrading over a DATA_DIR of the previous version: documents and ledgers move into the embedded store, every
// document verified by its hash; a second start moves nothing; a damaged file stops the move and names itself.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upgradeDataDir } from '../../store/data-dir-upgrade';
import { sha256Hex } from '../../store/document-store';
import type { Store } from '../../store/open-store';
import type { StatisticsWeek } from '../../domain/weekly-statistics';
import { legacyDataDir } from '../support/legacy-data-dir';
import { startTestStore } from '../support/test-store';

const week = (w: string, staff: number): StatisticsWeek => ({
  campaignId: 'sergokala-380-2024',
  week: w as StatisticsWeek['week'],
  importedAt: `2024-11-0${staff % 9}T07:00:00.000Z`,
  source: { filename: `sferum-${w}.csv`, sha256: 'e'.repeat(64), format: 'csv' },
  schools: [{ schoolId: 'degva', staffRegisteredPercent: staff, studentActivePercent: 48.68 }],
  unmatchedRows: [],
  missingSchools: [],
});

let store: Store;
beforeAll(async () => {
  store = await startTestStore('upgrade');
}, 60_000);
afterAll(async () => {
  await store?.close();
});

it('moves documents and ledgers into the store, verified by hash, and does nothing on the next start', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'decree-old-data-'));
  const old = legacyDataDir(dataDir);
  const pdfs = Array.from({ length: 20 }, (_, i) => Buffer.from(`%PDF-1.7 decree ${i}`));
  const hashes = pdfs.map((p) => old.putDocument(p));
  const upload = old.putDocument(Buffer.from('ИНН ОО;Наименование ОО\n0527003101;Дегвинская СОШ\n', 'utf8'));
  const w44 = old.recordWeek(week('2024-W44', 93));
  const w45 = old.recordWeek(week('2024-W45', 96));

  const report = await upgradeDataDir(dataDir, store);
  expect(report).toMatchObject({ moved: true, documents: 23, statisticsWeeks: 2 });
  for (const [i, sha] of hashes.entries())
    expect(sha256Hex((await store.documents.get(sha))!)).toBe(sha256Hex(pdfs[i]!));
  expect((await store.documents.find(hashes[0]!))!.mediaType).toBe('application/pdf');
  expect((await store.documents.find(upload))!.mediaType).toBe('application/octet-stream'); // never served as a PDF
  const entries = await store.ledger('sergokala-380-2024').entries();
  expect(entries).toEqual([w44, w45]);
  expect(
    (await store.ledger('sergokala-380-2024').history('2024-W45', w45.sha256)).map(
      (w) => w.schools[0]!.staffRegisteredPercent,
    ),
  ).toEqual([93, 96]);
  expect(JSON.parse(readFileSync(join(dataDir, 'store-upgrade.json'), 'utf8'))).toMatchObject({
    documents: 23,
    statisticsWeeks: 2,
  });
  expect(existsSync(join(dataDir, 'documents', hashes[0]!))).toBe(true); // nothing deleted

  expect(await upgradeDataDir(dataDir, store)).toMatchObject({ moved: false });
  expect(await store.ledger('sergokala-380-2024').entries()).toHaveLength(2);
});

it('stops at a damaged document, naming it, and marks nothing as moved', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'decree-old-damaged-'));
  const old = legacyDataDir(dataDir);
  const sha = old.putDocument(Buffer.from('%PDF-1.7 report'));
  writeFileSync(join(dataDir, 'documents', sha), '%PDF-1.7 altered');
  await expect(upgradeDataDir(dataDir, store)).rejects.toThrow(`файл ${join(dataDir, 'documents', sha)} повреждён`);
  expect(existsSync(join(dataDir, 'store-upgrade.json'))).toBe(false);
  expect(await store.documents.has(sha)).toBe(false);
});
