// One week of the platform's statistics, as imported, and the analysis the office reads.
// Only aggregate figures per school: no row of a statistics file ever names a person.
import type { StatisticsMetric } from './statistics-schema';

/** ISO week, e.g. "2024-W44". */
export type IsoWeek = string;

/** A school's figures for one week (percentages 0–100; counts of classes). */
export interface SchoolWeekFigures {
  /** The roster id of the school (matched from the file's identifier column). */
  schoolId: string;
  staffRegisteredPercent: number;
  staffActivePercent?: number;
  studentActivePercent: number;
  classChatsOnPlatform?: number;
  classesTotal?: number;
  /** From the profile status column: false for «Не активен». */
  profileActive?: boolean;
}

/** Where a week's figures came from, so the report and the auditor can name the file. */
export interface StatisticsSource {
  filename: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'windows-1251';
  delimiter?: ';' | ',';
}

/** A row of the file that matches no school of the campaign, with the closest roster names. */
export interface UnmatchedRow {
  row: number;
  id?: string;
  name?: string;
  suggestions?: string[];
}

export interface StatisticsWeek {
  campaignId: string;
  week: IsoWeek;
  source: StatisticsSource;
  importedAt: string;
  schools: SchoolWeekFigures[];
  unmatchedRows: UnmatchedRow[];
  /** Roster ids of schools absent from the file. */
  missingSchools: string[];
  /** Set when the office accepted a week with unmatched rows or missing schools after seeing its preview. */
  partialAccepted?: { via: 'office-page' | 'cli' };
  /** Set when this version replaces the week's import in force: which one, why, who. */
  replaces?: { sha256: string; reason: string; by?: string };
}

/** A problem in a statistics file, located as the office sees it in Excel (row 1 is the header row). */
export interface StatisticsFileProblem {
  row?: number;
  column?: string;
  message: string;
}

export interface TargetShortfall {
  metric: StatisticsMetric;
  label: string;
  value: number;
  target: number;
  clause: string;
  /** The target's date has passed. */
  overdue: boolean;
}

export interface SchoolAnalysis {
  schoolId: string;
  name: string;
  rank: number;
  figures: SchoolWeekFigures & { classChatPercent?: number };
  /** Change against last week, in percentage points, per metric present in both weeks. */
  change: Partial<Record<StatisticsMetric, number>>;
  shortfalls: TargetShortfall[];
  profileInactive: boolean;
  usingPlatform: boolean;
  /** A task completes itself from this week's figures (e.g. clause 1.2 at 100%). */
  completes: { clause: string; metric: StatisticsMetric; value: number }[];
  /** Reached a task's threshold in an earlier week and is below it now: flagged, never reopened. */
  droppedAfterCompletion: { clause: string; metric: StatisticsMetric; value: number; reachedWeek: IsoWeek }[];
}

export interface WeekTrendPoint {
  week: IsoWeek;
  /** District averages over the schools in that week's file. */
  averages: Partial<Record<StatisticsMetric, number>>;
  indicatorPercent: number;
}

export interface WeeklyAnalysis {
  campaignId: string;
  week: IsoWeek;
  previousWeek?: IsoWeek;
  source: StatisticsSource;
  rankBy: StatisticsMetric;
  /** Schools of the file, best first. */
  schools: SchoolAnalysis[];
  indicator: { title: string; using: number; total: number; percent: number; previousPercent?: number };
  averages: Partial<Record<StatisticsMetric, number>>;
  trend: WeekTrendPoint[];
  missingSchools: { schoolId: string; name: string }[];
  unmatchedRows: UnmatchedRow[];
}

/** The office undoes one import: the ledger's version, the analysis that ran on it, why, who, when. */
export interface ImportUndoRequest {
  campaignId: string;
  week: IsoWeek;
  statisticsSha256: string;
  analysisWorkflowId: string;
  /** What the schools whose tasks reopen are told. */
  reason: string;
  by?: string;
  at: string;
}
