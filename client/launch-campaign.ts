// Launches a campaign once: the workflow ID is the campaign's, so a second launch finds the first. The campaign file
// goes into the store first; the workflow gets its hash, so no workflow input grows with the roster.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { storeCampaignFile } from '../activities/campaign-tree/campaign-files';
import type { Campaign } from '../domain/campaign-schema';
import { DEFAULT_TREE_LIMITS, treeTaskQueue, type CampaignRef, type TreeLimits } from '../domain/campaign-tree';
import { campaignWorkflowId } from '../domain/ids';
import { CampaignIdKey } from '../domain/search-attributes';
import type { DocumentStore } from '../store/document-store';
import { campaignWorkflow } from '../workflows';
import { ensureWeeklySchedule } from './weekly-schedule';

export interface LaunchDeps {
  client: Client;
  /** The campaign's task queue: its tasks run there, its tree on `treeTaskQueue` of it. */
  taskQueue: string;
  documents: DocumentStore;
}

/** Also creates (or updates) the campaign's weekly statistics Schedule when the campaign has one. */
export async function launchCampaign(
  deps: LaunchDeps,
  campaign: Campaign,
  limits: TreeLimits = DEFAULT_TREE_LIMITS,
  launchedBy?: string,
): Promise<{ workflowId: string; launched: boolean }> {
  const ref = await storeCampaignFile(deps.documents, campaign);
  const launched = await startCampaignWorkflow(deps, ref, limits, launchedBy);
  await ensureWeeklySchedule(deps.client, campaign, deps.taskQueue, ref);
  return launched;
}

async function startCampaignWorkflow(
  deps: LaunchDeps,
  ref: CampaignRef,
  limits: TreeLimits,
  launchedBy?: string,
): Promise<{ workflowId: string; launched: boolean }> {
  const workflowId = campaignWorkflowId(ref.campaignId);
  try {
    await deps.client.workflow.start(campaignWorkflow, {
      workflowId,
      taskQueue: treeTaskQueue(deps.taskQueue),
      // Who launched stays in the started event, where the auditor's journal reads it.
      args: [{ ref, limits, ...(launchedBy ? { launchedBy } : {}) }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CampaignIdKey, value: ref.campaignId }],
    });
    return { workflowId, launched: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, launched: false };
    throw err;
  }
}
