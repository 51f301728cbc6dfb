// A time-skipping Temporal environment with the real worker code, real mail activities and the SMTP sink.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignalDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTaskLinks } from '../../activities/links/task-links';
import { createMailer } from '../../activities/mail/mailer';
import { createCampaignFiles } from '../../activities/campaign-tree/campaign-files';
import { createTextRenderer } from '../../activities/texts/renderer';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../domain/search-attributes';
import { startSmtpSink, type SmtpSink } from '../../mail-sink/smtp-sink';
import { ensureJavaTestServer } from '../../scripts/lib/java-test-server';
import { createCampaignWorkers, type CampaignWorkers } from '../../worker/create-worker';
import { signalOpenTask, startTaskWorkflow } from '../../worker/activity-deps';
import type { SchoolTask } from '../../domain/school-task';
import type { TreeLimits } from '../../domain/campaign-tree';
import { freePort } from './free-port';
import { startTestStore } from './test-store';

export interface TimeSkippingRig {
  env: TestWorkflowEnvironment;
  workers: CampaignWorkers;
  sink: SmtpSink;
  taskQueue: string;
  store: Awaited<ReturnType<typeof startTestStore>>;
  teardown(): Promise<void>;
}

export async function startTimeSkippingRig(): Promise<TimeSkippingRig> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureJavaTestServer() } },
  });
  const sink = await startSmtpSink(mkdtempSync(join(tmpdir(), 'timeskip-outbox-')), await freePort());
  const store = await startTestStore('timeskip');
  const renderer = createTextRenderer();
  const deps = {
    renderer,
    campaigns: createCampaignFiles(store.documents, renderer),
    tasks: store.tasks,
    signalTask: <T>(taskId: string, signal: SignalDefinition<[T]>, arg: T) =>
      signalOpenTask(env.client, taskId, signal, arg),
    startTask: (task: SchoolTask, taskQueue: string) => startTaskWorkflow(env.client, task, taskQueue),
    store: store.documents,
    ledger: store.ledger,
    mailer: createMailer(`smtp://127.0.0.1:${sink.port}`),
    links: createTaskLinks('t'.repeat(32), 'http://127.0.0.1:3000'),
    mailDomain: 'timeskip.test',
    issued: store.issued,
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
  await registerSearchAttributes(env);
  const taskQueue = 'timeskip';
  const workers = await createCampaignWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps,
  });
  const running = workers.run();
  return {
    env,
    workers,
    sink,
    taskQueue,
    store,
    async teardown() {
      workers.shutdown();
      await running;
      deps.mailer.close();
      await sink.close();
      await store.close();
      await env.teardown();
    },
  };
}

/** The test server starts with no custom search attributes; the workflows upsert ours. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const types: Record<string, number> = { Keyword: 2, Int: 3, Datetime: 6 }; // temporal.api.enums.v1.IndexedValueType
  const searchAttributes = Object.fromEntries(
    Object.entries(SEARCH_ATTRIBUTE_DECLARATIONS).map(([name, type]) => [name, types[type]!]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

export const HOUR = 3600_000;

/** A tree small enough to see every level in a test: four schools a batch, two children pending at a time. */
export const SMALL_TREE: TreeLimits = { schoolsPerBatch: 4, window: 2, historyEvents: 4_000, reportEveryMs: 1_000 };

/** Polls until `ok` holds (a query may fail while a workflow starts); fails with the last value it read. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Today's date in Moscow at the test server's current (skipped) time. */
export async function moscowToday(env: TestWorkflowEnvironment): Promise<string> {
  const now = new Date(await env.currentTimeMs());
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow' }).format(now);
}

export async function sleepUntil(env: TestWorkflowEnvironment, instant: string, plusMs = 0): Promise<void> {
  const ms = Date.parse(instant) + plusMs - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/** The rig for a test file: started before its tests, torn down after; the returned function gives it. */
export function useTimeSkippingRig(): () => TimeSkippingRig {
  let rig: TimeSkippingRig | undefined;
  beforeAll(async () => {
    rig = await startTimeSkippingRig();
  }, 120_000);
  afterAll(async () => {
    await rig?.teardown();
  });
  return () => rig!;
}
