// Starts the real Temporal dev server (SQLite file, Web UI) as a child process and waits for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../domain/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  uiPort?: number; // omitted: headless
  dbFile?: string; // omitted: in memory
  logFile: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port), '--log-level', 'warn'];
  if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  else args.push('--headless');
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_DECLARATIONS)) args.push('--search-attribute', `${name}=${type}`);
  return args;
}

async function waitUntilReachable(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal dev server at ${address} not reachable: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  if (o.dbFile) mkdirSync(dirname(o.dbFile), { recursive: true });
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  const child = spawn(o.cliPath, devServerArgs(o), { stdio: ['ignore', log, log] });
  const address = `${o.ip}:${o.port}`;
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
