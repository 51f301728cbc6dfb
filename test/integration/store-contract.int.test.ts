// The store's contract, run against both backends it supports: the embedded PGlite served over the PostgreSQL
// protocol (what `npm start` uses) and a real PostgreSQL 15 cluster from Debian's packages (what a region runs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { startDebianPostgres, type DebianPostgres } from '../../scripts/lib/debian-postgres';
import { backupStore, restoreStore } from '../../store/backup';
import { migrateTo, migrateToLatest, openDatabase } from '../../store/database';
import { sha256Hex } from '../../store/document-store';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../store/embedded-postgres';
import { MIGRATIONS } from '../../store/migrations';
import { storeOver, type Store } from '../../store/open-store';
import type { TaskState } from '../../domain/school-task';
import type { StatisticsWeek } from '../../domain/weekly-statistics';
import { freePort } from '../support/free-port';

interface Server {
  url: string;
  stop(): Promise<void> | void;
}
/** PGlite serves one database whatever the URL names: a test that needs its own gets a server of its own. */
interface Backend {
  name: string;
  start(): Promise<Server>;
  databasePerServer: boolean;
}

const backends: Backend[] = [
  {
    name: 'embedded PGlite over the PostgreSQL protocol',
    databasePerServer: true,
    start: async (): Promise<EmbeddedPostgres> =>
      startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'contract-pglite-')), port: await freePort() }),
  },
  {
    name: 'PostgreSQL 15 from Debian packages',
    databasePerServer: false,
    start: async (): Promise<DebianPostgres> => startDebianPostgres(await freePort()),
  },
];

const week = (w: string, staff: number): StatisticsWeek => ({
  campaignId: 'c',
  week: w as StatisticsWeek['week'],
  importedAt: `2024-11-0${staff % 9}T10:00:00.000Z`,
  source: { filename: `${w}.csv`, sha256: 'f'.repeat(64), format: 'csv' },
  schools: [{ schoolId: 'degva', staffRegisteredPercent: staff, studentActivePercent: 40 }],
  unmatchedRows: [],
  missingSchools: [],
});

