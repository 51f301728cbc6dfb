// Bytes of a statistics file (CSV or XLSX, as the office saves it) into numbered rows of cells.
// Row numbers are the ones Excel shows, so every message points at a row the office can find.
import Papa from 'papaparse';
import type { StatisticsSource } from '../../domain/weekly-statistics';
import { readFirstSheet, type SheetCell } from './xlsx-sheet-reader';

export type CellValue = SheetCell;
export interface TableRow {
  row: number;
  cells: CellValue[];
}
export interface Table {
  rows: TableRow[];
  source: Omit<StatisticsSource, 'filename' | 'sha256'>;
}
export type TableOrRefusal = Table | { refused: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
export const EMPTY_FILE = 'Файл пуст: в нём нет ни заголовков, ни данных.';
const UNSUPPORTED =
  'Формат файла не распознан: ожидается таблица CSV (текст с разделителем «;» или «,») или книга Excel XLSX.';
const OLD_EXCEL =
  'Файл в старом формате Excel (XLS): сохраните его как «Книга Excel (*.xlsx)» или CSV и загрузите снова.';

export async function readStatisticsTable(bytes: Uint8Array, filename: string): Promise<TableOrRefusal> {
  if (bytes.length === 0) return { refused: EMPTY_FILE };
  if (startsWith(bytes, ZIP_MAGIC) || /\.xlsx$/i.test(filename)) return readXlsx(bytes);
  if (startsWith(bytes, OLE_MAGIC) || /\.xls$/i.test(filename)) return { refused: OLD_EXCEL };
  return looksLikeText(bytes) ? readCsv(bytes) : { refused: UNSUPPORTED };
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * Control bytes other than tab and line ends mean a binary file (or UTF-16, which Excel's CSV never is).
 * The start of the file tells; a binary tail after text fails later as a CSV problem.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 256 * 1024);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/**
 * PapaParse, not csv-parse: it reads rows of any length without ceremony, where csv-parse builds an Error per
 * record whose length differs from the first record's (every record, under a title line: 9× slower), and it is
 * about 2.5× faster on Excel's quoted exports. Empty lines are kept so that index + 1 is the row number Excel shows.
 */
function readCsv(bytes: Uint8Array): TableOrRefusal {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    return {
      refused: `Не удалось разобрать файл CSV: в строке ${(quoteError.row ?? 0) + 1} кавычки не закрыты или стоят неверно (кавычка внутри значения в кавычках пишется дважды: ""). Сохраните таблицу из Excel заново или исправьте эту строку.`,
    };
  return {
    rows: parsed.data.map((cells, i) => ({ row: i + 1, cells })),
    source: { format: 'csv', encoding, delimiter },
  };
}

/** Excel saves CSV in UTF-8 (with a BOM) or, in a Russian locale, in Windows-1251; valid UTF-8 is never the latter in
 * practice. */
function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/**
 * The separator seen more often outside quotes in the first lines; `;` on a tie, as headers often hold ", %".
 * Several lines, not one: a title line above the header ("Статистика, неделя 44") would mislead a one-line guess.
 */
function detectDelimiter(text: string): ';' | ',' {
  const counts = { ';': 0, ',': 0 };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 40; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') lines++;
    else if (!quoted && (ch === ';' || ch === ',')) counts[ch]++;
  }
  return counts[','] > counts[';'] ? ',' : ';';
}

async function readXlsx(bytes: Uint8Array): Promise<TableOrRefusal> {
  const sheet = await readFirstSheet(bytes);
  return sheet.ok ? { rows: sheet.rows, source: { format: 'xlsx' } } : { refused: sheet.message };
}
