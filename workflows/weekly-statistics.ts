// Clauses 1.7–1.8: every week the office's statistics are analysed, each school gets its figures,
// the office gets the report, and tasks the figures fulfil complete themselves.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import { schoolTaskWorkflowId, weeklyAnalysisWorkflowId } from '../domain/ids';
import { isoWeekOf, previousIsoWeek } from '../domain/iso-week';
import { CampaignIdKey } from '../domain/search-attributes';
import type { Campaign } from '../domain/campaign-schema';
import type { CampaignRef } from '../domain/campaign-tree';
import type { ContactRef } from '../domain/school-task';
import type { IsoWeek } from '../domain/weekly-statistics';
import { mail, statistics } from './activity-proxies';
import { completeFromStatisticsSignal } from './definitions';

export interface WeeklyAnalysisInput {
  campaign: Campaign;
  week: IsoWeek;
  /** The version of the week's figures analysed (content address of the imported file's data). */
  statisticsSha256: string;
}

/** Since the campaign tree: the stored campaign file's reference instead of the campaign. */
export interface WeeklyAnalysisByRef {
  ref: CampaignRef;
  week: IsoWeek;
  statisticsSha256: string;
  /** The staff account that imported the week (absent: the schedule, or an import before accounts were named). */
  importedBy?: string;
}

export interface WeeklyAnalysisOutcome {
  week: IsoWeek;
  reportSha256: string;
  indicatorPercent: number;
  /** The tasks the figures completed (by reference: the first ones, with completedCount the whole number). */
  completedTasks: string[];
  completedCount?: number;
}

/** Schools mailed, and tasks completed, per activity of an analysis by reference. */
const SLICE = 100;
const LISTED_COMPLETIONS = 100;

export async function weeklyAnalysisWorkflow(
  input: WeeklyAnalysisInput | WeeklyAnalysisByRef,
): Promise<WeeklyAnalysisOutcome> {
  if ('ref' in input) return analyseByRef(input);
  const { campaign, week, statisticsSha256 } = input;
  const { report, analysis, clauseTexts } = await statistics.analyseWeek({ campaign, week, statisticsSha256 });
  const office = { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head };
  await Promise.all(
    analysis.schools.map((school) => {
      const contact = campaign.schools.find((s) => s.id === school.schoolId)!;
      return mail.mailSchoolFigures({
        analysisId: workflowInfo().workflowId,
        week,
        office,
        platform: campaign.statistics!.source,
        school,
        officer: contact.officer,
        clauseTexts,
      });
    }),
  );
  await mail.mailWeeklyReport({
    analysisId: workflowInfo().workflowId,
    campaignId: campaign.id,
    week,
    office,
    platform: campaign.statistics!.source,
    analysis,
    report,
  });
  const completedTasks = await completeTasksFromFigures(campaign, week, analysis.schools);
  return { week, reportSha256: report.sha256, indicatorPercent: analysis.indicator.percent, completedTasks };
}

/** Any size of roster: the analysis stays in the store; mails and completions go a slice of schools at a time. */
async function analyseByRef({
  ref,
  week,
  statisticsSha256,
  importedBy,
}: WeeklyAnalysisByRef): Promise<WeeklyAnalysisOutcome> {
  const analysisId = workflowInfo().workflowId;
  const analysed = await statistics.analyseWeekByRef({ ref, week, statisticsSha256 });
  const slices = Array.from({ length: Math.ceil(analysed.schools / SLICE) }, (_, i) => ({
    ref,
    week,
    analysisSha256: analysed.analysisSha256,
    analysisId,
    offset: i * SLICE,
    limit: SLICE,
    ...(importedBy ? { importedBy } : {}),
  }));
  for (const slice of slices) await statistics.mailFiguresSlice(slice);
  await statistics.mailWeeklyReportByRef({
    ref,
    week,
    analysisSha256: analysed.analysisSha256,
    reportSha256: analysed.reportSha256,
    analysisId,
  });
  const completed: string[] = [];
  let completedCount = 0;
  for (const slice of slices) {
    const { completed: ids } = await statistics.completeTasksInSlice(slice);
    completedCount += ids.length;
    completed.push(...ids.slice(0, LISTED_COMPLETIONS - completed.length));
  }
  return {
    week,
    reportSha256: analysed.reportSha256,
    indicatorPercent: analysed.indicatorPercent,
    completedTasks: completed,
    completedCount,
  };
}

