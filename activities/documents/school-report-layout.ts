// A school's report under clause 1.9 (class chats, profile activation, teacher–student interaction) as the
// document the education office files: official margins, every class listed, the receipt number.
// Its SHA-256 is taken of these very bytes, so the document never quotes a hash.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { ClassRow, ReportVersion } from '../../kinds/school-report/report';
import type { DecreeRef, SchoolTask } from '../../domain/school-task';
import { ruPlural } from '../texts/renderer';
import { formatPercent } from './trend-charts';
import { GOST_MARGINS, GRID, MM, pageNumberHeader, right } from './layout-kit';

export interface SchoolReportInput {
  task: Pick<SchoolTask, 'school' | 'office' | 'decree' | 'clause' | 'timeZone' | 'title'>;
  /** The mark the decree asks for in the subject, e.g. «Сферум». */
  reportMark: string;
  version: ReportVersion;
  /** How many versions the school submitted before this one. */
  previousVersions: number;
}

const DASH = '—';
const REPORT_TITLE =
  'Отчёт о функционировании чатов классов, активации профилей и взаимодействии обучающихся и учителей на платформе';

const KIND_GENITIVE: Record<string, string> = {
  ПОСТАНОВЛЕНИЕ: 'постановления',
  РАСПОРЯЖЕНИЕ: 'распоряжения',
  ПРИКАЗ: 'приказа',
  РЕШЕНИЕ: 'решения',
};

/** «ПОСТАНОВЛЕНИЕ» → «постановления», as in «п. 1.9 постановления»; an unknown kind stays as written, in lower case. */
export function decreeKindGenitive(kind: string): string {
  return KIND_GENITIVE[kind.trim().toUpperCase()] ?? kind.trim().toLowerCase();
}

/** «постановления № 380 от 22.10.2024 «Об активации профилей…»». */
export function decreeCitation(decree: Pick<DecreeRef, 'kind' | 'number' | 'date' | 'title'>): string {
  return `${decreeKindGenitive(decree.kind)} № ${decree.number} от ${formatRuDate(decree.date)} «${decree.title}»`;
}

/** «80,0 %»; a share of nothing is a dash, not a division by zero. */
export function shareOf(part: number, whole: number): string {
  return whole > 0 ? formatPercent(Math.round((part / whole) * 10000) / 100) : DASH;
}

/** «20 из 25 (80,0 %)». */
export function countOf(part: number, whole: number): string {
  return `${part} из ${whole} (${shareOf(part, whole)})`;
}

export function schoolReportDefinition(input: SchoolReportInput): TDocumentDefinitions {
  const { task, version } = input;
  return {
    pageSize: 'A4',
    pageMargins: GOST_MARGINS,
    info: {
      title: `${REPORT_TITLE} — ${task.school.name}, редакция ${version.version}`,
      author: task.school.name,
      subject: `${task.title} (п. ${task.clause.number})`,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      // The submission instant, not the rendering one: the same version always gives the same bytes.
      creationDate: new Date(version.submittedAt),
    },
    // ГОСТ Р 7.0.97: page numbers at the top centre, from the second page on.
    header: pageNumberHeader(11),
    content: [
      ...addressBlock(input),
      ...titleBlock(input),
      ...classesSection(version.report.classes),
      ...totalsSection(version),
      ...interactionSection(version.report.interaction),
      signatureBlock(version),
    ],
    defaultStyle: { font: 'PTSerif', fontSize: 12, lineHeight: 1.1 },
    styles: {
      sender: { bold: true, fontSize: 12 },
      title: { bold: true, alignment: 'center', fontSize: 14, margin: [10 * MM, 14, 10 * MM, 8] },
      heading: { bold: true, fontSize: 13, margin: [0, 12, 0, 4] },
      note: { fontSize: 10, color: '#444444' },
      late: { bold: true, color: '#a40000' },
      tableHeader: { bold: true, fontSize: 10, alignment: 'center' },
      cell: { fontSize: 10 },
      paragraph: { alignment: 'left', leadingIndent: 12.5 * MM, margin: [0, 0, 0, 4] },
    },
  };
}

