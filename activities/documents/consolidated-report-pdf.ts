// The office's consolidated report on clause 1.9 as a PDF: every school of the campaign with its status, the
// figures of the reports it filed, the totals and who did not report. A late report brings a new edition.
// Drawn with pdfkit directly, not as a pdfmake definition: for 40,000 schools pdfmake's tree of measured nodes took
// gigabytes, while here a table row is laid out, drawn and dropped (see consolidated-report-canvas.ts).
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { Canvas, Flow, type Face, type TextStyle } from './consolidated-report-canvas';
import {
  editionLine,
  schoolLines,
  SHA_SHOWN,
  summaryItems,
  tableRows,
  titleText,
  type ConsolidatedReportInput,
  type SchoolLine,
} from './consolidated-report-data';
import { drawSchoolsTable } from './consolidated-report-table';
import { GOST_MARGINS, MM } from './layout-kit';
import { FONTS } from './pdf-printer';
import type { Verification } from './document-verification';

export type { ConsolidatedReportInput } from './consolidated-report-data';

interface Styles {
  regular: Face;
  bold: Face;
}

const NOTE_COLOR = '#444444';
const MISSING_COLOR = '#a40000';

/** The same input gives the same bytes: the dates come from generatedAt, and pdfkit derives the file ID from them. */
export async function renderConsolidatedReportPdf(input: ConsolidatedReportInput): Promise<Buffer> {
  const [top, right, bottom, left] = [GOST_MARGINS[1], GOST_MARGINS[2], GOST_MARGINS[3], GOST_MARGINS[0]];
  const generatedAt = input.verification?.issuedAt ?? new Date(input.generatedAt);
  const canvas = new Canvas({
    size: 'A4',
    layout: 'landscape',
    margins: { top, right, bottom, left },
    font: FONTS.PTSerif.normal,
    info: {
      Title: `${titleText(input)}, редакция ${input.edition}`,
      Author: input.officeName,
      Subject: `п. ${input.clause.number}: ${input.decreeRef}`,
      Creator: 'decree-campaigns',
      Producer: 'decree-campaigns',
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });
  const faces: Styles = { regular: canvas.face(FONTS.PTSerif.normal), bold: canvas.face(FONTS.PTSerif.bold) };
  const flow = new Flow(canvas, { top, right, bottom, left }, (page) => pageNumber(canvas, faces, page));
  const lines = schoolLines(input);
  titleBlock(flow, faces, input);
  summary(flow, faces, lines);
  schoolsTable(flow, faces, lines, input.timeZone);
  missingSection(flow, faces, lines);
  withdrawnSection(flow, faces, lines);
  if (input.verification) verificationSection(flow, faces, input.verification);
  return canvas.end();
}

interface QrRect {
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
}
// pdfmake's own QR encoder (the one behind `{ qr }` in the other documents), drawn here as rectangles.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qrEncoder = require('pdfmake/js/qrEnc').default as {
  measure(node: { qr: string; fit: number; eccLevel: string }): { _canvas: QrRect[]; _width: number };
};

/** The same block as the pdfmake documents end with: the QR code, the code and the address to check it. */
function verificationSection(flow: Flow, f: Styles, v: Verification): void {
  const qr = qrEncoder.measure({ qr: v.url, fit: 72, eccLevel: 'M' });
  flow.room(qr._width + 16);
  flow.y += 16;
  // The encoder's background square is white on white paper: only the dark modules are drawn.
  for (const r of qr._canvas.slice(1)) flow.canvas.fillRect(flow.left + r.x, flow.y + r.y, r.w, r.h, '#000000');
  const x = flow.left + qr._width + 8;
  const width = flow.width - qr._width - 8;
  const lines: [TextStyle, string][] = [
    [{ face: f.bold, size: 9 }, `Код проверки подлинности: ${v.code}`],
    [{ face: f.regular, size: 9 }, `Проверить документ: ${v.url}`],
    [
      { face: f.regular, size: 9, color: NOTE_COLOR },
      'Документ сформирован автоматизированной системой; подлинность подтверждается записью в истории процесса.',
    ],
  ];
  let y = flow.y + 4;
  for (const [style, text] of lines) {
    for (const line of flow.canvas.wrap(style, text, width)) {
      flow.canvas.textIn(style, line, x, width, y, 'left');
      y += flow.canvas.lineHeight(style);
    }
  }
  flow.y += Math.max(qr._width, y - flow.y);
}

