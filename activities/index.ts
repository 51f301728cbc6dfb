// Activities as a factory over their dependencies: no module-level singletons.
import { Context } from '@temporalio/activity';
import { questionnaireActivities } from '../kinds/questionnaire/activities';
import type { Campaign } from '../domain/campaign-schema';
import type { ActivityDeps } from './deps';
import { renderAndStoreDecree } from './documents/render-decree';
import { mailDecreeToSchool, type DecreeNotice } from './mail/mail-decree-to-school';
import { mailDeadlineStep, mailDeadlineStepRecorded, type DeadlineStepNotice } from './mail/mail-deadline-step';
import { mailExtensionDecided, mailExtensionRequested, type ExtensionNotice } from './mail/mail-extension';
import { mailTaskLink, type TaskLinkNotice } from './mail/mail-task-link';
import { mailTaskReceipt, type ReceiptNotice } from './mail/mail-task-receipt';
import { mailTaskReopened, type ReopeningNotice } from './mail/mail-task-reopened';
import { mailTaskWithdrawn, type WithdrawalNotice } from './mail/mail-task-withdrawn';
import {
  mailSchoolFigures,
  mailStatisticsMissing,
  mailWeeklyReport,
  type SchoolFiguresNotice,
  type StatisticsMissingNotice,
  type WeeklyReportNotice,
} from './mail/mail-statistics';
import { analyseAndRenderWeek, type WeekToAnalyse } from './statistics/analyse-week';
import {
  mailChatNudge,
  mailConsolidatedReport,
  mailReportReceipt,
  mailReportToOffice,
  type ChatNudgeNotice,
  type ConsolidatedReportNotice,
} from './mail/mail-reports';
import {
  renderAndStoreConsolidatedReport,
  renderAndStoreSchoolReport,
  type ConsolidatedReportRequest,
  type ReportVersionRef,
} from './reports/report-documents';
import {
  campaignOutline,
  issueConsolidatedEdition,
  mailDecreeToWindow,
  planBatchWindow,
  regionBatches,
  startWindowTasks,
  renderCampaignDecree,
  type BatchWindow,
  type EditionRequest,
} from './campaign-tree/campaign-tree-activities';
import { batchLadder, mailBatchDeadlineStep, type BatchDeadlineStep } from './campaign-tree/batch-deadline-steps';
import { taskQueueOfTasks, type CampaignRef, type TreeLimits } from '../domain/campaign-tree';
import type { TaskState } from '../domain/school-task';
import type { ImportUndoRequest } from '../domain/weekly-statistics';
import { markImportUndone, reopenTasksClosedByImport } from './statistics/undo-import';
import {
  analyseWeekByRef,
  completeTasksInSlice,
  mailFiguresSlice,
  mailWeeklyReportByRef,
  statisticsOutline,
  type AnalysisSlice,
  type WeekByRef,
} from './statistics/weekly-analysis-by-ref';