/** Sender on the left, addressee and the decree's mark on the right, as in a letter. */
function addressBlock({ task, reportMark }: SchoolReportInput): Content[] {
  return [
    {
      columns: [
        { text: task.school.name, style: 'sender', width: '*' },
        { stack: [`В ${task.office.name}`, ...markLine(reportMark)], width: 75 * MM },
      ],
      columnGap: 10 * MM,
    },
  ];
}

/** A campaign without a mark gets no empty «» line. */
function markLine(reportMark: string): Content[] {
  return reportMark.trim() ? [{ text: `Пометка: «${reportMark.trim()}»`, bold: true, margin: [0, 4, 0, 0] }] : [];
}

function titleBlock({ task, version, previousVersions }: SchoolReportInput): Content[] {
  return [
    { text: REPORT_TITLE, style: 'title' },
    { text: `Основание: п. ${task.clause.number} ${decreeCitation(task.decree)}.` },
    { text: `Текст пункта: «${task.clause.text}»`, style: 'note', margin: [0, 2, 0, 6] },
    { text: versionLine(version.version, previousVersions), bold: true },
    ...(version.late ? [{ text: 'Представлен с опозданием', style: 'late' }] : []),
    { text: `Дата и время представления: ${formatRuDateTime(new Date(version.submittedAt), task.timeZone)}` },
  ];
}

/** «Редакция 1»; a correction names the version it replaces, and how many came before when there were several. */
export function versionLine(version: number, previousVersions: number): string {
  if (version <= 1) return 'Редакция 1';
  const earlier =
    previousVersions > 1
      ? `; ранее ${ruPlural(previousVersions, 'представлена', 'представлено', 'представлено')} ${previousVersions} ${ruPlural(previousVersions, 'редакция', 'редакции', 'редакций')}`
      : '';
  return `Редакция ${version} (исправленная; заменяет редакцию ${version - 1}${earlier})`;
}

function classesSection(classes: ClassRow[]): Content[] {
  const header = ['№', 'Класс', 'Классный руководитель', 'Чат на платформе', 'Участников', 'Дата создания'].map(
    (text): TableCell => ({ text, style: 'tableHeader' }),
  );
  return [
    { text: 'Чаты классов', style: 'heading' },
    {
      // The header row repeats on every page; a row never splits across pages.
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [22, 40, '*', 58, 62, 66],
        body: [header, ...classes.map(classRow)],
      },
      layout: GRID,
      style: 'cell',
    },
  ];
}

function classRow(row: ClassRow, index: number): TableCell[] {
  return [
    right(String(index + 1)),
    row.className,
    row.classTeacher,
    { text: row.chatOnPlatform ? 'да' : 'нет', alignment: 'center' },
    right(row.members === undefined ? DASH : String(row.members)),
    { text: row.chatCreated ? formatRuDate(row.chatCreated) : DASH, alignment: 'center' },
  ];
}

function totalsSection({ report }: ReportVersion): Content[] {
  const classes = report.classes.length;
  const chats = report.classes.filter((c) => c.chatOnPlatform).length;
  return [
    { text: 'Итоги', style: 'heading' },
    {
      ul: [
        `Классов: ${classes}`,
        `Чаты классов на платформе: ${countOf(chats, classes)}`,
        `Профили сотрудников активированы: ${countOf(report.staffActivated, report.staffTotal)}`,
        `Профили обучающихся активированы: ${countOf(report.studentsActivated, report.studentsTotal)}`,
      ],
    },
  ];
}

/** The school's own words, paragraph by paragraph as typed. */
function interactionSection(text: string): Content[] {
  const paragraphs = text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return [
    { text: 'Взаимодействие обучающихся и учителей', style: 'heading' },
    ...paragraphs.map((p): Content => ({ text: p, style: 'paragraph' })),
  ];
}

function signatureBlock({ report, receiptNumber }: ReportVersion): Content {
  return {
    stack: [
      {
        columns: [
          { text: report.officerPosition || 'Ответственный', width: '*' },
          { text: report.officerName, alignment: 'right', width: 'auto' },
        ],
        columnGap: 10 * MM,
      },
      { text: `Квитанция № ${receiptNumber}`, margin: [0, 10, 0, 0] },
    ],
    margin: [0, 24, 0, 0],
    unbreakable: true,
  };
}
