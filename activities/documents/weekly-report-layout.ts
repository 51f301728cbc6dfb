// The weekly report of clauses 1.7–1.8 for the education office: the district indicator, a ranking of schools,
// their shortfalls against the decree's targets, and two charts, drawn as vectors. Same analysis, same bytes.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { endOfLocalDay, formatRuDate } from '../../domain/dates';
import { mondayOfIsoWeek, sundayOfIsoWeek } from '../../domain/iso-week';
import { METRIC_LABELS, STATISTICS_METRICS, type StatisticsMetric } from '../../domain/statistics-schema';
import type { IsoWeek, SchoolAnalysis, WeeklyAnalysis } from '../../domain/weekly-statistics';
import { ruPlural } from '../texts/renderer';
import { formatNumber, formatPercent, schoolComparisonChart, weeklyTrendChart } from './trend-charts';
import { GOST_MARGINS, GRID, MM, pageNumberHeader, right } from './layout-kit';

export interface WeeklyReportContext {
  officeName: string;
  platform: string;
  /** As the basis line names the decree, e.g. «постановление от 22.10.2024 №380». */
  decreeRef: string;
  timeZone: string;
  /** E.g. «2024-W44 (28.10.2024–03.11.2024)». */
  weekLabel: string;
}

/** Landscape A4 with the decree's margins (30 mm left for binding, 20 mm elsewhere). */
const CONTENT_WIDTH = (297 - 30 - 20) * MM;
const SHORTFALL_COLOR = '#a40000';
const DASH = '—';

export function weeklyReportDefinition(analysis: WeeklyAnalysis, context: WeeklyReportContext): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: GOST_MARGINS,
    info: {
      title: `Еженедельный анализ статистики ${context.platform}, неделя ${analysis.week}`,
      author: context.officeName,
      subject: `Пункты 1.7–1.8: ${context.decreeRef}`,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      // The end of the analysed week, not the time of rendering: the bytes depend on the analysis only.
      creationDate: endOfLocalDay(sundayOfIsoWeek(analysis.week), context.timeZone),
    },
    // As in the decree (ГОСТ Р 7.0.97): page numbers at the top centre from the second page on.
    header: pageNumberHeader(11),
    content: [
      ...titleBlock(analysis, context),
      ...summary(analysis),
      ...ranking(analysis),
      ...shortfalls(analysis.schools),
      ...flagged(analysis.schools),
      ...missingSchools(analysis),
      ...unmatchedRows(analysis),
      ...charts(analysis),
    ],
    defaultStyle: { font: 'PTSerif', fontSize: 11, lineHeight: 1.1 },
    styles: {
      office: { bold: true, alignment: 'center', fontSize: 12 },
      title: { bold: true, alignment: 'center', fontSize: 16, margin: [0, 8, 0, 2] },
      week: { alignment: 'center', fontSize: 12, margin: [0, 0, 0, 8] },
      note: { fontSize: 9, color: '#444444' },
      heading: { bold: true, fontSize: 13, margin: [0, 12, 0, 4] },
      tableHeader: { bold: true, fontSize: 9, alignment: 'center' },
      cell: { fontSize: 10 },
    },
  };
}

function titleBlock(analysis: WeeklyAnalysis, context: WeeklyReportContext): Content[] {
  const { source } = analysis;
  return [
    { text: context.officeName, style: 'office' },
    { text: `Еженедельный анализ статистики ${context.platform}`, style: 'title' },
    { text: `Неделя ${context.weekLabel}`, style: 'week' },
    {
      text: `Основание: ${context.decreeRef}, пункты 1.7–1.8 (контроль использования платформы и еженедельный анализ статистики).`,
    },
    {
      text: `Источник данных: файл «${source.filename}» (${source.format.toUpperCase()}), SHA-256 ${source.sha256}.`,
      style: 'note',
      margin: [0, 2, 0, 0],
    },
  ];
}

function summary(analysis: WeeklyAnalysis): Content[] {
  const { indicator } = analysis;
  const n = analysis.schools.length;
  const schoolsLine = `В файле статистики ${n} ${organizations(n)} из ${indicator.total} по перечню кампании.`;
  const indicatorLine = `${indicator.title}: ${indicator.using} из ${indicator.total} (${formatPercent(indicator.percent)}); ${change(indicator.percent, indicator.previousPercent)}`;
  return [
    { text: 'Сводка', style: 'heading' },
    { text: schoolsLine },
    { text: indicatorLine, bold: true, margin: [0, 2, 0, 6] },
    averagesTable(analysis),
  ];
}

