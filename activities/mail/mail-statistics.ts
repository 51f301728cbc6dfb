// Mails of the weekly analysis: each school its figures, the office the report PDF, and a reminder
// to the office when a week's statistics were not uploaded.
import { formatRuDate } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import { sundayOfIsoWeek } from '../../domain/iso-week';
import type { ContactRef } from '../../domain/school-task';
import { METRIC_LABELS, STATISTICS_METRICS } from '../../domain/statistics-schema';
import type { IsoWeek, SchoolAnalysis, WeeklyAnalysis } from '../../domain/weekly-statistics';
import type { StoredDocument } from '../../store/document-store';
import type { ActivityDeps } from '../deps';
import { weekLabel } from '../statistics/analyse-week';
import { ruPercent } from '../texts/renderer';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

interface OfficeRef {
  name: string;
  sender: ContactRef;
  head: ContactRef;
}

export interface SchoolFiguresNotice {
  analysisId: string;
  week: IsoWeek;
  office: OfficeRef;
  platform: string;
  school: SchoolAnalysis;
  officer: ContactRef;
  clauseTexts: Record<string, string>;
}

export interface WeeklyReportNotice {
  analysisId: string;
  campaignId: string;
  week: IsoWeek;
  office: OfficeRef;
  platform: string;
  analysis: WeeklyAnalysis;
  report: StoredDocument;
}

export interface StatisticsMissingNotice {
  campaignId: string;
  expectedWeek: IsoWeek;
  latestWeek?: IsoWeek;
  office: OfficeRef;
  platform: string;
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(2).replace('.', ',')} п.п.`;

function figureRows(school: SchoolAnalysis) {
  return STATISTICS_METRICS.filter((m) => school.figures[m] !== undefined).map((m) => ({
    label: METRIC_LABELS[m],
    value: ruPercent(school.figures[m]!),
    change: school.change[m] !== undefined ? signed(school.change[m]!) : '',
  }));
}

export function weeklyReportFileName(campaignId: string, week: IsoWeek): string {
  return `analiz-statistiki-${campaignId}-${week}.pdf`;
}

export async function mailSchoolFigures(deps: ActivityDeps, notice: SchoolFiguresNotice): Promise<MailRecord> {
  const { school } = notice;
  const context = {
    ...notice,
    weekLabel: weekLabel(notice.week),
    rows: figureRows(school),
    classChats:
      school.figures.classesTotal !== undefined
        ? `${school.figures.classChatsOnPlatform ?? 0} из ${school.figures.classesTotal}`
        : '',
    shortfalls: school.shortfalls.map((s) => ({
      ...s,
      valueRu: ruPercent(s.value),
      targetRu: ruPercent(s.target),
      clauseText: notice.clauseTexts[s.clause] ?? '',
    })),
    dropped: school.droppedAfterCompletion.map((d) => ({ ...d, valueRu: ruPercent(d.value) })),
  };
  const parts = renderMailParts(deps.renderer, 'statistics-school', context);
  const messageId = messageIdFor(notice.analysisId, `school.${school.schoolId}`, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(notice.office),
    to: [notice.officer.email],
    ...parts,
  });
}

export async function mailWeeklyReport(deps: ActivityDeps, notice: WeeklyReportNotice): Promise<MailRecord> {
  const pdf = await deps.store.get(notice.report.sha256);
  if (!pdf) throw new Error(`weekly report ${notice.report.sha256} is missing from the store`);
  const { analysis } = notice;
  const context = {
    ...notice,
    weekLabel: weekLabel(notice.week),
    indicatorRu: ruPercent(analysis.indicator.percent),
    indicatorChange:
      analysis.indicator.previousPercent !== undefined
        ? signed(analysis.indicator.percent - analysis.indicator.previousPercent)
        : '',
    belowTarget: analysis.schools.filter((s) => s.shortfalls.length > 0).length,
    flagged: analysis.schools
      .filter((s) => s.droppedAfterCompletion.length > 0)
      .map((s) => ({
        name: s.name,
        items: s.droppedAfterCompletion.map((d) => ({ ...d, valueRu: ruPercent(d.value) })),
      })),
    completing: analysis.schools
      .filter((s) => s.completes.length > 0)
      .map((s) => ({ name: s.name, clauses: s.completes.map((c) => c.clause).join(', ') })),
    top: analysis.schools
      .slice(0, 3)
      .map((s) => ({ rank: s.rank, name: s.name, value: ruPercent(s.figures[analysis.rankBy] ?? 0) })),
    rankLabel: METRIC_LABELS[analysis.rankBy],
    url: `${deps.publicBaseUrl}/campaigns/${encodeURIComponent(notice.campaignId)}/statistics`,
  };
  const parts = renderMailParts(deps.renderer, 'statistics-report', context);
  const messageId = messageIdFor(notice.analysisId, 'office', deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(notice.office),
    to: [notice.office.head.email],
    ...parts,
    attachments: [
      { filename: weeklyReportFileName(notice.campaignId, notice.week), content: pdf, contentType: 'application/pdf' },
    ],
    headers: { 'X-Document-SHA256': notice.report.sha256 },
  });
}

export async function mailStatisticsMissing(deps: ActivityDeps, notice: StatisticsMissingNotice): Promise<MailRecord> {
  const context = {
    ...notice,
    expectedLabel: weekLabel(notice.expectedWeek),
    latestLabel: notice.latestWeek ? weekLabel(notice.latestWeek) : '',
    weekEndRu: formatRuDate(sundayOfIsoWeek(notice.expectedWeek)),
    url: `${deps.publicBaseUrl}/campaigns/${encodeURIComponent(notice.campaignId)}/statistics`,
  };
  const parts = renderMailParts(deps.renderer, 'statistics-missing', context);
  const messageId = messageIdFor(`stats-missing-${notice.campaignId}`, notice.expectedWeek, deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(notice.office),
    to: [notice.office.head.email],
    ...parts,
  });
}
