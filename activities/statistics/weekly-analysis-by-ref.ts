// The weekly analysis for a campaign of any size: the campaign comes from the store by hash, the analysis itself is
// stored as a document, and the workflow gets only hashes and counts. Mails and task completions go out a slice of
// schools per activity, so no history holds an event per school.
import type { CampaignRef } from '../../domain/campaign-tree';
import { schoolTaskWorkflowId } from '../../domain/ids';
import type { IsoWeek, WeeklyAnalysis } from '../../domain/weekly-statistics';
import type { ActivityDeps } from '../deps';
import { mailSchoolFigures, mailWeeklyReport } from '../mail/mail-statistics';
import { analyseAndRenderWeek } from './analyse-week';
import type { MailRecord } from '../mail/mailer';
import { completeFromStatisticsSignal } from '../../workflows/definitions';

export interface WeekByRef {
  ref: CampaignRef;
  week: IsoWeek;
  statisticsSha256: string;
}

export interface AnalysedWeekRef {
  reportSha256: string;
  analysisSha256: string;
  indicatorPercent: number;
  schools: number;
}

export interface AnalysisSlice {
  ref: CampaignRef;
  week: IsoWeek;
  analysisSha256: string;
  /** The analysing workflow: Message-IDs and the completion's audit trail name it. */
  analysisId: string;
  offset: number;
  limit: number;
  /** Who imported the week: the completion names the account with the import. */
  importedBy?: string;
}

const ANALYSIS_MEDIA_TYPE = 'application/vnd.decree-weekly-analysis+json';

export async function analyseWeekByRef(deps: ActivityDeps, w: WeekByRef): Promise<AnalysedWeekRef> {
  const { campaign } = await deps.campaigns.load(w.ref);
  const { report, analysis, clauseTexts } = await analyseAndRenderWeek(deps, {
    campaign,
    week: w.week,
    statisticsSha256: w.statisticsSha256,
  });
  const stored = await deps.store.put(Buffer.from(JSON.stringify({ analysis, clauseTexts })), ANALYSIS_MEDIA_TYPE);
  return {
    reportSha256: report.sha256,
    analysisSha256: stored.sha256,
    indicatorPercent: analysis.indicator.percent,
    schools: analysis.schools.length,
  };
}

async function loadAnalysis(
  deps: ActivityDeps,
  sha256: string,
): Promise<{ analysis: WeeklyAnalysis; clauseTexts: Record<string, string> }> {
  const bytes = await deps.store.get(sha256);
  if (!bytes) throw new Error(`weekly analysis ${sha256} is missing from the document store`);
  return JSON.parse(bytes.toString('utf8'));
}

/** Each school of the slice gets its figures; a retry repeats the same Message-IDs. */
export async function mailFiguresSlice(
  deps: ActivityDeps,
  s: AnalysisSlice,
): Promise<{ mailed: number; mails: MailRecord[] }> {
  const [{ campaign }, { analysis, clauseTexts }] = await Promise.all([
    deps.campaigns.load(s.ref),
    loadAnalysis(deps, s.analysisSha256),
  ]);
  const office = { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head };
  const contacts = new Map(campaign.schools.map((c) => [c.id, c]));
  const slice = analysis.schools.slice(s.offset, s.offset + s.limit);
  const mails: MailRecord[] = [];
  for (const school of slice) {
    mails.push(
      await mailSchoolFigures(deps, {
        analysisId: s.analysisId,
        week: s.week,
        office,
        platform: campaign.statistics!.source,
        school,
        officer: contacts.get(school.schoolId)!.officer,
        clauseTexts,
      }),
    );
  }
  return { mailed: slice.length, mails };
}

export async function mailWeeklyReportByRef(
  deps: ActivityDeps,
  r: { ref: CampaignRef; week: IsoWeek; analysisSha256: string; reportSha256: string; analysisId: string },
): Promise<MailRecord> {
  const [{ campaign }, { analysis }, report] = await Promise.all([
    deps.campaigns.load(r.ref),
    loadAnalysis(deps, r.analysisSha256),
    deps.store.find(r.reportSha256),
  ]);
  if (!report) throw new Error(`weekly report ${r.reportSha256} is missing from the store`);
  const office = { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head };
  return mailWeeklyReport(deps, {
    analysisId: r.analysisId,
    campaignId: campaign.id,
    week: r.week,
    office,
    platform: campaign.statistics!.source,
    analysis,
    report: { sha256: r.reportSha256, bytes: report.content.length, mediaType: 'application/pdf' },
  });
}

/** Tasks of the slice whose threshold the figures meet are told so; a task closed or never launched is skipped. */
export async function completeTasksInSlice(deps: ActivityDeps, s: AnalysisSlice): Promise<{ completed: string[] }> {
  const { analysis } = await loadAnalysis(deps, s.analysisSha256);
  const completed: string[] = [];
  for (const school of analysis.schools.slice(s.offset, s.offset + s.limit)) {
    for (const c of school.completes) {
      const taskId = schoolTaskWorkflowId(s.ref.campaignId, school.schoolId, c.clause);
      const delivered = await deps.signalTask(taskId, completeFromStatisticsSignal, {
        week: s.week,
        metric: c.metric,
        value: c.value,
        analysisWorkflowId: s.analysisId,
        ...(s.importedBy ? { importedBy: s.importedBy } : {}),
      });
      if (delivered) completed.push(taskId);
    }
  }
  return { completed };
}

/** What a scheduled run needs of the campaign: its zone and who is told when a week's file is missing. */
export async function statisticsOutline(deps: ActivityDeps, ref: CampaignRef) {
  const { campaign } = await deps.campaigns.load(ref);
  if (!campaign.statistics) throw new Error(`campaign ${campaign.id} has no statistics section`);
  return {
    timeZone: campaign.timeZone,
    platform: campaign.statistics.source,
    office: { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head },
  };
}
