// A regional campaign on the real dev server: 300 generated schools in 2 regions and 4 municipalities, launched
// through the tree with limits so small that every level continues as new during the launch and after it.
// The page's numbers must match Temporal's visibility counts, and no task, count or completion may be lost.
import { Worker } from '@temporalio/worker';
import { launchCampaign } from '../../client/launch-campaign';
import {
  batchSchools,
  batchWorkflowId,
  campaignRegions,
  regionWorkflowId,
  treeTaskQueue,
  type TreeLimits,
} from '../../domain/campaign-tree';
import { campaignWorkflowId, schoolTaskWorkflowId } from '../../domain/ids';
import { generateRegionCampaign } from '../../examples/region/generate-region';
import { WORKFLOW_CODE } from '../../worker/create-worker';
import {
  submitTaskUpdate,
  treeProgressQuery,
  type TreeProgress,
  withdrawCampaignSignal,
} from '../../workflows/definitions';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { resultWithin } from '../support/workflow-outcome';

const campaign = generateRegionCampaign({
  id: `region-it-${process.pid}`,
  schools: 300,
  regions: 2,
  municipalities: 2,
  clauses: 1,
});
const clause = campaign.decree.clauses.find((c) => c.task)!.number;
/** 40 schools a batch (8 batches), 20 a window, and a history limit a launch window alone exceeds. */
const limits: TreeLimits = { schoolsPerBatch: 40, window: 20, historyEvents: 60, reportEveryMs: 300 };
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('region');
});
afterAll(async () => {
  await app?.stop();
});

const root = () => app.client.workflow.getHandle(campaignWorkflowId(campaign.id));
const progress = () => root().query(treeProgressQuery);
const count = async (where: string) =>
  Number((await app.client.workflow.count(`CampaignId = '${campaign.id}' AND ${where}`)).count);
const batches = campaignRegions(campaign, limits.schoolsPerBatch).flatMap((r) => r.batches);

it('launches every task and mails every school; the page and visibility agree', async () => {
  expect(batches).toHaveLength(8);
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
    limits,
  );
  const p = await eventually(progress, (v) => v.counts.started === 300 && v.counts.mailed === 300, 240_000);
  expect(p).toMatchObject({ expectedTasks: 300, expectedSchools: 300, counts: { total: 300, done: 0, withdrawn: 0 } });
  expect(p.children.map((r) => [r.code, r.counts?.total])).toEqual([
    ['54', 150],
    ['55', 150],
  ]);
  const decreeMails = app
    .sink!.messages()
    .filter((m) => m.messageId.includes(`decree.s`) && m.messageId.includes(campaign.id));
  expect(new Set(decreeMails.map((m) => m.envelopeTo[0])).size).toBe(300);
  expect(decreeMails).toHaveLength(300);

  await eventually(
    () => count(`WorkflowType = 'schoolTaskWorkflow'`),
    (n) => n === p.counts.started,
    60_000,
  );
  const page = await (await app.office.fetch(`/campaigns/${campaign.id}`)).text();
  expect(page).toContain('Задач: 300, выполнено: 0 (0%), открыто: 300');
  expect(page).toContain('Запуск завершён: 300 задач запущено, постановление отправлено 300 школам.');
  expect(page).not.toContain('launch-problems');
  const inMunicipality = await (
    await app.office.fetch(`/campaigns/${campaign.id}?region=55&municipality=${batches.at(-1)!.municipalityCode}`)
  ).text();
  expect(inMunicipality).toContain('Найдено задач: 75. Страница 1 из 2.');
  const secondPage = await (
    await app.office.fetch(
      `/campaigns/${campaign.id}?region=55&municipality=${batches.at(-1)!.municipalityCode}&page=2`,
    )
  ).text();
  expect((secondPage.match(/data-task-id=/g) ?? []).length).toBe(25);
});

