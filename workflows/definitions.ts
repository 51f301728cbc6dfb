// Messages of the processes: Updates from email links and office pages, the office's signals, the queries pages read.
import type { Campaign } from '../domain/campaign-schema';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompletionByStatistics, ExtensionRecord, TaskReceipt, TaskState, TaskSubmissionInput, Withdrawal } from '../domain/school-task';

export const submitTaskUpdate = defineUpdate<TaskReceipt, [TaskSubmissionInput]>('submitTask');
/** The school asks for a new due date, with a reason (from the task page). */
export const requestExtensionUpdate = defineUpdate<ExtensionRecord, [unknown]>('requestExtension');
/** The office approves or rejects a pending extension request; approval moves the ladder's timers. */
export const decideExtensionUpdate = defineUpdate<ExtensionRecord, [unknown]>('decideExtension');
export const taskStateQuery = defineQuery<TaskState>('taskState');
/** The office withdraws a task (or, through the campaign, all of them), with a reason. */
export const withdrawTaskSignal = defineSignal<[Withdrawal]>('withdrawTask');
export const withdrawCampaignSignal = defineSignal<[Withdrawal]>('withdrawCampaign');
/** A fresh link goes to the assignee's address on file; older links stop working. */
/** The weekly analysis found the task's target met (clause 1.2: 100% of staff registered). */
export const completeFromStatisticsSignal = defineSignal<[CompletionByStatistics]>('completeFromStatistics');
export const renewTaskLinkSignal = defineSignal<[{ requestedBy: 'office' | 'assignee' }]>('renewTaskLink');

export interface CampaignTaskRow {
  taskId: string;
  schoolId: string;
  schoolName: string;
  clauseNumber: string;
  title: string;
  due: string;
  status: 'open' | 'done' | 'withdrawn';
  doneAt?: string;
}

export interface CampaignProgress {
  campaignId: string;
  timeZone: string;
  decreeSha256?: string;
  launchedAt: string;
  total: number;
  done: number;
  withdrawn?: Withdrawal & { at: string };
  tasks: CampaignTaskRow[];
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
/** The campaign as launched: office pages read its roster and statistics settings from the running process. */
export const campaignDefinitionQuery = defineQuery<Campaign>('campaignDefinition');
