// Reads the platform's weekly statistics file (CSV or XLSX, as the office exports it) into a preview of the week:
// the header found, totals rows set aside, each row matched to a roster school, every problem located.
// Pure over its inputs (bytes in, preview out): the import, the office page and `stats check` all call this.
import type { School } from '../../domain/campaign-schema';
import { createSchoolNameIndex, type SchoolNameIndex } from '../../domain/school-names';
import { refusedPreview, verdictOf, type PreviewSchool, type StatisticsPreview } from '../../domain/statistics-preview';
import type { StatisticsConfig, StatisticsField } from '../../domain/statistics-schema';
import type { StatisticsFileProblem, UnmatchedRow } from '../../domain/weekly-statistics';
import { EMPTY_FILE, readStatisticsTable, type Table, type TableRow } from './read-statistics-table';
import { findHeader, headerKey, textOf, type Columns } from './statistics-columns';
import { readFigures, type RowFigures } from './statistics-row-figures';
import { totalsWarnings } from './statistics-totals';

/** What matching needs of a roster school: small enough to hand to a parsing thread for 40,000 schools. */
export type RosterSchool = Pick<School, 'id' | 'name' | 'statsId' | 'statsNames'>;

export interface DataRow {
  row: number;
  id: string;
  name: string;
  figures: RowFigures;
}

const TOTALS_WORDS = /^(итого|всего|total|в целом|по району|по муниципалитету|по региону)(\s|[:.,]|$)/i;
const TOTALS_FIRST_LETTERS = new Set(['и', 'в', 't', 'п']);

export async function previewStatisticsFile(
  bytes: Uint8Array,
  filename: string,
  config: StatisticsConfig,
  roster: RosterSchool[],
): Promise<StatisticsPreview> {
  const table = await readStatisticsTable(bytes, filename);
  return 'refused' in table ? refusedPreview(table.refused) : previewTable(table, config, roster);
}

