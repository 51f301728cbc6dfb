// The first worksheet of an XLSX file as numbered rows of cells, read defensively: an XLSX is a zip that comes
// from outside, and a 1 MB zip can hold a 1 GiB entry. Declared sizes and compression ratios are checked before an
// entry is inflated, only the parts the first sheet needs are inflated, and an entry that inflates past its
// declared size is cut off (yauzl's validateEntrySizes), so memory stays bounded by the limits below.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

export type SheetCell = string | number | undefined;
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}
export type SheetReadResult = { ok: true; rows: SheetRow[] } | { ok: false; message: string };
export interface XlsxLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
}

/** A weekly export of 40,000 schools has a sheet of about 20 MB compressing about 10:1; these leave room, not a
 * bomb. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxEntries: 5000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 100,
};

const DAMAGED = (detail: string) =>
  `Не удалось прочитать файл XLSX: файл повреждён или не является книгой Excel (${detail}).`;
const HOSTILE =
  'похоже, файл повреждён или составлен так, чтобы вывести систему из строя; сохраните таблицу заново и загрузите снова';
const MB = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} МБ`;

class Refusal extends Error {}

export async function readFirstSheet(bytes: Uint8Array, limits: Partial<XlsxLimits> = {}): Promise<SheetReadResult> {
  const limit = { ...DEFAULT_XLSX_LIMITS, ...limits };
  let zip: ZipFile | undefined;
  try {
    zip = await openZip(bytes);
    const entries = await listEntries(zip, limit);
    return { ok: true, rows: await readWorkbook(zip, entries, limit) };
  } catch (err) {
    return { ok: false, message: err instanceof Refusal ? err.message : DAMAGED((err as Error).message) };
  } finally {
    zip?.close();
  }
}

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) =>
    fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

/** The central directory only: names and declared sizes, nothing inflated. */
function listEntries(zip: ZipFile, limit: XlsxLimits): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      if (entries.size > limit.maxEntries)
        reject(new Refusal(`Файл XLSX отклонён: в архиве больше ${limit.maxEntries} частей — ${HOSTILE}.`));
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function checkDeclared(entries: Entry[], limit: XlsxLimits): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > limit.maxEntryBytes)
      throw new Refusal(
        `Файл XLSX отклонён: часть «${e.fileName}» распаковывается в ${MB(e.uncompressedSize)} (допускается не больше ${MB(limit.maxEntryBytes)}) — ${HOSTILE}.`,
      );
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > 1024 * 1024 && ratio > limit.maxRatio)
      throw new Refusal(
        `Файл XLSX отклонён: часть «${e.fileName}» сжата в ${Math.round(ratio)} раз (допускается не больше ${limit.maxRatio}) — ${HOSTILE}.`,
      );
  }
  if (total > limit.maxTotalBytes)
    throw new Refusal(
      `Файл XLSX отклонён: нужные части распаковываются в ${MB(total)} (допускается не больше ${MB(limit.maxTotalBytes)}) — ${HOSTILE}.`,
    );
}

/** Inflates one entry into the XML parser chunk by chunk; yauzl stops an entry that inflates past its declared size. */
function parseEntry(zip: ZipFile, entry: Entry, parser: SaxesParser): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const decoder = new TextDecoder('utf-8');
      stream.on('data', (chunk: Buffer) => {
        try {
          parser.write(decoder.decode(chunk, { stream: true }));
        } catch (e) {
          stream.destroy(e as Error);
        }
      });
      stream.on('error', (e: Error) =>
        reject(
          /too many bytes/.test(e.message)
            ? new Refusal(
                `Файл XLSX отклонён: часть «${entry.fileName}» распаковывается в больше байт, чем указано в архиве — ${HOSTILE}.`,
              )
            : e,
        ),
      );
      stream.on('end', () => {
        try {
          parser.write(decoder.decode()).close();
          resolve();
        } catch (e) {
          reject(e as Error);
        }
      });
    });
  });
}

async function readWorkbook(zip: ZipFile, entries: Map<string, Entry>, limit: XlsxLimits): Promise<SheetRow[]> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new Error('в архиве нет книги xl/workbook.xml');
  const optional = ['xl/sharedStrings.xml', 'xl/styles.xml']
    .map((n) => entries.get(n))
    .filter((e): e is Entry => Boolean(e));
  checkDeclared([workbook, rels, ...optional], limit);
  const sheetId = await parseWith(zip, workbook, firstSheetRelId);
  const target = await parseWith(zip, rels, (p) => relTarget(p, sheetId));
  const sheet = target && entries.get(resolveTarget(target));
  if (!sheet) throw new Error('в книге нет ни одного листа');
  checkDeclared([workbook, rels, ...optional, sheet], limit);
  const strings = entries.has('xl/sharedStrings.xml')
    ? await parseWith(zip, entries.get('xl/sharedStrings.xml')!, sharedStrings)
    : [];
  const percentStyles = entries.has('xl/styles.xml')
    ? await parseWith(zip, entries.get('xl/styles.xml')!, percentStyleFlags)
    : [];
  return parseWith(zip, sheet, (p) => sheetRows(p, strings, percentStyles));
}

