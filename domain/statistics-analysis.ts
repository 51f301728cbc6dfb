// The weekly analysis of clauses 1.7–1.8: each school against the decree's targets and last week,
// the district indicator, a ranking, and which tasks the figures complete. A pure function of the weeks imported.
import { statisticsKeyOf, type School } from './campaign-schema';
import { sundayOfIsoWeek } from './iso-week';
import { METRIC_LABELS, type MetricThreshold, type StatisticsConfig, type StatisticsMetric } from './statistics-schema';
import type {
  IsoWeek,
  SchoolAnalysis,
  SchoolWeekFigures,
  StatisticsWeek,
  WeeklyAnalysis,
  WeekTrendPoint,
} from './weekly-statistics';

const TREND_WEEKS = 12;
type Figures = SchoolAnalysis['figures'];

export interface AnalysisInput {
  campaignId: string;
  week: IsoWeek;
  /** Every week imported so far for the campaign (any order); the analysed week must be among them. */
  weeks: StatisticsWeek[];
  config: StatisticsConfig;
  roster: School[];
}

export function analyseWeek({ campaignId, week, weeks, config, roster }: AnalysisInput): WeeklyAnalysis {
  const sorted = [...weeks].filter((w) => w.week <= week).sort((a, b) => a.week.localeCompare(b.week));
  const current = sorted.at(-1);
  if (!current || current.week !== week) throw new Error(`no statistics imported for week ${week}`);
  const previous = sorted.at(-2);
  const earlier = sorted.slice(0, -1);
  const names = new Map(roster.map((s) => [s.id, s.name]));
  const schools = current.schools.map((f) => analyseSchool(withDerived(f), { config, week, names, previous, earlier }));
  const ranked = rank(schools, config.rankBy);
  const indicatorOf = (w: StatisticsWeek) => indicatorPercent(w, config, roster.length);
  return {
    campaignId,
    week,
    previousWeek: previous?.week,
    source: current.source,
    rankBy: config.rankBy,
    schools: ranked,
    indicator: {
      title: config.usingPlatform.title,
      using: ranked.filter((s) => s.usingPlatform).length,
      total: roster.length,
      percent: indicatorOf(current),
      previousPercent: previous ? indicatorOf(previous) : undefined,
    },
    averages: averages(current),
    trend: sorted
      .slice(-TREND_WEEKS)
      .map((w): WeekTrendPoint => ({ week: w.week, averages: averages(w), indicatorPercent: indicatorOf(w) })),
    missingSchools: current.missingSchools.map((id) => ({ schoolId: id, name: names.get(id) ?? id })),
    unmatchedRows: current.unmatchedRows,
  };
}

interface SchoolContext {
  config: StatisticsConfig;
  week: IsoWeek;
  names: Map<string, string>;
  previous?: StatisticsWeek;
  earlier: StatisticsWeek[];
}

function analyseSchool(figures: Figures, { config, week, names, previous, earlier }: SchoolContext): SchoolAnalysis {
  const before = previous?.schools.find((s) => s.schoolId === figures.schoolId);
  const weekEnd = sundayOfIsoWeek(week);
  return {
    schoolId: figures.schoolId,
    name: names.get(figures.schoolId) ?? figures.schoolId,
    rank: 0,
    figures,
    change: changeSince(figures, before ? withDerived(before) : undefined),
    shortfalls: config.targets
      .filter((t) => below(figures, t))
      .map((t) => ({
        metric: t.metric,
        label: METRIC_LABELS[t.metric],
        value: valueOf(figures, t.metric)!,
        target: t.atLeast,
        clause: t.clause,
        overdue: t.by !== undefined && weekEnd > t.by,
      })),
    profileInactive: figures.profileActive === false,
    usingPlatform: isUsingPlatform(figures, config),
    completes: config.completesTasks
      .filter((t) => meets(figures, t))
      .map((t) => ({ clause: t.clause, metric: t.metric, value: valueOf(figures, t.metric)! })),
    droppedAfterCompletion: config.completesTasks.flatMap((t) => {
      if (!below(figures, t)) return [];
      const reached = earlier.find((w) =>
        w.schools.some((s) => s.schoolId === figures.schoolId && meets(withDerived(s), t)),
      );
      return reached
        ? [{ clause: t.clause, metric: t.metric, value: valueOf(figures, t.metric)!, reachedWeek: reached.week }]
        : [];
    }),
  };
}

