// Backup and restore of the store: documents (verified by SHA-256 on the way back), statistics ledgers, the
// accounts and the kept task-page submissions (one still unanswered is delivered again after a restore). One
// gzip file of JSON lines, read and written as a stream; a trailer with the counts tells a
// whole file from a truncated one. A restore goes into an empty store in one transaction: all of it or nothing.
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { jsonColumn, type StoreDb } from './database';
import { sha256Hex } from './document-store';
import type { Store } from './open-store';

const FORMAT = 'decree-campaigns-store-backup';
const PAGE = 100;
/** Submissions are small: a thousand to a page, read or restored. */
const SUBMISSION_PAGE = 1_000;

const header = z.object({
  kind: z.literal('backup'),
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
});
const documentLine = z.object({
  kind: z.literal('document'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string().min(1),
  content: z.string(),
});
const weekLine = z.object({
  kind: z.literal('statisticsWeek'),
  campaignId: z.string().min(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  sha256: z.string(),
  importedAt: z.string(),
  filename: z.string(),
  undone: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string() }).optional(),
});
const accountLine = z.object({
  kind: z.literal('account'),
  login: z.string().min(1),
  passwordHash: z.string().min(1),
  role: z.enum(['office', 'auditor', 'admin']),
  disabledAt: z.string().nullable(),
});
const instant = z.string().datetime();
const submissionLine = z.object({
  kind: z.literal('submission'),
  id: z.string().min(1),
  taskId: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  /** The Update it is sent as; absent in backups made before every kind was kept (all attestations). */
  update: z.string().min(1).optional(),
  receivedAt: instant,
  outcome: z.enum(['accepted', 'refused']).nullable(),
  message: z.string().nullable(),
  settledAt: instant.nullable(),
});
// `submissions` is absent from the backups made before submissions were kept in them: none were.
const trailer = z.object({
  kind: z.literal('end'),
  documents: z.number().int(),
  statisticsWeeks: z.number().int(),
  accounts: z.number().int(),
  submissions: z.number().int().default(0),
});
const line = z.discriminatedUnion('kind', [header, documentLine, weekLine, accountLine, submissionLine, trailer]);

export interface BackupCounts {
  documents: number;
  statisticsWeeks: number;
  accounts: number;
  submissions: number;
}

export async function backupStore(store: Store, file: string): Promise<BackupCounts> {
  const tmp = `${file}.${process.pid}.tmp`;
  const counts: BackupCounts = { documents: 0, statisticsWeeks: 0, accounts: 0, submissions: 0 };
  try {
    // One snapshot: a document stored while the backup runs is either in it whole or not at all.
    await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await pipeline(Readable.from(backupLines(trx, counts)), createGzip(), createWriteStream(tmp, { mode: 0o600 }));
      });
    renameSync(tmp, file);
    return counts;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

async function* backupLines(db: StoreDb, counts: BackupCounts): AsyncGenerator<string> {
  yield json({ kind: 'backup', format: FORMAT, version: 1, createdAt: new Date().toISOString() });
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('documents')
      .select(['sha256', 'media_type', 'content'])
      .where('sha256', '>', after)
      .orderBy('sha256')
      .limit(PAGE)
      .execute();
    for (const d of page)
      yield json({
        kind: 'document',
        sha256: d.sha256,
        mediaType: d.media_type,
        content: d.content.toString('base64'),
      });
    counts.documents += page.length;
    if (page.length < PAGE) break;
    after = page.at(-1)!.sha256;
  }
  for (const w of await db.selectFrom('statistics_weeks').selectAll().orderBy('id').execute()) {
    const undone = w.undone_at ? { undone: { at: w.undone_at, by: w.undone_by, reason: w.undone_reason ?? '' } } : {};
    yield json({
      kind: 'statisticsWeek',
      campaignId: w.campaign_id,
      week: w.week,
      sha256: w.sha256,
      importedAt: w.imported_at,
      filename: w.filename,
      ...undone,
    });
    counts.statisticsWeeks++;
  }
  for (const a of await db.selectFrom('accounts').selectAll().orderBy('id').execute()) {
    yield json({
      kind: 'account',
      login: a.login,
      passwordHash: a.password_hash,
      role: a.role,
      disabledAt: a.disabled_at?.toISOString() ?? null,
    });
    counts.accounts++;
  }
  yield* submissionLines(db, counts);
  yield json({ kind: 'end', ...counts });
}

