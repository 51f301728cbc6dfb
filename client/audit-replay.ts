// Is the history consistent with the code? Every history of a campaign (every run of every workflow carrying its
// CampaignId) is replayed against the current workflow code with the SDK's replayer. Histories are fetched one at a
// time as the replayer asks for them, so memory holds one history, not the campaign's.
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_CODE } from '../worker/create-worker';
import { visibilityQuery } from './audit-timeline';

export interface ReplayReport {
  campaignId: string;
  startedAt: string;
  finishedAt: string;
  workflows: number;
  replayed: number;
  failures: { workflowId: string; runId: string; error: string }[];
}

export async function replayCampaign(
  client: Client,
  campaignId: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ReplayReport> {
  const startedAt = new Date().toISOString();
  const query = visibilityQuery(campaignId, {});
  const total = Number((await client.workflow.count(query)).count);
  let workflows = 0;
  async function* histories() {
    for await (const w of client.workflow.list({ query })) {
      workflows++;
      const history = await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory();
      yield { workflowId: `${w.workflowId}#${w.runId}`, history };
    }
  }
  const failures: ReplayReport['failures'] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(WORKFLOW_CODE, histories())) {
    replayed++;
    const [workflowId, runId] = result.workflowId.split('#') as [string, string];
    if (result.error) failures.push({ workflowId, runId, error: result.error.message });
    onProgress(replayed, Math.max(total, replayed));
  }
  return { campaignId, startedAt, finishedAt: new Date().toISOString(), workflows, replayed, failures };
}

/** A bar for the console: `[████░░░░] 12/36`. */
export function replayProgressLine(done: number, total: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `Проверка историй: [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
}
