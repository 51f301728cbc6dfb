// What the consolidated report on clause 1.9 says, apart from how it is drawn: the schools joined to their latest
// filed reports, grouped by region and municipality when the campaign knows them, with the tallies of each group.
import { formatRuDateTime } from '../../domain/dates';
import type { FiledReport } from '../../kinds/school-report/report';
import { ruPlural } from '../texts/renderer';
import { shareOf } from './school-report-layout';
import type { Verification } from './document-verification';

export type SchoolReportStatus = 'submitted' | 'missing' | 'withdrawn';

export interface ConsolidatedSchool {
  id: string;
  name: string;
  status: SchoolReportStatus;
  /** Region and municipality, when the campaign spans more than one: the table then groups by them. */
  regionCode?: string;
  regionName?: string;
  municipalityCode?: string;
  municipalityName?: string;
}

export interface ConsolidatedReportInput {
  officeName: string;
  /** E.g. «постановление от 22.10.2024 № 380». */
  decreeRef: string;
  clause: { number: string; text: string; due: string };
  edition: number;
  generatedAt: string;
  timeZone: string;
  /** All schools of the campaign, in the order the table lists them (within their group, when grouped). */
  schools: ConsolidatedSchool[];
  filed: FiledReport[];
  /** Set when an activity issues the edition: the code and QR printed at its end. */
  verification?: Verification;
}

export interface SchoolLine {
  name: string;
  status: SchoolReportStatus;
  report?: FiledReport;
  region?: GroupRef;
  municipality?: GroupRef;
}

/** A region or a municipality: the key groups and sorts; the name and the code are what the reader sees. */
export interface GroupRef {
  key: string;
  name?: string;
  code?: string;
}

export type GroupLevel = 'region' | 'municipality';

/** Counts and sums over a set of schools; the figures sum over the reports counted as submitted. */
export interface Tally {
  schools: number;
  submitted: number;
  missing: number;
  reports: number;
  classes: number;
  classChats: number;
  staffTotal: number;
  staffActivated: number;
  studentsTotal: number;
  studentsActivated: number;
}

/** One row of the schools table, in the order drawn. */
export type TableRow =
  | { kind: 'school'; number: number; line: SchoolLine }
  | { kind: 'group'; level: GroupLevel; group: GroupRef }
  | { kind: 'subtotal'; level: GroupLevel; group: GroupRef; tally: Tally }
  | { kind: 'total'; grouped: boolean; tally: Tally };

export const DASH = '—';
export const SHA_SHOWN = 12;

/** The latest filed version of each school, joined to the campaign's list; reports of other clauses are not this
 * report's. */
export function schoolLines(input: ConsolidatedReportInput): SchoolLine[] {
  const latest = new Map<string, FiledReport>();
  for (const report of input.filed) {
    if (report.clauseNumber !== input.clause.number) continue;
    const known = latest.get(report.schoolId);
    if (!known || report.version > known.version) latest.set(report.schoolId, report);
  }
  const hasRegions = input.schools.some((s) => s.regionCode || s.regionName);
  const hasMunicipalities = input.schools.some((s) => s.municipalityCode || s.municipalityName);
  return input.schools.map((s) => ({
    name: s.name,
    status: s.status,
    report: latest.get(s.id),
    ...(hasRegions ? { region: groupRef(s.regionCode, s.regionName) } : {}),
    ...(hasMunicipalities ? { municipality: groupRef(s.municipalityCode, s.municipalityName) } : {}),
  }));
}

function groupRef(code: string | undefined, name: string | undefined): GroupRef {
  // Schools with neither code nor name form one group, sorted last (its key is above any code or name).
  return { key: code || name || '\uffff', ...(name ? { name } : {}), ...(code ? { code } : {}) };
}

export function titleText(input: ConsolidatedReportInput): string {
  return `Сводный отчёт по п. ${input.clause.number} (${input.decreeRef})`;
}