function change(now: number, before: number | undefined): string {
  return before === undefined
    ? 'данных за прошлую неделю нет.'
    : `изменение к прошлой неделе: ${signed(now - before)} п.п.`;
}

/** +1,25 / −0,8 / 0,0: PT Serif has no ▲▼ glyphs, so the sign carries the direction. */
function signed(points: number): string {
  const text = formatNumber(points);
  return points > 0 && text !== '0,0' ? `+${text}` : text;
}

function averagesTable(analysis: WeeklyAnalysis): Content {
  const before = analysis.trend.find((p) => p.week === analysis.previousWeek)?.averages ?? {};
  const rows = presentMetrics(analysis).map((m): TableCell[] => {
    const now = analysis.averages[m]!;
    const was = before[m];
    return [METRIC_LABELS[m], right(formatPercent(now)), right(was === undefined ? DASH : signed(now - was))];
  });
  return {
    table: {
      headerRows: 1,
      widths: [240, 90, 150],
      body: [headerRow(['Среднее по району', 'Значение', 'К прошлой неделе, п.п.']), ...rows],
    },
    layout: GRID,
    style: 'cell',
  };
}

function presentMetrics(analysis: WeeklyAnalysis): StatisticsMetric[] {
  return STATISTICS_METRICS.filter((m) => analysis.averages[m] !== undefined);
}

function ranking(analysis: WeeklyAnalysis): Content[] {
  const header = [
    '№',
    'Образовательная организация',
    'Зарегистрировано сотрудников',
    'Активных сотрудников',
    'Активных обучающихся',
    'Чаты классов на платформе',
    'Профиль ОО',
    'Изменение за неделю, п.п.',
  ];
  return [
    { text: `Рейтинг по показателю «${METRIC_LABELS[analysis.rankBy]}»`, style: 'heading' },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [18, '*', 84, 70, 74, 96, 58, 66],
        body: [headerRow(header), ...analysis.schools.map((s) => rankingRow(s, analysis.rankBy))],
      },
      layout: GRID,
      style: 'cell',
    },
    {
      text: `Красным выделены значения ниже цели постановления. Изменение — по показателю «${METRIC_LABELS[analysis.rankBy]}».`,
      style: 'note',
      margin: [0, 2, 0, 0],
    },
  ];
}

function rankingRow(s: SchoolAnalysis, rankBy: StatisticsMetric): TableCell[] {
  const delta = s.change[rankBy];
  return [
    right(String(s.rank)),
    s.name,
    metricCell(s, 'staffRegisteredPercent'),
    metricCell(s, 'staffActivePercent'),
    metricCell(s, 'studentActivePercent'),
    chatsCell(s),
    { text: profileText(s.figures.profileActive), color: s.profileInactive ? SHORTFALL_COLOR : undefined },
    right(delta === undefined ? DASH : signed(delta)),
  ];
}

function metricCell(s: SchoolAnalysis, metric: StatisticsMetric): TableCell {
  const value = s.figures[metric];
  const short = s.shortfalls.some((f) => f.metric === metric);
  return {
    text: value === undefined ? DASH : formatPercent(value),
    alignment: 'right',
    color: short ? SHORTFALL_COLOR : undefined,
  };
}

function chatsCell(s: SchoolAnalysis): TableCell {
  const { classChatsOnPlatform: chats, classesTotal: total, classChatPercent: percent } = s.figures;
  const short = s.shortfalls.some((f) => f.metric === 'classChatPercent');
  const share = percent === undefined ? '' : formatPercent(percent);
  const text =
    chats !== undefined && total !== undefined ? `${chats} из ${total}${share ? ` (${share})` : ''}` : share || DASH;
  return { text, alignment: 'right', color: short ? SHORTFALL_COLOR : undefined };
}

function profileText(active: boolean | undefined): string {
  if (active === undefined) return DASH;
  return active ? 'активен' : 'не активен';
}

function shortfalls(schools: SchoolAnalysis[]): Content[] {
  const behind = schools.filter((s) => s.shortfalls.length > 0);
  const n = behind.length;
  const intro =
    n === 0
      ? 'Все образовательные организации из файла достигли целей постановления.'
      : `${ruPlural(n, 'Не достигла', 'Не достигли', 'Не достигли')} целей постановления ${n} ${organizations(n)}:`;
  const items = behind.map((s): Content => ({
    stack: [
      { text: s.name, bold: true },
      { ul: [...s.shortfalls].sort((a, b) => byClause(a.clause, b.clause)).map(shortfallText) },
    ],
    margin: [0, 0, 0, 4],
    unbreakable: true,
  }));
  return [
    { text: 'Отставание от целей постановления', style: 'heading' },
    { text: intro, margin: [0, 0, 0, 4] },
    ...items,
  ];
}

