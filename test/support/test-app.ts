// The real application for an integration test: its own data dir, ports and task queue, on the shared dev server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../config/app-config';
import type { SunkMessage } from '../../mail-sink/smtp-sink';
import { startApp, type RunningApp } from '../../scripts/lib/app';
import { freePort } from './free-port';
import { staffSession, type StaffSession } from './staff-session';

export interface TestApp extends RunningApp {
  config: AppConfig;
  waitForMessages(count: number, filter?: (m: SunkMessage) => boolean, timeoutMs?: number): Promise<SunkMessage[]>;
  /** An office user, signed in: the office pages and actions go through it. */
  office: StaffSession & { password: string };
  /** What the app printed to its console at start (the first admin's password). */
  printed: string[];
}

export async function startTestApp(name: string, env: Record<string, string> = {}): Promise<TestApp> {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address)
    throw new Error(
      'TEST_TEMPORAL_ADDRESS is not set: run integration tests through jest (globalSetup starts the dev server)',
    );
  const webPort = await freePort();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), `decree-${name}-`)),
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${name}-${webPort}`,
    SMTP_SINK_PORT: String(await freePort()),
    WEB_PORT: String(webPort),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    // A submission's page shows the workflow's answer (tests of the «received» page set a wait of 0).
    WEB_SUBMISSION_WAIT_MS: '30000',
    ...env,
  });
  const printed: string[] = [];
  const app = await startApp(config, { print: (line) => printed.push(line) });
  const waitForMessages: TestApp['waitForMessages'] = async (count, filter = () => true, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = app.sink!.messages().filter(filter);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${found.length}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const office = await staffSession(app.store, app.webUrl, 'office', 'office');
  return { ...app, config, waitForMessages, office, printed };
}

/** Polls until the check passes (for state that settles asynchronously: queries, visibility). */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function taskLinkFrom(
  message: SunkMessage,
  clauseNumber: string,
): { url: string; taskId: string; token: string } {
  const match = new RegExp(
    `(http://[^\\s]+/tasks/([^?\\s]+-${clauseNumber.replace('.', '\\.')})\\?t=([A-Za-z0-9._-]+))`,
  ).exec(message.text);
  if (!match) throw new Error(`no link for clause ${clauseNumber} in message ${message.subject}`);
  return { url: match[1]!, taskId: decodeURIComponent(match[2]!), token: match[3]! };
}
