// The embedded PostgreSQL (PGlite checks no password) must be reachable by this installation's own processes
// only: it listens on a Unix socket in a 0700 directory and opens no TCP port, so another local account can
// neither read the store nor write an account into it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../config/app-config';
import { openStore } from '../../store/open-store';
import { startTestStore } from '../support/test-store';

let store: Awaited<ReturnType<typeof startTestStore>>;

beforeAll(async () => {
  store = await startTestStore('access');
}, 60_000);
afterAll(async () => {
  await store?.close();
});

const reaches = (options: { port: number; host: string } | { path: string }) =>
  new Promise<string>((resolve) => {
    const socket = connect(options as never);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

it('opens no TCP port: a connection to the configured port on loopback is refused', async () => {
  expect(await reaches({ port: store.port, host: '127.0.0.1' })).toBe('ECONNREFUSED');
  expect(await reaches({ path: store.socket })).toBe('connected');
  const rows = await sql<{ v: number }>`select 1 as v`.execute(store.db);
  expect(rows.rows[0]!.v).toBe(1);
});

it('keeps its socket in a directory only its owner may enter, even one made open by hand before', async () => {
  expect(statSync(store.dir).mode & 0o777).toBe(0o700);
  expect(statSync(store.socket).mode & 0o077).toBe(0);
  const dataDir = mkdtempSync(join(tmpdir(), 'decree-open-dir-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    EMBEDDED_POSTGRES_PORT: String(store.port + 1),
  });
  const opened = await openStore({ ...config.store }, 'host');
  try {
    expect(statSync(config.store.embeddedDir).mode & 0o777).toBe(0o700);
    chmodSync(config.store.embeddedDir, 0o777); // as an older version or an operator may have left it
  } finally {
    await opened.close();
  }
  const again = await openStore({ ...config.store }, 'host');
  try {
    expect(statSync(config.store.embeddedDir).mode & 0o777).toBe(0o700);
  } finally {
    await again.close();
  }
}, 60_000);

it('refuses another local account that tries the socket', () => {
  // Only root can become another account (CI runs as root); elsewhere the mode bits above are what refuses it.
  if (process.getuid?.() !== 0) return expect(statSync(store.dir).mode & 0o077).toBe(0);
  chmodSync(join(store.dir, '..'), 0o755); // the attacker may walk up to DATA_DIR, as with a DATA_DIR in /srv
  const probe = `require('net').connect(${JSON.stringify(store.socket)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',(e)=>{console.log(e.code);process.exit(0)})`;
  const answer = execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', probe], {
    encoding: 'utf8',
    cwd: '/',
  }).trim();
  expect(answer).toBe('EACCES');
});
