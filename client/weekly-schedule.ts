// The campaign's weekly Temporal Schedule: the analysis runs every week at the configured local time,
// whether or not anyone remembers (clause 1.8). Creating it twice updates it, so a changed campaign file applies.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Campaign } from '../domain/campaign-schema';
import type { CampaignRef } from '../domain/campaign-tree';
import { weeklyStatisticsScheduleId } from '../domain/ids';
import { CampaignIdKey } from '../domain/search-attributes';
import { weeklyStatisticsScheduleWorkflow } from '../workflows';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/** A tree campaign's schedule carries the stored file's reference: a schedule's arguments must not grow with the
 * roster. */
export function weeklyScheduleOptions(campaign: Campaign, taskQueue: string, ref?: CampaignRef): ScheduleOptions {
  const weekly = campaign.statistics!.weekly;
  return {
    scheduleId: weeklyStatisticsScheduleId(campaign.id),
    spec: {
      calendars: [{ dayOfWeek: WEEKDAYS[weekly.weekday - 1], hour: weekly.localHour, minute: 0 }],
      timezone: campaign.timeZone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: weeklyStatisticsScheduleWorkflow,
      args: [ref ? { ref } : campaign],
      taskQueue,
      workflowId: `weekly-statistics-run-${campaign.id}`,
      typedSearchAttributes: [{ key: CampaignIdKey, value: campaign.id }],
    },
    // A run missed while the server was down is made up within a day; two runs never overlap.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    memo: { campaignId: campaign.id },
  };
}

/** Returns undefined for a campaign without a statistics section. */
export async function ensureWeeklySchedule(
  client: Client,
  campaign: Campaign,
  taskQueue: string,
  ref?: CampaignRef,
): Promise<string | undefined> {
  if (!campaign.statistics) return undefined;
  const options = weeklyScheduleOptions(campaign, taskQueue, ref);
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(options.scheduleId)
      .update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
  }
  return options.scheduleId;
}
