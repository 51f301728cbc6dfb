// The only way workflows reach I/O: activities with explicit timeouts and retry policies.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../activities';

// No attempt limit: a down SMTP server or a crashed worker delays work, it never drops it.
const retry = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' };

/** Rendering is CPU work; a stuck render is retried. */
export const documents = proxyActivities<
  Pick<CampaignActivities, 'renderDecree' | 'renderSchoolReport' | 'renderConsolidatedReport'>
>({
  startToCloseTimeout: '2m',
  retry,
});

/**
 * Each send is idempotent by Message-ID, so a retry after a lost acknowledgement repeats the same message.
 * A send takes seconds; if the worker dies mid-send, another worker retries it after this timeout.
 */
export const mail = proxyActivities<
  Pick<
    CampaignActivities,
    | 'mailDecreeToSchool'
    | 'mailTaskReceipt'
    | 'mailDeadlineStep'
    | 'mailDeadlineStepRecorded'
    | 'mailTaskWithdrawn'
    | 'mailTaskReopened'
    | 'mailExtensionRequested'
    | 'mailExtensionDecided'
    | 'mailTaskLink'
    | 'mailSchoolFigures'
    | 'mailWeeklyReport'
    | 'mailStatisticsMissing'
    | 'mailReportToOffice'
    | 'mailReportReceipt'
    | 'mailConsolidatedReport'
    | 'mailChatNudge'
    | 'mailDecreeToWindow'
  >
>({
  startToCloseTimeout: '30s',
  retry,
});

/** Reads the imported weeks, analyses one and renders its report PDF (CPU work, like the decree). */
export const statistics = proxyActivities<
  Pick<
    CampaignActivities,
    | 'analyseWeek'
    | 'latestImportedWeek'
    | 'analyseWeekByRef'
    | 'statisticsOutline'
    | 'mailFiguresSlice'
    | 'completeTasksInSlice'
    | 'mailWeeklyReportByRef'
    | 'markImportUndone'
    | 'reopenTasksClosedByImport'
  >
>({
  startToCloseTimeout: '2m',
  retry,
});

/** The campaign tree's planning (reads the stored campaign file) and its consolidated editions (read model, PDF,
 * mail). */
// Two minutes: the country's outline and a 40,000-school edition take seconds; a dead worker's task is retried soon.
export const tree = proxyActivities<
  Pick<
    CampaignActivities,
    | 'campaignOutline'
    | 'renderCampaignDecree'
    | 'regionBatches'
    | 'planBatchWindow'
    | 'startWindowTasks'
    | 'issueConsolidatedEdition'
    | 'batchLadder'
  >
>({
  startToCloseTimeout: '2m',
  retry,
});

/**
 * One step of the ladder mailed to a batch's hundred schools: seconds, or a minute when a region's batches all send
 * at once. Its heartbeat carries the tasks done, so a dead worker's attempt is retried within a minute and resumes.
 */
export const batchDeadline = proxyActivities<Pick<CampaignActivities, 'mailBatchDeadlineStep'>>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry,
});

/** A write to the read model is one indexed upsert; a stale one is ignored by its revision. */
export const readModel = proxyActivities<Pick<CampaignActivities, 'recordTaskState'>>({
  startToCloseTimeout: '30s',
  retry,
});

/**
 * A reminder or escalation as a local activity: it runs inside the workflow task that its timer woke, so a step
 * costs one workflow task and no activity task (6,000 steps fall due in one minute in a region). Idempotent by
 * Message-ID like every send; a retry past a minute waits on a timer of its own.
 */
export const deadlineStep = proxyLocalActivities<Pick<CampaignActivities, 'mailDeadlineStepRecorded'>>({
  startToCloseTimeout: '30s',
  retry,
});
