// Messages of the processes: the Update a school submits through its link, and the queries the pages read.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskReceipt, TaskState, TaskSubmissionInput } from '../domain/school-task';

export const submitTaskUpdate = defineUpdate<TaskReceipt, [TaskSubmissionInput]>('submitTask');
export const taskStateQuery = defineQuery<TaskState>('taskState');

export interface CampaignTaskRow {
  taskId: string;
  schoolId: string;
  schoolName: string;
  clauseNumber: string;
  title: string;
  due: string;
  status: 'open' | 'done';
  doneAt?: string;
}

export interface CampaignProgress {
  campaignId: string;
  decreeSha256?: string;
  launchedAt: string;
  total: number;
  done: number;
  tasks: CampaignTaskRow[];
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
