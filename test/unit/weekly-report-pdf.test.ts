// The weekly report PDF of clauses 1.7–1.8: Cyrillic that pdftotext extracts back, the charts drawn as vectors
// with their labels as text, and the same bytes for the same analysis.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { schoolComparisonChart, weeklyTrendChart } from '../../activities/documents/trend-charts';
import { weeklyReportDefinition } from '../../activities/documents/weekly-report-layout';
import { METRIC_LABELS, type StatisticsMetric } from '../../domain/statistics-schema';
import { exampleCampaign } from '../support/example-campaign';
import { context, weeklyAnalysis } from '../support/weekly-report-fixture';

const campaign = exampleCampaign();
import { flat, pdfText, TEST_OUTPUT_DIR } from '../support/pdf-text';

const PDF_FILE = join(TEST_OUTPUT_DIR, 'weekly-report.pdf');

const analysis = weeklyAnalysis();
let pdf: Buffer;
let text: string;
let renderMs: number;

beforeAll(async () => {
  const started = performance.now();
  pdf = await renderPdf(weeklyReportDefinition(analysis, context));
  renderMs = performance.now() - started;
  text = pdfText('weekly-report', pdf);
});

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** The same report with its chart blocks left out, to tell what the charts themselves put into the PDF. */
function withoutCharts(definition: TDocumentDefinitions): TDocumentDefinitions {
  return {
    ...definition,
    content: (definition.content as Content[]).filter((c) => !JSON.stringify(c).includes('<svg')),
  };
}

/** Path construction operators (lineto, curveto, rectangle) in the PDF's deflated content streams. */
function drawingOperators(bytes: Buffer): number {
  const raw = bytes.toString('latin1');
  let total = 0;
  for (const m of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const bytes = Buffer.from(m[1]!, 'latin1');
    if (bytes[0] !== 0x78) continue; // not deflated: the XMP metadata, written as plain XML for PDF/A
    total += (
      inflateSync(bytes)
        .toString('latin1')
        .match(/ (l|c|re)\n/g) ?? []
    ).length;
  }
  return total;
}

it('renders the 12-school report in reasonable time', () => {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(renderMs).toBeLessThan(10_000);
});

it('extracts title, week, basis and the indicator line with Cyrillic intact', () => {
  const t = flat(text);
  expect(t).toContain('Еженедельный анализ статистики ИКОП «Сферум»');
  expect(t).toContain('Неделя 2024-W44 (28.10.2024–03.11.2024)');
  expect(t).toContain('Основание: постановление от 22.10.2024 №380, пункты 1.7–1.8');
  expect(t).toContain('В файле статистики 12 образовательных организаций из 12');
  expect(t).toContain(
    'Показатель 10 — доля общеобразовательных организаций, использующих ИКОП «Сферум»: 5 из 12 (41,67 %); изменение к прошлой неделе: +8,34 п.п.',
  );
});

it('lists every school of the campaign', () => {
  for (const school of campaign.schools) expect(flat(text)).toContain(school.name);
});

it('names each shortfall with its clause, and the school whose registration dropped after clause 1.2', () => {
  const t = flat(text);
  expect(t).toContain('п. 1.2: 96,0 % при цели 100 % (зарегистрировано сотрудников, срок истёк)');
  expect(t).toContain('п. 1.4: 18,49 % при цели 30 %');
  expect(t).toContain('МКОУ «Бурдекинская СОШ» — регистрация снизилась после выполнения п. 1.2: сейчас 97,5 %');
  expect(t).toContain('строка 14: идентификатор 0527009999 — МКОУ «Неизвестная СОШ»');
  expect(t).not.toContain('Нет в файле статистики');
});

it('shows the missing schools section only when a school is absent from the file', async () => {
  const [absent, ...present] = analysis.schools;
  const missing = {
    ...analysis,
    schools: present,
    missingSchools: [{ schoolId: absent!.schoolId, name: absent!.name }],
    unmatchedRows: [],
  };
  const t = flat(pdfText('weekly-report-missing', await renderPdf(weeklyReportDefinition(missing, context))));
  expect(t).toContain('Нет в файле статистики');
  expect(t).toContain('1 образовательная организация из перечня кампании не найдена в файле');
  expect(t).not.toContain('Строки файла без школы в перечне');
});

it('draws the charts as vectors whose labels are text in PT Serif, with no raster image', async () => {
  const plain = await renderPdf(withoutCharts(weeklyReportDefinition(analysis, context)));
  const plainText = flat(pdfText('weekly-report-no-charts', plain));
  const t = flat(text);
  // The legend repeats the metric's label, and week and target labels exist only in the charts.
  expect(count(t, 'Активных обучающихся за неделю')).toBeGreaterThan(
    count(plainText, 'Активных обучающихся за неделю'),
  );
  for (const label of ['14.10–20.10', '21.10–27.10', '28.10–03.11', 'цель 30 %']) expect(t).toContain(label);
  expect(drawingOperators(pdf)).toBeGreaterThan(drawingOperators(plain) + 100);
  const images = spawnSync('pdfimages', ['-list', PDF_FILE], { encoding: 'utf8' })
    .stdout.split('\n')
    .slice(2)
    .filter(Boolean);
  expect(images).toEqual([]);
  const fonts = spawnSync('pdffonts', [PDF_FILE], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
  for (const line of fonts) expect(line).toMatch(/PTSerif.*\byes\s+yes\s+yes\b/);
});

it('renders the same bytes for the same analysis', async () => {
  const again = await renderPdf(weeklyReportDefinition(weeklyAnalysis(), context));
  expect(again.equals(pdf)).toBe(true);
});

describe('charts', () => {
  const metrics: StatisticsMetric[] = ['staffRegisteredPercent', 'studentActivePercent'];

  it('draws the trend with a Russian legend and week labels', () => {
    const svg = weeklyTrendChart(analysis.trend, metrics, { indicatorLabel: 'Показатель 10' });
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of [
      METRIC_LABELS.staffRegisteredPercent,
      METRIC_LABELS.studentActivePercent,
      'Показатель 10',
      '21.10–27.10',
      '100\u00a0%',
    ])
      expect(svg).toContain(label);
    expect(svg).toContain('font-family:PTSerif');
  });

  it('draws one bar per school, a target line, and the same SVG every time', () => {
    const svg = schoolComparisonChart(analysis.schools, 'studentActivePercent', 30);
    const bars = svg.match(/fill="#[0-9a-f]{6}" ecmeta_series_index="0" ecmeta_data_index="\d+"/g) ?? [];
    expect(bars).toHaveLength(12);
    for (const school of analysis.schools) expect(svg).toContain(school.name);
    expect(svg).toContain('цель 30\u00a0%');
    // zrender numbers instances process-wide; the output must not carry that number.
    expect(schoolComparisonChart(analysis.schools, 'studentActivePercent', 30)).toBe(svg);
    expect(svg).not.toMatch(/\bzr\d+-/);
  });
});