/** Registers handlers on a fresh parser, feeds it the entry, returns what the handlers collected. */
async function parseWith<T>(zip: ZipFile, entry: Entry, collect: (parser: SaxesParser) => () => T): Promise<T> {
  const parser = new SaxesParser();
  const result = collect(parser);
  await parseEntry(zip, entry, parser);
  return result();
}

/** Element names without a namespace prefix: some generators write `<x:row>`. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.replace(/^\/+/, '');
  const parts = ['xl'];
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

function firstSheetRelId(parser: SaxesParser): () => string | undefined {
  let id: string | undefined;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (id !== undefined || local(tag.name) !== 'sheet') return;
    const key = Object.keys(tag.attributes).find((k) => k === 'r:id' || k.endsWith(':id'));
    id = key ? String(tag.attributes[key]) : undefined;
  });
  return () => id;
}

function relTarget(parser: SaxesParser, id: string | undefined): () => string | undefined {
  let target: string | undefined;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (local(tag.name) === 'Relationship' && tag.attributes.Id === id) target = String(tag.attributes.Target);
  });
  return () => target;
}

/** Text of each `<si>`: plain `<t>` or rich-text runs; phonetic hints (`<rPh>`) are not part of the text. */
function sharedStrings(parser: SaxesParser): () => string[] {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'si') current = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  parser.on('text', (text: string) => {
    if (inText) current += text;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') strings.push(current);
  });
  return () => strings;
}

/** Built-in formats 9 (0%) and 10 (0.00%); a custom format is a percentage when "%" stands outside quotes. */
function isPercentFormat(id: number, code: string | undefined): boolean {
  if (id === 9 || id === 10) return true;
  return (
    code !== undefined &&
    code
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .includes('%')
  );
}

/** For each cell style (`s` attribute), whether its number format is a percentage. */
function percentStyleFlags(parser: SaxesParser): () => boolean[] {
  const codes = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'numFmt') codes.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  return () => xfFormats.map((id) => isPercentFormat(id, codes.get(id)));
}

/** "BC12" → 54 (zero-based column of the cell reference). */
function columnIndex(ref: string): number {
  let col = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
  }
  return col - 1;
}

interface CellState {
  col: number;
  type: string;
  style: number;
  value: string;
  inValue: boolean;
  inInline: boolean;
  phonetic: number;
}

function sheetRows(parser: SaxesParser, strings: string[], percentStyles: boolean[]): () => SheetRow[] {
  const rows: SheetRow[] = [];
  let row: SheetRow = { row: 0, cells: [] };
  let cell: CellState = { col: -1, type: 'n', style: 0, value: '', inValue: false, inInline: false, phonetic: 0 };
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'row') row = { row: tag.attributes.r ? Number(tag.attributes.r) : row.row + 1, cells: [] };
    else if (name === 'c') cell = newCell(tag, cell.col, row);
    else if (name === 'v') cell.inValue = true;
    else if (name === 'rPh') cell.phonetic++;
    else if (name === 't' && cell.type === 'inlineStr' && cell.phonetic === 0) cell.inInline = true;
  });
  parser.on('text', (text: string) => {
    if (cell.inValue || cell.inInline) cell.value += text;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'v') cell.inValue = false;
    else if (name === 't') cell.inInline = false;
    else if (name === 'rPh') cell.phonetic--;
    else if (name === 'c') row.cells[cell.col] = cellValue(cell, strings, percentStyles);
    else if (name === 'row') pushRow(rows, row);
  });
  return () => rows;
}

function newCell(tag: SaxesTagPlain, previousCol: number, row: SheetRow): CellState {
  const ref = tag.attributes.r ? String(tag.attributes.r) : '';
  const col = ref ? columnIndex(ref) : row.cells.length === 0 ? 0 : previousCol + 1;
  return {
    col,
    type: String(tag.attributes.t ?? 'n'),
    style: Number(tag.attributes.s ?? 0),
    value: '',
    inValue: false,
    inInline: false,
    phonetic: 0,
  };
}

function cellValue(cell: CellState, strings: string[], percentStyles: boolean[]): SheetCell {
  switch (cell.type) {
    case 's':
      return strings[Number(cell.value)];
    case 'b':
      return cell.value === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'inlineStr':
    case 'e':
    case 'd':
      return cell.value;
    default: {
      if (cell.value.trim() === '') return undefined;
      const n = Number(cell.value);
      if (!Number.isFinite(n)) return cell.value;
      // A cell formatted as percent holds a fraction (0.4868 shown as 48,68%); the file's figures are in percent.
      return percentStyles[cell.style] ? Number((n * 100).toPrecision(12)) : n;
    }
  }
}

/** Rows with no value are dropped (Excel writes styled empty rows); trailing empty cells are trimmed. */
function pushRow(rows: SheetRow[], row: SheetRow): void {
  const cells = Array.from(row.cells, (c) => (c === '' ? undefined : c));
  while (cells.length && cells[cells.length - 1] === undefined) cells.pop();
  if (cells.some((c) => c !== undefined && String(c).trim() !== '')) rows.push({ row: row.row, cells });
}
