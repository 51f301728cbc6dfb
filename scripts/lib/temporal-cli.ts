// Finds the Temporal CLI without the SDK's binary download (the machine reaches package registries only).
// Order: TEMPORAL_CLI, `temporal` on PATH, a cached build, otherwise `go install` into the cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

function cachedCliPath(): string {
  const cacheRoot = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cacheRoot, 'decree-campaigns', `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

function buildWithGo(target: string): void {
  const gobin = join(target, '..');
  mkdirSync(gobin, { recursive: true });
  console.log(`[temporal] Building Temporal CLI ${TEMPORAL_CLI_VERSION} with go install into ${gobin}.`);
  console.log('[temporal] The first build takes several minutes; later runs use the cached binary.');
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin, GOFLAGS: '-mod=mod' },
  });
  if (!existsSync(target)) throw new Error(`go install finished but ${target} is missing`);
}

export function ensureTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI points to a missing file: ${fromEnv}`);
    return fromEnv;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const cached = cachedCliPath();
  if (!existsSync(cached)) buildWithGo(cached);
  return cached;
}
