// Reads the platform's weekly statistics file (CSV or XLSX, as the office exports it) into per-school figures.
// All problems are collected and located as Excel shows them, so the office fixes the file in one pass.
import { parse as parseCsv } from 'csv-parse/sync';
import { Workbook, type Cell, type CellValue, type Row } from 'exceljs';
import { statisticsKeyOf, type School } from '../../domain/campaign-schema';
import type { StatisticsConfig, StatisticsField } from '../../domain/statistics-schema';
import type { SchoolWeekFigures, StatisticsFileProblem, StatisticsSource, UnmatchedRow } from '../../domain/weekly-statistics';

type Source = Omit<StatisticsSource, 'filename' | 'sha256'>;

export type ParsedStatistics =
  | { ok: true; schools: SchoolWeekFigures[]; unmatchedRows: UnmatchedRow[]; missingSchools: string[]; source: Source }
  | { ok: false; problems: StatisticsFileProblem[] };

type Value = string | number | undefined;
interface TableRow { row: number; cells: Value[] }
interface Table { rows: TableRow[]; source: Source }
type Failure = { ok: false; problems: StatisticsFileProblem[] };
interface Column { index: number; header: string }
type Columns = Partial<Record<StatisticsField, Column>>;
type Figures = Omit<SchoolWeekFigures, 'schoolId'>;
interface ParsedRow { row: number; id: string; name?: string; figures: Figures }

const REQUIRED_FIELDS: StatisticsField[] = ['schoolId', 'staffRegisteredPercent', 'studentActivePercent'];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const EMPTY_FILE = 'Файл пуст: в нём нет ни заголовков, ни данных.';
const UNSUPPORTED = 'Формат файла не распознан: ожидается таблица CSV (текст с разделителем «;» или «,») или книга Excel XLSX.';
const OLD_EXCEL = 'Файл в старом формате Excel (XLS): сохраните его как «Книга Excel (*.xlsx)» или CSV и загрузите снова.';

export async function parseStatisticsFile(bytes: Uint8Array, filename: string, config: StatisticsConfig, roster: School[]): Promise<ParsedStatistics> {
  const table = await readTable(bytes, filename);
  return 'problems' in table ? table : parseTable(table, config, roster);
}

function fail(message: string): Failure {
  return { ok: false, problems: [{ message }] };
}

// ---- Reading bytes into rows of cells ----

