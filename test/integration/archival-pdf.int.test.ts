// Documents an archive accepts: the layouts the system issues, rendered as issued (with the verification block and
// the moment of issue), pass veraPDF's PDF/A-2b profile; so does a title with characters XML must escape. The
// documents a running campaign issues are checked the same way in journal-completeness.timeskip.test.ts.
import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { decreeDocument } from '../../activities/documents/decree-layout';
import { withVerification, type Verification } from '../../activities/documents/document-verification';
import { schoolOrderDefinition } from '../../activities/documents/school-order-layout';
import { weeklyReportDefinition } from '../../activities/documents/weekly-report-layout';
import { renderDecreeText } from '../../activities/texts/decree-text';
import { createTextRenderer } from '../../activities/texts/renderer';
import { validatePdfA } from '../../scripts/lib/verapdf';
import { schoolOrderInput } from '../../web/routes/task-order';
import { exampleCampaign, exampleTask } from '../support/example-campaign';
import { keepPdf } from '../support/pdf-text';
import { context, weeklyAnalysis } from '../support/weekly-report-fixture';

const issuedAt = new Date('2026-12-07T10:15:30Z');
const verification: Verification = { code: 'ABCDE-12345', url: 'http://127.0.0.1:3000/verify/ABCDE-12345', issuedAt };
const campaign = exampleCampaign();

/** The creation date pdfinfo reads from the Info dictionary, in UTC. */
const creationDate = (name: string, pdf: Buffer) =>
  /CreationDate:\s+(.+)/
    .exec(execFileSync('pdfinfo', ['-isodates', keepPdf(name, pdf)], { encoding: 'utf8' }))?.[1]
    ?.trim();

it('the decree, the weekly report with its charts, the draft order and an escaped title are PDF/A-2b', async () => {
  const decree = await renderPdf(
    withVerification(decreeDocument(campaign, renderDecreeText(campaign, createTextRenderer())), verification),
  );
  const weekly = await renderPdf(withVerification(weeklyReportDefinition(weeklyAnalysis(), context), verification));
  const order = await renderPdf(
    schoolOrderDefinition(schoolOrderInput(exampleTask(campaign, 0, '2024-10-30', 'archival-1.1'), '2026-12-07')!),
  );
  const escaped = await renderPdf({
    info: { title: 'Приказ & распоряжение <№ 5>', author: 'МКОУ «А & Б»' },
    content: 'Текст',
  });
  const files = [
    ['decree', decree],
    ['weekly-report', weekly],
    ['school-order', order],
    ['escaped-title', escaped],
  ] as const;
  const verdicts = await validatePdfA(files.map(([name, pdf]) => keepPdf(`archival-${name}`, pdf)));
  expect(verdicts.filter((v) => !v.passed).map((v) => v.report)).toEqual([]);
  expect(verdicts).toHaveLength(4);
}, 120_000);

it('an issued document is dated by its issue, not by the decree or the week it describes', async () => {
  const decree = await renderPdf(
    withVerification(decreeDocument(campaign, renderDecreeText(campaign, createTextRenderer())), verification),
  );
  const weekly = await renderPdf(withVerification(weeklyReportDefinition(weeklyAnalysis(), context), verification));
  expect([creationDate('dated-decree', decree), creationDate('dated-weekly', weekly)]).toEqual([
    '2026-12-07T10:15:30Z',
    '2026-12-07T10:15:30Z',
  ]);
  const draft = await renderPdf(decreeDocument(campaign, renderDecreeText(campaign, createTextRenderer())));
  expect(creationDate('dated-preview', draft)).toBe('2024-10-22T00:00:00Z'); // a preview, not issued: the decree's own date
});

it('refuses what is not PDF/A: veraPDF is really asked', async () => {
  const doc = new PDFDocument();
  const plain = await new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('A plain PDF: no metadata, no output intent.').end();
  });
  const [verdict] = await validatePdfA([keepPdf('archival-not-pdfa', plain)]);
  expect(verdict!.passed).toBe(false);
  expect(verdict!.report).toContain('6.6.2.1-1'); // no XMP metadata
}, 60_000);
