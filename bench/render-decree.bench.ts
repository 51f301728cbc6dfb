// `npm run bench`: how long the decree PDF and one school's mail take to render, and the memory they hold.
// Scale targets from the brief: a district (12–50 schools), a region (~1,500), the country (~40,000).
import './support/bench-tmpdir';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadCampaignFile } from '../client/load-campaign';
import { renderDecreePdf } from '../activities/documents/render-decree';
import { renderMailParts } from '../activities/mail/mail-parts';
import { createTextRenderer } from '../activities/texts/renderer';
import { renderPdf } from '../activities/documents/pdf-printer';
import { weeklyReportDefinition } from '../activities/documents/weekly-report-layout';
import { previewStatisticsFile } from '../activities/statistics/parse-statistics-file';
import { analyseWeek } from '../domain/statistics-analysis';
import { readFileSync } from 'node:fs';
import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { schoolReportDefinition } from '../activities/documents/school-report-layout';
import { filedReportOf, type ReportVersion } from '../kinds/school-report/report';
import { planSchoolTask } from '../domain/school-task-plan';
import { taskClauses } from '../domain/campaign-clauses';

async function time(label: string, runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const perRun = (performance.now() - start) / runs;
  console.log(`${label.padEnd(36)} ${perRun.toFixed(2).padStart(9)} ms/op  (${runs} runs)`);
  return perRun;
}

async function main(): Promise<void> {
  const renderer = createTextRenderer();
  const campaign = loadCampaignFile(join(__dirname, '..', 'examples', 'sergokala-380', 'campaign.yaml'));
  await time('decree PDF (6 pages)', 20, () => renderDecreePdf(campaign, renderer));
  const context = {
    school: campaign.schools[0],
    decree: { ...campaign.decree, sha256: '0'.repeat(64) },
    decreeDateRu: '22.10.2024',
    office: campaign.office,
    tasks: [
      {
        taskId: 't',
        clause: { number: '1.2' },
        title: 'x',
        dueRu: '30.10.2024',
        url: 'http://127.0.0.1/tasks/t?t=abc',
      },
    ],
    linksValidUntil: '—',
  };
  const mailMs = await time('decree notice mail (3 parts)', 2000, () =>
    renderMailParts(renderer, 'decree-notice', context),
  );
  for (const [scale, schools] of [
    ['district', 50],
    ['region', 1500],
    ['country', 40000],
  ] as const) {
    console.log(
      `  mail rendering for a ${scale} (${schools} schools): ${((mailMs * schools) / 1000).toFixed(2)} s of CPU`,
    );
  }
  await weeklyStatistics(campaign);
  await clause19Reports(campaign);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`rss after runs: ${rss.toFixed(0)} MiB`);
}

/** Parsing, analysis and the report PDF (with two ECharts SVG charts) for the example week of 12 schools. */
async function weeklyStatistics(campaign: ReturnType<typeof loadCampaignFile>): Promise<void> {
  const config = campaign.statistics!;
  const bytes = readFileSync(join(__dirname, '..', 'examples', 'sergokala-380', 'statistics-2024-W44.csv'));
  await time('statistics CSV parse (12 rows)', 200, () =>
    previewStatisticsFile(bytes, 'w44.csv', config, campaign.schools),
  );
  const parsed = await previewStatisticsFile(bytes, 'w44.csv', config, campaign.schools);
  if (!parsed.ok || !parsed.source) throw new Error('example statistics file does not parse');
  const schools = parsed.schools.map((s) => ({ schoolId: s.schoolId, ...s.figures }));
  const week = {
    campaignId: campaign.id,
    week: '2024-W44',
    importedAt: '2024-11-04T07:00:00Z',
    source: { filename: 'w44.csv', sha256: '0'.repeat(64), ...parsed.source },
    schools,
    unmatchedRows: [],
    missingSchools: [],
  };
  const analysis = analyseWeek({
    campaignId: campaign.id,
    week: '2024-W44',
    weeks: [week],
    config,
    roster: campaign.schools,
  });
  const context = {
    officeName: campaign.office.name,
    platform: config.source,
    decreeRef: 'постановление от 22.10.2024 № 380',
    timeZone: campaign.timeZone,
    weekLabel: '2024-W44',
  };
  await time('weekly report PDF with charts', 10, () => renderPdf(weeklyReportDefinition(analysis, context)));
}

/** A school's report of 30 classes (two pages) and the consolidated report of the 12 schools. */
async function clause19Reports(campaign: ReturnType<typeof loadCampaignFile>): Promise<void> {
  const clause = taskClauses(campaign).find((c) => c.task.kind === 'school-report')!;
  const decree = {
    kind: campaign.decree.kind,
    number: campaign.decree.number,
    date: campaign.decree.date,
    title: campaign.decree.title,
    sha256: '0'.repeat(64),
  };
  const task = planSchoolTask(campaign, decree, campaign.schools[0]!, clause, {});
  const classes = Array.from({ length: 30 }, (_, i) => ({
    className: `${(i % 11) + 1}${'АБВ'[Math.floor(i / 11)]}`,
    classTeacher: 'Магомедова П.А.',
    chatOnPlatform: i % 3 !== 0,
    members: 25,
    chatCreated: '2024-10-01',
  }));
  const version: ReportVersion = {
    version: 1,
    submittedAt: '2024-11-01T10:00:00Z',
    late: false,
    receiptNumber: 'A1B2C3D4',
    report: {
      classes,
      staffTotal: 45,
      staffActivated: 40,
      studentsTotal: 450,
      studentsActivated: 300,
      interaction: 'Классные чаты, домашние задания, консультации.',
      officerName: 'Ибрагимова С.М.',
      officerPosition: '',
    },
  };
  await time('school report PDF (30 classes)', 10, () =>
    renderPdf(schoolReportDefinition({ task, reportMark: 'Сферум', version, previousVersions: 0 })),
  );
  const filed = campaign.schools.map((s) => ({ ...filedReportOf('1.9', s, version), documentSha256: 'f'.repeat(64) }));
  const input = {
    officeName: campaign.office.name,
    decreeRef: 'постановление от 22.10.2024 № 380',
    clause: { number: '1.9', text: clause.text, due: clause.task.due },
    edition: 1,
    generatedAt: '2024-11-02T21:00:00Z',
    timeZone: campaign.timeZone,
    schools: campaign.schools.map((s) => ({ id: s.id, name: s.name, status: 'submitted' as const })),
    filed,
  };
  await time('consolidated report PDF (12 schools)', 10, () => renderConsolidatedReportPdf(input));
}

void main();
