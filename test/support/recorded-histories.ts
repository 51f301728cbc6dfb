// Histories a test recorded on the dev server, replayed against the workflow code and kept under
// test-output/histories in the CLI's JSON (the format historyFromJSON reads): copy them into test/fixtures/histories
// when workflows change on purpose, so test/unit/replay-recorded-histories.test.ts keeps them replaying.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { WORKFLOW_CODE } from '../../worker/create-worker';

/** Each workflow's replay error (undefined when it replays), in the order given; the histories are kept. */
export async function replayAndKeep(client: Client, workflowIds: string[]): Promise<[string, unknown][]> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  const results: [string, unknown][] = [];
  for await (const r of Worker.runReplayHistories(WORKFLOW_CODE, histories)) results.push([r.workflowId, r.error]);
  const dir = join(__dirname, '..', '..', 'test-output', 'histories');
  mkdirSync(dir, { recursive: true });
  for (const workflowId of workflowIds) {
    const show = ['workflow', 'show', '--workflow-id', workflowId, '--address', process.env.TEST_TEMPORAL_ADDRESS!];
    writeFileSync(join(dir, `${workflowId}.json`), execFileSync(ensureTemporalCli(), [...show, '--output', 'json']));
  }
  return results;
}
