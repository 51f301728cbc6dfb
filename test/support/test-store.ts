// A store of its own for a test: the embedded PostgreSQL (PGlite) in a temporary directory on a free port,
// opened exactly as `npm start` opens it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../store/open-store';
import { freePort } from './free-port';

/** The store, and the port its embedded server listens on (for a test that speaks the protocol itself). */
export async function startTestStore(name: string): Promise<Store & { port: number }> {
  const port = await freePort();
  const dir = join(mkdtempSync(join(tmpdir(), `decree-store-${name}-`)), 'postgres');
  const store = await openStore({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, embedded: true, embeddedDir: dir, embeddedPort: port }, 'host');
  return Object.assign(store, { port });
}
