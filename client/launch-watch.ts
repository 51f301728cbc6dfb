// Watching a campaign's launch: its live counts from the root of the tree, and the workflows of the tree that are
// stuck (a workflow task failing again and again, as a message over gRPC's 4 MB limit does, or an activity retrying),
// with their cause, so a stalled launch is reported instead of sitting at 0 tasks.
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { campaignWorkflowId } from '../domain/ids';
import { visibilityValue } from '../domain/search-attributes';
import { treeProgressQuery, type TreeProgress } from '../workflows/definitions';

export interface Stall {
  workflowId: string;
  workflowType: string;
  /** What fails: a workflow task (the workflow cannot progress) or an activity being retried. */
  what: 'workflow-task' | 'activity';
  attempt: number;
  cause: string;
}

const TREE_TYPES = ['campaignWorkflow', 'regionWorkflow', 'schoolBatchWorkflow'];
/** A workflow task fails on its first try now and then (a worker restarting); the second failure is a stall. */
const STALLED_WORKFLOW_TASK_ATTEMPT = 2;
const STALLED_ACTIVITY_ATTEMPT = 4;
const DESCRIBE_CONCURRENCY = 16;
const QUERY_DEADLINE_MS = 10_000;

/** The tree's live counts, or undefined for a campaign of the old shape (or none). */
export async function campaignTreeProgress(client: Client, campaignId: string): Promise<TreeProgress | undefined> {
  try {
    // A workflow whose task keeps failing cannot answer; the deadline turns the wait into an error the page shows.
    return await client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      client.workflow.getHandle(campaignWorkflowId(campaignId)).query(treeProgressQuery),
    );
  } catch (err) {
    if (err instanceof QueryNotRegisteredError || err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Running workflows of the campaign's tree that are stuck, with the cause Temporal recorded. */
export async function findStalls(client: Client, campaignId: string): Promise<Stall[]> {
  const types = TREE_TYPES.map((t) => `'${t}'`).join(', ');
  const ids: string[] = [];
  for await (const wf of client.workflow.list({
    query: `CampaignId = ${visibilityValue(campaignId)} AND ExecutionStatus = 'Running' AND WorkflowType IN (${types})`,
  }))
    ids.push(wf.workflowId);
  const stalls: Stall[] = [];
  for (let i = 0; i < ids.length; i += DESCRIBE_CONCURRENCY) {
    const found = await Promise.all(ids.slice(i, i + DESCRIBE_CONCURRENCY).map((id) => stallsOf(client, id)));
    stalls.push(...found.flat());
  }
  return stalls;
}

async function stallsOf(client: Client, workflowId: string): Promise<Stall[]> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe().catch(() => undefined);
  if (!description) return [];
  const { raw, type } = description;
  const stalls: Stall[] = [];
  const wftAttempt = raw.pendingWorkflowTask?.attempt ?? 0;
  if (wftAttempt >= STALLED_WORKFLOW_TASK_ATTEMPT) {
    stalls.push({
      workflowId,
      workflowType: type,
      what: 'workflow-task',
      attempt: wftAttempt,
      cause: await lastWorkflowTaskFailure(client, workflowId),
    });
  }
  for (const activity of raw.pendingActivities ?? []) {
    if ((activity.attempt ?? 0) < STALLED_ACTIVITY_ATTEMPT) continue;
    stalls.push({
      workflowId,
      workflowType: type,
      what: 'activity',
      attempt: activity.attempt ?? 0,
      cause: `${activity.activityType?.name ?? 'activity'}: ${activity.lastFailure?.message ?? 'повторяется без ответа'}`,
    });
  }
  return stalls;
}

/** The failure the server recorded for the workflow task (later attempts of a failing task are not written to
 * history). */
async function lastWorkflowTaskFailure(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const failed = [...(history.events ?? [])].reverse().find((e) => e.workflowTaskFailedEventAttributes);
  const attrs = failed?.workflowTaskFailedEventAttributes;
  if (!attrs) return 'задача процесса не завершается (истекает время выполнения)';
  const name = attrs.cause ? temporal.api.enums.v1.WorkflowTaskFailedCause[attrs.cause] : undefined;
  const cause = name ? `${name.replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '')}: ` : '';
  return `${cause}${attrs.failure?.message ?? 'без описания'}`;
}

/** How a stall reads on the campaign page and in the console (Russian: the office reads it). */
export function describeStall(s: Stall): string {
  const what = s.what === 'workflow-task' ? 'процесс не может продолжиться' : 'действие повторяется';
  return `${s.workflowId} (${s.workflowType}): ${what}, попытка ${s.attempt}. Причина: ${s.cause}`;
}