export function editionLine(edition: number): string {
  return edition > 1 ? `Редакция ${edition}: обновлена после отчёта, поступившего с опозданием` : 'Редакция 1';
}

/** A withdrawn task asks nothing of its school, so it is not counted among those expected to report. */
export function summaryItems(lines: SchoolLine[]): string[] {
  const expected = lines.filter((l) => l.status !== 'withdrawn').length;
  const submitted = lines.filter((l) => l.status === 'submitted');
  const late = submitted.filter((l) => l.report?.late).length;
  const missing = lines.filter((l) => l.status === 'missing');
  const withdrawn = lines.length - expected;
  return [
    `Представили отчёт: ${submitted.length} из ${expected} ${organizations(expected)} (в срок — ${submitted.length - late}, с опозданием — ${late}).`,
    missing.length === 0
      ? 'Не представивших отчёт нет.'
      : `Не представили отчёт: ${missing.length} — ${missing.map((l) => l.name).join(', ')}.`,
    ...(withdrawn > 0
      ? [`Задача отозвана у ${withdrawn} ${organizations(withdrawn)}; такие организации в расчёте не учитываются.`]
      : []),
  ];
}

export function organizations(n: number): string {
  return ruPlural(n, 'образовательной организации', 'образовательных организаций', 'образовательных организаций');
}

/**
 * The table's rows: without regions or municipalities the schools in input order and the district totals; with
 * them, the schools sorted by region, municipality, then input order, each group opened by a heading and closed
 * by its subtotal, and the grand total at the end.
 */
export function tableRows(lines: SchoolLine[]): TableRow[] {
  const grouped = lines.some((l) => l.region || l.municipality);
  if (!grouped)
    return [
      ...lines.map((line, i): TableRow => ({ kind: 'school', number: i + 1, line })),
      { kind: 'total', grouped, tally: tallyOf(lines) },
    ];
  const rows: TableRow[] = [];
  let number = 0;
  for (const region of groupsOf(sortedByGroup(lines), (l) => l.region)) {
    if (region.group) rows.push({ kind: 'group', level: 'region', group: region.group });
    for (const municipality of groupsOf(region.lines, (l) => l.municipality)) {
      if (municipality.group) rows.push({ kind: 'group', level: 'municipality', group: municipality.group });
      for (const line of municipality.lines) rows.push({ kind: 'school', number: ++number, line });
      if (municipality.group)
        rows.push({
          kind: 'subtotal',
          level: 'municipality',
          group: municipality.group,
          tally: tallyOf(municipality.lines),
        });
    }
    if (region.group)
      rows.push({ kind: 'subtotal', level: 'region', group: region.group, tally: tallyOf(region.lines) });
  }
  rows.push({ kind: 'total', grouped, tally: tallyOf(lines) });
  return rows;
}

/**
 * Array.prototype.sort is stable, so schools keep their input order within a municipality. The distinct keys are
 * ranked once with the collator («05» and «5», «82 646» compare as numbers), then 40,000 rows sort by their ranks.
 */
function sortedByGroup(lines: SchoolLine[]): SchoolLine[] {
  const regionRank = ranks(lines.map((l) => l.region?.key ?? ''));
  const municipalityRank = ranks(lines.map((l) => l.municipality?.key ?? ''));
  const rankOf = (l: SchoolLine) =>
    regionRank.get(l.region?.key ?? '')! * (municipalityRank.size + 1) +
    municipalityRank.get(l.municipality?.key ?? '')!;
  return lines
    .map((line) => ({ line, rank: rankOf(line) }))
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.line);
}

function ranks(keys: string[]): Map<string, number> {
  const collator = new Intl.Collator('ru', { numeric: true });
  return new Map([...new Set(keys)].sort(collator.compare).map((key, i) => [key, i]));
}