function previewTable(table: Table, config: StatisticsConfig, roster: RosterSchool[]): StatisticsPreview {
  const rows = table.rows.filter((r) => r.cells.some((c) => textOf(c) !== ''));
  const header = findHeader(rows, config);
  if (!header.found)
    return header.problems.length
      ? { ...refusedPreview(''), problems: header.problems, source: table.source }
      : refusedPreview(EMPTY_FILE);
  const headerRow = rows[header.headerIndex]!;
  const base = {
    headerRow: headerRow.row,
    skippedRows: range(1, headerRow.row),
    columns: columnNames(header.columns),
    source: table.source,
  };
  const personal = personalDataProblems(headerRow, header.columns, config);
  // Refused before any value is read, so no message ever quotes a person's data.
  if (personal.length) return { ...refusedPreview(''), ...base, problems: personal };
  const problems = [...header.problems];
  const { schoolRows, totals } = splitTotals(rows.slice(header.headerIndex + 1), header.columns, problems);
  if (schoolRows.length === 0)
    problems.push({ message: `В файле нет строк с данными: после заголовков (строка ${headerRow.row}) ничего нет.` });
  const data = schoolRows.map((r) => ({
    id: r.id,
    name: r.name,
    row: r.row,
    figures: readFigures(r, header.columns, config, problems),
  }));
  const matched = matchRoster(data, header.columns, roster, problems);
  const preview = {
    ...base,
    totalsRows: totals.map((t) => t.row),
    ...matched,
    problems,
    warnings: totalsWarnings(totals, data, header.columns),
  };
  return { ok: verdictOf(preview) === 'complete', ...preview };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function columnNames(columns: Columns): Partial<Record<StatisticsField, string>> {
  return Object.fromEntries(Object.entries(columns).map(([field, c]) => [field, c.header]));
}

/** Whole words or phrases only: «Активных обучающихся» is not «обучающийся», «Наименование» is not «имя». */
function personalDataProblems(
  headerRow: TableRow,
  columns: Columns,
  config: StatisticsConfig,
): StatisticsFileProblem[] {
  const mapped = new Set(Object.values(columns).map((c) => c.index));
  const normal = (h: string) => headerKey(h).key;
  const phrases = config.personalDataHeaders.map(normal).filter(Boolean).map(wholePhrase);
  return headerRow.cells
    .map(textOf)
    .filter((header, index) => header && !mapped.has(index) && phrases.some((p) => p.test(normal(header))))
    .map((header) => ({
      row: headerRow.row,
      column: header,
      message: `Файл содержит персональные данные (столбец «${header}»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.`,
    }));
}

function wholePhrase(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

interface SchoolRow extends TableRow {
  id: string;
  name: string;
}

function cellText(r: TableRow, column: Columns['schoolId']): string {
  return column ? textOf(r.cells[column.index]) : '';
}

/**
 * Totals rows name themselves («Итого», «Всего», «Total») in the identity columns or the first cell; a row with
 * no school identity after the last school is a totals row too. Such a row in the middle of the data is a problem.
 */
function splitTotals(
  rows: TableRow[],
  columns: Columns,
  problems: StatisticsFileProblem[],
): { schoolRows: SchoolRow[]; totals: TableRow[] } {
  const read = rows.map((r): SchoolRow & { totals: boolean; named: boolean } => {
    const id = cellText(r, columns.schoolId);
    const name = cellText(r, columns.schoolName);
    return {
      row: r.row,
      cells: r.cells,
      id,
      name,
      totals: isTotalsLabel(id) || isTotalsLabel(name) || isTotalsLabel(textOf(r.cells[0])),
      named: Boolean(id || name),
    };
  });
  let lastSchool = -1;
  read.forEach((r, i) => {
    if (!r.totals && r.named) lastSchool = i;
  });
  const schoolRows: SchoolRow[] = [];
  const totals: TableRow[] = [];
  read.forEach((r, i) => {
    if (r.totals || (i > lastSchool && !r.named)) totals.push(r);
    else if (r.named) schoolRows.push(r);
    else problems.push({ row: r.row, message: `строка ${r.row}: не указаны ни идентификатор, ни наименование школы` });
  });
  return { schoolRows, totals };
}

/** The first letter decides before the regular expression runs: 40,000 school names start otherwise. */
function isTotalsLabel(text: string): boolean {
  return text !== '' && TOTALS_FIRST_LETTERS.has(text[0]!.toLowerCase()) && TOTALS_WORDS.test(text);
}

// ---- Matching rows to the roster ----

type Matched = Pick<StatisticsPreview, 'schools' | 'unmatchedRows' | 'missingSchools'>;

/** Excel drops the leading zero of an ИНН typed as a number (0527003101 → 527003101), so digits compare as numbers. */
export function idKey(id: string): string {
  const trimmed = id.trim();
  return trimmed.charCodeAt(0) === 48 && /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, '') : trimmed;
}

function matchRoster(
  rows: DataRow[],
  columns: Columns,
  roster: RosterSchool[],
  problems: StatisticsFileProblem[],
): Matched {
  // A file of names only never looks an identifier up: 40,000 keys not built.
  const byId = new Map(columns.schoolId ? roster.filter((s) => s.statsId).map((s) => [idKey(s.statsId!), s]) : []);
  const byRosterId = new Map(roster.map((s) => [s.id, s]));
  const names = lazyNameIndex(roster);
  const schools: PreviewSchool[] = [];
  const unmatchedRows: UnmatchedRow[] = [];
  const firstRowOf = new Map<RosterSchool, number>();
  for (const r of rows) {
    const found = matchRow(r, byId, names, byRosterId, columns, problems);
    if (!found) {
      unmatchedRows.push(unmatched(r, names, byRosterId));
      continue;
    }
    const seen = firstRowOf.get(found.school);
    if (seen !== undefined)
      problems.push({ row: r.row, message: `строка ${r.row}: школа «${found.school.name}» уже есть в строке ${seen}` });
    else firstRowOf.set(found.school, r.row);
    if (!r.figures.failed)
      schools.push({
        schoolId: found.school.id,
        name: found.school.name,
        row: r.row,
        matchedBy: found.by,
        figures: r.figures.figures,
      });
  }
  const missingSchools = roster.filter((s) => !firstRowOf.has(s)).map((s) => ({ schoolId: s.id, name: s.name }));
  problems.push(...coverageProblems(firstRowOf.size, roster.length));
  return { schools, unmatchedRows, missingSchools };
}

/** Built on the first row that needs a name: a file with identifiers never pays for 40,000 names. */
function lazyNameIndex(roster: RosterSchool[]): SchoolNameIndex {
  let index: SchoolNameIndex | undefined;
  const get = () =>
    (index ??= createSchoolNameIndex(
      roster.map((s) => ({ schoolId: s.id, names: [s.name, ...(s.statsNames ?? [])] })),
    ));
  return { match: (name) => get().match(name), suggest: (name, limit) => get().suggest(name, limit) };
}

/** By the identifier when the row has one the roster knows; by the normalised name otherwise; never a guess. */
function matchRow(
  r: DataRow,
  byId: Map<string, RosterSchool>,
  names: SchoolNameIndex,
  byRosterId: Map<string, RosterSchool>,
  columns: Columns,
  problems: StatisticsFileProblem[],
): { school: RosterSchool; by: 'id' | 'name' } | undefined {
  const school = r.id ? byId.get(idKey(r.id)) : undefined;
  if (school) return { school, by: 'id' };
  if (!r.name) return undefined;
  const ids = names.match(r.name);
  const column = columns.schoolName!.header;
  if (ids.length > 1) {
    problems.push({
      row: r.row,
      column,
      message: `строка ${r.row}, столбец «${column}»: наименованию «${r.name}» подходят несколько школ кампании (${ids.map((id) => `«${byRosterId.get(id)!.name}»`).join(', ')}); укажите идентификатор школы или другие написания в schools[].statsNames`,
    });
    return undefined;
  }
  const byName = ids[0] === undefined ? undefined : byRosterId.get(ids[0]);
  if (byName && r.id && byName.statsId && idKey(byName.statsId) !== idKey(r.id)) {
    problems.push({
      row: r.row,
      message: `строка ${r.row}: идентификатор «${r.id}» не совпадает с идентификатором школы «${byName.name}» в кампании (${byName.statsId})`,
    });
    return undefined;
  }
  return byName && { school: byName, by: 'name' };
}

function unmatched(r: DataRow, names: SchoolNameIndex, byRosterId: Map<string, RosterSchool>): UnmatchedRow {
  const suggestions = r.name ? names.suggest(r.name, 3).map((id) => byRosterId.get(id)!.name) : [];
  return { row: r.row, ...(r.id ? { id: r.id } : {}), ...(r.name ? { name: r.name } : {}), suggestions };
}

/** A file that fits less than half of the roster is another district's, or another week's layout: never analysed. */
function coverageProblems(matched: number, rosterSize: number): StatisticsFileProblem[] {
  if (matched * 2 >= rosterSize) return [];
  return [
    {
      message: `С файлом сопоставлено ${matched} из ${rosterSize} школ кампании — меньше половины. Похоже, это файл другого района или школы в нём названы иначе; анализ по нему дал бы неверные показатели, поэтому файл не принят. Проверьте идентификаторы и наименования школ (другие написания можно указать в schools[].statsNames файла кампании).`,
    },
  ];
}
