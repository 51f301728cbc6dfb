// Every PDF we issue is PDF/A-2b, the profile Russian electronic archives accept: pdfkit writes the XMP metadata and
// an sRGB output intent when asked for the subset on PDF 1.7 (on 1.3, pdfmake's default, it writes no XMP at all).
// PDF/A-2 allows transparency, so the weekly report's charts need no flattening.

/** pdfkit's options for PDF/A-2b. */
export const PDF_A = { pdfVersion: '1.7', subset: 'PDF/A-2b' } as const;

/** pdfmake's names for the same. */
export const PDF_A_DEFINITION = { version: '1.7', subset: 'PDF/A-2b' } as const;

type InfoWriter = { info: Record<string, unknown>; _addInfo(): void };
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * pdfkit copies the Info strings into the XMP packet unescaped, so a title with «&» or «<» (a school's name) would
 * make the metadata unreadable and the file non-conforming. The XMP gets escaped copies; the Info dictionary keeps
 * the text as it is.
 */
export function escapeXmpOfInfo(doc: unknown): void {
  const writer = doc as InfoWriter;
  const addInfo = writer._addInfo.bind(writer);
  writer._addInfo = () => {
    const raw = writer.info;
    writer.info = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? escapeXml(v) : v]),
    );
    try {
      addInfo();
    } finally {
      writer.info = raw;
    }
  };
}
