// Messages of the processes: Updates from email links and office pages, the office's signals, the queries pages read.
import type { Campaign } from '../domain/campaign-schema';
import type { FiledReport } from '../kinds/school-report/report';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CompletionByStatistics,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  ExtensionRecord,
  SentStep,
  TaskReceipt,
  TaskState,
  TaskStatus,
  TaskSubmissionInput,
  Withdrawal,
} from '../domain/school-task';
import type { CampaignRef, TreeCounts } from '../domain/campaign-tree';
import type { TaskKind } from '../domain/task-kinds';

// Each kind's own messages, so the journal's table of Updates covers them too.
export * from '../kinds/chat-migration/messages';
export * from '../kinds/school-report/messages';
export * from '../kinds/questionnaire/messages';

export const submitTaskUpdate = defineUpdate<TaskReceipt, [TaskSubmissionInput]>('submitTask');
/** The school asks for a new due date, with a reason (from the task page). */
export const requestExtensionUpdate = defineUpdate<ExtensionRecord, [ExtensionRequestInput]>('requestExtension');
/** The office approves or rejects a pending extension request; approval moves the ladder's timers. */
export const decideExtensionUpdate = defineUpdate<ExtensionRecord, [ExtensionDecisionInput]>('decideExtension');
export const taskStateQuery = defineQuery<TaskState>('taskState');
/** A school task tells its campaign that a report version was filed (for the consolidated report). */
export const reportFiledSignal = defineSignal<[FiledReport]>('reportFiled');
/** The office withdraws a task (or, through the campaign, all of them), with a reason. */
export const withdrawTaskSignal = defineSignal<[Withdrawal]>('withdrawTask');
export const withdrawCampaignSignal = defineSignal<[Withdrawal]>('withdrawCampaign');
/** The batch mailed one step of the task's ladder (SchoolTask.ladderByBatch); the task records it as its own. */
export const deadlineStepSentSignal = defineSignal<[SentStep]>('deadlineStepSent');
/** A fresh link goes to the assignee's address on file; older links stop working. */
/** The weekly analysis found the task's target met (clause 1.2: 100% of staff registered). */
export const completeFromStatisticsSignal = defineSignal<[CompletionByStatistics]>('completeFromStatistics');
/** The office undid the import whose analysis completed the task: it is open again (only that analysis's
 * completion). */
export const reopenFromStatisticsSignal = defineSignal<[ImportUndo]>('reopenFromStatistics');
export const renewTaskLinkSignal = defineSignal<[{ requestedBy: 'office' | 'assignee'; by?: string }]>('renewTaskLink');

/** An office undoes one import: its analysis, the reason the schools are told, the account. */
export interface ImportUndo {
  analysisWorkflowId: string;
  reason: string;
  by?: string;
}

/** One edition of a clause's consolidated report: at the deadline, then again after each late report. */
export interface ConsolidatedEdition {
  clauseNumber: string;
  edition: number;
  at: string;
  sha256: string;
  submitted: number;
  total: number;
}

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
  consolidatedReports?: ConsolidatedEdition[];
}

/** A level of the campaign tree tells its parent its counts (absolute, so a repeated signal changes nothing). */
export const branchProgressSignal = defineSignal<[{ branchId: string; counts: TreeCounts }]>('branchProgress');
/** A task of the tree tells its batch that its status changed (done or withdrawn). */
/** holdUntil: a task done by statistics may reopen until then, so its batch waits that long before it ends. */
export const taskStatusSignal =
  defineSignal<[{ taskId: string; clauseNumber: string; status: TaskStatus; holdUntil?: string }]>('taskStatus');
/** Any level of the tree: its counts, children and state; never its tasks. */
/** The stored campaign file a tree campaign was launched from (pages load the roster from the store by it). */
export const campaignRefQuery = defineQuery<CampaignRef>('campaignRef');
export const treeProgressQuery = defineQuery<TreeProgress>('treeProgress');

export interface TreeProgress {
  campaignId: string;
  level: 'campaign' | 'region' | 'batch';
  timeZone?: string;
  decreeSha256?: string;
  /** The campaign: its decree as people name it (kind, number, date, title). */
  decree?: { kind: string; number: string; date: string; title: string };
  launchedAt: string;
  /** Tasks the level will start when its launch is complete. */
  expectedTasks: number;
  expectedSchools: number;
  /** The campaign: the task clauses, for the page's table by clause. */
  clauses?: { number: string; title: string; due: string; kind?: TaskKind }[];
  counts: TreeCounts;
  /** The campaign: its regions with their counts; a region: its batches (at most a few hundred). */
  children: { id: string; code: string; name: string; counts?: TreeCounts }[];
  withdrawn?: Withdrawal & { at: string };
  consolidatedReports: ConsolidatedEdition[];
  /** Runs of this workflow so far (continue-as-new). */
  run: number;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
/** The campaign as launched: office pages read its roster and statistics settings from the running process. */
export const campaignDefinitionQuery = defineQuery<Campaign>('campaignDefinition');