export function createActivities(deps: ActivityDeps) {
  return {
    /** Renders the decree PDF, stores it by SHA-256 and returns the hash (recorded in history) with the clause
     * texts. */
    async renderDecree(campaign: Campaign) {
      const { document, text } = await renderAndStoreDecree(campaign, deps.renderer, deps);
      const clauseTexts = Object.fromEntries(text.clauses.map((c) => [c.number, c.text]));
      return { document, clauseTexts };
    },
    mailDecreeToSchool: (notice: DecreeNotice) => mailDecreeToSchool(deps, notice),
    mailTaskReceipt: (notice: ReceiptNotice) => mailTaskReceipt(deps, notice),
    mailDeadlineStep: (notice: DeadlineStepNotice) => mailDeadlineStep(deps, notice),
    mailDeadlineStepRecorded: (input: Parameters<typeof mailDeadlineStepRecorded>[1]) =>
      mailDeadlineStepRecorded(deps, input),
    mailTaskWithdrawn: (notice: WithdrawalNotice) => mailTaskWithdrawn(deps, notice),
    mailTaskReopened: (notice: ReopeningNotice) => mailTaskReopened(deps, notice),
    mailExtensionRequested: (notice: ExtensionNotice) => mailExtensionRequested(deps, notice),
    mailExtensionDecided: (notice: ExtensionNotice) => mailExtensionDecided(deps, notice),
    mailTaskLink: (notice: TaskLinkNotice) => mailTaskLink(deps, notice),
    /** Analyses a week of statistics; the report PDF's hash and the analysis go into history. */
    analyseWeek: (input: WeekToAnalyse) => analyseAndRenderWeek(deps, input),
    async latestImportedWeek(campaignId: string) {
      const latest = await deps.ledger(campaignId).latest();
      return latest && { week: latest.week, sha256: latest.sha256 };
    },
    mailSchoolFigures: (notice: SchoolFiguresNotice) => mailSchoolFigures(deps, notice),
    mailWeeklyReport: (notice: WeeklyReportNotice) => mailWeeklyReport(deps, notice),
    mailStatisticsMissing: (notice: StatisticsMissingNotice) => mailStatisticsMissing(deps, notice),
    /** A school's report version as PDF; its hash goes into the task's history. */
    renderSchoolReport: (ref: ReportVersionRef) => renderAndStoreSchoolReport(deps, ref),
    renderConsolidatedReport: (input: ConsolidatedReportRequest) => renderAndStoreConsolidatedReport(deps, input),
    mailReportToOffice: (ref: ReportVersionRef) => mailReportToOffice(deps, ref),
    mailReportReceipt: (ref: ReportVersionRef) => mailReportReceipt(deps, ref),
    mailConsolidatedReport: (notice: ConsolidatedReportNotice) => mailConsolidatedReport(deps, notice),
    mailChatNudge: (notice: ChatNudgeNotice) => mailChatNudge(deps, notice),
    // The campaign tree: every input is the stored file's hash and the keys of one node.
    campaignOutline: (ref: CampaignRef, limits: TreeLimits) => campaignOutline(deps, ref, limits),
    renderCampaignDecree: (ref: CampaignRef) => renderCampaignDecree(deps, ref),
    regionBatches: (ref: CampaignRef, regionCode: string, limits: TreeLimits) =>
      regionBatches(deps, ref, regionCode, limits),
    planBatchWindow: (window: BatchWindow) => planBatchWindow(deps, window),
    // Tasks run on the campaign's queue, the one the tree's queue is named after (see treeTaskQueue).
    startWindowTasks: (window: BatchWindow) =>
      startWindowTasks(deps, window, taskQueueOfTasks(Context.current().info.taskQueue)),
    mailDecreeToWindow: (window: BatchWindow & { issuedAt: string }) => mailDecreeToWindow(deps, window),
    issueConsolidatedEdition: (request: EditionRequest) => issueConsolidatedEdition(deps, request),
    // The batch's deadline ladder: its steps once, then one activity per step for the batch's hundred tasks.
    batchLadder: (ref: CampaignRef) => batchLadder(deps, ref),
    mailBatchDeadlineStep: (step: BatchDeadlineStep) => mailBatchDeadlineStep(deps, step),
    // The weekly analysis by reference: hashes and counts into history, a slice of schools per activity.
    analyseWeekByRef: (week: WeekByRef) => analyseWeekByRef(deps, week),
    mailFiguresSlice: (slice: AnalysisSlice) => mailFiguresSlice(deps, slice),
    statisticsOutline: (ref: CampaignRef) => statisticsOutline(deps, ref),
    completeTasksInSlice: (slice: AnalysisSlice) => completeTasksInSlice(deps, slice),
    markImportUndone: (request: ImportUndoRequest) => markImportUndone(deps, request),
    reopenTasksClosedByImport: (request: ImportUndoRequest) => reopenTasksClosedByImport(deps, request),
    mailWeeklyReportByRef: (report: Parameters<typeof mailWeeklyReportByRef>[1]) => mailWeeklyReportByRef(deps, report),
    /** The task pages' read model; a write older than the row is ignored, so retries and reordering are harmless. */
    recordTaskState: (input: { campaignId: string; state: TaskState; revision: number }) =>
      deps.tasks.record(input.campaignId, input.state, input.revision),
    ...questionnaireActivities(deps),
  };
}

export type CampaignActivities = ReturnType<typeof createActivities>;
