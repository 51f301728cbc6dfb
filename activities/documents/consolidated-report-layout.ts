// The office's consolidated report on one clause (1.9) as a pdfmake definition: every school of the campaign with its
// status, the figures of the reports it filed, district totals and who did not report. A late report brings a new edition.
// The office's documents are drawn by renderConsolidatedReportPdf (consolidated-report-pdf.ts), which scales to 40,000
// schools and groups by region; this definition stays only while bench/render-decree.bench.ts measures it.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { FiledReport } from '../../domain/school-report';
import { ruPlural } from '../texts/renderer';
import { shareOf } from './school-report-layout';
import { GOST_MARGINS, GRID as SHARED_GRID, pageNumberHeader, right } from './layout-kit';
import { editionLine, schoolLines, summaryItems, titleText, type ConsolidatedReportInput, type SchoolLine } from './consolidated-report-data';

export type { ConsolidatedReportInput, SchoolReportStatus } from './consolidated-report-data';
export { editionLine } from './consolidated-report-data';

const DASH = '—';
const SHA_SHOWN = 12;

export function consolidatedReportDefinition(input: ConsolidatedReportInput): TDocumentDefinitions {
  const lines = schoolLines(input);
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: GOST_MARGINS,
    info: {
      title: `${titleText(input)}, редакция ${input.edition}`,
      author: input.officeName,
      subject: `п. ${input.clause.number}: ${input.decreeRef}`,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      // The instant the edition was generated (an input): the same edition always gives the same bytes.
      creationDate: new Date(input.generatedAt),
    },
    header: pageNumberHeader(11),
    content: [...titleBlock(input), ...summary(lines), ...schoolsTable(lines, input.timeZone), ...missingSection(lines), ...withdrawnSection(lines)],
    defaultStyle: { font: 'PTSerif', fontSize: 11, lineHeight: 1.1 },
    styles: {
      office: { bold: true, alignment: 'center', fontSize: 12 },
      title: { bold: true, alignment: 'center', fontSize: 15, margin: [0, 8, 0, 4] },
      edition: { alignment: 'center', bold: true, margin: [0, 0, 0, 6] },
      note: { fontSize: 9, color: '#444444' },
      heading: { bold: true, fontSize: 13, margin: [0, 12, 0, 4] },
      // 8 pt keeps «активированы» and «Редакция» whole in their narrow columns.
      tableHeader: { bold: true, fontSize: 8, alignment: 'center' },
      cell: { fontSize: 9 },
    },
  };
}

function titleBlock(input: ConsolidatedReportInput): Content[] {
  return [
    { text: input.officeName, style: 'office' },
    { text: titleText(input), style: 'title' },
    { text: editionLine(input.edition), style: 'edition' },
    { text: `Текст пункта: «${input.clause.text}»`, style: 'note', margin: [0, 0, 0, 4] },
    { text: `Срок представления отчётов — до ${formatRuDate(input.clause.due)}.` },
    { text: `Сформирован: ${formatRuDateTime(new Date(input.generatedAt), input.timeZone)}.` },
  ];
}

function summary(lines: SchoolLine[]): Content[] {
  return [{ text: 'Сводка', style: 'heading' }, { ul: summaryItems(lines) }];
}

const HEADER = ['№', 'Образовательная организация', 'Статус', 'Дата и время', 'Редакция', 'Классов', 'Чаты классов на платформе', 'Профили сотрудников активированы', 'Профили обучающихся активированы', 'SHA-256 документа'];

function schoolsTable(lines: SchoolLine[], timeZone: string): Content[] {
  const header = HEADER.map((text): TableCell => ({ text: text === 'Дата и время' ? `${text} (${zoneLabel(timeZone)})` : text, style: 'tableHeader' }));
  const body = [header, ...lines.map((l, i) => schoolRow(l, i, timeZone)), totalsRow(lines)];
  return [
    { text: 'Отчёты образовательных организаций', style: 'heading' },
    // Shares go under their counts, so the columns stay narrow and school names fit on one line.
    { table: { headerRows: 1, dontBreakRows: true, widths: [14, '*', 62, 52, 42, 38, 56, 60, 64, 60], body }, layout: GRID, style: 'cell' },
    { text: `SHA-256 — первые ${SHA_SHOWN} знаков хеша PDF-отчёта школы в хранилище документов.`, style: 'note', margin: [0, 2, 0, 0] },
  ];
}

