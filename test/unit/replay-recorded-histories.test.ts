// Histories recorded from the dev server by the integration test (test/fixtures/histories) must replay against
// the current workflow code: a change that breaks running campaigns fails here, without a server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_CODE } from '../../worker/create-worker';

const dir = join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has recorded histories of a campaign and of school tasks, done and open', () => {
  expect(files.some((f) => f.startsWith('campaign-'))).toBe(true);
  expect(files.filter((f) => f.startsWith('task-')).length).toBeGreaterThanOrEqual(2);
  // The campaign tree (v3): its root, a region and a batch, beside the old shape's histories that still run.
  expect(files.filter((f) => f.endsWith('.v3-tree.json')).length).toBeGreaterThanOrEqual(3);
  // v4: batches start their tasks from an activity; the batch's history keeps their ids only.
  expect(files.filter((f) => f.endsWith('.v4-started-by-activity.json')).length).toBeGreaterThanOrEqual(3);
  // v5: a tree task's reminder mails and writes the read model in one activity (patch deadline-step-writes-read-model).
  expect(files.filter((f) => f.endsWith('.v5-step-writes-read-model.json')).length).toBeGreaterThanOrEqual(1);
  // v6: that activity is a local one, run in the workflow task its timer woke (patch deadline-step-local-activity).
  expect(files.filter((f) => f.endsWith('.v6-step-local-activity.json')).length).toBeGreaterThanOrEqual(1);
  // v7: the batch sends its tasks' deadline steps and signals each task (patch batch-owned-ladder): a batch and a task.
  expect(files.filter((f) => f.endsWith('.v7-batch-ladder.json')).length).toBeGreaterThanOrEqual(2);
  // v8: the questionnaire, a kind in its own folder: a school's task (drafts, versions, receipts) and a summary.
  expect(files.filter((f) => f.endsWith('.v8-questionnaire.json')).length).toBeGreaterThanOrEqual(2);
});

it('replays every recorded history without a nondeterminism error', async () => {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8'))),
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories(WORKFLOW_CODE, histories)) results.push(result);
  expect(results.map((r) => [r.workflowId, r.error])).toEqual(histories.map((h) => [h.workflowId, undefined]));
}, 60_000);
