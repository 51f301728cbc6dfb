// A totals row («Итого») is never a school, but it can vouch for the rows: counts should add up to it and
// percentages should match the district's share. A mismatch is a warning the office reads before confirming.
import {
  COUNT_FIELDS,
  PERCENT_FROM_COUNTS,
  type PercentField,
  type StatisticsField,
} from '../../domain/statistics-schema';
import type { StatisticsFileProblem } from '../../domain/weekly-statistics';
import type { DataRow } from './parse-statistics-file';
import type { TableRow } from './read-statistics-table';
import type { Columns } from './statistics-columns';
import { PERCENT_TOLERANCE, round2, toNumber } from './statistics-row-figures';

export function totalsWarnings(totals: TableRow[], rows: DataRow[], columns: Columns): StatisticsFileProblem[] {
  const usable = rows.filter((r) => !r.figures.failed);
  if (usable.length === 0) return [];
  return totals.flatMap((t) => [...countWarnings(t, usable, columns), ...percentWarnings(t, usable, columns)]);
}

function totalOf(t: TableRow, columns: Columns, field: StatisticsField): number | undefined {
  const column = columns[field];
  return column ? toNumber(t.cells[column.index]) : undefined;
}

function sumOf(rows: DataRow[], field: StatisticsField): number | undefined {
  let sum = 0;
  for (const r of rows) {
    const value = r.figures.numbers[field];
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}

function countWarnings(t: TableRow, rows: DataRow[], columns: Columns): StatisticsFileProblem[] {
  return COUNT_FIELDS.flatMap((field) => {
    const total = totalOf(t, columns, field);
    const sum = sumOf(rows, field);
    if (total === undefined || sum === undefined || total === sum) return [];
    return [warning(t, columns, field, `итог ${total} не равен сумме строк школ (${sum})`)];
  });
}

/** Against the share of the summed counts when every row has them; against the mean of the rows otherwise. */
function percentWarnings(t: TableRow, rows: DataRow[], columns: Columns): StatisticsFileProblem[] {
  return (Object.keys(PERCENT_FROM_COUNTS) as PercentField[]).flatMap((field) => {
    const total = totalOf(t, columns, field);
    if (total === undefined) return [];
    const { part, whole } = PERCENT_FROM_COUNTS[field];
    const [p, w] = [sumOf(rows, part), sumOf(rows, whole)];
    const byCounts = p !== undefined && w !== undefined && w > 0 ? round2((p / w) * 100) : undefined;
    const values = rows
      .map((r) => r.figures.figures[field])
      .filter((v): v is number => v !== undefined && !Number.isNaN(v));
    const mean = values.length === rows.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : undefined;
    const expected = byCounts ?? mean;
    if (expected === undefined || Math.abs(total - expected) <= PERCENT_TOLERANCE) return [];
    const basis = byCounts !== undefined ? 'доля по сумме количеств в строках школ' : 'среднее по строкам школ';
    return [warning(t, columns, field, `итог ${ru(total)}% не сходится с данными школ: ${basis} — ${ru(expected)}%`)];
  });
}

function warning(t: TableRow, columns: Columns, field: StatisticsField, message: string): StatisticsFileProblem {
  const column = columns[field]!.header;
  return { row: t.row, column, message: `строка итогов ${t.row}, столбец «${column}»: ${message}` };
}

function ru(value: number): string {
  return String(value).replace('.', ',');
}
