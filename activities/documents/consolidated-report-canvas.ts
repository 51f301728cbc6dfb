// Text and rules on pdfkit pages, for documents of tens of thousands of table rows. pdfkit's doc.text() wraps each
// call in its own save/transform/BT…ET/restore and measures it again; here a page's runs go out in one text
// object at the end of the page, and the widths and glyph runs of repeated strings («представлен», «8 из 10») are
// measured and encoded once. pdfkit still embeds and subsets the fonts and writes each page as soon as it is done,
// so memory holds one page of operators, not the document.
import PDFDocument from 'pdfkit';
import { escapeXmpOfInfo, PDF_A } from './archival-pdf';

/** The parts of pdfkit's EmbeddedFont used here; they are not in its typings (pdfkit is pinned to ^0.19). */
interface EmbeddedFont {
  id: string;
  ascender: number;
  descender: number;
  lineGap: number;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
  widthOfString(text: string, size: number): number;
  ref(): unknown;
}

/** A font and what has been measured and encoded in it so far. */
export interface Face {
  font: EmbeddedFont;
  /** Width of a string at 1000 pt. */
  widths: Map<string, number>;
  /** A string as a TJ operand. */
  runs: Map<string, string>;
  /** Wrapped lines, by size and width (one number), then by text. */
  wrapped: Map<number, Map<string, TextLine[]>>;
}

export interface TextLine {
  text: string;
  width: number;
}

export type Align = 'left' | 'right' | 'center';

export interface TextStyle {
  face: Face;
  size: number;
  color?: string;
}

/** pdfmake's line height over the font's own, kept so the documents look as they did when drawn by pdfmake. */
const LINE_HEIGHT = 1.1;
const KAPPA = 0.5522847498;

export class Canvas {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private fills: string[] = [];
  private strokes: string[] = [];
  private texts: string[] = [];
  private pageFaces = new Set<Face>();
  /** What the page's text object has set so far; positions are moved to with Td from the previous line's start. */
  private textState = { face: undefined as Face | undefined, size: 0, color: '', x: 0, y: 0 };

