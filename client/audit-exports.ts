// The auditor's exports of a timeline: JSON (for tools), CSV (for Excel: UTF-8 with BOM, «;»), PDF (for the case
// file, in the layout of the other official documents). All three carry the same events in the same order.
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type * as PdfPrinter from '../activities/documents/pdf-printer';
import { GOST_MARGINS, GRID, pageNumberHeader } from '../activities/documents/layout-kit';
import { formatRuDateTime } from '../domain/dates';
import type { Timeline } from './audit-timeline';
import { KIND_NAMES_RU, type JournalEvent } from './journal-events';

export { KIND_NAMES_RU } from './journal-events';

export const EXPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** A PDF for the case file is read by a person: past this many events, filter it or export CSV. */
export const PDF_EVENT_LIMIT = 3_000;

const zoneOf = (t: Timeline) => t.timeZone ?? 'Europe/Moscow';

/** The JSON export in pieces, so the CLI can stream it an event at a time: two-space indented, as JSON.stringify. */
export const jsonHead = (campaignId: string, generatedAt: string) =>
  `{\n  "campaignId": ${JSON.stringify(campaignId)},\n  "generatedAt": ${JSON.stringify(generatedAt)},\n  "events": [`;
export const jsonEvent = (e: JournalEvent, first: boolean) =>
  `${first ? '' : ','}\n    ${JSON.stringify(e, null, 2).replace(/\n/g, '\n    ')}`;
export const jsonTail = (events: number) => (events ? '\n  ]\n}\n' : ']\n}\n');

export function timelineJson(t: Timeline): string {
  return (
    jsonHead(t.campaignId, t.generatedAt) +
    t.events.map((e, i) => jsonEvent(e, i === 0)).join('') +
    jsonTail(t.events.length)
  );
}

const csvCell = (value: unknown) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The CSV's first line, with the byte order mark Excel needs to read UTF-8. */
export const CSV_HEAD = `\uFEFF${['Время', 'Время (UTC)', 'Процесс', 'Событие истории', 'Вид', 'Пункт', 'Школа', 'Описание', 'Подробности (JSON)'].join(';')}\r\n`;

export function csvLine(e: JournalEvent, timeZone: string): string {
  const row = [
    formatRuDateTime(new Date(e.at), timeZone),
    e.at,
    e.workflowId,
    e.eventId,
    KIND_NAMES_RU[e.kind],
    e.clause,
    e.schoolId,
    e.summary,
    JSON.stringify(e.details),
  ];
  return `${row.map(csvCell).join(';')}\r\n`;
}

export function timelineCsv(t: Timeline): string {
  return CSV_HEAD + t.events.map((e) => csvLine(e, zoneOf(t))).join('');
}

function eventRow(e: JournalEvent, zone: string) {
  const place = [e.clause ? `п. ${e.clause}` : '', e.schoolId ?? ''].filter(Boolean).join(', ');
  return [
    { text: formatRuDateTime(new Date(e.at), zone), fontSize: 9 },
    { text: KIND_NAMES_RU[e.kind], fontSize: 9 },
    { text: place, fontSize: 9 },
    {
      stack: [
        { text: e.summary, fontSize: 9 },
        { text: `${e.workflowId} · событие ${e.eventId}`, fontSize: 7, color: '#555555' },
      ],
    },
  ];
}

/** Refuses a timeline too long to read on paper, with a message that says what to do instead. */
/** author: who exported it (the account, or the CLI's operator); the PDF's metadata and its heading name them. */
export async function timelinePdf(t: Timeline, title: string, author: string): Promise<Buffer> {
  if (t.events.length > PDF_EVENT_LIMIT)
    throw new Error(
      `В журнале ${t.events.length} событий, а PDF для дела — не больше ${PDF_EVENT_LIMIT}: сузьте отбор (школа, пункт, даты) или выгрузите CSV.`,
    );
  const zone = zoneOf(t);
  const generated = new Date(t.generatedAt);
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: GOST_MARGINS,
    info: {
      title,
      author,
      subject: `Кампания ${t.campaignId}`,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      creationDate: generated,
    },
    header: pageNumberHeader(11),
    defaultStyle: { font: 'PTSerif', fontSize: 11 },
    content: [
      { text: 'ЖУРНАЛ СОБЫТИЙ КАМПАНИИ', bold: true, alignment: 'center', fontSize: 13, characterSpacing: 1 },
      { text: title, alignment: 'center', margin: [0, 4, 0, 4] },
      {
        text: `Сформирован ${formatRuDateTime(generated, zone)} по истории процессов Temporal; выгрузил ${author}; событий: ${t.events.length}. Каждая строка указывает процесс и номер события в его истории.`,
        fontSize: 9,
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [95, 90, 80, '*'],
          body: [
            ['Время', 'Вид', 'Пункт, школа', 'Событие'].map((h) => ({ text: h, bold: true, fontSize: 9 })),
            ...t.events.map((e) => eventRow(e, zone)),
          ],
        },
        layout: GRID,
      },
    ],
  };
  // pdfmake loads with the first PDF: the CLI's CSV and JSON exports never carry it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../activities/documents/pdf-printer') as typeof PdfPrinter).renderPdf(definition);
}

export async function exportTimeline(
  t: Timeline,
  format: ExportFormat,
  title: string,
  author: string,
): Promise<{ body: Buffer; contentType: string; extension: string }> {
  if (format === 'json')
    return { body: Buffer.from(timelineJson(t)), contentType: 'application/json; charset=utf-8', extension: 'json' };
  if (format === 'csv')
    return { body: Buffer.from(timelineCsv(t)), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
  return { body: await timelinePdf(t, title, author), contentType: 'application/pdf', extension: 'pdf' };
}
