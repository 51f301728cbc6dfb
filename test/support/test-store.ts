// A store of its own for a test: the embedded PostgreSQL (PGlite) in a temporary directory, on its socket there,
// opened exactly as `npm start` opens it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPostgresUrl, embeddedSocketPath } from '../../store/embedded-postgres-address';
import { openStore, type Store } from '../../store/open-store';
import { freePort } from './free-port';

/** The store, and the socket its embedded server listens on (for a test that speaks the protocol itself). */
export async function startTestStore(name: string): Promise<Store & { port: number; dir: string; socket: string }> {
  const port = await freePort();
  const dir = join(mkdtempSync(join(tmpdir(), `decree-store-${name}-`)), 'postgres');
  const store = await openStore(
    { url: embeddedPostgresUrl(dir, port), embedded: true, embeddedDir: dir, embeddedPort: port },
    'host',
  );
  return Object.assign(store, { port, dir, socket: embeddedSocketPath(dir, port) });
}
