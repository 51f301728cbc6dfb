// Starts the real Temporal dev server (SQLite file, Web UI) as a child process and waits for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { AppConfig } from '../../config/app-config';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../domain/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  uiPort?: number; // omitted: headless
  dbFile?: string; // omitted: in memory
  logFile: string;
  /** false: a server as a cluster is found, with none of our search attributes (the processes register them). */
  searchAttributes?: boolean;
}

/** The dev server `npm start` runs for a configuration: its data under DATA_DIR, its UI only when asked for. */
export function devServerOptionsOf(config: AppConfig, cliPath: string): DevServerOptions {
  return {
    cliPath,
    ip: '127.0.0.1',
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    dbFile: join(config.dataDir, 'temporal.db'),
    logFile: join(config.dataDir, 'temporal.log'),
  };
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A file-backed dev server under load: WAL lets readers (visibility, queries) run beside the writer, and NORMAL
 * syncs at checkpoints instead of every commit; a power cut may lose the last moments, never corrupt the file.
 */
export const FILE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * Eager activities: a workflow task that schedules an activity gets the activity back in the server's answer, when
 * this worker has a free slot, instead of the server queueing it in matching for a poll. Every reminder, mail and
 * read-model write is such an activity. Off by default in the server; the dev server passes it as dynamic config.
 */
const DYNAMIC_CONFIG = ['system.enableActivityEagerExecution=true'];

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port), '--log-level', 'warn'];
  if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  else args.push('--headless');
  if (o.dbFile) args.push('--db-filename', o.dbFile, ...FILE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]));
  args.push(...DYNAMIC_CONFIG.flatMap((v) => ['--dynamic-config-value', v]));
  if (o.searchAttributes !== false)
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_DECLARATIONS))
      args.push('--search-attribute', `${name}=${type}`);
  return args;
}

/** Whether a Temporal frontend answers at the address (the dev server's or a cluster's). */
export async function isReachable(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReachable(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isReachable(address))) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}; see its log`);
    if (Date.now() > deadline) throw new Error(`Temporal dev server at ${address} not reachable after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const address = `${o.ip}:${o.port}`;
  if (await isReachable(address))
    throw new Error(
      `Port ${o.port} already serves a Temporal server (left over from an earlier run?). Stop it, or set TEMPORAL_ADDRESS=${address} to use it.`,
    );
  if (o.dbFile) mkdirSync(dirname(o.dbFile), { recursive: true });
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  const child = spawn(o.cliPath, devServerArgs(o), { stdio: ['ignore', log, log] });
  // The server must not outlive us: an orphan would hold the port and the SQLite file.
  process.once('exit', () => child.kill('SIGTERM'));
  await waitUntilReachable(address, child, 60_000);
  return {
    address,
    uiUrl: o.uiPort ? `http://${o.ip}:${o.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