/** Every kept submission, in pages: a country's campaign keeps one per task done through its page. */
async function* submissionLines(db: StoreDb, counts: BackupCounts): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('task_submissions')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(SUBMISSION_PAGE)
      .execute();
    for (const s of page) {
      yield json({
        kind: 'submission',
        id: s.id,
        taskId: s.task_id,
        payload: jsonColumn(s.payload),
        ...(s.update_name ? { update: s.update_name } : {}),
        receivedAt: new Date(s.received_at).toISOString(),
        outcome: s.outcome,
        message: s.message,
        settledAt: s.settled_at ? new Date(s.settled_at).toISOString() : null,
      });
    }
    counts.submissions += page.length;
    if (page.length < SUBMISSION_PAGE) return;
    after = page.at(-1)!.id;
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export async function restoreStore(store: Store, file: string): Promise<BackupCounts> {
  if (!existsSync(file)) throw new Error(`Файл резервной копии ${file} не найден.`);
  await refuseNonEmpty(store.db);
  return store.db
    .transaction()
    .execute(async (trx) => {
      const counts: BackupCounts = { documents: 0, statisticsWeeks: 0, accounts: 0, submissions: 0 };
      const kept: SubmissionLine[] = [];
      let started = false;
      let ended = false;
      let n = 0;
      const gunzip = createGunzip();
      createReadStream(file)
        .on('error', (err) => gunzip.destroy(err))
        .pipe(gunzip);
      for await (const text of createInterface({ input: gunzip, crlfDelay: Infinity })) {
        n++;
        if (ended)
          throw new Error(`Резервная копия ${file} не принята: после завершающей строки есть данные (строка ${n}).`);
        const parsed = line.safeParse(safeJson(text));
        if (!parsed.success)
          throw new Error(`Резервная копия ${file} не принята: строка ${n} не является записью резервной копии.`);
        const entry = parsed.data;
        if (!started && entry.kind !== 'backup')
          throw new Error(`Резервная копия ${file} не принята: это не резервная копия хранилища (нет заголовка).`);
        started = true;
        if (entry.kind === 'document') {
          const content = Buffer.from(entry.content, 'base64');
          if (sha256Hex(content) !== entry.sha256)
            throw new Error(
              `Резервная копия ${file} не принята: документ ${entry.sha256} (строка ${n}) повреждён — SHA-256 не совпадает.`,
            );
          await trx
            .insertInto('documents')
            .values({ sha256: entry.sha256, media_type: entry.mediaType, size: content.length, content })
            .execute();
          counts.documents++;
        } else if (entry.kind === 'statisticsWeek') {
          await trx
            .insertInto('statistics_weeks')
            .values({
              campaign_id: entry.campaignId,
              week: entry.week,
              sha256: entry.sha256,
              imported_at: entry.importedAt,
              filename: entry.filename,
              undone_at: entry.undone?.at ?? null,
              undone_by: entry.undone?.by ?? null,
              undone_reason: entry.undone?.reason ?? null,
            })
            .execute();
          counts.statisticsWeeks++;
        } else if (entry.kind === 'account') {
          await trx
            .insertInto('accounts')
            .values({
              login: entry.login,
              password_hash: entry.passwordHash,
              role: entry.role,
              disabled_at: entry.disabledAt ? new Date(entry.disabledAt) : null,
            })
            .execute();
          counts.accounts++;
        } else if (entry.kind === 'submission') {
          kept.push(entry);
          if (kept.length >= SUBMISSION_PAGE) await restoreSubmissions(trx, kept.splice(0), counts);
        } else if (entry.kind === 'end') {
          await restoreSubmissions(trx, kept.splice(0), counts);
          if (
            entry.documents !== counts.documents ||
            entry.statisticsWeeks !== counts.statisticsWeeks ||
            entry.accounts !== counts.accounts ||
            entry.submissions !== counts.submissions
          )
            throw new Error(`Резервная копия ${file} не принята: число записей не совпадает с указанным в её конце.`);
          ended = true;
        }
      }
      if (!ended)
        throw new Error(`Резервная копия ${file} не принята: файл обрывается (нет завершающей строки) — он неполный.`);
      return counts;
    })
    .catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
        throw new Error(`Резервная копия ${file} не принята: файл повреждён (не gzip).`);
      throw err;
    });
}

type SubmissionLine = z.infer<typeof submissionLine>;

/** A page of submissions in one INSERT: a country's 120,000 would be as many round trips one by one. */
async function restoreSubmissions(db: StoreDb, lines: SubmissionLine[], counts: BackupCounts): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('task_submissions')
    .values(
      lines.map((s) => ({
        id: s.id,
        task_id: s.taskId,
        payload: JSON.stringify(s.payload),
        update_name: s.update ?? null,
        received_at: new Date(s.receivedAt),
        outcome: s.outcome,
        message: s.message,
        settled_at: s.settledAt ? new Date(s.settledAt) : null,
      })),
    )
    .execute();
  counts.submissions += lines.length;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function refuseNonEmpty(db: StoreDb): Promise<void> {
  const [docs, weeks, kept] = await Promise.all([
    db.selectFrom('documents').select('sha256').limit(1).execute(),
    db.selectFrom('statistics_weeks').select('id').limit(1).execute(),
    db.selectFrom('task_submissions').select('id').limit(1).execute(),
  ]);
  if (docs.length || weeks.length || kept.length)
    throw new Error(
      'Восстановление возможно только в пустое хранилище: в нём уже есть документы, недели статистики или принятые ответы школ. Укажите новый DATA_DIR или новую базу (DATABASE_URL).',
    );
}
