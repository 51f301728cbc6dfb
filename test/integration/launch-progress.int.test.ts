// The launch cannot stall silently: the progress a person watches reaches 100% for a good campaign, and a
// workflow task that keeps failing is reported, with its cause, by the watcher and on the campaign page.
import { withdrawCampaignSignal } from '../../workflows/definitions';
import { launchCampaign } from '../../client/launch-campaign';
import { describeLaunch, watchLaunch } from '../../client/launch-progress';
import { DEFAULT_TREE_LIMITS } from '../../domain/campaign-tree';
import { campaignWorkflowId } from '../../domain/ids';
import { generateRegionCampaign } from '../../examples/region/generate-region';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('progress');
});
afterAll(async () => {
  await app?.stop();
});

const deps = () => ({ client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents });

it('a campaign of 60 schools: the progress reaches 100% and ends with a summary', async () => {
  const campaign = generateRegionCampaign({
    id: `progress-ok-${process.pid}`,
    schools: 60,
    regions: 1,
    municipalities: 3,
    clauses: 2,
  });
  await launchCampaign(deps(), campaign);
  const lines: string[] = [];
  const summary = await watchLaunch(app.client, campaign.id, {
    write: (line) => lines.push(line),
    pollMs: 200,
    stallCheckMs: 5_000,
  });
  expect(summary).toMatchObject({ complete: true, tasks: 120, schools: 60, mailed: 60, stalls: [] });
  expect(lines.at(-1)).toMatch(/^\[█{30}\] 100%  задачи 120\/120 · письма 60\/60 · \d+ с$/);
  expect(lines.some((l) => / (\d|[1-9]\d)%  /.test(l) && !l.includes('100%'))).toBe(true);
  expect(describeLaunch(summary)).toContain('запущено задач — 120, постановление принято к отправке для 60 из 60 школ');
  await app.client.workflow
    .getHandle(campaignWorkflowId(campaign.id))
    .signal(withdrawCampaignSignal, { reason: 'конец проверки' });
});

it('a workflow task that fails every time is reported with its cause within a minute, in the watcher and on the page', async () => {
  const campaign = generateRegionCampaign({
    id: `progress-stall-${process.pid}`,
    schools: 5,
    regions: 1,
    municipalities: 1,
    clauses: 1,
  });
  // A window of 0 schools cannot work: the root's workflow task fails on every attempt (a stand-in for any bug or
  // for a command too large for gRPC, which fails the same way).
  await launchCampaign(deps(), campaign, { ...DEFAULT_TREE_LIMITS, window: 0 });
  const started = Date.now();
  const lines: string[] = [];
  const summary = await watchLaunch(app.client, campaign.id, {
    write: (line) => lines.push(line),
    pollMs: 500,
    stallCheckMs: 2_000,
    quietLimitMs: 20_000,
  });
  expect(summary.complete).toBe(false);
  expect(summary.stalls).toEqual([
    expect.stringMatching(
      new RegExp(
        `^campaign-${campaign.id} \\(campaignWorkflow\\): процесс не может продолжиться, попытка \\d+\\. Причина: .*Недопустимые размеры дерева кампании: window`,
      ),
    ),
  ]);
  expect(lines.some((l) => l.startsWith('Ошибка запуска: '))).toBe(true);
  expect(describeLaunch(summary)).toContain('Запуск не завершён');
  const page = await eventually(
    async () => {
      const res = await app.office.fetch(`/campaigns/${campaign.id}`);
      return { status: res.status, html: await res.text() };
    },
    (p) => p.html.includes('Недопустимые размеры дерева кампании'),
    30_000,
  );
  expect(page.status).toBe(503);
  expect(page.html).toContain('Процессы кампании не продвигаются');
  expect(Date.now() - started).toBeLessThan(60_000);
  await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).terminate('конец проверки');
}, 120_000);