/** Consecutive runs of lines with the same group key (the lines are sorted, so each group is one run). */
function groupsOf(
  lines: SchoolLine[],
  groupOf: (l: SchoolLine) => GroupRef | undefined,
): { group?: GroupRef; lines: SchoolLine[] }[] {
  const runs: { group?: GroupRef; lines: SchoolLine[] }[] = [];
  for (const line of lines) {
    const group = groupOf(line);
    const last = runs[runs.length - 1];
    if (last && last.group?.key === group?.key) last.lines.push(line);
    else runs.push({ group, lines: [line] });
  }
  return runs;
}

export function tallyOf(lines: SchoolLine[]): Tally {
  const t: Tally = {
    schools: lines.length,
    submitted: 0,
    missing: 0,
    reports: 0,
    classes: 0,
    classChats: 0,
    staffTotal: 0,
    staffActivated: 0,
    studentsTotal: 0,
    studentsActivated: 0,
  };
  for (const l of lines) {
    if (l.status === 'missing') t.missing++;
    if (l.status !== 'submitted') continue;
    t.submitted++;
    const r = l.report;
    if (!r) continue;
    t.reports++;
    t.classes += r.classes;
    t.classChats += r.classChatsOnPlatform;
    t.staffTotal += r.staffTotal;
    t.staffActivated += r.staffActivated;
    t.studentsTotal += r.studentsTotal;
    t.studentsActivated += r.studentsActivated;
  }
  return t;
}

/**
 * «Итого по району (10 отчётов)» as before grouping. A group's line names the group, and its counts of schools go
 * on a line of their own, beside the shares, so that neither wraps in the middle.
 */
export function tallyLabel(row: Extract<TableRow, { kind: 'subtotal' | 'total' }>): string {
  const t = row.tally;
  if (row.kind === 'total' && !row.grouped)
    return `Итого по району (${t.reports} ${ruPlural(t.reports, 'отчёт', 'отчёта', 'отчётов')})`;
  return `${tallyTitle(row)}\nорганизаций — ${t.schools}, представили — ${t.submitted}, не представили — ${t.missing}`;
}

function tallyTitle(row: Extract<TableRow, { kind: 'subtotal' | 'total' }>): string {
  if (row.kind === 'total') return 'Итого';
  const { name, code } = row.group;
  if (!name && !code) return `Итого без указания ${row.level === 'region' ? 'региона' : 'муниципального образования'}`;
  return `Итого по ${row.level === 'region' ? 'региону' : 'муниципальному образованию'} ${name ? `«${name}»${code ? ` (${code})` : ''}` : code}`;
}

/** «Регион: Республика Дагестан (05)»; a school without one is under «Регион не указан». */
export function groupHeading(level: GroupLevel, group: GroupRef): string {
  const label = group.name && group.code ? `${group.name} (${group.code})` : (group.name ?? group.code);
  if (!label) return level === 'region' ? 'Регион не указан' : 'Муниципальное образование не указано';
  return `${level === 'region' ? 'Регион' : 'Муниципальное образование'}: ${label}`;
}

export function statusText(line: SchoolLine): string {
  if (line.status === 'withdrawn') return 'задача отозвана';
  if (line.status === 'missing') return 'не представлен';
  return line.report?.late ? 'представлен с опозданием' : 'представлен';
}

/** «8 из 10» over «(80,0 %)». */
export function countCell(part: number, whole: number): string {
  return `${part} из ${whole}\n(${shareOf(part, whole)})`;
}

/**
 * «01.11.2024 14:05» in the zone the column header names. One Intl formatter per report: formatRuDateTime builds
 * a new one on each call, which for 40,000 rows costs more than drawing them.
 */
export function submittedAtFormatter(timeZone: string): (iso: string) => string {
  const f = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (iso) => f.format(new Date(iso)).replace(',', '');
}

/** «мск», as formatRuDateTime names the zone. */
export function zoneLabel(timeZone: string): string {
  return /\(([^)]*)\)$/.exec(formatRuDateTime(new Date(0), timeZone))?.[1] ?? timeZone;
}