async function readTable(bytes: Uint8Array, filename: string): Promise<Table | Failure> {
  if (bytes.length === 0) return fail(EMPTY_FILE);
  if (startsWith(bytes, ZIP_MAGIC) || /\.xlsx$/i.test(filename)) return readXlsx(bytes);
  if (startsWith(bytes, OLE_MAGIC) || /\.xls$/i.test(filename)) return fail(OLD_EXCEL);
  return looksLikeText(bytes) ? readCsv(bytes) : fail(UNSUPPORTED);
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Control bytes other than tab and line ends mean a binary file (or UTF-16, which Excel's CSV never is). */
function looksLikeText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

function readCsv(bytes: Uint8Array): Table | Failure {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  try {
    // Empty lines are kept so that record index + 1 is the row number Excel shows.
    const records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    return { rows: records.map((cells, i) => ({ row: i + 1, cells })), source: { format: 'csv', encoding, delimiter } };
  } catch (err) {
    return fail(`Не удалось разобрать файл CSV: ${(err as Error).message}`);
  }
}

/** Excel saves CSV in UTF-8 (with a BOM) or, in a Russian locale, in Windows-1251; valid UTF-8 is never the latter in practice. */
function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** The separator seen more often outside quotes on the header line; `;` on a tie, as headers often hold ", %". */
function detectDelimiter(text: string): ';' | ',' {
  const counts = { ';': 0, ',': 0 };
  let quoted = false;
  let seenContent = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n' && seenContent) break;
    else if (!quoted && (ch === ';' || ch === ',')) counts[ch]++;
    if (ch.trim()) seenContent = true;
  }
  return counts[','] > counts[';'] ? ',' : ';';
}

async function readXlsx(bytes: Uint8Array): Promise<Table | Failure> {
  const workbook = new Workbook();
  try {
    // A copy: exceljs wants a whole ArrayBuffer, and the bytes may be a view into a larger one.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch (err) {
    return fail(`Не удалось прочитать файл XLSX: файл повреждён или не является книгой Excel (${(err as Error).message}).`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail('Не удалось прочитать файл XLSX: в книге нет ни одного листа.');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => rows.push({ row: rowNumber, cells: excelCells(row) }));
  return { rows, source: { format: 'xlsx' } };
}

function excelCells(row: Row): Value[] {
  return Array.from({ length: row.cellCount }, (_, i) => excelValue(row.getCell(i + 1)));
}

/** A cell formatted as percent holds a fraction (0.4868 shown as 48,68%); the file's figures are in percent. */
function excelValue(cell: Cell): Value {
  const value = plainValue(cell.value);
  if (typeof value === 'number' && cell.numFmt?.includes('%')) return Number((value * 100).toPrecision(12));
  return value;
}

function plainValue(value: CellValue): Value {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainValue(value.result);
  if ('error' in value) return value.error;
  return plainValue(value.text as CellValue);
}

// ---- Rows of cells into figures ----

function parseTable(table: Table, config: StatisticsConfig, roster: School[]): ParsedStatistics {
  const [header, ...data] = table.rows.filter((r) => r.cells.some((c) => textOf(c) !== ''));
  if (!header) return fail(EMPTY_FILE);
  const headers = header.cells.map(textOf);
  const { columns, problems } = mapColumns(headers, config);
  const personal = personalDataProblems(headers, columns, header.row, config);
  // Refused before any value is read, so no message ever quotes a person's data.
  if (personal.length) return { ok: false, problems: personal };
  if (!data.length) problems.push({ message: `В файле нет строк с данными: после заголовков (строка ${header.row}) ничего нет.` });
  const rows = data.map((r) => parseRow(r, columns, config, problems));
  problems.push(...duplicateProblems(rows, columns));
  if (problems.length) return { ok: false, problems };
  return { ok: true, ...matchRoster(rows, roster), source: table.source };
}

function textOf(value: Value): string {
  return value === undefined ? '' : typeof value === 'number' ? numberText(value) : value.trim();
}

/** Integers as plain digits: an identifier typed as a number must not turn into "1e+21". */
function numberText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/** Headers compare ignoring case, «ё», extra spaces and the "%" / ", %" / "(%)" suffixes. */
function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/ё/g, 'е').replace(/[%,]/g, ' ').replace(/\(\s*\)/g, ' ').replace(/\s+/g, ' ').trim();
}

function mapColumns(headers: string[], config: StatisticsConfig): { columns: Columns; problems: StatisticsFileProblem[] } {
  const columns: Columns = {};
  const problems: StatisticsFileProblem[] = [];
  for (const [field, aliases] of Object.entries(config.columns) as [StatisticsField, string[] | undefined][]) {
    if (!aliases) continue;
    const wanted = new Set(aliases.map(normalizeHeader));
    const found = headers.flatMap((header, index) => (wanted.has(normalizeHeader(header)) ? [{ index, header }] : []));
    const [first, second] = found;
    if (first) columns[field] = first;
    else if (REQUIRED_FIELDS.includes(field)) problems.push({ message: `В файле нет столбца «${aliases[0]}» (ожидается один из заголовков: ${aliases.map((a) => `«${a}»`).join(', ')})` });
    if (first && second) problems.push({ column: second.header, message: `Столбцы «${first.header}» и «${second.header}» означают одно и то же («${aliases[0]}»): оставьте один из них.` });
  }
  return { columns, problems };
}

/** Whole words or phrases only: «Активных обучающихся» is not «обучающийся», «Наименование» is not «имя». */
function personalDataProblems(headers: string[], columns: Columns, headerRow: number, config: StatisticsConfig): StatisticsFileProblem[] {
  const mapped = new Set(Object.values(columns).map((c) => c.index));
  const phrases = config.personalDataHeaders.map(normalizeHeader).filter(Boolean).map(wholePhrase);
  return headers
    .filter((header, index) => !mapped.has(index) && phrases.some((p) => p.test(normalizeHeader(header))))
    .map((header) => ({ row: headerRow, column: header, message: `Файл содержит персональные данные (столбец «${header}»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.` }));
}

