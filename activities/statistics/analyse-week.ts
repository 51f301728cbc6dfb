// The weekly analysis as an activity: read the imported weeks, analyse, render the report PDF, store it by hash.
import { ApplicationFailure } from '@temporalio/activity';
import type { Campaign } from '../../domain/campaign-schema';
import { formatRuDate } from '../../domain/dates';
import { mondayOfIsoWeek, sundayOfIsoWeek } from '../../domain/iso-week';
import { analyseWeek } from '../../domain/statistics-analysis';
import { USER_ERRORS } from '../../domain/user-errors';
import type { IsoWeek, StatisticsWeek, WeeklyAnalysis } from '../../domain/weekly-statistics';
import type { StoredDocument } from '../../store/document-store';
import { renderPdf } from '../documents/pdf-printer';
import { weeklyReportDefinition } from '../documents/weekly-report-layout';
import type { ActivityDeps } from '../deps';
import { renderClauseText } from '../texts/decree-text';
import { issuePdf, withVerification } from '../documents/document-verification';

export interface WeekToAnalyse {
  campaign: Campaign;
  week: IsoWeek;
  statisticsSha256: string;
}

export interface AnalysedWeek {
  report: StoredDocument;
  analysis: WeeklyAnalysis;
  /** The decree's words for every clause a target cites, for the schools' mails. */
  clauseTexts: Record<string, string>;
}

export function weekLabel(week: IsoWeek): string {
  return `${week} (${formatRuDate(mondayOfIsoWeek(week)!)}–${formatRuDate(sundayOfIsoWeek(week))})`;
}

export function decreeReference(campaign: Campaign): string {
  return `${campaign.decree.kind.toLowerCase()} от ${formatRuDate(campaign.decree.date)} № ${campaign.decree.number}`;
}

/**
 * The import never records such a week; this guards weeks recorded before it checked, or by hand:
 * an official report over less than half of the district («0 из 12») is worse than no report.
 */
function refuseThinWeek(week: StatisticsWeek, rosterSize: number): void {
  if (week.schools.length * 2 >= rosterSize) return;
  throw ApplicationFailure.nonRetryable(
    `${USER_ERRORS.InsufficientStatistics}: в данных за ${week.week} ${week.schools.length} из ${rosterSize} школ`,
    'InsufficientStatistics',
  );
}

export async function analyseAndRenderWeek(
  deps: ActivityDeps,
  { campaign, week, statisticsSha256 }: WeekToAnalyse,
): Promise<AnalysedWeek> {
  const config = campaign.statistics;
  if (!config) throw new Error(`campaign ${campaign.id} has no statistics section`);
  const weeks = await deps.ledger(campaign.id).history(week, statisticsSha256);
  refuseThinWeek(weeks.at(-1)!, campaign.schools.length);
  const analysis = analyseWeek({ campaignId: campaign.id, week, weeks, config, roster: campaign.schools });
  const report = await issuePdf(deps, { kind: 'weekly-report', campaignId: campaign.id }, (v) =>
    renderPdf(
      withVerification(
        weeklyReportDefinition(analysis, {
          officeName: campaign.office.name,
          platform: config.source,
          decreeRef: decreeReference(campaign),
          timeZone: campaign.timeZone,
          weekLabel: weekLabel(week),
        }),
        v,
      ),
    ),
  );
  const cited = new Set(config.targets.map((t) => t.clause));
  const clauseTexts = Object.fromEntries(
    campaign.decree.clauses
      .filter((c) => cited.has(c.number))
      .map((c) => [c.number, renderClauseText(campaign, c, deps.renderer)]),
  );
  return { report, analysis, clauseTexts };
}
