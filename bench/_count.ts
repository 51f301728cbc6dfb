import { renderConsolidatedReportPdf as r0 } from '../activities/documents/consolidated-report-pdf';
import { renderBaselineForCount } from './_base';
const renderConsolidatedReportPdf = process.env.BASE ? renderBaselineForCount : r0;
import PDFDocument from 'pdfkit';
import { FONTS } from '../activities/documents/pdf-printer';
const doc = new PDFDocument(); doc.font(FONTS.PTSerif.normal);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const proto = Object.getPrototypeOf((doc as any)._font);
const orig = proto.layoutRun; let calls = 0; let chars = 0; const samples = new Map<string, number>();
proto.layoutRun = function (t: string, f: unknown) { calls++; chars += t.length; const k = t.replace(/[0-9a-f]/g, '#').replace(/[а-яё]+/g, 'x'); samples.set(k, (samples.get(k) ?? 0) + 1); return orig.call(this, t, f); };
// reuse the bench's input via a child-free import trick: run the case function body
// eslint-disable-next-line @typescript-eslint/no-require-imports
process.argv = [process.argv[0]!, 'x', '--none'];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { benchInputForCount } = require('./_input');
void (async () => {
  await renderConsolidatedReportPdf(benchInputForCount(40000));
  console.log({ calls, chars });
  console.log([...samples.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25));
})();
