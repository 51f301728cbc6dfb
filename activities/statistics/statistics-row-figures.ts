// One row of a statistics file into a school's figures: percentages as given, or computed from counts,
// and checked against the counts when the file has both. A figure that does not add up is a problem, never a guess.
import {
  COUNT_FIELDS,
  PERCENT_FROM_COUNTS,
  type PercentField,
  type StatisticsConfig,
  type StatisticsField,
} from '../../domain/statistics-schema';
import type { SchoolWeekFigures, StatisticsFileProblem } from '../../domain/weekly-statistics';
import type { CellValue, TableRow } from './read-statistics-table';
import { headerKey, textOf, type Columns } from './statistics-columns';

export interface RowFigures {
  figures: Omit<SchoolWeekFigures, 'schoolId'>;
  /** Every number the row gave, by field, for checking a totals row against the rows. */
  numbers: Partial<Record<StatisticsField, number>>;
  /** A problem was reported for this row: its figures must not be used. */
  failed: boolean;
}

/** Percentages from a file and from counts may differ by rounding; more than this is a different figure. */
export const PERCENT_TOLERANCE = 0.5;
const REQUIRED: PercentField[] = ['staffRegisteredPercent', 'studentActivePercent'];

const PERCENT_FIELDS = Object.keys(PERCENT_FROM_COUNTS) as PercentField[];
const FIELD_BITS = Object.fromEntries([...PERCENT_FIELDS, ...COUNT_FIELDS].map((f, i) => [f, 1 << i])) as Record<
  StatisticsField,
  number
>;

/** Reads a row's numbers once each and records every problem; a class, so 40,000 rows make no closures. */
class RowReader {
  readonly numbers: RowFigures['numbers'] = {};
  /** Bit sets over FIELD_BITS: which fields were read, which had a problem. */
  private readBits = 0;
  failedBits = 0;
  constructor(
    private readonly row: TableRow,
    private readonly columns: Columns,
    private readonly problems: StatisticsFileProblem[],
  ) {}

  header(field: StatisticsField): string {
    return this.columns[field]!.header;
  }

  failed(field: StatisticsField): boolean {
    return (this.failedBits & FIELD_BITS[field]) !== 0;
  }

  report(field: StatisticsField, message: string): void {
    this.failedBits |= FIELD_BITS[field];
    const column = this.header(field);
    this.problems.push({
      row: this.row.row,
      column,
      message: `строка ${this.row.row}, столбец «${column}»: ${message}`,
    });
  }

  number(field: StatisticsField, kind: 'percent' | 'count'): number | undefined {
    const column = this.columns[field];
    if (!column || this.readBits & FIELD_BITS[field]) return this.numbers[field];
    this.readBits |= FIELD_BITS[field];
    const raw = this.row.cells[column.index];
    const value = parseNumber(raw, kind);
    if (typeof value === 'string') this.report(field, value);
    else if (value !== undefined) this.numbers[field] = value;
    return typeof value === 'number' ? value : undefined;
  }
}

export function readFigures(
  row: TableRow,
  columns: Columns,
  config: StatisticsConfig,
  problems: StatisticsFileProblem[],
): RowFigures {
  const reader = new RowReader(row, columns, problems);
  const staffRegistered = percentOf('staffRegisteredPercent', reader, columns);
  const staffActive = percentOf('staffActivePercent', reader, columns);
  const studentActive = percentOf('studentActivePercent', reader, columns);
  for (const f of COUNT_FIELDS) reader.number(f, 'count');
  const chats = reader.numbers.classChatsOnPlatform;
  const classes = reader.numbers.classesTotal;
  if (chats !== undefined && classes !== undefined && chats > classes) {
    reader.report(
      'classChatsOnPlatform',
      `чатов классов (${chats}) больше, чем классов всего (${classes}, столбец «${reader.header('classesTotal')}»)`,
    );
  }
  // Built in the order users read the figures (and tests compare JSON in); absent figures are left out.
  const figures = { staffRegisteredPercent: staffRegistered ?? NaN } as RowFigures['figures'];
  if (staffActive !== undefined) figures.staffActivePercent = staffActive;
  figures.studentActivePercent = studentActive ?? NaN;
  if (chats !== undefined) figures.classChatsOnPlatform = chats;
  if (classes !== undefined) figures.classesTotal = classes;
  const status = columns.profileStatus ? textOf(row.cells[columns.profileStatus.index]) : '';
  if (status) figures.profileActive = profileActive(config, status);
  return { figures, numbers: reader.numbers, failed: reader.failedBits !== 0 };
}