/** The same database seen through a store that counts the queries of one kind it sends. */
function countingQueries(
  store: Store,
  kind: 'InsertQueryNode' | 'SelectQueryNode' | 'RawNode',
): { counted: Store; queries: string[] } {
  const queries: string[] = [];
  const db = store.db.withPlugin({
    transformQuery: (args) => {
      if (args.node.kind === kind) queries.push(kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { counted: storeOver(db, 'counted', async () => undefined), queries };
}

describe.each(backends)('store on $name', (backend) => {
  let server: Server;
  const extraServers: Server[] = [];
  let database = 0;
  /** A fresh database per store: tests do not see each other's rows. */
  async function freshStore(): Promise<Store> {
    if (backend.databasePerServer) {
      const own = await backend.start();
      extraServers.push(own);
      const db = openDatabase(own.url);
      await migrateToLatest(db);
      return storeOver(db, own.url, () => db.destroy());
    }
    const name = `contract_${++database}`;
    const admin = openDatabase(server.url, { maxConnections: 1 });
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const db = openDatabase(server.url.replace(/\/postgres$/, `/${name}`));
    await migrateToLatest(db);
    return storeOver(db, name, () => db.destroy());
  }

  beforeAll(async () => {
    server = await backend.start();
  }, 60_000);
  afterAll(async () => {
    for (const s of [server, ...extraServers]) await s?.stop();
  });

  it('applies each migration in order; data written under the first survives the next', async () => {
    let url = server.url;
    if (!backend.databasePerServer) {
      const admin = openDatabase(server.url, { maxConnections: 1 });
      await sql`create database migrations_check`.execute(admin);
      await admin.destroy();
      url = server.url.replace(/\/postgres$/, '/migrations_check');
    }
    const db = openDatabase(url);
    const names = Object.keys(MIGRATIONS);
    expect(await migrateTo(db, names[0]!)).toEqual([names[0]]);
    const tables = async () =>
      (await db.introspection.getTables())
        .map((t) => t.name)
        .filter((t) => !t.startsWith('kysely_'))
        .sort();
    expect(await tables()).toEqual(['documents', 'statistics_weeks']);
    const pdf = Buffer.from('%PDF-1.7 first');
    await storeOver(db, '', async () => undefined).documents.put(pdf, 'application/pdf');
    expect(await migrateToLatest(db)).toEqual(names.slice(1));
    expect(await tables()).toEqual([
      'accounts',
      'documents',
      'issued_documents',
      'replay_reports',
      'sessions',
      'sign_in_failures',
      'staff_events',
      'statistics_weeks',
      'task_states',
      'task_submissions',
    ]);
    expect(await storeOver(db, '', async () => undefined).documents.get(sha256Hex(pdf))).toEqual(pdf);
    expect(await migrateToLatest(db)).toEqual([]); // a second start applies nothing
    await db.destroy();
  });

  it('stores a document once under its SHA-256 and keeps the media type it was first stored as', async () => {
    const store = await freshStore();
    const pdf = Buffer.from('%PDF-1.7 decree');
    const first = await store.documents.put(pdf, 'application/pdf');
    const again = await store.documents.put(pdf, 'application/octet-stream');
    expect(first).toEqual({ sha256: sha256Hex(pdf), bytes: pdf.length, mediaType: 'application/pdf' });
    expect(again.sha256).toBe(first.sha256);
    expect(await store.documents.find(first.sha256)).toEqual({ content: pdf, mediaType: 'application/pdf' });
    expect(
      await store.db
        .selectFrom('documents')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 1 });
    expect(await store.documents.get('0'.repeat(64))).toBeUndefined();
    expect(await store.documents.get("' or 1=1 --")).toBeUndefined();
    expect(await store.documents.has(first.sha256)).toBe(true);
    await store.close();
  });

  it("keeps every version of a week; the latest counts, and a week's analysis reads the weeks before it", async () => {
    const store = await freshStore();
    const ledger = store.ledger('c');
    const w44 = await ledger.record(week('2024-W44', 90));
    const w45a = await ledger.record(week('2024-W45', 91));
    const w45b = await ledger.record(week('2024-W45', 95));
    expect((await ledger.entries()).map((e) => e.sha256)).toEqual([w44.sha256, w45a.sha256, w45b.sha256]);
    expect(await ledger.latest()).toEqual(w45b);
    expect((await ledger.history('2024-W45', w45a.sha256)).map((w) => w.schools[0]!.staffRegisteredPercent)).toEqual([
      90, 91,
    ]);
    expect(await store.ledger('other').entries()).toEqual([]);
    await store.close();
  });

  it('keeps a submission until its answer; the first answer stands, and the unanswered come oldest first', async () => {
    const store = await freshStore();
    const old = new Date(Date.now() - 60_000);
    await store.submissions.receive({
      id: 'b',
      taskId: 'task-1',
      payload: { officerName: 'Иванова А.А.' },
      receivedAt: new Date(Date.now() - 30_000),
    });
    await store.submissions.receive({
      id: 'a',
      taskId: 'task-2',
      payload: { officerName: 'Петров П.П.' },
      receivedAt: old,
    });
    await store.submissions.receive({ id: 'c', taskId: 'task-3', payload: {} });
    await expect(store.submissions.receive({ id: 'a', taskId: 'task-9', payload: {} })).rejects.toThrow();
    expect((await store.submissions.unsettled(new Date(Date.now() - 10_000), 10)).map((e) => e.id)).toEqual(['a', 'b']);
    await store.submissions.settle('a', 'refused', 'Задача отозвана');
    await store.submissions.settle('a', 'accepted');
    expect(await store.submissions.get('a')).toMatchObject({
      taskId: 'task-2',
      payload: { officerName: 'Петров П.П.' },
      outcome: 'refused',
      message: 'Задача отозвана',
      receivedAt: old,
    });
    expect((await store.submissions.unsettled(new Date(), 10)).map((e) => e.id)).toEqual(['b', 'c']);
    expect(await store.submissions.get('zzz')).toBeUndefined();
    await store.close();
  });

  it('keeps the submissions of one turn in one INSERT; a duplicate among them is refused alone', async () => {
    const store = await freshStore();
    await store.submissions.receive({ id: 'first', taskId: 'task-0', payload: {} });
    const { counted, queries: inserts } = countingQueries(store, 'InsertQueryNode');
    const sent = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      taskId: `task-${i}`,
      payload: { officerName: `Сотрудник ${i}` },
    }));
    const outcomes = await Promise.allSettled(
      [...sent, { id: 'first', taskId: 'task-x', payload: {} }].map((e) => counted.submissions.receive(e)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([...sent.map(() => 'fulfilled'), 'rejected']);
    // One INSERT for the turn, which the duplicate failed; then each alone.
    expect(inserts.length).toBe(1 + sent.length + 1);
    expect((await store.submissions.unsettled(new Date(Date.now() + 1_000), 100)).map((e) => e.id).sort()).toEqual(
      ['first', ...sent.map((e) => e.id)].sort(),
    );
    expect(await store.submissions.get('s7')).toMatchObject({
      taskId: 'task-7',
      payload: { officerName: 'Сотрудник 7' },
    });
    const alone = await Promise.all(sent.map((e) => counted.submissions.receive({ ...e, id: `again-${e.id}` })));
    expect(alone).toHaveLength(sent.length);
    expect(inserts.length).toBe(1 + sent.length + 1 + 1);
    await store.close();
  });

  it('keeps a submission in the statement that reads its task, only when the row admits it', async () => {
    const store = await freshStore();
    const row = (n: number, kind: string, status: string, linkVersion: number) =>
      ({
        task: { taskId: `task-${n}`, kind, clause: { number: '1.2' }, school: { id: `s${n}`, name: `Школа ${n}` } },
        status,
        due: '2024-12-20',
        sentSteps: [],
        linkVersion,
      }) as unknown as TaskState;
    await store.tasks.recordOpened('c', [
      row(1, 'registration-deadline', 'open', 2),
      row(2, 'chat-migration', 'open', 1),
      row(3, 'registration-deadline', 'done', 1),
    ]);
    const { counted, queries } = countingQueries(store, 'RawNode');
    const entry = (id: string, n: number) => ({ id, taskId: `task-${n}`, payload: { officerName: `Сотрудник ${id}` } });
    const fits = ['registration-deadline'];
    const answers = await Promise.all([
      counted.submissions.receiveIfAdmitted(entry('newest-link', 1), { linkVersion: 2, fitsKinds: fits }),
      counted.submissions.receiveIfAdmitted(entry('older-link', 1), { linkVersion: 1, fitsKinds: fits }),
      counted.submissions.receiveIfAdmitted(entry('wrong-form', 2), { linkVersion: 1, fitsKinds: fits }),
      counted.submissions.receiveIfAdmitted(entry('task-done', 3), { linkVersion: 1, fitsKinds: [] }),
      counted.submissions.receiveIfAdmitted(entry('no-row', 9), { linkVersion: 1, fitsKinds: fits }),
    ]);
    expect(queries).toHaveLength(1);
    expect(answers.map((a) => [a.state?.task.taskId, a.state?.linkVersion, a.kept])).toEqual([
      ['task-1', 2, true],
      ['task-1', 2, false],
      ['task-2', 1, false],
      ['task-3', 1, true],
      [undefined, undefined, false],
    ]);
    // Kept means kept: the done task's entry waits for its workflow's refusal like any other.
    expect((await store.submissions.unsettled(new Date(Date.now() + 1_000), 10)).map((e) => e.id).sort()).toEqual([
      'newest-link',
      'task-done',
    ]);
    expect(await store.submissions.get('newest-link')).toMatchObject({
      taskId: 'task-1',
      payload: { officerName: 'Сотрудник newest-link' },
      outcome: null,
    });
    // A statement that fails (an id kept already) is tried again entry by entry: only that entry is refused.
    const again = await Promise.allSettled([
      counted.submissions.receiveIfAdmitted(entry('newest-link', 1), { linkVersion: 2, fitsKinds: fits }),
      counted.submissions.receiveIfAdmitted(entry('second', 1), { linkVersion: 2, fitsKinds: fits }),
    ]);
    expect(again.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    expect(again[1]).toMatchObject({ value: { kept: true } });
    expect(queries).toHaveLength(1 + 1 + 2);
    await store.close();
  });

  it('reads the tasks asked for in one turn in one query, each caller with a state of its own', async () => {
    const store = await freshStore();
    const stateOf = (n: number) =>
      ({
        task: {
          taskId: `task-${n}`,
          kind: 'registration',
          clause: { number: '1.2' },
          school: { id: `s${n}`, name: `Школа ${n}` },
        },
        status: 'open',
        due: '2024-12-20',
        sent: [],
      }) as unknown as TaskState;
    await store.tasks.recordOpened('c', [1, 2, 3].map(stateOf));
    const { counted, queries: selects } = countingQueries(store, 'SelectQueryNode');
    const read = await Promise.all(
      ['task-1', 'task-2', 'task-1', 'task-9', 'task-3'].map((id) => counted.tasks.state(id)),
    );
    expect(selects).toHaveLength(1);
    expect(read.map((s) => s?.task.school.name)).toEqual(['Школа 1', 'Школа 2', 'Школа 1', undefined, 'Школа 3']);
    expect(read[0]).toEqual(read[2]);
    expect(read[0]).not.toBe(read[2]);
    expect((await counted.tasks.state('task-2'))?.task.taskId).toBe('task-2');
    expect(selects).toHaveLength(2);
    await store.close();
  });

  it('answers concurrent queries from many connections, each with its own rows', async () => {
    const store = await freshStore();
    const docs = Array.from({ length: 60 }, (_, i) => Buffer.from(`document ${i} `.repeat(200 + i)));
    const stored = await Promise.all(docs.map((d) => store.documents.put(d, 'application/pdf')));
    const read = await Promise.all([...stored, ...stored].map((s) => store.documents.get(s.sha256)));
    read.forEach((bytes, i) => expect(sha256Hex(bytes!)).toBe(stored[i % stored.length]!.sha256));
    await Promise.all(Array.from({ length: 20 }, () => store.documents.put(docs[0]!, 'application/pdf')));
    expect(
      (
        await store.db
          .selectFrom('documents')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(60);
    await store.close();
  });

  it('backs up and restores into an empty store: every document found by its hash, the ledger whole', async () => {
    const source = await freshStore();
    const docs = Array.from({ length: 250 }, (_, i) => Buffer.from(`%PDF-1.7 report ${i}`));
    for (const d of docs) await source.documents.put(d, 'application/pdf');
    await source.ledger('c').record(week('2024-W44', 93));
    // Kept submissions: one answered, one still waiting for its workflow (delivered again after the restore).
    const receivedAt = new Date('2024-11-05T09:30:00.000Z');
    await source.submissions.receive({
      id: 'sub-answered',
      taskId: 'task-degva-1.2',
      payload: { staffTotal: '40', officerName: 'Иванова И.И.' },
      receivedAt,
    });
    await source.submissions.settle('sub-answered', 'refused', 'Задача уже выполнена');
    await source.submissions.receive({
      id: 'sub-waiting',
      taskId: 'task-degva-1.3',
      payload: { chats: [], noForeignMessengerLeft: true },
      update: 'updateChatChecklist',
      receivedAt,
    });
    // More than a page (1,000) of answered ones, so both the backup's reads and the restore's INSERTs go in pages.
    const answered = Array.from({ length: 2_100 }, (_, i) => `sub-page-${String(i).padStart(4, '0')}`);
    await Promise.all(
      answered.map((id) =>
        source.submissions.receive({ id, taskId: `task-s${id}-1.2`, payload: { staffTotal: '1' }, receivedAt }),
      ),
    );
    for (const id of answered.slice(0, 5)) await source.submissions.settle(id, 'accepted');
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'store.jsonl.gz');
    expect(await backupStore(source, file)).toEqual({
      documents: 251,
      statisticsWeeks: 1,
      accounts: 0,
      submissions: 2_102,
    });
    const target = await freshStore();
    expect(await restoreStore(target, file)).toEqual({
      documents: 251,
      statisticsWeeks: 1,
      accounts: 0,
      submissions: 2_102,
    });
    for (const d of docs) expect(await target.documents.get(sha256Hex(d))).toEqual(d);
    expect(await target.ledger('c').entries()).toEqual(await source.ledger('c').entries());
    for (const id of ['sub-answered', 'sub-waiting', answered[0]!, answered.at(-1)!])
      expect(await target.submissions.get(id)).toEqual(await source.submissions.get(id));
    // A kind's entry is delivered again as its own Update, not as an attestation.
    expect(await target.submissions.get('sub-waiting')).toMatchObject({ update: 'updateChatChecklist' });
    expect((await target.submissions.get('sub-answered'))!.update).toBeUndefined();
    expect((await target.submissions.unsettled(new Date(), 3_000)).length).toBe(2_100 - 5 + 1);
    await expect(restoreStore(target, file)).rejects.toThrow('Восстановление возможно только в пустое хранилище');
    await source.close();
    await target.close();
  });

  it('refuses a truncated or altered backup and leaves the store empty', async () => {
    const source = await freshStore();
    await source.documents.put(Buffer.from('%PDF-1.7 a'), 'application/pdf');
    await source.documents.put(Buffer.from('%PDF-1.7 b'), 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'backup-bad-'));
    const file = join(dir, 'store.jsonl.gz');
    await backupStore(source, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'truncated.gz'), gzipSync(lines.slice(0, -1).join('\n')));
    const altered = JSON.parse(lines[1]!);
    altered.content = Buffer.from('%PDF-1.7 forged').toString('base64');
    writeFileSync(join(dir, 'altered.gz'), gzipSync([lines[0], JSON.stringify(altered), ...lines.slice(2)].join('\n')));
    const target = await freshStore();
    await expect(restoreStore(target, join(dir, 'truncated.gz'))).rejects.toThrow('файл обрывается');
    await expect(restoreStore(target, join(dir, 'altered.gz'))).rejects.toThrow('SHA-256 не совпадает');
    await expect(restoreStore(target, join(dir, 'missing.gz'))).rejects.toThrow('не найден');
    expect(await target.db.selectFrom('documents').selectAll().execute()).toEqual([]);
    // A backup made before submissions were kept in backups (no count of them in its trailer) still restores.
    const { submissions, ...olderTrailer } = JSON.parse(lines.at(-1)!);
    expect(submissions).toBe(0);
    writeFileSync(join(dir, 'older.gz'), gzipSync([...lines.slice(0, -1), JSON.stringify(olderTrailer)].join('\n')));
    expect(await restoreStore(target, join(dir, 'older.gz'))).toEqual({
      documents: 2,
      statisticsWeeks: 0,
      accounts: 0,
      submissions: 0,
    });
    await source.close();
    await target.close();
  });
});
