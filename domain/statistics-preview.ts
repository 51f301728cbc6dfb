// What a statistics file would become if imported: the office reads it before anything is stored or started,
// the CLI prints it (`stats check`), and the import acts on it. One shape for all three, so they cannot disagree.
import type { StatisticsField } from './statistics-schema';
import type { SchoolWeekFigures, StatisticsFileProblem, StatisticsSource, UnmatchedRow } from './weekly-statistics';

export interface PreviewSchool {
  schoolId: string;
  /** The roster's name, as the office knows the school. */
  name: string;
  row: number;
  /** How the row was matched: by the identifier column or by the normalised name. */
  matchedBy: 'id' | 'name';
  figures: Omit<SchoolWeekFigures, 'schoolId'>;
}

export interface StatisticsPreview {
  /** True when the file would be imported as is: no problem, every row matched, no roster school missing. */
  ok: boolean;
  headerRow?: number;
  /** Rows above the header (titles, dates, blank lines). */
  skippedRows: number[];
  /** Rows of totals («Итого», «Всего», a row without a school after the data): never a school. */
  totalsRows: number[];
  /** Which header of the file became which field. */
  columns: Partial<Record<StatisticsField, string>>;
  schools: PreviewSchool[];
  unmatchedRows: UnmatchedRow[];
  missingSchools: { schoolId: string; name: string }[];
  /** Any problem refuses the file whole. */
  problems: StatisticsFileProblem[];
  /** Worth a look, never a refusal (e.g. the file's totals differ from the sum of its rows). */
  warnings: StatisticsFileProblem[];
  source?: Omit<StatisticsSource, 'filename' | 'sha256'>;
}

/** refused: nothing may be stored; partial: only with the office's confirmation; complete: imports as is. */
export type PreviewVerdict = 'refused' | 'partial' | 'complete';

export function verdictOf(
  preview: Pick<StatisticsPreview, 'problems' | 'unmatchedRows' | 'missingSchools'>,
): PreviewVerdict {
  if (preview.problems.length > 0) return 'refused';
  return preview.unmatchedRows.length > 0 || preview.missingSchools.length > 0 ? 'partial' : 'complete';
}

/** A preview that is nothing but a refusal (an unreadable file, a wrong week). */
export function refusedPreview(message: string): StatisticsPreview {
  return {
    ok: false,
    skippedRows: [],
    totalsRows: [],
    columns: {},
    schools: [],
    unmatchedRows: [],
    missingSchools: [],
    problems: [{ message }],
    warnings: [],
  };
}