function schoolRow(line: SchoolLine, index: number, timeZone: string): TableCell[] {
  return [right(String(index + 1)), line.name, statusText(line), ...(line.report ? reportFigures(line.report, timeZone) : Array.from({ length: 7 }, () => center(DASH)))];
}

function reportFigures(r: FiledReport, timeZone: string): TableCell[] {
  return [
    center(withoutZone(formatRuDateTime(new Date(r.submittedAt), timeZone))),
    center(String(r.version)),
    right(String(r.classes)),
    right(countCell(r.classChatsOnPlatform, r.classes)),
    right(countCell(r.staffActivated, r.staffTotal)),
    right(countCell(r.studentsActivated, r.studentsTotal)),
    center(r.documentSha256 ? r.documentSha256.slice(0, SHA_SHOWN) : DASH),
  ];
}

function statusText(line: SchoolLine): TableCell {
  if (line.status === 'withdrawn') return 'задача отозвана';
  if (line.status === 'missing') return { text: 'не представлен', color: '#a40000' };
  return line.report?.late ? 'представлен с опозданием' : 'представлен';
}

/** Sums over the reports counted as submitted; shares are of the sums, not averages of the schools' shares. */
function totalsRow(lines: SchoolLine[]): TableCell[] {
  const reports = lines.filter((l) => l.status === 'submitted' && l.report).map((l) => l.report!);
  const sum = (field: 'classes' | 'classChatsOnPlatform' | 'staffTotal' | 'staffActivated' | 'studentsTotal' | 'studentsActivated') => reports.reduce((acc, r) => acc + r[field], 0);
  const bold = (text: string, alignment: 'left' | 'right' = 'right'): TableCell => ({ text, bold: true, alignment });
  return [
    { text: `Итого по району (${reports.length} ${ruPlural(reports.length, 'отчёт', 'отчёта', 'отчётов')})`, bold: true, colSpan: 5 }, '', '', '', '',
    bold(String(sum('classes'))),
    bold(countCell(sum('classChatsOnPlatform'), sum('classes'))),
    bold(countCell(sum('staffActivated'), sum('staffTotal'))),
    bold(countCell(sum('studentsActivated'), sum('studentsTotal'))),
    '',
  ];
}

function missingSection(lines: SchoolLine[]): Content[] {
  const missing = lines.filter((l) => l.status === 'missing');
  return [
    { text: 'Не представили отчёт', style: 'heading' },
    missing.length === 0 ? { text: 'Все образовательные организации, от которых ожидался отчёт, его представили.' } : { ol: missing.map((l) => l.name) },
  ];
}

function withdrawnSection(lines: SchoolLine[]): Content[] {
  const withdrawn = lines.filter((l) => l.status === 'withdrawn');
  if (withdrawn.length === 0) return [];
  return [{ text: 'Задача отозвана', style: 'heading' }, { ol: withdrawn.map((l) => l.name) }];
}

/** «01.11.2024 14:05»: the column header names the zone once, to keep the column narrow. */
function withoutZone(dateTime: string): string {
  return dateTime.replace(/\s*\([^)]*\)$/, '');
}

/** «мск», as formatRuDateTime names the zone. */
function zoneLabel(timeZone: string): string {
  return /\(([^)]*)\)$/.exec(formatRuDateTime(new Date(0), timeZone))?.[1] ?? timeZone;
}

/** «8 из 10» over «(80,0 %)». */
function countCell(part: number, whole: number): string {
  return `${part} из ${whole}\n(${shareOf(part, whole)})`;
}

function center(text: string): TableCell {
  return { text, alignment: 'center' };
}

// The shared grid, narrower padding, and the totals row shaded like the header.
const GRID = {
  ...SHARED_GRID,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  fillColor: (row: number, node: { table: { body: unknown[] } }) => (row === 0 || row === node.table.body.length - 1 ? '#eeeeee' : null),
};
