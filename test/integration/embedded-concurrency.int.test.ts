// The embedded PostgreSQL under concurrent extended queries from a pool of connections: each query must run with
// its own statement and its own values (pglite-socket alone interleaves them; store/embedded-postgres-server.ts).
import { connect, type Socket } from 'node:net';
import { sql } from 'kysely';
import { startTestStore } from '../support/test-store';

let store: Awaited<ReturnType<typeof startTestStore>>;

beforeAll(async () => {
  store = await startTestStore('concurrency');
}, 60_000);
afterAll(async () => {
  await store?.close();
});

it('400 concurrent queries of different shapes each get their own answer', async () => {
  const wide = Array.from({ length: 50 }, (_, i) => i);
  const queries = Array.from({ length: 400 }, async (_, i) => {
    if (i % 3 === 0) {
      const r = await sql<{ v: string }>`select ${`one-${i}`}::text as v`.execute(store.db);
      return r.rows[0]!.v === `one-${i}`;
    }
    if (i % 3 === 1) {
      const r = await sql<{ s: number }>`select (${i}::int + ${1000}::int) as s`.execute(store.db);
      return Number(r.rows[0]!.s) === i + 1000;
    }
    // 800 parameters and about 400 KB in one statement, as the tree's first read-model rows are written: the
    // Bind message spans several TCP reads, and other connections' queries arrive in between.
    const state = 'x'.repeat(8_000);
    const values = wide.flatMap((n) => [
      sql`(${`${i}-${n}`}::text, ${n}::int, ${i}::int, ${state}::text, ${'y'}::text, ${'z'}::text, ${n}::int, ${i}::int, ${'a'}::text, ${'b'}::text, ${'c'}::text, ${n}::int, ${i}::int, ${'d'}::text, ${'e'}::text, ${'f'}::text)`,
    ]);
    const r = await sql<{ n: string }>`select count(*) as n from (values ${sql.join(values)}) as t`.execute(store.db);
    return Number(r.rows[0]!.n) === 50;
  });
  const answers = await Promise.all(queries);
  expect(answers.filter((ok) => !ok)).toHaveLength(0);
}, 120_000);

/** A PostgreSQL startup message (protocol 3.0) for user postgres: what a client sends first on a new connection. */
function startupMessage(): Buffer {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), Buffer.from('user\0postgres\0database\0postgres\0\0')]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([length, body]);
}

it('a connection that has started up and sends nothing more does not hold the database', async () => {
  // A client whose process stalls right after connecting (a busy event loop) sends its first query late;
  // meanwhile every other connection must be served.
  const idle: Socket = connect(store.socket);
  const ready = new Promise<void>((resolve) =>
    idle.on('data', (d) => d.includes(Buffer.from('Z\0\0\0\x05I')) && resolve()),
  );
  idle.write(startupMessage());
  await ready;
  const answered = await Promise.race([
    sql<{ v: number }>`select ${7}::int as v`.execute(store.db).then((r) => r.rows[0]!.v),
    new Promise<string>((r) => setTimeout(() => r('no answer within 5 s'), 5_000)),
  ]);
  idle.destroy();
  expect(answered).toBe(7);
}, 30_000);
