// One measurement of the memory bench, in a fresh process: how much resident memory COUNT cached workflows of one
// kind cost a worker. MODE=task runs the product's schoolTaskWorkflow (its whole workflow bundle), MODE=sleeping
// the baseline workflow that imports nothing of the product. Prints one JSON line.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { taskClauses } from '../../domain/campaign-clauses';
import { planSchoolTask } from '../../domain/school-task-plan';
import { generateRegionCampaign } from '../../examples/region/generate-region';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startDevServer } from '../../scripts/lib/temporal-dev-server';
import { freePort } from '../../test/support/free-port';
import { WORKFLOW_CODE } from '../../worker/create-worker';

const COUNT = Number(process.env.COUNT ?? 1_000);
const MODE = process.env.MODE === 'sleeping' ? 'sleeping' : 'task';

async function main() {
  Runtime.install({
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  });
  const dir = mkdtempSync(join(tmpdir(), 'cached-wf-memory-'));
  const server = await startDevServer({
    cliPath: ensureTemporalCli(),
    ip: '127.0.0.1',
    port: await freePort(),
    logFile: join(dir, 'temporal.log'),
  });
  const taskQueue = `memory-${MODE}`;
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    maxCachedWorkflows: COUNT + 100,
    ...(MODE === 'task' ? { ...WORKFLOW_CODE } : { workflowsPath: join(__dirname, '..', 'workflows', 'sleeping.ts') }),
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const campaign = generateRegionCampaign({ id: 'memory', schools: COUNT, regions: 1, municipalities: 10, clauses: 1 });
  const first = taskClauses(campaign)[0]!;
  const clause = { ...first, task: { ...first.task, due: '2099-12-31', deadlines: undefined } };
  const decree = {
    kind: 'постановление',
    number: '1',
    date: campaign.decree.date,
    title: campaign.decree.title,
    sha256: '0'.repeat(64),
  };
  await new Promise((r) => setTimeout(r, 2_000));
  const before = process.memoryUsage().rss;
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < COUNT) {
        const task = planSchoolTask(campaign, decree, campaign.schools[next++]!, clause, {});
        const type = MODE === 'task' ? 'schoolTaskWorkflow' : 'sleepingWorkflow';
        const handle = await client.workflow.start(type, { taskQueue, workflowId: task.taskId, args: [task] });
        await handle.query(MODE === 'task' ? 'taskState' : 'heldInput'); // answered by the cached workflow: it has run
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const after = process.memoryUsage().rss;
  console.log(
    JSON.stringify({
      mode: MODE,
      count: COUNT,
      rssBeforeMiB: Math.round(before / 1048576),
      rssAfterMiB: Math.round(after / 1048576),
      kibPerWorkflow: Math.round((after - before) / 1024 / COUNT),
    }),
  );
  worker.shutdown();
  await running;
  await server.stop();
  process.exit(0);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
