import { releasePrivateTmpdir } from '../../scripts/lib/private-tmpdir';
import type { DevServer } from '../../scripts/lib/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__temporalDevServer as DevServer | undefined;
  await server?.stop();
  releasePrivateTmpdir();
}
