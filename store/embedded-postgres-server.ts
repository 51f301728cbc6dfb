// The embedded PostgreSQL as a process of its own: PGlite (PostgreSQL compiled to WASM, from npm) persisted in a
// directory, served by pglite-socket on a Unix socket inside that directory. Started by embedded-postgres.ts; prints
// one line «ready» when it accepts connections, and stops when asked (SIGTERM) or when its parent goes away (stdin
// closes). A process of its own so the single-threaded database never stalls a worker's or a web server's event loop.
// PGlite checks no password: the directory (0700) is the lock. Only this installation's own user reaches the socket;
// no TCP port is opened, so no other local account can connect.
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { embeddedPostgresUrl, embeddedSocketPath } from './embedded-postgres-address';

/** Without maxConnections the socket server drops every connection after the first. */
const MAX_CONNECTIONS = 100;

/** One server per directory: two PGlite instances writing one directory would corrupt it. */
function lockDirectory(dir: string): () => void {
  const lock = join(dir, 'decree-embedded.pid');
  try {
    const fd = openSync(lock, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`каталог ${dir} уже обслуживает процесс ${pid}`);
    rmSync(lock, { force: true });
    return lockDirectory(dir);
  }
  return () => rmSync(lock, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(err: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: an extended-protocol query goes on until its Sync ('S'). */
const EXTENDED_QUERY_PARTS = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * pglite-socket 0.2.17 queues every protocol message of every connection on its own, so two connections'
 * extended queries interleave: one's Bind meets the other's unnamed statement («bind message supplies 800
 * parameters, but prepared statement "" requires 1»), or, worse, runs it with the wrong values. Here a
 * connection that has begun an extended query keeps the database until its Sync, as it does in a transaction.
 * Only an extended query's parts keep it: a startup message or a Terminate must not, or a client that connects
 * and then stalls (a busy event loop, a process stopped by a debugger) holds every other connection.
 */
function keepQueriesWhole(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let pinned: number | null = null;
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId) => {
    if (pinned === handlerId) pinned = null; // a connection gone mid-query releases the database
    clear(handlerId);
  };
  q.processQueue = async () => {
    if (q.processing) return;
    q.processing = true;
    try {
      for (;;) {
        const owner = pinned ?? (db.isInTransaction() ? q.lastHandlerId : null);
        const index = owner === null ? 0 : q.queue.findIndex((m) => m.handlerId === owner);
        if (index < 0 || q.queue.length === 0) return; // the owner's next message is not here yet
        const item = q.queue.splice(index, 1)[0]!;
        const type = item.message[0];
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          pinned = null;
          item.reject(err);
          continue;
        }
        q.lastHandlerId = item.handlerId;
        pinned = type !== undefined && EXTENDED_QUERY_PARTS.has(type) ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };
}

async function main(dir: string, port: number): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700); // a directory made by an older version, or by hand, may be open to others
  const socket = embeddedSocketPath(dir, port);
  const unlock = lockDirectory(dir);
  rmSync(socket, { force: true }); // left by a process that was killed: the lock above says none serves it now
  const db = await PGlite.create(join(dir, 'pgdata'));
  const server = new PGLiteSocketServer({ db, path: socket, maxConnections: MAX_CONNECTIONS });
  keepQueriesWhole(server, db);
  try {
    await server.start();
    chmodSync(socket, 0o600);
  } catch (err) {
    await db.close();
    unlock();
    throw err;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await db.close(); // flushes to the directory: a clean stop loses nothing
    rmSync(socket, { force: true });
    unlock();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop()).resume();
  process.stdout.write(`ready ${embeddedPostgresUrl(dir, port)}\n`);
}

const [dir, port] = process.argv.slice(2);
main(dir!, Number(port)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
