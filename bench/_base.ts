import PDFDocument from 'pdfkit'; import type { ConsolidatedReportInput } from '../activities/documents/consolidated-report-pdf'; import { countCell, DASH, schoolLines, SHA_SHOWN, statusText, submittedAtFormatter } from '../activities/documents/consolidated-report-data'; import { GOST_MARGINS } from '../activities/documents/layout-kit'; import { FONTS } from '../activities/documents/pdf-printer';
export function renderBaselineForCount(input: ConsolidatedReportInput): Promise<Buffer> {
  const [left, top, right, bottom] = GOST_MARGINS;
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { left, top, right, bottom }, font: FONTS.PTSerif.normal, info: { CreationDate: new Date(input.generatedAt) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const at = submittedAtFormatter(input.timeZone);
  doc.fontSize(9);
  schoolLines(input).forEach((l, i) => {
    const r = l.report;
    const figures = r ? [at(r.submittedAt), String(r.version), String(r.classes), countCell(r.classChatsOnPlatform, r.classes), countCell(r.staffActivated, r.staffTotal), countCell(r.studentsActivated, r.studentsTotal), r.documentSha256.slice(0, SHA_SHOWN)] : Array<string>(7).fill(DASH);
    doc.text([String(i + 1), l.name, statusText(l), ...figures].join('  ').replace(/\n/g, ' '));
  });
  doc.end();
  return done;
}