function shortfallText(f: SchoolAnalysis['shortfalls'][number]): string {
  const overdue = f.overdue ? ', срок истёк' : '';
  return `п. ${f.clause}: ${formatPercent(f.value)} при цели ${formatPercent(f.target, 0)} (${lowerFirst(f.label)}${overdue})`;
}

function flagged(schools: SchoolAnalysis[]): Content[] {
  const items = schools.flatMap((s) =>
    s.droppedAfterCompletion.map(
      (d) =>
        `${s.name} — ${droppedWhat(d.metric)} после выполнения п. ${d.clause}: сейчас ${formatPercent(d.value)} (выполнен на неделе ${weekDates(d.reachedWeek)})`,
    ),
  );
  if (items.length === 0) return [];
  return [
    { text: 'Снижение после выполнения', style: 'heading' },
    {
      text: 'Задачи не открываются повторно; ответственным нужно вернуть показатель.',
      style: 'note',
      margin: [0, 0, 0, 2],
    },
    { ul: items },
  ];
}

function droppedWhat(metric: StatisticsMetric): string {
  return metric === 'staffRegisteredPercent'
    ? 'регистрация снизилась'
    : `показатель «${METRIC_LABELS[metric]}» снизился`;
}

function missingSchools(analysis: WeeklyAnalysis): Content[] {
  const n = analysis.missingSchools.length;
  if (n === 0) return [];
  return [
    { text: 'Нет в файле статистики', style: 'heading' },
    {
      text: `${n} ${organizations(n)} из перечня кампании не ${ruPlural(n, 'найдена', 'найдены', 'найдены')} в файле; показатель 10 считает их не использующими платформу.`,
      margin: [0, 0, 0, 2],
    },
    { ul: analysis.missingSchools.map((s) => s.name) },
  ];
}

function unmatchedRows(analysis: WeeklyAnalysis): Content[] {
  const n = analysis.unmatchedRows.length;
  if (n === 0) return [];
  return [
    { text: 'Строки файла без школы в перечне', style: 'heading' },
    {
      text: `${n} ${ruPlural(n, 'строка', 'строки', 'строк')} файла не ${ruPlural(n, 'сопоставлена', 'сопоставлены', 'сопоставлены')} ни с одной школой кампании (проверьте идентификаторы):`,
      margin: [0, 0, 0, 2],
    },
    {
      ul: analysis.unmatchedRows.map(
        (r) => `строка ${r.row}: ${[r.id && `идентификатор ${r.id}`, r.name].filter(Boolean).join(' — ')}`,
      ),
    },
  ];
}

function charts(analysis: WeeklyAnalysis): Content[] {
  const metric = analysis.rankBy;
  const n = analysis.trend.length;
  const trend = weeklyTrendChart(analysis.trend, presentMetrics(analysis), {
    indicatorLabel: analysis.indicator.title,
  });
  const comparison = schoolComparisonChart(analysis.schools, metric, targetOf(analysis, metric));
  return [
    chartBlock(
      `Динамика по району за ${n} ${ruPlural(n, 'неделю', 'недели', 'недель')}: средние значения и показатель 10`,
      trend,
    ),
    chartBlock(`Сравнение школ: «${METRIC_LABELS[metric]}»`, comparison),
  ];
}

/** A heading kept on the page of its chart. */
function chartBlock(title: string, svg: string): Content {
  return {
    stack: [
      { text: title, style: 'heading' },
      { svg, width: CONTENT_WIDTH },
    ],
    unbreakable: true,
  };
}

/** The analysis names a metric's target only in shortfalls; with no school below it, no line is drawn. */
function targetOf(analysis: WeeklyAnalysis, metric: StatisticsMetric): number | undefined {
  return analysis.schools.flatMap((s) => s.shortfalls).find((f) => f.metric === metric)?.target;
}

/** "2024-W43" → «21.10.2024–27.10.2024». */
function weekDates(week: IsoWeek): string {
  const monday = mondayOfIsoWeek(week);
  return monday ? `${formatRuDate(monday)}–${formatRuDate(sundayOfIsoWeek(week))}` : week;
}

/** "1.3" before "1.10": clause numbers compare part by part. */
function byClause(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** 1 образовательная организация, 2 образовательные организации, 5 образовательных организаций (without the number). */
function organizations(n: number): string {
  return ruPlural(n, 'образовательная организация', 'образовательные организации', 'образовательных организаций');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function headerRow(titles: string[]): TableCell[] {
  return titles.map((text) => ({ text, style: 'tableHeader' }));
}
