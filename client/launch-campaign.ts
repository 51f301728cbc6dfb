// Launches a campaign once: the workflow ID is the campaign's, so a second launch finds the first.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Campaign } from '../domain/campaign-schema';
import { campaignWorkflowId } from '../domain/ids';
import { CampaignIdKey } from '../domain/search-attributes';
import { campaignWorkflow } from '../workflows';
import { ensureWeeklySchedule } from './weekly-schedule';

/** Also creates (or updates) the campaign's weekly statistics Schedule when the campaign has one. */
export async function launchCampaign(client: Client, campaign: Campaign, taskQueue: string): Promise<{ workflowId: string; launched: boolean }> {
  const launched = await startCampaignWorkflow(client, campaign, taskQueue);
  await ensureWeeklySchedule(client, campaign, taskQueue);
  return launched;
}

async function startCampaignWorkflow(client: Client, campaign: Campaign, taskQueue: string): Promise<{ workflowId: string; launched: boolean }> {
  const workflowId = campaignWorkflowId(campaign.id);
  try {
    await client.workflow.start(campaignWorkflow, {
      workflowId,
      taskQueue,
      args: [campaign],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CampaignIdKey, value: campaign.id }],
    });
    return { workflowId, launched: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, launched: false };
    throw err;
  }
}
