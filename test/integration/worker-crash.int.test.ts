// A worker dies between scheduling a reminder and sending it: another worker takes over, and exactly
// one reminder arrives over SMTP. Real dev server, a worker in its own process killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { SchoolTask, TaskState } from '../../domain/school-task';
import { schoolTaskWorkflow } from '../../workflows';
import { taskStateQuery } from '../../workflows/definitions';
import { exampleCampaign, exampleTask } from '../support/example-campaign';
import { freePort } from '../support/free-port';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const taskQueue = `test-worker-crash-${process.pid}`;
let client: Client;
let blackHole: Server;
const heldSockets: Socket[] = [];
let doomedWorker: ChildProcess | undefined;
let takeover: TestApp | undefined;

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! }) });
});
afterAll(async () => {
  doomedWorker?.kill('SIGKILL');
  heldSockets.forEach((s) => s.destroy());
  await new Promise((r) => blackHole?.close(r) ?? r(undefined));
  await takeover?.stop();
  await client.connection.close();
});

/** A reminder due on the day, a few seconds from now, in UTC (a fractional local hour). */
function taskWithReminderSoon(secondsAhead: number): SchoolTask {
  const at = new Date(Date.now() + secondsAhead * 1000);
  const due = at.toISOString().slice(0, 10);
  const task = exampleTask(exampleCampaign(), 0, due, `crash-${Date.now()}`);
  const localHour = (at.getTime() - Date.parse(`${due}T00:00:00Z`)) / 3_600_000;
  // Today is made a working day, so the test runs the same on a weekend.
  return {
    ...task,
    ladder: {
      ...task.ladder,
      remindBeforeWorkingDays: [0],
      escalations: [],
      localHour,
      timeZone: 'UTC',
      calendar: { extraNonWorking: [], extraWorking: [due] },
    },
  };
}

/** An SMTP server that accepts the connection and never answers: the send hangs, as on a dying machine. */
async function startBlackHoleSmtp(onConnection: () => void): Promise<number> {
  const port = await freePort();
  blackHole = createServer((socket) => {
    heldSockets.push(socket);
    onConnection();
  });
  await new Promise<void>((resolve) => blackHole.listen(port, '127.0.0.1', resolve));
  return port;
}

function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${stderr}`)));
  });
}

it('kills the worker while it sends a reminder; the next worker sends it, exactly once', async () => {
  let killedAt = 0;
  const smtpPort = await startBlackHoleSmtp(() => {
    if (killedAt) return;
    killedAt = Date.now();
    doomedWorker!.kill('SIGKILL');
  });
  doomedWorker = await spawnWorker({
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'decree-doomed-worker-')),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    LINK_SECRET: 'c'.repeat(32),
  });
  const exited = new Promise((resolve) => doomedWorker!.once('exit', (_code, signal) => resolve(signal)));

  const task = taskWithReminderSoon(8);
  const handle = await client.workflow.start(schoolTaskWorkflow, { workflowId: task.taskId, taskQueue, args: [task] });
  // The reminder timer fires on the first worker, which starts the activity and dies inside the SMTP dialogue.
  expect(await exited).toBe('SIGKILL');
  expect(killedAt).toBeGreaterThan(0);

  takeover = await startTestApp('worker-crash', { TEMPORAL_TASK_QUEUE: taskQueue });
  let deliveries = 0;
  takeover.sink!.onMessage((m) => m.messageId.includes(task.taskId) && (deliveries += 1));
  const [reminder] = await takeover.waitForMessages(1, (m) => m.messageId.includes(task.taskId), 90_000);
  expect(reminder!.subject).toMatch(/^Сегодня срок по п\. 1\.2/);
  expect(reminder!.envelopeTo).toEqual([task.school.officer.email]);

  const state = await eventually(
    () => handle.query(taskStateQuery),
    (s: TaskState) => s.sentSteps.length > 0,
  );
  expect(state.sentSteps.map((s) => s.key)).toEqual([`reminder+0@${task.due}`]);
  // The retried attempt is the second one: the first, on the killed worker, timed out.
  const { events } = await handle.fetchHistory();
  const started = events!
    .filter((e) => e.activityTaskStartedEventAttributes)
    .map((e) => e.activityTaskStartedEventAttributes!);
  expect(started.map((a) => a.attempt)).toEqual([2]);
  await new Promise((r) => setTimeout(r, 3000));
  expect(deliveries).toBe(1);
  expect(takeover.sink!.messages().filter((m) => m.messageId.includes(task.taskId))).toHaveLength(1);
  await handle.terminate('test finished');
}, 150_000);