/** From the second page on, the number at the top centre of the page, 10 mm from its edge. */
function pageNumber(canvas: Canvas, faces: Styles, page: number): void {
  if (page < 2) return;
  const style = { face: faces.regular, size: 11 };
  canvas.textIn(style, canvas.line(style, String(page)), 0, canvas.pageWidth, 10 * MM, 'center');
}

function titleBlock(flow: Flow, f: Styles, input: ConsolidatedReportInput): void {
  flow.paragraph({ face: f.bold, size: 12 }, input.officeName, { align: 'center' });
  flow.paragraph({ face: f.bold, size: 15 }, titleText(input), { align: 'center', marginTop: 8, marginBottom: 4 });
  flow.paragraph({ face: f.bold, size: 11 }, editionLine(input.edition), { align: 'center', marginBottom: 6 });
  flow.paragraph({ face: f.regular, size: 9, color: NOTE_COLOR }, `Текст пункта: «${input.clause.text}»`, {
    marginBottom: 4,
  });
  flow.paragraph({ face: f.regular, size: 11 }, `Срок представления отчётов — до ${formatRuDate(input.clause.due)}.`);
  flow.paragraph(
    { face: f.regular, size: 11 },
    `Сформирован: ${formatRuDateTime(new Date(input.generatedAt), input.timeZone)}.`,
  );
}

function heading(flow: Flow, f: Styles, text: string): void {
  const style = { face: f.bold, size: 13 };
  // A heading keeps at least a line of what it heads on its page.
  flow.y += 12;
  flow.room(flow.canvas.lineHeight(style) + 2 * flow.canvas.lineHeight({ face: f.regular, size: 11 }));
  flow.paragraph(style, text, { marginBottom: 4 });
}

function summary(flow: Flow, f: Styles, lines: SchoolLine[]): void {
  heading(flow, f, 'Сводка');
  bulletList(flow, { face: f.regular, size: 11 }, summaryItems(lines));
}

function schoolsTable(flow: Flow, f: Styles, lines: SchoolLine[], timeZone: string): void {
  heading(flow, f, 'Отчёты образовательных организаций');
  const styles = {
    cell: { face: f.regular, size: 9 },
    bold: { face: f.bold, size: 9 },
    // 8 pt keeps «активированы» and «Редакция» whole in their narrow columns.
    header: { face: f.bold, size: 8 },
    missing: { face: f.regular, size: 9, color: MISSING_COLOR },
  };
  drawSchoolsTable(flow, styles, tableRows(lines), timeZone);
  flow.paragraph(
    { face: f.regular, size: 9, color: NOTE_COLOR },
    `SHA-256 — первые ${SHA_SHOWN} знаков хеша PDF-отчёта школы в хранилище документов.`,
    { marginTop: 2 },
  );
}

function missingSection(flow: Flow, f: Styles, lines: SchoolLine[]): void {
  const missing = lines.filter((l) => l.status === 'missing').map((l) => l.name);
  heading(flow, f, 'Не представили отчёт');
  if (missing.length === 0)
    flow.paragraph(
      { face: f.regular, size: 11 },
      'Все образовательные организации, от которых ожидался отчёт, его представили.',
    );
  else numberedList(flow, { face: f.regular, size: 11 }, missing);
}

function withdrawnSection(flow: Flow, f: Styles, lines: SchoolLine[]): void {
  const withdrawn = lines.filter((l) => l.status === 'withdrawn').map((l) => l.name);
  if (withdrawn.length === 0) return;
  heading(flow, f, 'Задача отозвана');
  numberedList(flow, { face: f.regular, size: 11 }, withdrawn);
}

/** Items indented by the width of «9. », each with a disc where pdfmake put it. */
function bulletList(flow: Flow, style: TextStyle, items: string[]): void {
  const gap = flow.canvas.width(style, '9. ');
  const r = style.size / 6;
  const discY = ((style.face.font.ascender + style.face.font.lineGap) / 1000) * style.size - style.size / 3;
  for (const item of items) {
    flow.room(flow.canvas.lineHeight(style));
    flow.canvas.disc(flow.left + r, flow.y + discY, r);
    flow.paragraph(style, item, { indent: gap });
  }
}

/** «1. », «2. »… in a column as wide as the widest number. */
function numberedList(flow: Flow, style: TextStyle, items: string[]): void {
  const gap = Math.max(flow.canvas.width(style, '9. '), flow.canvas.width(style, `${items.length}. `));
  items.forEach((item, i) => {
    flow.room(flow.canvas.lineHeight(style));
    flow.canvas.text(style, flow.canvas.line(style, `${i + 1}.`), flow.left, flow.y);
    flow.paragraph(style, item, { indent: gap });
  });
}
