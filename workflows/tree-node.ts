// What the levels of the campaign tree share: starting children in windows, counting what children report,
// telling the parent (gathered, so a burst of changes is one signal), and continuing as new before history grows.
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  sleep,
  startChild,
  workflowInfo,
  type SignalDefinition,
  type Workflow,
} from '@temporalio/workflow';
import type { TreeCounts, TreeLimits } from '../domain/campaign-tree';
import { CampaignIdKey } from '../domain/search-attributes';
import { branchProgressSignal } from './definitions';

/** Temporal suggests it near its limits; the tree's own limit keeps every history far below them. */
export function historyIsLong(limits: TreeLimits): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limits.historyEvents;
}

export interface ChildStart {
  workflow: Workflow;
  workflowId: string;
  args: unknown[];
}

/**
 * Starts children a window at a time. Children outlive a run of their parent (continue-as-new), so they are
 * abandoned rather than terminated; a child already started (a retried launch) is simply there.
 */
export async function startChildren(campaignId: string, children: ChildStart[], window: number): Promise<void> {
  for (let i = 0; i < children.length; i += window)
    await Promise.all(children.slice(i, i + window).map((child) => startOne(campaignId, child)));
}

async function startOne(campaignId: string, child: ChildStart): Promise<void> {
  try {
    await startChild(child.workflow, {
      workflowId: child.workflowId,
      args: child.args,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [{ key: CampaignIdKey, value: campaignId }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Sends the node's counts to its parent after gathering changes for a while; returns what was sent. */
export async function reportUpward(
  parentId: string,
  branchId: string,
  counts: () => TreeCounts,
  gatherMs: number,
): Promise<string> {
  await sleep(gatherMs);
  const sent = counts();
  await getExternalWorkflowHandle(parentId).signal(branchProgressSignal, { branchId, counts: sent });
  return JSON.stringify(sent);
}

/**
 * Tells each workflow of a withdrawal. One that closed meanwhile (its tasks all done, a task submitted) has nothing
 * left to withdraw: the server refuses the signal as "not found", and that must not fail the sender, or a
 * campaign withdrawn after one batch finished would never finish itself.
 */
export async function signalEachOpen<Args extends unknown[]>(
  workflowIds: string[],
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  await Promise.all(
    workflowIds.map((workflowId) =>
      getExternalWorkflowHandle(workflowId)
        .signal(signal, ...args)
        .catch((err: unknown) => {
          if (!isClosedTarget(err)) throw err;
          log.info('signal not sent: the workflow has closed', { workflowId, signal: signal.name });
        }),
    ),
  );
}

/** The type the SDK gives the server's refusal (its message may change between versions; the type is the cause). */
function isClosedTarget(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.type === 'ExternalWorkflowExecutionNotFound';
}
