// Several machines, simulated: two workers and two web servers as separate processes (each with a DATA_DIR of its
// own, as on separate machines) against a real Temporal Server (built from go.temporal.io/server, PostgreSQL
// persistence and SQL visibility, no search attribute registered: the processes register them) and our store in a
// database of its own on the same throwaway PostgreSQL (Debian's).
// A worker is SIGKILLed mid-launch; every task still happens exactly once, every decree mail at least once (only
// those the killed worker had in flight may arrive twice, with the same Message-ID).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { launchCampaign } from '../../client/launch-campaign';
import { startSmtpSink, type SmtpSink } from '../../mail-sink/smtp-sink';
import { openDatabase } from '../../store/database';
import { createDocumentStore } from '../../store/document-store';
import { startDebianPostgres, type DebianPostgres } from '../../scripts/lib/debian-postgres';
import { startTemporalCluster, type TemporalCluster } from '../../scripts/lib/temporal-server';
import { taskStateQuery } from '../../workflows/definitions';
import { exampleCampaign } from '../support/example-campaign';
import { freePort } from '../support/free-port';
import { signIn } from '../support/staff-session';
import { eventually, taskLinkFrom } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const ADMIN_PASSWORD = 'machines-admin-password';
const campaign = { ...exampleCampaign(), id: `sergokala-380-machines-${process.pid}` };
const taskQueue = `test-machines-${process.pid}`;
let postgres: DebianPostgres;
let cluster: TemporalCluster;
let storeUrl: string;
let sink: SmtpSink;
let client: Client;
const processes: ChildProcess[] = [];
let env: Record<string, string>;
let webA: string;
let webB: string;
/** Prometheus ports: web server A's, the surviving worker's and its Temporal SDK core's. */
let metrics: { web: number; worker: number; sdk: number };
/** Every delivery the sink accepted, duplicates included (the sink's store keeps one message per Message-ID). */
const deliveries: string[] = [];

function startRole(role: 'worker' | 'web', extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-role.ts', role], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATA_DIR: mkdtempSync(join(tmpdir(), `decree-machine-${role}-`)), ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(child);
  let output = '';
  const collect = (c: Buffer) => (output += c.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes(`[${role}]`) && resolve(child));
    child.once('exit', (code) => reject(new Error(`${role} exited (${code}) before it was ready:\n${output}`)));
  });
}

beforeAll(async () => {
  const pgPort = await freePort();
  postgres = startDebianPostgres(pgPort);
  const ports: number[] = [];
  for (let i = 0; i < 9; i++) ports.push(await freePort());
  cluster = await startTemporalCluster({
    postgres: { host: '127.0.0.1', port: pgPort, user: 'postgres' },
    dir: mkdtempSync(join(tmpdir(), 'decree-cluster-')),
    ports,
  });
  const admin = openDatabase(postgres.url, { maxConnections: 1 });
  await sql`create database decree`.execute(admin);
  await admin.destroy();
  storeUrl = postgres.url.replace(/\/postgres$/, '/decree');
  sink = await startSmtpSink(mkdtempSync(join(tmpdir(), 'decree-machines-outbox-')), await freePort());
  sink.onMessage((m) => deliveries.push(m.messageId));
  const [portA, portB] = [await freePort(), await freePort()];
  webA = `http://127.0.0.1:${portA}`;
  webB = `http://127.0.0.1:${portB}`;
  env = {
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: storeUrl,
    LINK_SECRET: 'machines-'.repeat(5),
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM_ALLOWED: '@uo-sergokala.example',
    PUBLIC_BASE_URL: webA,
    LAUNCH_EXAMPLE: 'false',
    ADMIN_PASSWORD,
  };
  metrics = { web: await freePort(), worker: await freePort(), sdk: await freePort() };
  await Promise.all([
    startRole('web', { WEB_PORT: String(portA), METRICS_PORT: String(metrics.web) }),
    startRole('web', { WEB_PORT: String(portB) }),
    startRole('worker'),
    startRole('worker', { METRICS_PORT: String(metrics.worker), TEMPORAL_METRICS_PORT: String(metrics.sdk) }),
  ]);
  client = new Client({ connection: await Connection.connect({ address: cluster.address }) });
}, 120_000);

afterAll(async () => {
  for (const p of processes) p.kill('SIGKILL');
  await client?.connection.close();
  await sink?.close();
  await cluster?.stop();
  postgres?.stop();
});