  constructor(options: PDFKit.PDFDocumentOptions) {
    this.doc = new PDFDocument({ ...options, ...PDF_A });
    escapeXmpOfInfo(this.doc);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  face(path: string): Face {
    this.doc.font(path);
    const font = (this.doc as unknown as { _font: EmbeddedFont })._font;
    // These are pdfkit's internals: a pdfkit that no longer has them should fail here, not draw a blank page.
    if (typeof font?.encode !== 'function' || typeof font.widthOfString !== 'function')
      throw new Error('pdfkit: embedded fonts no longer have encode() and widthOfString()');
    return { font, widths: new Map(), runs: new Map(), wrapped: new Map() };
  }

  get pageWidth(): number {
    return this.doc.page.width;
  }

  get pageHeight(): number {
    return this.doc.page.height;
  }

  lineHeight(style: TextStyle): number {
    const f = style.face.font;
    return ((f.ascender - f.descender + f.lineGap) / 1000) * style.size * LINE_HEIGHT;
  }

  width(style: TextStyle, text: string): number {
    return (measure(style.face, text) * style.size) / 1000;
  }

  /** A line that is not wrapped. */
  line(style: TextStyle, text: string): TextLine {
    return { text, width: this.width(style, text) };
  }

  /** Greedy word wrap, as pdfmake breaks lines: at spaces and at line breaks; a word wider than the line stays
   * whole. */
  wrap(style: TextStyle, text: string, maxWidth: number): TextLine[] {
    const key = style.size * 1e6 + Math.round(maxWidth * 100);
    let byText = style.face.wrapped.get(key);
    if (!byText) style.face.wrapped.set(key, (byText = new Map()));
    let lines = byText.get(text);
    if (!lines)
      remember(
        byText,
        text,
        (lines = text.split('\n').flatMap((paragraph) => wrapParagraph(style, paragraph, maxWidth))),
      );
    return lines;
  }

  /** One line of text whose top is at y (y grows downwards, as in pdfkit). */
  text(style: TextStyle, line: TextLine, x: number, y: number): void {
    if (line.text === '') return;
    const { face, size } = style;
    const color = rgb(style.color ?? '#000000');
    const s = this.textState;
    if (s.face !== face || s.size !== size) this.texts.push(`/${face.font.id} ${num(size)} Tf`);
    if (s.color !== color) this.texts.push(`${color} rg`);
    this.pageFaces.add(face);
    const [tx, ty] = [round(x), round(this.pageHeight - y - (face.font.ascender / 1000) * size)];
    this.texts.push(`${num(tx - s.x)} ${num(ty - s.y)} Td ${run(face, line.text)} TJ`);
    s.face = face;
    s.size = size;
    s.color = color;
    s.x = tx;
    s.y = ty;
  }

  /** Text aligned within [x, x + width]. */
  textIn(style: TextStyle, line: TextLine, x: number, width: number, y: number, align: Align): void {
    const dx = align === 'left' ? 0 : align === 'right' ? width - line.width : (width - line.width) / 2;
    this.text(style, line, x + dx, y);
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.fills.push(`${rgb(color)} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
  }

  disc(cx: number, cy: number, r: number): void {
    const k = r * KAPPA;
    const [l, t, rt, b] = [cx - r, cy - r, cx + r, cy + r].map(num);
    this.fills.push(
      `0 0 0 rg ${l} ${num(cy)} m ${l} ${num(cy - k)} ${num(cx - k)} ${t} ${num(cx)} ${t} c ${num(cx + k)} ${t} ${rt} ${num(cy - k)} ${rt} ${num(cy)} c ` +
        `${rt} ${num(cy + k)} ${num(cx + k)} ${b} ${num(cx)} ${b} c ${num(cx - k)} ${b} ${l} ${num(cy + k)} ${l} ${num(cy)} c f`,
    );
  }

  /** A rule of the table grid; all rules share one width and colour, set once per page. */
  rule(x1: number, y1: number, x2: number, y2: number): void {
    this.strokes.push(`${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l`);
  }

  newPage(): void {
    this.flush();
    this.doc.addPage();
  }

  end(): Promise<Buffer> {
    this.flush();
    this.doc.end();
    return this.done;
  }

  /** Writes the page's shading, then its rules over the shading, then its text in one text object. */
  private flush(): void {
    const fonts = (this.doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
    for (const face of this.pageFaces) fonts[face.font.id] = face.font.ref();
    if (this.fills.length > 0) this.doc.addContent(`q\n${this.fills.join('\n')}\nQ`);
    if (this.strokes.length > 0) this.doc.addContent(`q\n0.5 w 0.533 0.533 0.533 RG\n${this.strokes.join('\n')}\nS\nQ`);
    // pdfkit's pages draw with y downwards; text is set in the PDF's own space, hence the flip back.
    if (this.texts.length > 0)
      this.doc.addContent(`q\n1 0 0 -1 0 ${num(this.pageHeight)} cm\nBT\n${this.texts.join('\n')}\nET\nQ`);
    this.fills = [];
    this.strokes = [];
    this.texts = [];
    this.pageFaces = new Set();
    this.textState = { face: undefined, size: 0, color: '', x: 0, y: 0 };
  }
}

function wrapParagraph(style: TextStyle, paragraph: string, maxWidth: number): TextLine[] {
  const lines: TextLine[] = [];
  const space = measure(style.face, ' ');
  const limit = (maxWidth * 1000) / style.size + 1e-6;
  const words = paragraph.split(' ');
  let text = '';
  let width = 0;
  words.forEach((word, i) => {
    // pdfkit lays text out in chunks of a word and the space after it (the last word bare) and caches each chunk:
    // measuring the same chunks here means each is shaped once, for the width and for the glyphs alike.
    const w = i === words.length - 1 ? measure(style.face, word) : measure(style.face, `${word} `) - space;
    if (text !== '' && width + space + w > limit) {
      lines.push({ text, width: (width * style.size) / 1000 });
      text = word;
      width = w;
    } else {
      width = text === '' ? w : width + space + w;
      text = text === '' ? word : `${text} ${word}`;
    }
  });
  lines.push({ text, width: (width * style.size) / 1000 });
  return lines;
}

function measure(face: Face, text: string): number {
  let w = face.widths.get(text);
  if (w === undefined) {
    w = face.font.widthOfString(text, 1000);
    remember(face.widths, text, w);
  }
  return w;
}

/** The glyphs of a string with the font's kerning, as pdfkit's own text() writes them. */
function run(face: Face, text: string): string {
  let operand = face.runs.get(text);
  if (operand !== undefined) return operand;
  const [glyphs, positions] = face.font.encode(text);
  operand = '[<';
  for (let i = 0; i < glyphs.length; i++) {
    operand += glyphs[i];
    const kern = positions[i]!.xAdvance - positions[i]!.advanceWidth;
    if (kern !== 0) operand += `> ${num(-kern)} <`;
  }
  operand += '>]';
  remember(face.runs, text, operand);
  return operand;
}

/**
 * Most strings recur (statuses, counts, dates), but names, numbers and hashes come once each: a cache that forgets
 * everything when full keeps the recurring ones without holding 40,000 of the others.
 */
const CACHE_SIZE = 5_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, value);
}

const colors = new Map<string, string>();

/** «#a40000» → «0.643 0 0». */
function rgb(hex: string): string {
  let c = colors.get(hex);
  if (c === undefined) {
    c = [1, 3, 5].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
    colors.set(hex, c);
  }
  return c;
}

/** Numbers as PDF operators want them: no exponent, at most two decimals (a hundredth of a point), the same on every
 * run. */
function num(n: number): string {
  return String(round(n));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface Margins {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * A cursor down the pages: what is drawn next goes at y, and what does not fit above the bottom margin goes on a
 * new page. A table sets breakHooks to close its grid before the break and repeat its header after it.
 */
export class Flow {
  y: number;
  page = 1;
  breakHooks: { before: () => void; after: () => void } | undefined;

  constructor(
    readonly canvas: Canvas,
    readonly margins: Margins,
    private readonly pageHeader: (page: number) => void,
  ) {
    this.y = margins.top;
  }

  get left(): number {
    return this.margins.left;
  }

  get width(): number {
    return this.canvas.pageWidth - this.margins.left - this.margins.right;
  }

  /** Moves to a new page unless height still fits on this one. */
  room(height: number): void {
    if (this.y + height > this.canvas.pageHeight - this.margins.bottom && this.y > this.margins.top) this.breakPage();
  }

  breakPage(): void {
    this.breakHooks?.before();
    this.canvas.newPage();
    this.page++;
    this.y = this.margins.top;
    this.pageHeader(this.page);
    this.breakHooks?.after();
  }

  /** Wrapped lines, each moved to the next page when it does not fit. */
  paragraph(
    style: TextStyle,
    text: string,
    options: { align?: Align; indent?: number; marginTop?: number; marginBottom?: number } = {},
  ): void {
    const indent = options.indent ?? 0;
    const lh = this.canvas.lineHeight(style);
    this.y += options.marginTop ?? 0;
    for (const line of this.canvas.wrap(style, text, this.width - indent)) {
      this.room(lh);
      this.canvas.textIn(style, line, this.left + indent, this.width - indent, this.y, options.align ?? 'left');
      this.y += lh;
    }
    this.y += options.marginBottom ?? 0;
  }
}