it('every level continued as new, and their histories replay', async () => {
  const levels = [
    campaignWorkflowId(campaign.id),
    regionWorkflowId(campaign.id, '54'),
    batchWorkflowId(campaign.id, batches[0]!),
  ];
  const runs = await Promise.all(
    levels.map((id) =>
      app.client.workflow
        .getHandle(id)
        .query(treeProgressQuery)
        .then((p: TreeProgress) => p.run),
    ),
  );
  expect(runs[2]).toBeGreaterThan(1); // the batch: at least once during its launch
  const histories = await Promise.all(
    levels.map(async (workflowId) => ({
      workflowId,
      history: await app.client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  for (const h of histories) expect(h.history.events!.length).toBeLessThan(400);
  const results = [];
  for await (const result of Worker.runReplayHistories(WORKFLOW_CODE, histories)) results.push(result);
  expect(results.map((r) => [r.workflowId, r.error])).toEqual(histories.map((h) => [h.workflowId, undefined]));
});

it("the tree runs on a task queue of its own, its tasks on the campaign's", async () => {
  const queueOf = async (workflowId: string) => (await app.client.workflow.getHandle(workflowId).describe()).taskQueue;
  const tree = [
    campaignWorkflowId(campaign.id),
    regionWorkflowId(campaign.id, '54'),
    batchWorkflowId(campaign.id, batches[0]!),
  ];
  expect(await Promise.all(tree.map(queueOf))).toEqual(tree.map(() => treeTaskQueue(app.config.temporal.taskQueue)));
  expect(await queueOf(schoolTaskWorkflowId(campaign.id, campaign.schools[0]!.id, clause))).toBe(
    app.config.temporal.taskQueue,
  );
});

it('completions after continue-as-new are counted once, on the page and in visibility', async () => {
  const done = campaign.schools
    .filter((_, i) => i % 30 === 0)
    .map((s) => schoolTaskWorkflowId(campaign.id, s.id, clause));
  for (const taskId of done) {
    await app.client.workflow.getHandle(taskId).executeUpdate(submitTaskUpdate, {
      args: [{ staffTotal: 12, staffRegistered: 12, officerName: 'Иванова А.А.', confirm: true }],
    });
  }
  const p = await eventually(progress, (v) => v.counts.done === done.length, 60_000);
  expect(p.counts).toMatchObject({ total: 300, done: 10, withdrawn: 0 });
  await eventually(
    () => count(`TaskStatus = 'done'`),
    (n) => n === 10,
    60_000,
  );
  const page = await (await app.office.fetch(`/campaigns/${campaign.id}?status=done`)).text();
  expect(page).toContain('Найдено задач: 10.');
  expect(page).toContain('выполнено: 10 (3%)');
  // The matrix: a page of 50 schools grouped by region and municipality; the done ones say so, with their date.
  const matrix = await (await app.office.fetch(`/campaigns/${campaign.id}?view=matrix`)).text();
  expect(matrix).toContain('Найдено школ: 300. Страница 1 из 6.');
  expect((matrix.match(/data-status="/g) ?? []).length).toBe(50);
  expect((matrix.match(/<tr class="place">/g) ?? []).length).toBeGreaterThanOrEqual(1);
  const doneInMatrix = await (await app.office.fetch(`/campaigns/${campaign.id}?view=matrix&status=done`)).text();
  expect(doneInMatrix).toContain('Найдено школ: 10. Страница 1 из 1.');
  expect((doneInMatrix.match(/data-status="done"/g) ?? []).length).toBe(10);
});

const firstBatch = batchSchools(campaign, batches[0]!, limits.schoolsPerBatch).map((s) =>
  schoolTaskWorkflowId(campaign.id, s.id, clause),
);
let doneBefore = 0;

it('a batch whose tasks are all done finishes; the region and the campaign go on', async () => {
  let submitted = 0;
  for (const taskId of firstBatch) {
    const handle = app.client.workflow.getHandle(taskId);
    if ((await handle.describe()).status.name !== 'RUNNING') continue; // done in the test before
    await handle.executeUpdate(submitTaskUpdate, {
      args: [{ staffTotal: 12, staffRegistered: 12, officerName: 'Иванова А.А.', confirm: true }],
    });
    submitted += 1;
  }
  expect(submitted).toBeGreaterThan(30);
  doneBefore = 10 + submitted;
  await resultWithin(app.client, batchWorkflowId(campaign.id, batches[0]!), 60_000);
  const p = await eventually(progress, (v) => v.counts.done === doneBefore, 60_000);
  expect(p.counts).toMatchObject({ total: 300, done: doneBefore, withdrawn: 0 });
  expect((await root().describe()).status.name).toBe('RUNNING');
});

it('a withdrawal reaches every open task through the tree, past the finished batch; every task is accounted for', async () => {
  await root().signal(withdrawCampaignSignal, { reason: 'проверка отзыва' });
  const final = await resultWithin<TreeProgress>(app.client, campaignWorkflowId(campaign.id), 120_000, campaign.id);
  expect(final.counts).toMatchObject({ total: 300, started: 300, done: doneBefore, withdrawn: 300 - doneBefore });
  await eventually(
    () => count(`TaskStatus = 'withdrawn'`),
    (n) => n === 300 - doneBefore,
    60_000,
  );
  const rows = await app.store.db
    .selectFrom('task_states')
    .select((eb) => ['status', eb.fn.countAll<string>().as('n')])
    .where('campaign_id', '=', campaign.id)
    .groupBy('status')
    .execute();
  expect(Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))).toEqual({
    done: doneBefore,
    withdrawn: 300 - doneBefore,
  });
}, 240_000);
