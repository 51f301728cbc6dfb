// pdfmake with fonts that carry Cyrillic (PT Serif by ParaType, made for Russian official texts), no network access.
import { dirname, join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { escapeXmpOfInfo, PDF_A_DEFINITION } from './archival-pdf';

// pdfmake's server entry is a module-level singleton; its Printer class lets each renderer own its fonts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Printer = require('pdfmake/js/Printer').default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const virtualfs = require('pdfmake/js/virtual-fs').default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const URLResolver = require('pdfmake/js/URLResolver').default;

const fontDir = dirname(require.resolve('@expo-google-fonts/pt-serif/package.json'));

export const FONTS = {
  PTSerif: {
    normal: join(fontDir, '400Regular', 'PTSerif_400Regular.ttf'),
    bold: join(fontDir, '700Bold', 'PTSerif_700Bold.ttf'),
    italics: join(fontDir, '400Regular_Italic', 'PTSerif_400Regular_Italic.ttf'),
    bolditalics: join(fontDir, '700Bold_Italic', 'PTSerif_700Bold_Italic.ttf'),
  },
};

const fontFiles = new Set(Object.values(FONTS.PTSerif));

/** Renders a document definition to PDF/A-2b bytes. Pass info.creationDate for byte-identical re-renders. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const urlResolver = new URLResolver(virtualfs);
  urlResolver.setUrlAccessPolicy(() => false);
  const printer = new Printer(FONTS, virtualfs, urlResolver, (path: string) => fontFiles.has(path));
  const doc = await printer.createPdfKitDocument(
    { defaultStyle: { font: 'PTSerif' }, ...definition, ...PDF_A_DEFINITION },
    {},
  );
  escapeXmpOfInfo(doc);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
