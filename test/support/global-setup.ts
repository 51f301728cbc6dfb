// Integration tests share one real Temporal dev server (the CLI built from the Go module proxy), in memory, and the
// run's own temporary folder (tmpdir-setup.ts).
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { claimPrivateTmpdir } from '../../scripts/lib/private-tmpdir';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startDevServer } from '../../scripts/lib/temporal-dev-server';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  claimPrivateTmpdir('decree-tests-');
  const port = await freePort();
  const server = await startDevServer({
    cliPath: ensureTemporalCli(),
    ip: '127.0.0.1',
    port,
    logFile: join(tmpdir(), `decree-campaigns-temporal-${port}.log`),
  });
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  (globalThis as Record<string, unknown>).__temporalDevServer = server;
}
