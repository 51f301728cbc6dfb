// Charts of the weekly report, rendered by ECharts on the server to SVG strings that pdfmake draws as vectors.
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import { mondayOfIsoWeek, sundayOfIsoWeek } from '../../domain/iso-week';
import { METRIC_LABELS, type StatisticsMetric } from '../../domain/statistics-schema';
import type { SchoolAnalysis, WeekTrendPoint } from '../../domain/weekly-statistics';
import { FONTS } from './pdf-printer';

/** pdfmake resolves an SVG font-family by the name of a font it was given, so the charts name PTSerif. */
export const CHART_FONT: keyof typeof FONTS = 'PTSerif';
const NBSP = '\u00a0';
const PALETTE = ['#1f4e9c', '#c0392b', '#2e8b57', '#b8860b', '#6a3d9a'];
const TEXT_COLOR = '#222222';
const BELOW_TARGET = '#c0504d';
const AT_TARGET = '#4f81bd';

export interface ChartSize {
  width: number;
  height: number;
}

/** 48.68 → «48,68 %», 96 → «96,0 %» (measured values keep a decimal); targets pass minDigits 0: «100 %». */
export function formatPercent(value: number, minDigits = 1): string {
  return `${formatNumber(value, minDigits)}${NBSP}%`;
}

/** Up to two decimals with a decimal comma, trailing zeros trimmed down to minDigits; a true minus sign. */
export function formatNumber(value: number, minDigits = 1): string {
  const text = Math.abs(value)
    .toFixed(2)
    .replace(new RegExp(`0{0,${2 - minDigits}}$`), '')
    .replace(/\.$/, '');
  const sign = value < 0 && /[1-9]/.test(text) ? '−' : '';
  return sign + text.replace('.', ',');
}

/** "2024-W44" → «28.10–03.11», as an axis label. */
export function weekAxisLabel(week: string): string {
  const monday = mondayOfIsoWeek(week);
  if (!monday) return week;
  const short = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
  return `${short(monday)}–${short(sundayOfIsoWeek(week))}`;
}

/** District averages per metric and the indicator over the weeks of the trend, as a line chart. */
export function weeklyTrendChart(
  trend: WeekTrendPoint[],
  metrics: readonly StatisticsMetric[],
  options: { indicatorLabel?: string; size?: ChartSize } = {},
): string {
  const indicatorLabel = options.indicatorLabel ?? 'Доля школ, использующих платформу';
  const line = (name: string, data: (number | null)[]) => ({ name, type: 'line' as const, data, symbolSize: 5 });
  const series = [
    ...metrics.map((m) =>
      line(
        METRIC_LABELS[m],
        trend.map((p) => round(p.averages[m])),
      ),
    ),
    {
      ...line(
        indicatorLabel,
        trend.map((p) => round(p.indicatorPercent)),
      ),
      lineStyle: { type: 'dashed' as const, width: 2.5 },
    },
  ];
  return renderSvg(options.size ?? { width: 700, height: 320 }, {
    color: PALETTE,
    grid: { left: 48, right: 24, top: 16, bottom: 96 },
    legend: { bottom: 0, left: 'center', itemGap: 16, textStyle: { fontSize: 10, color: TEXT_COLOR } },
    xAxis: {
      type: 'category',
      data: trend.map((p) => weekAxisLabel(p.week)),
      axisLabel: { fontSize: 10, color: TEXT_COLOR },
    },
    yAxis: percentAxis(),
    series,
  });
}

/** Schools on one metric, best at the top, bars below the target in red and a line at the target. */
export function schoolComparisonChart(
  schools: SchoolAnalysis[],
  metric: StatisticsMetric,
  target?: number,
  size?: ChartSize,
): string {
  const data = schools.map((s) => {
    const value = round(s.figures[metric]);
    const below = target !== undefined && value !== null && value < target;
    return { value, itemStyle: { color: below ? BELOW_TARGET : AT_TARGET } };
  });
  return renderSvg(size ?? { width: 700, height: 46 + 26 * Math.max(schools.length, 1) }, {
    grid: { left: 8, right: 56, top: 22, bottom: 24 },
    xAxis: percentAxis(),
    yAxis: {
      type: 'category',
      inverse: true,
      data: schools.map((s) => s.name),
      axisLabel: { fontSize: 10, color: TEXT_COLOR },
      axisTick: { show: false },
    },
    series: [
      {
        name: METRIC_LABELS[metric],
        type: 'bar',
        barMaxWidth: 16,
        data,
        label: {
          show: true,
          position: 'right',
          fontSize: 9,
          color: TEXT_COLOR,
          formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? formatPercent(p.value) : '—'),
        },
        ...(target === undefined ? {} : { markLine: targetLine(target) }),
      },
    ],
  });
}

function targetLine(target: number) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: TEXT_COLOR, type: 'dashed' as const, width: 1 },
    label: {
      formatter: `цель ${formatPercent(target, 0)}`,
      position: 'start' as const,
      fontSize: 9,
      color: TEXT_COLOR,
    },
    data: [{ xAxis: target }],
  };
}

function percentAxis() {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    interval: 20,
    axisLabel: { fontSize: 10, color: TEXT_COLOR, formatter: (v: number) => `${v}${NBSP}%` },
    splitLine: { lineStyle: { color: '#dddddd' } },
  };
}

/** Two decimals, as the platform reports; keeps float noise out of labels and out of the bytes. */
function round(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

let loadedEcharts: typeof Echarts | undefined;

/** ECharts costs about 40 MiB resident: loaded by the first chart, not by every worker and web process that imports the
 * layouts. */
function echarts(): typeof Echarts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  return (loadedEcharts ??= require('echarts') as typeof Echarts);
}

/** One ECharts instance per chart; disposed always, or its timers keep the process alive. */
function renderSvg(size: ChartSize, option: Echarts.EChartsOption): string {
  installFontMetrics();
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, color: TEXT_COLOR }, ...option });
    return normalizeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * zrender numbers painters and CSS classes process-wide (zr0-c0, zr3-cls-41): the hover CSS and classes go, being of
 * no use on paper, and clip-path ids are renamed, so the same chart gives the same bytes.
 */
function normalizeSvg(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/\bzr\d+-/g, 'chart-');
}

interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

let fontMetricsInstalled = false;

/**
 * Without a canvas ECharts takes every non-Latin letter as 1 em wide, doubling Cyrillic widths (legend gaps,
 * label space). Measured instead with the fontkit that pdfkit embeds PT Serif with, so layout matches the PDF.
 */
function installFontMetrics(): void {
  if (fontMetricsInstalled) return;
  const pdfkitPath = createRequire(require.resolve('pdfmake/js/Printer')).resolve('pdfkit');
  const fontkit = createRequire(pdfkitPath)('fontkit') as { openSync(path: string): FontkitFont };
  const regular = fontkit.openSync(FONTS.PTSerif.normal);
  const bold = fontkit.openSync(FONTS.PTSerif.bold);
  echarts().setPlatformAPI({
    measureText(text: string, font?: string) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
      const face = /\bbold\b|\b[6-9]00\b/.test(font ?? '') ? bold : regular;
      return { width: (face.layout(text).advanceWidth / face.unitsPerEm) * size };
    },
  });
  fontMetricsInstalled = true;
}
