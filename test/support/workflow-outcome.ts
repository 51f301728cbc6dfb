// A workflow's result, or, when it does not come in time, an error that says where the workflow stands:
// its status, pending activities (attempts, last failure) and its last events. A hung test then explains itself.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { visibilityValue } from '../../domain/search-attributes';

/** With `campaignId`, a late result also describes the campaign's other running workflows that are stuck. */
export async function resultWithin<T = unknown>(client: Client, workflowId: string, timeoutMs = 60_000, campaignId?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    const outcome = await Promise.race([client.workflow.getHandle(workflowId).result() as Promise<T>, late]);
    if (outcome !== 'late') return outcome;
  } finally {
    clearTimeout(timer);
  }
  const others = campaignId ? await stuckWorkflowsOf(client, campaignId, workflowId) : [];
  throw new Error([`workflow ${workflowId} did not finish in ${timeoutMs} ms`, await whereItStands(client, workflowId), ...others].join('\n'));
}

/** Running workflows of the campaign with a pending activity or a workflow task, described (at most ten). */
async function stuckWorkflowsOf(client: Client, campaignId: string, except: string): Promise<string[]> {
  const found: string[] = [];
  for await (const wf of client.workflow.list({ query: `CampaignId = ${visibilityValue(campaignId)} AND ExecutionStatus = "Running"` })) {
    if (wf.workflowId === except || found.length >= 10) continue;
    const { raw } = await client.workflow.getHandle(wf.workflowId).describe();
    if ((raw.pendingActivities ?? []).length > 0 || raw.pendingWorkflowTask) found.push(`-- ${wf.workflowId}\n${await whereItStands(client, wf.workflowId, 8)}`);
  }
  return found;
}

/** What the server knows of the workflow: status, pending activities and children, the last events. */
export async function whereItStands(client: Client, workflowId: string, lastEvents = 15): Promise<string> {
  const handle = client.workflow.getHandle(workflowId);
  const { raw, status, historyLength } = await handle.describe();
  const workflowTask = raw.pendingWorkflowTask ? [`  workflow task attempt ${raw.pendingWorkflowTask.attempt} state ${raw.pendingWorkflowTask.state}`] : [];
  const activities = (raw.pendingActivities ?? []).map((a) =>
    `  activity ${a.activityType?.name} attempt ${a.attempt} state ${a.state}${a.lastFailure ? `: ${a.lastFailure.message}` : ''}`);
  const events = (await handle.fetchHistory()).events ?? [];
  const tail = events.slice(-lastEvents).map((e) => `  #${e.eventId} ${temporal.api.enums.v1.EventType[e.eventType ?? 0]} ${e.eventTime ? new Date(Number(e.eventTime.seconds) * 1000).toISOString() : ''}`);
  return [`status ${status.name}, ${historyLength} events`, ...workflowTask, ...activities, 'last events:', ...tail].join('\n');
}