/** Status texts are few («Активен», «Не активен») and repeat on every row: each is compared once per campaign. */
const statusCache = new WeakMap<StatisticsConfig, Map<string, boolean>>();
function profileActive(config: StatisticsConfig, status: string): boolean {
  let known = statusCache.get(config);
  if (!known) statusCache.set(config, (known = new Map()));
  let active = known.get(status);
  if (active === undefined) {
    const key = headerKey(status).key;
    known.set(status, (active = !config.inactiveProfileValues.some((v) => headerKey(v).key === key)));
  }
  return active;
}

/** The number, undefined for an empty cell, or the problem with it as text. */
function parseNumber(raw: CellValue, kind: 'percent' | 'count'): number | string | undefined {
  if (typeof raw === 'number') return checkRange(raw, String(raw).replace('.', ','), kind);
  const text = textOf(raw);
  if (!text) return undefined;
  const value = toNumber(text);
  return value === undefined ? `«${text}» не является числом` : checkRange(value, text, kind);
}

function checkRange(value: number, text: string, kind: 'percent' | 'count'): number | string {
  if (!Number.isFinite(value)) return `«${text}» не является числом`;
  if (kind === 'percent' && (value < 0 || value > 100)) return `«${text}» — процент должен быть от 0 до 100`;
  if (kind === 'count' && (!Number.isInteger(value) || value < 0))
    return `«${text}» — ожидается целое неотрицательное число`;
  return value;
}

/** The percentage as given, else from its counts; when both are there they must agree within the tolerance. */
function percentOf(field: PercentField, reader: RowReader, columns: Columns): number | undefined {
  const given = reader.number(field, 'percent');
  const { part, whole } = PERCENT_FROM_COUNTS[field];
  const computed = columns[part] && columns[whole] ? fromCounts(field, reader) : undefined;
  if (given !== undefined && computed !== undefined && Math.abs(given - computed) > PERCENT_TOLERANCE) {
    reader.report(
      field,
      `${ruNumber(given)}% не сходится с количеством: ${reader.number(part, 'count')} из ${reader.number(whole, 'count')} (столбцы «${reader.header(part)}» и «${reader.header(whole)}») — это ${ruNumber(computed)}%, расхождение ${ruNumber(round2(Math.abs(given - computed)))} п.п.`,
    );
  }
  const value = given ?? computed;
  const failed = reader.failed(field) || reader.failed(part) || reader.failed(whole);
  if (value === undefined && REQUIRED.includes(field) && !failed)
    reader.report(columns[field] ? field : part, 'значение не заполнено');
  return value;
}

function fromCounts(field: PercentField, reader: RowReader): number | undefined {
  const { part, whole } = PERCENT_FROM_COUNTS[field];
  const p = reader.number(part, 'count');
  const w = reader.number(whole, 'count');
  if (p === undefined || w === undefined) return undefined;
  if (p > w) reader.report(part, `${p} больше, чем всего (${w}, столбец «${reader.header(whole)}»)`);
  else if (w === 0) reader.report(whole, 'всего 0 — процент вычислить нельзя');
  else return round2((p / w) * 100);
  return undefined;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function ruNumber(value: number): string {
  return String(value).replace('.', ',');
}

/** Decimal commas, "%" and spaces (incl. non-breaking) as thousands separators, as Excel writes them in a Russian
 * locale. */
export function toNumber(raw: CellValue): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (raw === undefined) return undefined;
  const plain = plainNumberText(raw);
  if (plain !== undefined) return Number(plain);
  const s = raw.replace(NUMBER_NOISE, '').replace(',', '.');
  return NUMBER.test(s) ? Number(s) : undefined;
}
const NUMBER_NOISE = /\s|%$/g;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * The common cells («48,68», «90.5%», «12») as text Number() reads, in one pass without regular expressions:
 * a country file has 200,000 of them. Anything else (spaces, signs) is left to the general path.
 */
function plainNumberText(raw: string): string | undefined {
  const end = raw.charCodeAt(raw.length - 1) === 37 ? raw.length - 1 : raw.length;
  let separator = -1;
  for (let i = 0; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if ((c === 44 || c === 46) && separator < 0 && i > 0) separator = i;
    else return undefined;
  }
  if (end === 0 || separator === end - 1) return undefined;
  if (separator < 0) return end === raw.length ? raw : raw.slice(0, end);
  return `${raw.slice(0, separator)}.${raw.slice(separator + 1, end)}`;
}
