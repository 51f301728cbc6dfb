// `npm run bench` (third part): the store on its two backends, for the choice of the embedded default
// (docs/architecture.md): PGlite served over the PostgreSQL protocol vs a Debian PostgreSQL 15 cluster, both on
// loopback, same driver and code. A regional campaign's load: 1,500 report PDFs stored and read back, 4,500 task
// state upserts, 200 concurrent document reads. Writes bench-output/store.json with the raw figures and the ratio.
import './support/bench-tmpdir';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { debianPostgresBin, startDebianPostgres } from '../scripts/lib/debian-postgres';
import { migrateToLatest, openDatabase } from '../store/database';
import { startEmbeddedPostgres } from '../store/embedded-postgres';
import { storeOver, type Store } from '../store/open-store';
import { freePort } from '../test/support/free-port';

const SCHOOLS = 1_500;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function load(store: Store): Promise<Record<string, number>> {
  const pdfs = Array.from({ length: SCHOOLS }, (_, i) =>
    Buffer.concat([Buffer.from(`%PDF-1.7 school ${i}\n`), Buffer.alloc(30_000, i % 251)]),
  );
  const put = await timed(async () => {
    for (const p of pdfs) await store.documents.put(p, 'application/pdf');
  });
  const stored = await Promise.all(pdfs.slice(0, 200).map((p) => store.documents.put(p, 'application/pdf')));
  const concurrentReads = await timed(() => Promise.all(stored.map((s) => store.documents.get(s.sha256))));
  const upserts = await timed(async () => {
    for (let i = 0; i < SCHOOLS * 3; i++) {
      await store.db
        .insertInto('task_states')
        .values({
          task_id: `task-${i}`,
          campaign_id: 'region',
          school_id: `s${i % SCHOOLS}`,
          clause: String(i % 3),
          kind: 'attestation',
          status: 'open',
          due_date: '2024-10-30',
          region_code: '05',
          municipality_code: String(i % 40),
          state: JSON.stringify({ i }),
          updated_at: new Date(),
        })
        .onConflict((oc) => oc.column('task_id').doUpdateSet({ status: 'done', updated_at: new Date() }))
        .execute();
    }
  });
  const pageQuery = await timed(async () => {
    for (let i = 0; i < 100; i++)
      await store.db
        .selectFrom('task_states')
        .selectAll()
        .where('campaign_id', '=', 'region')
        .where('municipality_code', '=', String(i % 40))
        .orderBy('school_id')
        .limit(50)
        .execute();
  });
  const count = await store.db
    .selectFrom('task_states')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (count.n !== SCHOOLS * 3) throw new Error(`expected ${SCHOOLS * 3} task states, got ${count.n}`);
  return {
    putPdfsMs: put,
    concurrentReads200Ms: concurrentReads,
    taskUpserts4500Ms: upserts,
    paginatedQueries100Ms: pageQuery,
  };
}

async function main(): Promise<void> {
  const results: Record<string, Record<string, number>> = {};
  const t0 = performance.now();
  const embedded = await startEmbeddedPostgres({
    dir: mkdtempSync(join(tmpdir(), 'bench-pglite-')),
    port: await freePort(),
  });
  const embeddedStartMs = performance.now() - t0;
  const db = openDatabase(embedded.url);
  await migrateToLatest(db);
  results.pglite = { startMs: embeddedStartMs, ...(await load(storeOver(db, '', async () => undefined))) };
  await db.destroy();
  await embedded.stop();
  if (debianPostgresBin()) {
    const t1 = performance.now();
    const server = startDebianPostgres(await freePort());
    const startMs = performance.now() - t1;
    const pgDb = openDatabase(server.url);
    await migrateToLatest(pgDb);
    results.postgres15 = { startMs, ...(await load(storeOver(pgDb, '', async () => undefined))) };
    await pgDb.destroy();
    server.stop();
  }
  const ratio = results.postgres15
    ? Object.fromEntries(Object.keys(results.pglite!).map((k) => [k, results.pglite![k]! / results.postgres15![k]!]))
    : undefined;
  for (const [name, figures] of Object.entries(results))
    console.log(
      `store on ${name}: ${Object.entries(figures)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}`,
    );
  if (ratio)
    console.log(
      `PGlite / PostgreSQL 15: ${Object.entries(ratio)
        .map(([k, v]) => `${k} ${v.toFixed(2)}×`)
        .join(', ')}`,
    );
  mkdirSync('bench-output', { recursive: true });
  writeFileSync(
    join('bench-output', 'store.json'),
    JSON.stringify({ schools: SCHOOLS, results, ratioPgliteToPostgres: ratio, at: new Date().toISOString() }, null, 2),
  );
}

void main();
