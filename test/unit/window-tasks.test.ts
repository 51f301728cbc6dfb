// A batch of the campaign tree starts its window's tasks through an activity: every task exactly as the batch
// once passed it to a child, on the campaign's task queue, and a retried window starts nothing twice.
import {
  planBatchWindow,
  startWindowTasks,
  type BatchWindow,
} from '../../activities/campaign-tree/campaign-tree-activities';
import type { ActivityDeps } from '../../activities/deps';
import { campaignRegions, taskQueueOfTasks, treeTaskQueue } from '../../domain/campaign-tree';
import type { SchoolTask } from '../../domain/school-task';
import { openTaskSearchAttributes } from '../../domain/search-attributes';
import { TASK_WORKFLOW_TYPES } from '../../domain/task-kinds';
import { generateRegionCampaign } from '../../examples/region/generate-region';

const campaign = generateRegionCampaign({ id: 'window-test', schools: 40, regions: 2, municipalities: 4, clauses: 3 });
const batch = campaignRegions(campaign, 10)[1]!.batches[0]!;
const decree = {
  kind: 'ПОСТАНОВЛЕНИЕ',
  number: '380',
  date: '2024-10-22',
  title: 'Об активации',
  sha256: 'a'.repeat(64),
};
const window: BatchWindow = {
  ref: { campaignId: campaign.id, sha256: 'b'.repeat(64) },
  batch,
  schoolsPerBatch: 10,
  offset: 2,
  limit: 3,
  decree,
  reportsTo: 'batch-x',
};

/** Pure planning over an in-memory file; the read-model rows and the starts are recorded, a started id is kept. */
function fakeDeps() {
  const opened: string[] = [];
  const started = new Map<string, { task: SchoolTask; taskQueue: string }>();
  const deps = {
    campaigns: { load: async () => ({ campaign, clauseTexts: {} }) },
    tasks: {
      recordOpened: async (_id: string, rows: { task: SchoolTask }[]) =>
        void opened.push(...rows.map((r) => r.task.taskId)),
    },
    startTask: async (task: SchoolTask, taskQueue: string) => {
      if (started.has(task.taskId)) return false;
      started.set(task.taskId, { task, taskQueue });
      return true;
    },
  } as unknown as ActivityDeps;
  return { deps, opened, started };
}

it('starts each task of the window with its whole task, after its first row is written; returns only ids', async () => {
  const { deps, opened, started } = fakeDeps();
  const planned = await planBatchWindow(deps, window);
  opened.length = 0;
  const result = await startWindowTasks(deps, window, 'campaign-queue');
  expect(result).toEqual({ taskIds: planned.map((t) => t.taskId) });
  expect(opened).toEqual(result.taskIds);
  expect([...started.values()]).toEqual(planned.map((task) => ({ task, taskQueue: 'campaign-queue' })));
  expect(planned.every((t) => t.reportsTo === 'batch-x')).toBe(true);
  expect(new Set(planned.map((t) => TASK_WORKFLOW_TYPES[t.kind]))).toEqual(
    new Set(['schoolTaskWorkflow', 'chatMigrationWorkflow', 'schoolReportWorkflow']),
  );
});

it('a retried window starts nothing again and still names every task', async () => {
  const { deps, started } = fakeDeps();
  const first = await startWindowTasks(deps, window, 'q');
  const again = await startWindowTasks(deps, window, 'q');
  expect(again).toEqual(first);
  expect(started.size).toBe(first.taskIds.length);
});

it('a started task is found by the filters of the office and the auditor', async () => {
  const [task] = await planBatchWindow(fakeDeps().deps, window);
  const attributes = Object.fromEntries(openTaskSearchAttributes(task!).map(({ key, value }) => [key.name, value]));
  expect(attributes).toEqual({
    CampaignId: campaign.id,
    SchoolId: task!.school.id,
    TaskKind: task!.kind,
    TaskStatus: 'open',
    DueDate: expect.any(Date),
  });
  expect((attributes.DueDate as Date).getTime()).toBeGreaterThan(Date.parse(`${task!.due}T00:00:00Z`));
});

it('the tree has a queue of its own, and its tasks go back to the campaign queue it is named after', () => {
  expect(treeTaskQueue('decree-campaigns')).toBe('decree-campaigns.tree');
  expect(taskQueueOfTasks(treeTaskQueue('decree-campaigns'))).toBe('decree-campaigns');
  // A tree launched before the split runs on the campaign queue itself; its tasks stay there.
  expect(taskQueueOfTasks('decree-campaigns')).toBe('decree-campaigns');
});
