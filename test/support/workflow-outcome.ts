// A workflow's result, or, when it does not come in time, an error that says where the workflow stands:
// its status, pending activities (attempts, last failure) and its last events. A hung test then explains itself.
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { visibilityValue } from '../../domain/search-attributes';

/** With `campaignId`, a late result also describes the campaign's other running workflows that are stuck. */
export async function resultWithin<T = unknown>(
  client: Client,
  workflowId: string,
  timeoutMs = 60_000,
  campaignId?: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    const outcome = await Promise.race([client.workflow.getHandle(workflowId).result() as Promise<T>, late]);
    if (outcome !== 'late') return outcome;
  } finally {
    clearTimeout(timer);
  }
  const others = campaignId ? await stuckWorkflowsOf(client, campaignId, workflowId) : [];
  throw new Error(
    [
      `workflow ${workflowId} did not finish in ${timeoutMs} ms`,
      await whereItStands(client, workflowId),
      ...others,
    ].join('\n'),
  );
}

/**
 * The campaign's other running workflows (at most ten), those with a pending activity or workflow task first: a
 * late workflow waits for one of them, busy or idle.
 */
async function stuckWorkflowsOf(client: Client, campaignId: string, except: string): Promise<string[]> {
  const busy: string[] = [];
  const idle: string[] = [];
  for await (const wf of client.workflow.list({
    query: `CampaignId = ${visibilityValue(campaignId)} AND ExecutionStatus = "Running"`,
  })) {
    if (wf.workflowId === except || busy.length + idle.length >= 10) continue;
    const { raw } = await client.workflow.getHandle(wf.workflowId).describe();
    const pending = (raw.pendingActivities ?? []).length > 0 || raw.pendingWorkflowTask;
    (pending ? busy : idle).push(
      `-- ${wf.workflowId} (${wf.type}${pending ? '' : ', idle'})\n${await whereItStands(client, wf.workflowId, 8)}`,
    );
    if (!pending && wf.type === 'schoolBatchWorkflow')
      idle.push(...(await closedTasksUnheardOf(client, campaignId, wf.workflowId)));
  }
  return [...busy, ...idle];
}

/**
 * An idle batch waits for its tasks' closing `taskStatus` signals: the campaign's closed tasks whose signal is not
 * in the batch's history (at most five), with their last events. A campaign of several batches lists other
 * batches' tasks too; the histories tell them apart.
 */
async function closedTasksUnheardOf(client: Client, campaignId: string, batchId: string): Promise<string[]> {
  const heard = new Set<string>();
  for (const e of (await client.workflow.getHandle(batchId).fetchHistory()).events ?? []) {
    const signaled = e.workflowExecutionSignaledEventAttributes;
    const payload = signaled?.signalName === 'taskStatus' ? signaled.input?.payloads?.[0] : undefined;
    if (payload) heard.add(defaultPayloadConverter.fromPayload<{ taskId: string }>(payload).taskId);
  }
  const unheard: string[] = [];
  const tree = new Set(['campaignWorkflow', 'regionWorkflow', 'schoolBatchWorkflow']);
  for await (const wf of client.workflow.list({
    query: `CampaignId = ${visibilityValue(campaignId)} AND ExecutionStatus != "Running"`,
  })) {
    if (tree.has(wf.type) || heard.has(wf.workflowId)) continue;
    unheard.push(
      `-- ${wf.workflowId} (${wf.type}, closed; its taskStatus is not in ${batchId}'s history)\n${await whereItStands(client, wf.workflowId, 15)}`,
    );
    if (unheard.length >= 5) break;
  }
  return [`-- ${batchId} heard ${heard.size} closing taskStatus signals`, ...unheard];
}

/** What the server knows of the workflow: status, pending activities and children, the last events. */
export async function whereItStands(client: Client, workflowId: string, lastEvents = 15): Promise<string> {
  const handle = client.workflow.getHandle(workflowId);
  const { raw, status, historyLength } = await handle.describe();
  const workflowTask = raw.pendingWorkflowTask
    ? [`  workflow task attempt ${raw.pendingWorkflowTask.attempt} state ${raw.pendingWorkflowTask.state}`]
    : [];
  const activities = (raw.pendingActivities ?? []).map(
    (a) =>
      `  activity ${a.activityType?.name} attempt ${a.attempt} state ${a.state}${a.lastFailure ? `: ${a.lastFailure.message}` : ''}`,
  );
  const events = (await handle.fetchHistory()).events ?? [];
  const tail = events
    .slice(-lastEvents)
    .map(
      (e) =>
        `  #${e.eventId} ${temporal.api.enums.v1.EventType[e.eventType ?? 0]} ${e.eventTime ? new Date(Number(e.eventTime.seconds) * 1000).toISOString() : ''}`,
    );
  return [
    `status ${status.name}, ${historyLength} events`,
    ...workflowTask,
    ...activities,
    'last events:',
    ...tail,
  ].join('\n');
}
