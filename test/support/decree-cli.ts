// The CLI as a separate process while this one keeps serving: spawnSync would freeze the app under test (its
// web server, worker and store connections run in the test's process) for as long as the CLI runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `input` is what the CLI reads on stdin (a password with --password-stdin); stdin is closed either way. */
export function decreeCli(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/decree-cli.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a Cyrillic letter split between two chunks stays one letter.
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.stdin.end(input);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