/** Signals each task whose threshold the week's figures meet; a task already closed ignores it. */
async function completeTasksFromFigures(
  campaign: Campaign,
  week: IsoWeek,
  schools: { schoolId: string; completes: { clause: string; metric: string; value: number }[] }[],
): Promise<string[]> {
  const completions = schools.flatMap((s) =>
    s.completes.map((c) => ({ ...c, taskId: schoolTaskWorkflowId(campaign.id, s.schoolId, c.clause) })),
  );
  const signalled = await Promise.all(
    completions.map(async (c) => {
      try {
        await getExternalWorkflowHandle(c.taskId).signal(completeFromStatisticsSignal, {
          week,
          metric: c.metric,
          value: c.value,
          analysisWorkflowId: workflowInfo().workflowId,
        });
        return c.taskId;
      } catch (err) {
        log.info('task not signalled (closed or never launched)', { taskId: c.taskId, error: String(err) });
        return undefined;
      }
    }),
  );
  return signalled.filter((id): id is string => id !== undefined);
}

/**
 * Started by the campaign's weekly Temporal Schedule: analyses the latest imported week unless it was analysed
 * already (an upload starts its analysis at once), and reminds the office when last week's file is missing.
 */
export async function weeklyStatisticsScheduleWorkflow(input: Campaign | { ref: CampaignRef }): Promise<string> {
  if ('ref' in input) return scheduledRunByRef(input.ref);
  const campaign = input;
  const office = { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head };
  return scheduledRun(
    { campaignId: campaign.id, timeZone: campaign.timeZone, office, platform: campaign.statistics!.source },
    (latest) => ({ campaign, ...latest }),
  );
}

/** The schedule of a tree campaign carries the file's reference; what the run needs comes from a small outline. */
async function scheduledRunByRef(ref: CampaignRef): Promise<string> {
  const outline = await statistics.statisticsOutline(ref);
  return scheduledRun({ campaignId: ref.campaignId, ...outline }, (latest) => ({ ref, ...latest }));
}

interface ScheduledCampaign {
  campaignId: string;
  timeZone: string;
  office: { name: string; sender: ContactRef; head: ContactRef };
  platform: string;
}

/** Asks for last week's file when it is missing, and analyses the latest imported week once. */
async function scheduledRun(
  c: ScheduledCampaign,
  analysisOf: (latest: { week: IsoWeek; statisticsSha256: string }) => WeeklyAnalysisInput | WeeklyAnalysisByRef,
): Promise<string> {
  const expectedWeek = previousIsoWeek(isoWeekOf(localToday(c.timeZone)));
  const latest = await statistics.latestImportedWeek(c.campaignId);
  if (!latest || latest.week < expectedWeek) {
    await mail.mailStatisticsMissing({
      campaignId: c.campaignId,
      expectedWeek,
      latestWeek: latest?.week,
      office: c.office,
      platform: c.platform,
    });
  }
  if (!latest) return `no statistics imported; ${expectedWeek} requested from the office`;
  try {
    await executeChild(weeklyAnalysisWorkflow, {
      workflowId: weeklyAnalysisWorkflowId(c.campaignId, latest.week, latest.sha256),
      args: [analysisOf({ week: latest.week, statisticsSha256: latest.sha256 })],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CampaignIdKey, value: c.campaignId }],
    });
    return `analysed ${latest.week}`;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return `${latest.week} analysed already`;
    throw err;
  }
}

function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone }).format(new Date());
}
