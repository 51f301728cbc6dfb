// `npx tsx bench/consolidated-report.bench.ts`: the consolidated report on clause 1.9 for a region (1,500 schools)
// and the country (40,000), against a baseline in the same run: the same table rows drawn with plain pdfkit in
// the simplest way (one doc.text() line per row, same font and page). Goals: at most 1.5× the baseline's time and
// under 1 GiB of peak memory for 40,000 schools. Each case runs in its own child process, so each peak RSS is its
// own (the kernel's high-water mark, which also sees the synchronous drawing that a timer could not sample).
// Writes bench-output/consolidated-report.json with the raw figures, the baseline and the ratios.
import './support/bench-tmpdir';
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import {
  renderConsolidatedReportPdf,
  type ConsolidatedReportInput,
} from '../activities/documents/consolidated-report-pdf';
import {
  countCell,
  DASH,
  groupHeading,
  schoolLines,
  SHA_SHOWN,
  statusText,
  submittedAtFormatter,
  tableRows,
  tallyLabel,
  type SchoolReportStatus,
  type TableRow,
} from '../activities/documents/consolidated-report-data';
import { GOST_MARGINS } from '../activities/documents/layout-kit';
import { FONTS } from '../activities/documents/pdf-printer';
import type { FiledReport } from '../kinds/school-report/report';

/** Rounds alternate the baseline's and the renderer's child processes, so a burst of other work on the machine does not
 * land on one side only. */
const SCALES = [
  { schools: 1_500, runs: 3, rounds: 2 },
  { schools: 40_000, runs: 1, rounds: 1 },
];
const GOALS = { maxRatio: 1.5, maxPeakRssMiB: 1024 };
type Case = 'renderer' | 'baseline';

interface CaseResult {
  runsMs: number[];
  bestMs: number;
  /** CPU time (user + system) of the best run: less swayed than wall time by other work on a shared machine. */
  cpuMs: number;
  peakRssMiB: number;
  bytes: number;
}

/** A deterministic campaign: ~85 % submitted with figures, ~13 % missing, ~2 % withdrawn, over regions and
 * municipalities. */
function benchInput(schools: number): ConsolidatedReportInput {
  let seed = 20241022;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const regions = Math.min(85, Math.max(2, Math.round(schools / 500)));
  const perMunicipality = 25;
  const syllables = [
    'ка',
    'ра',
    'му',
    'ги',
    'де',
    'бу',
    'ур',
    'ха',
    'ли',
    'но',
    'са',
    'ти',
    'ван',
    'шим',
    'кент',
    'мах',
  ];
  const word = () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join(
      '',
    );
  const list = Array.from({ length: schools }, (_, i) => {
    const r = random();
    const status: SchoolReportStatus = r < 0.85 ? 'submitted' : r < 0.98 ? 'missing' : 'withdrawn';
    const region = i % regions;
    const municipality = Math.floor(i / regions / perMunicipality);
    const name = `МКОУ «${capitalised(word())}ская СОШ${i % 7 === 0 ? ` №${1 + (i % 5)}` : ''}${i % 11 === 0 ? ` им. ${capitalised(word())}ова` : ''}»`;
    return {
      id: `s${i}`,
      name,
      status,
      regionCode: String(region + 1).padStart(2, '0'),
      regionName: `${capitalised(word())}ская область`,
      municipalityCode: `${region + 1}-${municipality}`,
      municipalityName: `${capitalised(word())}ский район`,
    };
  });
  // A region's and a municipality's names are those of its first school, so every school of a group agrees.
  const names = new Map<string, string>();
  for (const s of list) {
    s.regionName = names.get(s.regionCode) ?? (names.set(s.regionCode, s.regionName), s.regionName);
    s.municipalityName =
      names.get(s.municipalityCode) ?? (names.set(s.municipalityCode, s.municipalityName), s.municipalityName);
  }
  const filed: FiledReport[] = list
    .filter((s) => s.status === 'submitted')
    .map((s, i) => {
      const classes = 9 + (i % 25);
      const staffTotal = 20 + (i % 60);
      const studentsTotal = 150 + (i % 900);
      return {
        clauseNumber: '1.9',
        schoolId: s.id,
        schoolName: s.name,
        version: 1 + (i % 17 === 0 ? 1 : 0),
        submittedAt: new Date(Date.UTC(2024, 10, 1, 6) + i * 37_000).toISOString(),
        late: i % 23 === 0,
        documentSha256: ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8),
        classes,
        classChatsOnPlatform: classes - (i % 4),
        staffTotal,
        staffActivated: staffTotal - (i % 9),
        studentsTotal,
        studentsActivated: Math.floor(studentsTotal * 0.6),
      };
    });
  return {
    officeName: 'Министерство образования (стенд)',
    decreeRef: 'постановление от 22.10.2024 № 380',
    edition: 1,
    generatedAt: '2024-11-02T21:00:00.000Z',
    timeZone: 'Europe/Moscow',
    clause: {
      number: '1.9',
      text: 'Отчет о функционировании чатов для каждого класса направить в срок до 2 ноября 2024 года.',
      due: '2024-11-02',
    },
    schools: list,
    filed,
  };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The baseline: the table's rows (schools, group headings, subtotals, the total) as one line of 9 pt PT Serif each,
 * the cells joined by spaces, drawn with doc.text(); pdfkit breaks the pages.
 */
