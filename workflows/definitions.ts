// Messages of the processes: the Update a school submits through its link, the office's signals, the queries pages read.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskReceipt, TaskState, TaskSubmissionInput, Withdrawal } from '../domain/school-task';

export const submitTaskUpdate = defineUpdate<TaskReceipt, [TaskSubmissionInput]>('submitTask');
export const taskStateQuery = defineQuery<TaskState>('taskState');
/** The office withdraws a task (or, through the campaign, all of them), with a reason. */
export const withdrawTaskSignal = defineSignal<[Withdrawal]>('withdrawTask');
export const withdrawCampaignSignal = defineSignal<[Withdrawal]>('withdrawCampaign');

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
  decreeSha256?: string;
  launchedAt: string;
  total: number;
  done: number;
  withdrawn?: Withdrawal & { at: string };
  tasks: CampaignTaskRow[];
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