const decreeMails = () =>
  sink.messages().filter((m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380') && m.messageId.includes(campaign.id));

it('a worker killed mid-launch: every task once, every decree mail at least once and only those in flight twice', async () => {
  let deliveredAtKill = -1;
  let deliveredWhenGone = -1;
  // What the dead worker wrote to a socket may still be read a moment after its exit; a retry comes 30 s later.
  processes[2]!.once('exit', () => setTimeout(() => (deliveredWhenGone = deliveries.length), 1_000));
  sink.onMessage((m) => {
    if (deliveredAtKill >= 0 || !m.messageId.includes(campaign.id)) return;
    deliveredAtKill = deliveries.length;
    processes[2]!.kill('SIGKILL'); // one of the two workers, at the first decree mail: in the middle of the launch
  });
  const db = openDatabase(storeUrl);
  try {
    await launchCampaign({ client, taskQueue, documents: createDocumentStore(db) }, campaign);
  } finally {
    await db.destroy();
  }
  const mails = await eventually(
    async () => decreeMails(),
    (m) => m.length >= 12,
    90_000,
  );
  expect(deliveredAtKill).toBeGreaterThanOrEqual(1);
  expect(deliveredAtKill).toBeLessThan(12);
  expect(new Set(mails.map((m) => m.envelopeTo[0])).size).toBe(12);
  expect(mails).toHaveLength(12);
  // SMTP is at-least-once: a mail activity of the killed worker whose message the sink accepted never reported it
  // done, so it is retried elsewhere and that message arrives twice, with the same Message-ID (receivers and the
  // sink keep one). The mails of a window go in parallel, so several may be in flight at the kill; but a message
  // first delivered after the killed worker was gone arrives exactly once.
  await eventually(
    async () => deliveredWhenGone,
    (n) => n >= 0,
    10_000,
  ); // all 12 may be in before the worker is gone
  expect(deliveredWhenGone).toBeGreaterThanOrEqual(deliveredAtKill);
  const decreeDeliveries = deliveries.filter((id) => mails.some((m) => m.messageId === id));
  const perMessage = new Map<string, number>();
  for (const id of decreeDeliveries) perMessage.set(id, (perMessage.get(id) ?? 0) + 1);
  expect([...perMessage.keys()].sort()).toEqual(mails.map((m) => m.messageId).sort());
  const twice = [...perMessage].filter(([, n]) => n > 1).map(([id]) => id);
  for (const id of twice) expect(deliveries.indexOf(id)).toBeLessThan(deliveredWhenGone);
  expect(Math.max(...perMessage.values())).toBeLessThanOrEqual(2);
  const tasks: string[] = [];
  const query = `CampaignId = '${campaign.id}' AND WorkflowType IN ('schoolTaskWorkflow', 'schoolReportWorkflow', 'chatMigrationWorkflow')`;
  await eventually(
    async () => {
      tasks.length = 0;
      for await (const wf of client.workflow.list({ query })) tasks.push(wf.workflowId);
      return tasks.length;
    },
    (n) => n >= 36,
    60_000,
  );
  expect(new Set(tasks).size).toBe(36);
  expect(tasks).toHaveLength(36);
});

it('a task link opened on web server A is submitted on web server B', async () => {
  const mail = decreeMails().find((m) => m.envelopeTo[0] === 'sferum@degva.example') ?? decreeMails()[0]!;
  const link = taskLinkFrom(mail, '1.2');
  expect(link.url.startsWith(webA)).toBe(true);
  const page = await fetch(link.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('name="officerName"');
  const submitted = await fetch(`${webB}/tasks/${link.taskId}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      t: link.token,
      officerName: 'Магомедова З.А.',
      officerPosition: 'заместитель директора',
      staffTotal: '27',
      staffRegistered: '27',
      confirm: 'on',
    }),
  });
  expect(submitted.status).toBeLessThan(400);
  expect((await client.workflow.getHandle(link.taskId).query(taskStateQuery)).status).toBe('done');
});

it('a document stored by one process is served by another, and a session opened on one web server holds on the other', async () => {
  const decree = decreeMails()[0]!;
  const sha = decree.attachments[0]?.sha256;
  expect(sha).toMatch(/^[0-9a-f]{64}$/); // stored by a worker when it rendered the decree
  const admin = await signIn(webA, 'admin', ADMIN_PASSWORD); // the first admin, made by whichever server started first
  const link = taskLinkFrom(decree, '1.2');
  for (const web of [webA, webB]) {
    const res = await fetch(`${web}/documents/${sha}`, {
      headers: { cookie: admin.cookieHeader() },
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${web}/documents/${sha}`, { redirect: 'manual' })).status).toBe(303); // to the sign-in page
    expect((await fetch(`${web}/tasks/${link.taskId}/documents/${sha}?t=${link.token}`)).status).toBe(200); // the school, by its link
  }
  // The draft order is rendered on each GET and never stored: no new document, whichever server rendered it.
  const [orderA, orderB] = await Promise.all(
    [webA, webB].map((web) => fetch(`${web}/tasks/${link.taskId}/order.pdf?t=${link.token}`)),
  );
  const orderShas = [orderA!, orderB!].map((res) => res.headers.get('x-content-sha256')!);
  for (const orderSha of orderShas) expect(orderSha).toMatch(/^[0-9a-f]{64}$/);
  const db = openDatabase(storeUrl, { maxConnections: 1 });
  try {
    for (const orderSha of orderShas) expect(await createDocumentStore(db).find(orderSha)).toBeUndefined();
  } finally {
    await db.destroy();
  }
});

it("an operator's tools: probes on the web port, Prometheus metrics on their own ports, a clean stop on SIGTERM", async () => {
  expect((await fetch(`${webA}/healthz`)).status).toBe(200);
  expect(await (await fetch(`${webB}/readyz`)).text()).toBe('ready\n');
  const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const web = await scrape(metrics.web);
  expect(web).toMatch(/decree_http_requests_total\{method="GET",route="\/tasks\/:taskId",status="200"\} [1-9]/);
  expect(web).toMatch(/decree_http_request_duration_seconds_bucket\{le="0.2",method="GET",route="\/healthz"\} [1-9]/);
  expect(web).not.toContain('?t='); // routes, never URLs with their tokens
  expect(await scrape(metrics.worker)).toMatch(/decree_mails_total\{outcome="sent"\} [1-9]/);
  expect(await scrape(metrics.sdk)).toMatch(/temporal_workflow_task_execution_latency/);
  expect((await fetch(`${webA}/metrics`)).status).toBe(404); // never on the public port
  const webServerB = processes[1]!;
  const exited = new Promise<number | null>((resolve) => webServerB.once('exit', (code) => resolve(code)));
  webServerB.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