function renderBaseline(input: ConsolidatedReportInput): Promise<Buffer> {
  const [left, top, right, bottom] = GOST_MARGINS;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { left, top, right, bottom },
    font: FONTS.PTSerif.normal,
    info: { CreationDate: new Date(input.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const at = submittedAtFormatter(input.timeZone);
  doc.fontSize(9);
  for (const row of tableRows(schoolLines(input))) doc.text(rowText(row, at).join('  ').replace(/\n/g, ' '));
  doc.end();
  return done;
}

function rowText(row: TableRow, at: (iso: string) => string): string[] {
  if (row.kind === 'group') return [groupHeading(row.level, row.group)];
  if (row.kind !== 'school') {
    const t = row.tally;
    return [
      tallyLabel(row),
      String(t.classes),
      countCell(t.classChats, t.classes),
      countCell(t.staffActivated, t.staffTotal),
      countCell(t.studentsActivated, t.studentsTotal),
    ];
  }
  const { line: l, number } = row;
  const r = l.report;
  const figures = r
    ? [
        at(r.submittedAt),
        String(r.version),
        String(r.classes),
        countCell(r.classChatsOnPlatform, r.classes),
        countCell(r.staffActivated, r.staffTotal),
        countCell(r.studentsActivated, r.studentsTotal),
        r.documentSha256.slice(0, SHA_SHOWN),
      ]
    : Array<string>(7).fill(DASH);
  return [String(number), l.name, statusText(l), ...figures];
}

const RENDER: Record<Case, (input: ConsolidatedReportInput) => Promise<Buffer>> = {
  renderer: renderConsolidatedReportPdf,
  baseline: renderBaseline,
};

/** In the child: one render of a region's 1,500 schools to compile the code (each document starts with empty caches),
 * then the measured runs. */
async function runCase(kind: Case, schools: number, runs: number): Promise<CaseResult> {
  const input = benchInput(schools);
  await RENDER[kind](benchInput(1_500));
  const runsMs: number[] = [];
  const cpusMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const [start, cpu] = [performance.now(), process.cpuUsage()];
    bytes = (await RENDER[kind](input)).length;
    runsMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpusMs.push((used.user + used.system) / 1000);
  }
  const best = runsMs.indexOf(Math.min(...runsMs));
  return {
    runsMs,
    bestMs: runsMs[best]!,
    cpuMs: cpusMs[best]!,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    bytes,
  };
}

function inChild(kind: Case, schools: number, runs: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', kind, String(schools), String(runs)], { execArgv: process.execArgv });
    child.on('message', (m) => resolve(m as CaseResult));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`${kind} ${schools}: exit ${code}`))));
  });
}

/** The best run of several children, with all their runs and the highest of their peaks. */
function bestOf(results: CaseResult[]): CaseResult {
  const best = results.reduce((a, b) => (b.bestMs < a.bestMs ? b : a));
  return {
    ...best,
    runsMs: results.flatMap((r) => r.runsMs),
    peakRssMiB: Math.max(...results.map((r) => r.peakRssMiB)),
  };
}

async function main(): Promise<void> {
  const results: Record<string, { renderer: CaseResult; baseline: CaseResult; ratio: number; cpuRatio: number }> = {};
  for (const { schools, runs, rounds } of SCALES) {
    const measured: Record<Case, CaseResult[]> = { baseline: [], renderer: [] };
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['baseline', 'renderer'] as const) measured[kind].push(await inChild(kind, schools, runs));
    }
    const [baseline, renderer] = [bestOf(measured.baseline), bestOf(measured.renderer)];
    const ratio = renderer.bestMs / baseline.bestMs;
    results[schools] = { renderer, baseline, ratio, cpuRatio: renderer.cpuMs / baseline.cpuMs };
    const mib = (r: CaseResult) => `${r.peakRssMiB.toFixed(0)} MiB peak, ${(r.bytes / 2 ** 20).toFixed(1)} MiB PDF`;
    console.log(
      `consolidated report, ${schools} schools: ${renderer.bestMs.toFixed(0)} ms (${mib(renderer)}); plain pdfkit ${baseline.bestMs.toFixed(0)} ms (${mib(baseline)}); ratio ${ratio.toFixed(2)}× (best of ${runs * rounds}; CPU time ${results[schools]!.cpuRatio.toFixed(2)}×)`,
    );
  }
  const largest = results[SCALES[SCALES.length - 1]!.schools]!;
  const met = {
    ratio: Object.values(results).every((r) => r.ratio <= GOALS.maxRatio),
    memory: largest.renderer.peakRssMiB < GOALS.maxPeakRssMiB,
  };
  console.log(
    `goals: ratio ≤ ${GOALS.maxRatio} ${met.ratio ? 'met' : 'NOT met'}; peak RSS < ${GOALS.maxPeakRssMiB} MiB at ${SCALES[SCALES.length - 1]!.schools} schools ${met.memory ? 'met' : 'NOT met'}`,
  );
  mkdirSync('bench-output', { recursive: true });
  writeFileSync(
    join('bench-output', 'consolidated-report.json'),
    JSON.stringify({ scales: SCALES, goals: GOALS, met, results, at: new Date().toISOString() }, null, 2),
  );
}

if (process.argv[2] === '--case') {
  // Run by hand (no parent to send to), a case prints its figures.
  void runCase(process.argv[3] as Case, Number(process.argv[4]), Number(process.argv[5])).then((r) =>
    process.send ? process.send(r, () => process.exit(0)) : console.log(JSON.stringify(r)),
  );
} else {
  void main();
}