/** The clauses whose tasks a school's week of figures completes: what the analysis signals, and the preview lists. */
export function clausesCompletedBy(config: StatisticsConfig, figures: SchoolWeekFigures): string[] {
  const derived = withDerived(figures);
  return config.completesTasks.filter((t) => meets(derived, t)).map((t) => t.clause);
}

function withDerived(f: SchoolWeekFigures): Figures {
  const chats =
    f.classChatsOnPlatform !== undefined && f.classesTotal
      ? round2((f.classChatsOnPlatform / f.classesTotal) * 100)
      : undefined;
  return chats === undefined ? { ...f } : { ...f, classChatPercent: chats };
}

function valueOf(f: Figures, metric: StatisticsMetric): number | undefined {
  return f[metric];
}

function meets(f: Figures, t: MetricThreshold): boolean {
  const v = valueOf(f, t.metric);
  return v !== undefined && v >= t.atLeast;
}

/** Below a threshold only when the figure is known: a column the file lacks is not a shortfall. */
function below(f: Figures, t: MetricThreshold): boolean {
  const v = valueOf(f, t.metric);
  return v !== undefined && v < t.atLeast;
}

function isUsingPlatform(f: Figures, config: StatisticsConfig): boolean {
  if (config.usingPlatform.profileActive && f.profileActive === false) return false;
  return config.usingPlatform.allOf.every((t) => meets(f, t));
}

function changeSince(now: Figures, before: Figures | undefined): SchoolAnalysis['change'] {
  if (!before) return {};
  const change: SchoolAnalysis['change'] = {};
  for (const metric of Object.keys(METRIC_LABELS) as StatisticsMetric[]) {
    const a = valueOf(now, metric);
    const b = valueOf(before, metric);
    if (a !== undefined && b !== undefined) change[metric] = round2(a - b);
  }
  return change;
}

/** Best first; equal figures share a rank (1, 2, 2, 4), then by name so the order is stable. */
function rank(schools: SchoolAnalysis[], by: StatisticsMetric): SchoolAnalysis[] {
  const score = (s: SchoolAnalysis) => valueOf(s.figures, by) ?? -1;
  const sorted = [...schools].sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name, 'ru'));
  const ranked: SchoolAnalysis[] = [];
  sorted.forEach((s, i) => {
    const tied = i > 0 && score(sorted[i - 1]!) === score(s);
    ranked.push({ ...s, rank: tied ? ranked[i - 1]!.rank : i + 1 });
  });
  return ranked;
}

/** Share of the district's schools (the whole roster: a school missing from the file is not using it). */
function indicatorPercent(week: StatisticsWeek, config: StatisticsConfig, rosterSize: number): number {
  if (rosterSize === 0) return 0;
  return round2((week.schools.filter((s) => isUsingPlatform(withDerived(s), config)).length / rosterSize) * 100);
}

function averages(week: StatisticsWeek): WeekTrendPoint['averages'] {
  const figures = week.schools.map(withDerived);
  const result: WeekTrendPoint['averages'] = {};
  for (const metric of Object.keys(METRIC_LABELS) as StatisticsMetric[]) {
    const values = figures.map((f) => valueOf(f, metric)).filter((v): v is number => v !== undefined);
    if (values.length > 0) result[metric] = round2(values.reduce((a, b) => a + b, 0) / values.length);
  }
  return result;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The roster school a statistics key names, if any. */
export function schoolByStatisticsKey(roster: School[], key: string): School | undefined {
  return roster.find((s) => statisticsKeyOf(s) === key.trim());
}