function wholePhrase(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

function parseRow(tableRow: TableRow, columns: Columns, config: StatisticsConfig, problems: StatisticsFileProblem[]): ParsedRow {
  const cell = (field: StatisticsField): CellOf => {
    const column = columns[field];
    return column && { raw: tableRow.cells[column.index], text: textOf(tableRow.cells[column.index]), header: column.header };
  };
  const report: Report = (header, message) => problems.push(located(tableRow.row, header, message));
  const id = cell('schoolId');
  if (id && !id.text) report(id.header, 'не указан идентификатор школы');
  // NaN only where a problem was reported, so such figures are never returned.
  const figures: Figures = withoutUndefined({
    staffRegisteredPercent: readPercent(cell('staffRegisteredPercent'), true, report) ?? NaN,
    staffActivePercent: readPercent(cell('staffActivePercent'), false, report),
    studentActivePercent: readPercent(cell('studentActivePercent'), true, report) ?? NaN,
    classChatsOnPlatform: readCount(cell('classChatsOnPlatform'), report),
    classesTotal: readCount(cell('classesTotal'), report),
    profileActive: readProfile(cell('profileStatus')?.text, config),
  });
  checkChats(figures, columns, report);
  return { row: tableRow.row, id: id?.text ?? '', name: cell('schoolName')?.text || undefined, figures };
}

type CellOf = { raw: Value; text: string; header: string } | undefined;
type Report = (header: string, message: string) => void;

function located(row: number, column: string, message: string): StatisticsFileProblem {
  return { row, column, message: `строка ${row}, столбец «${column}»: ${message}` };
}

function readPercent(cell: CellOf, required: boolean, report: Report): number | undefined {
  if (!cell) return undefined;
  if (!cell.text) {
    if (required) report(cell.header, 'значение не заполнено');
    return undefined;
  }
  const value = toNumber(cell.raw);
  if (value === undefined) report(cell.header, `«${cell.text}» не является числом`);
  else if (value < 0 || value > 100) report(cell.header, `«${cell.text}» — процент должен быть от 0 до 100`);
  return value;
}

function readCount(cell: CellOf, report: Report): number | undefined {
  if (!cell?.text) return undefined;
  const value = toNumber(cell.raw);
  if (value === undefined) report(cell.header, `«${cell.text}» не является числом`);
  else if (!Number.isInteger(value) || value < 0) report(cell.header, `«${cell.text}» — ожидается целое неотрицательное число`);
  return value;
}

function checkChats(figures: Figures, columns: Columns, report: Report): void {
  const { classChatsOnPlatform: chats, classesTotal: total } = figures;
  if (chats === undefined || total === undefined || chats <= total) return;
  report(columns.classChatsOnPlatform!.header, `чатов классов (${chats}) больше, чем классов всего (${total}, столбец «${columns.classesTotal!.header}»)`);
}

function readProfile(status: string | undefined, config: StatisticsConfig): boolean | undefined {
  if (!status) return undefined;
  return !config.inactiveProfileValues.some((v) => normalizeHeader(v) === normalizeHeader(status));
}

/** Decimal commas, "%" and spaces (incl. non-breaking) as thousands separators, as Excel writes them in a Russian locale. */
function toNumber(raw: Value): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const s = (raw ?? '').replace(/\s/g, '').replace(/%$/, '').replace(',', '.');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- Identifiers ----

/** Excel drops the leading zero of an ИНН typed as a number (0527003101 → 527003101), so digits compare as numbers. */
function idKey(id: string): string {
  const trimmed = id.trim();
  return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, '') : trimmed;
}

function duplicateProblems(rows: ParsedRow[], columns: Columns): StatisticsFileProblem[] {
  const header = columns.schoolId?.header;
  const firstRow = new Map<string, number>();
  return rows.flatMap((r) => {
    if (!header || !r.id) return [];
    const seen = firstRow.get(idKey(r.id));
    if (seen === undefined) firstRow.set(idKey(r.id), r.row);
    return seen === undefined ? [] : [located(r.row, header, `школа «${r.id}» уже есть в строке ${seen}`)];
  });
}

function matchRoster(rows: ParsedRow[], roster: School[]): { schools: SchoolWeekFigures[]; unmatchedRows: UnmatchedRow[]; missingSchools: string[] } {
  const byKey = new Map(roster.map((s) => [idKey(statisticsKeyOf(s)), s]));
  const schools: SchoolWeekFigures[] = [];
  const unmatchedRows: UnmatchedRow[] = [];
  for (const r of rows) {
    const school = byKey.get(idKey(r.id));
    if (school) schools.push({ schoolId: school.id, ...r.figures });
    else unmatchedRows.push(withoutUndefined({ row: r.row, id: r.id, name: r.name }));
  }
  const present = new Set(schools.map((s) => s.schoolId));
  return { schools, unmatchedRows, missingSchools: roster.filter((s) => !present.has(s.id)).map((s) => s.id) };
}
