// Tests and benches make databases, outboxes, logs and whole Temporal servers in the temporary folder. Each run gets
// a folder of its own as TMPDIR (so os.tmpdir(), child processes and Chromium all write inside it), removed when
// the run ends, whatever its outcome. KEEP_TMP=1 keeps it for inspection and says where it is.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const claimed = globalThis as { __privateTmpdir?: string };

/**
 * Makes the folder and points TMPDIR at it; returns it. A second claim in the same process (jest's projects each
 * have a global setup) gets the same folder. Traversable by all: the test clusters run as `postgres`.
 */
export function claimPrivateTmpdir(prefix: string): string {
  if (claimed.__privateTmpdir) return claimed.__privateTmpdir;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  process.env.TMPDIR = dir;
  claimed.__privateTmpdir = dir;
  return dir;
}

/** Removes the folder (once: the first release of a shared claim does it). */
export function releasePrivateTmpdir(dir: string | undefined = claimed.__privateTmpdir): void {
  if (!dir || !existsSync(dir)) return;
  if (process.env.KEEP_TMP === '1') {
    console.log(`[tmp] kept for inspection (KEEP_TMP=1): ${dir}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** For a bench or a script: the folder lives until the process exits, by its end, an error or Ctrl-C. */
export function usePrivateTmpdirUntilExit(prefix: string): string {
  const dir = claimPrivateTmpdir(prefix);
  process.once('exit', () => releasePrivateTmpdir(dir));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  return dir;
}
