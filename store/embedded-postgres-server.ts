// The embedded PostgreSQL as a process of its own: PGlite (PostgreSQL compiled to WASM, from npm) persisted in a
// directory, served on a loopback port by pglite-socket. Started by embedded-postgres.ts; prints one line
// «ready» when it accepts connections, and stops when asked (SIGTERM) or when its parent goes away (stdin closes).
// A process of its own so the single-threaded database never stalls a worker's or a web server's event loop.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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

async function main(dir: string, host: string, port: number): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unlock = lockDirectory(dir);
  const db = await PGlite.create(join(dir, 'pgdata'));
  const server = new PGLiteSocketServer({ db, host, port, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    unlock();
    throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new Error(`порт ${port} занят`) : err;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await db.close(); // flushes to the directory: a clean stop loses nothing
    unlock();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop()).resume();
  process.stdout.write(`ready postgres://postgres@${server.getServerConn()}/postgres\n`);
}

const [dir, host, port] = process.argv.slice(2);
main(dir!, host ?? '127.0.0.1', Number(port)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
