// Which row of a statistics file is its header, and which header is which field of the campaign's `statistics.columns`.
// Exports carry titles, dates and blank lines above the header, so the header is found, not assumed.
import {
  COUNT_FIELDS,
  PERCENT_FROM_COUNTS,
  type PercentField,
  type StatisticsConfig,
  type StatisticsField,
} from '../../domain/statistics-schema';
import type { StatisticsFileProblem } from '../../domain/weekly-statistics';
import type { CellValue, TableRow } from './read-statistics-table';

export interface Column {
  index: number;
  header: string;
}
export type Columns = Partial<Record<StatisticsField, Column>>;
export type HeaderSearch =
  | { found: true; headerIndex: number; columns: Columns; problems: StatisticsFileProblem[] }
  | { found: false; problems: StatisticsFileProblem[] };

/** Exports put at most a few title lines above the header; 30 leaves room without reading data as headers. */
export const HEADER_SEARCH_ROWS = 30;

type Unit = 'percent' | 'count' | undefined;
interface HeaderKey {
  key: string;
  unit: Unit;
}

const PERCENT_UNIT = /%|\(\s*%\s*\)|(^|\s)(процент(ов)?|доля)(\s|$)/g;
const COUNT_UNIT = /(^|[\s,(])(чел|ед|шт)\.?(?=[\s,)]|$)/g;

/** Headers compare ignoring case, «ё», extra spaces, commas, brackets and a unit ("%", "чел."), which is kept apart. */
export function headerKey(header: string): HeaderKey {
  const lower = header.toLowerCase().replace(/ё/g, 'е');
  const unit: Unit = PERCENT_UNIT.test(lower) ? 'percent' : COUNT_UNIT.test(lower) ? 'count' : undefined;
  PERCENT_UNIT.lastIndex = 0;
  COUNT_UNIT.lastIndex = 0;
  const key = lower
    .replace(PERCENT_UNIT, ' ')
    .replace(COUNT_UNIT, ' ')
    .replace(/[,()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { key, unit };
}

export function textOf(value: CellValue): string {
  return value === undefined ? '' : typeof value === 'number' ? numberText(value) : value.trim();
}

/** Integers as plain digits: an identifier typed as a number must not turn into "1e+21". */
function numberText(value: number): string {
  return Number.isSafeInteger(value)
    ? String(value)
    : Number.isInteger(value)
      ? BigInt(value).toString()
      : String(value);
}

function unitOfField(field: StatisticsField): Unit {
  if (field in PERCENT_FROM_COUNTS) return 'percent';
  return (COUNT_FIELDS as readonly string[]).includes(field) ? 'count' : undefined;
}

/**
 * Each header serves one field. A header whose unit agrees with the field's is taken first, so
 * «Зарегистрировано сотрудников, %» and «Зарегистрировано сотрудников, чел.» land where they belong.
 */
export function mapColumns(
  headers: string[],
  config: StatisticsConfig,
): { columns: Columns; problems: StatisticsFileProblem[] } {
  const keys = headers.map(headerKey);
  const claimed = new Set<number>();
  const columns: Columns = {};
  const problems: StatisticsFileProblem[] = [];
  const fields = Object.entries(config.columns).filter((e): e is [StatisticsField, string[]] => Array.isArray(e[1]));
  for (const exactUnit of [true, false]) {
    for (const [field, aliases] of fields) {
      if (columns[field]) continue;
      const wanted = new Set(aliases.map((a) => headerKey(a).key).filter(Boolean));
      const unit = unitOfField(field);
      const fits = (k: HeaderKey) =>
        k.key !== '' && wanted.has(k.key) && (exactUnit ? k.unit === unit : k.unit === undefined || unit === undefined);
      const found = keys.flatMap((k, index) => (!claimed.has(index) && fits(k) ? [index] : []));
      if (found.length === 0) continue;
      columns[field] = { index: found[0]!, header: headers[found[0]!]! };
      found.forEach((i) => claimed.add(i));
      if (found.length > 1)
        problems.push({
          column: headers[found[1]!],
          message: `Столбцы «${headers[found[0]!]}» и «${headers[found[1]!]}» означают одно и то же («${aliases[0]}»): оставьте один из них.`,
        });
    }
  }
  return { columns, problems };
}

/** What a file must have: a school's identity and the two figures every analysis needs, directly or as counts. */
function missingColumns(columns: Columns, config: StatisticsConfig): string[] {
  const missing: string[] = [];
  if (!columns.schoolId && !columns.schoolName)
    missing.push(
      `В файле нет столбца с идентификатором или наименованием школы (${alternatives(config, 'schoolId')}${config.columns.schoolName ? ` или ${alternatives(config, 'schoolName')}` : ''})`,
    );
  for (const field of ['staffRegisteredPercent', 'studentActivePercent'] as const) {
    if (!columns[field] && !hasCounts(columns, field)) missing.push(missingFigure(config, field));
  }
  return missing;
}

export function hasCounts(columns: Columns, field: PercentField): boolean {
  const { part, whole } = PERCENT_FROM_COUNTS[field];
  return Boolean(columns[part] && columns[whole]);
}

function missingFigure(config: StatisticsConfig, field: PercentField): string {
  const aliases = config.columns[field];
  const { part, whole } = PERCENT_FROM_COUNTS[field];
  const counts =
    config.columns[part] && config.columns[whole]
      ? ` или пары столбцов с количеством («${config.columns[whole][0]}» и «${config.columns[part][0]}»)`
      : '';
  return `В файле нет столбца «${aliases?.[0] ?? field}» (ожидается один из заголовков: ${alternatives(config, field)})${counts}`;
}

function alternatives(config: StatisticsConfig, field: StatisticsField): string {
  return (config.columns[field] ?? []).map((a) => `«${a}»`).join(', ');
}

/**
 * The first of the first rows in which every required column is found. When none fits, the row that came
 * closest names what is missing, so the office sees «нет столбца X», not a complaint about its title line.
 */
export function findHeader(rows: TableRow[], config: StatisticsConfig): HeaderSearch {
  let closest: { row: number; found: number; missing: string[] } | undefined;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const headers = rows[i]!.cells.map(textOf);
    if (headers.every((h) => h === '')) continue;
    const { columns, problems } = mapColumns(headers, config);
    const missing = missingColumns(columns, config);
    if (missing.length === 0) return { found: true, headerIndex: i, columns, problems };
    const found = Object.keys(columns).length;
    if (!closest || found > closest.found) closest = { row: rows[i]!.row, found, missing };
  }
  if (!closest) return { found: false, problems: [] };
  const where =
    closest.found > 0
      ? ` Заголовки искали в первых ${HEADER_SEARCH_ROWS} строках; больше всего подошло в строке ${closest.row}.`
      : ` Заголовки не найдены ни в одной из первых ${HEADER_SEARCH_ROWS} строк.`;
  return {
    found: false,
    problems: closest.missing.map((m, i) => ({
      message: i === closest.missing.length - 1 ? `${m}.${where}` : `${m}.`,
    })),
  };
}
