// The campaign page of a tree campaign: live counts from the root workflow (by region and clause), problems of the
// launch, and the tasks a page at a time from the read model, filtered by region, municipality, clause and status.
import { describeStall, findStalls } from '../../client/launch-watch';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { openTasks, type TreeCounts } from '../../domain/campaign-tree';
import type { SchoolLine, TaskFilter } from '../../store/task-read-model';
import type { TaskKind } from '../../domain/task-kinds';
import { isOverdue, localToday, STANDING_LABELS, standingOf } from '../../domain/task-standing';
import type { TreeProgress } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { latestAnalysis } from './campaign-statistics';

export const TASKS_PER_PAGE = 50;

/** A campaign as people name it: «Постановление № 380 от 22.10.2024 «Об активации…»»; its id where none is known. */
export function campaignName(
  tree: Pick<TreeProgress, 'campaignId' | 'decree'> | undefined,
  campaignId: string,
): string {
  const d = tree?.decree;
  if (!d) return `Кампания ${campaignId}`;
  const kind = d.kind.charAt(0).toUpperCase() + d.kind.slice(1).toLowerCase();
  return `${kind} № ${d.number} от ${formatRuDate(d.date)} «${d.title}»`;
}

/** A kind's own page for the office about one clause across schools, linked from the table by clause. */
const CLAUSE_PAGES = {
  'registration-deadline': undefined,
  'chat-migration': undefined,
  'school-report': undefined,
  questionnaire: { path: 'answers', label: 'ответы школ' },
} satisfies Record<TaskKind, { path: string; label: string } | undefined>;

function clausePage(campaignId: string, clause: { number: string; kind?: TaskKind }) {
  const page = clause.kind && CLAUSE_PAGES[clause.kind];
  return (
    page && { href: `/campaigns/${encodeURIComponent(campaignId)}/${page.path}/${clause.number}`, label: page.label }
  );
}
/** Finding stalls describes every workflow of the tree: at most once per campaign in this interval. */
const STALL_CHECK_MS = 10_000;

export interface CampaignPageQuery {
  region?: string;
  municipality?: string;
  clause?: string;
  status?: string;
  page?: string;
  /** `matrix`: schools × clauses instead of the list of tasks. */
  view?: string;
}

export const SCHOOLS_PER_PAGE = 50;

export type StallCache = (campaignId: string) => Promise<string[]>;

export function stallCache(ctx: WebContext): StallCache {
  const checked = new Map<string, { at: number; found: Promise<string[]> }>();
  return (campaignId) => {
    const last = checked.get(campaignId);
    if (last && Date.now() - last.at < STALL_CHECK_MS) return last.found;
    const found = findStalls(ctx.client, campaignId).then(
      (s) => s.map(describeStall),
      (err: Error) => [`Не удалось проверить процессы кампании: ${err.message}`],
    );
    checked.set(campaignId, { at: Date.now(), found });
    return found;
  };
}

function filterOf(q: CampaignPageQuery, today: string): TaskFilter {
  const status = q.status === 'open' || q.status === 'done' || q.status === 'withdrawn' ? q.status : undefined;
  return {
    regionCode: q.region || undefined,
    municipalityCode: q.municipality || undefined,
    clause: q.clause || undefined,
    status,
    overdueBefore: q.status === 'overdue' ? today : undefined,
  };
}

type Cell = { label: string; cls: string; href?: string };

/** What a cell of the matrix says: done with its date, withdrawn, overdue, escalated, or open with its due date. */
export function matrixCell(task: SchoolLine['tasks'][number] | undefined, today: string, timeZone: string): Cell {
  if (!task) return { label: '—', cls: 'none' };
  const href = `/office/tasks/${encodeURIComponent(task.taskId)}`;
  const closed = task.closedAt ? formatRuDateTime(new Date(task.closedAt), timeZone).slice(0, 10) : '';
  if (task.status === 'done') return { label: `выполнена ${closed}`, cls: 'done', href };
  if (task.status === 'withdrawn') return { label: `отозвана ${closed}`, cls: 'withdrawn', href };
  const due = formatRuDate(task.due);
  if (task.escalated) return { label: `эскалация, срок ${due}`, cls: 'escalated', href };
  if (isOverdue(task, today)) return { label: `просрочена, срок ${due}`, cls: 'overdue', href };
  return { label: `открыта, срок ${due}`, cls: 'open', href };
}

/** Rows of the matrix with a heading row wherever the region or municipality changes. */
function matrixRows(schools: SchoolLine[], clauses: string[], today: string, timeZone: string) {
  const rows: { heading?: string; schoolName?: string; cells?: Cell[] }[] = [];
  let place = '';
  for (const s of schools) {
    const here = [s.regionName, s.municipalityName].filter(Boolean).join(' — ');
    if (here && here !== place) rows.push({ heading: here });
    place = here;
    rows.push({
      schoolName: s.schoolName,
      cells: clauses.map((c) =>
        matrixCell(
          s.tasks.find((t) => t.clause === c),
          today,
          timeZone,
        ),
      ),
    });
  }
  return rows;
}

async function matrixView(
  ctx: WebContext,
  tree: TreeProgress,
  scope: { filter: TaskFilter; today: string; timeZone: string },
  page: number,
  link: (p: number) => string,
) {
  const { filter, today, timeZone } = scope;
  const clauses = (tree.clauses ?? []).map((c) => c.number);
  const { schools, total } = await ctx.store.tasks.schoolsPage(tree.campaignId, filter, {
    limit: SCHOOLS_PER_PAGE,
    offset: (page - 1) * SCHOOLS_PER_PAGE,
  });
  const pages = Math.max(1, Math.ceil(total / SCHOOLS_PER_PAGE));
  return {
    clauses,
    columns: clauses.length + 1,
    rows: matrixRows(schools, clauses, today, timeZone),
    schoolsFound: total,
    page,
    pages,
    prev: page > 1 ? link(page - 1) : undefined,
    next: page < pages ? link(page + 1) : undefined,
  };
}

function percent(c: TreeCounts | undefined): number {
  return c && c.total ? Math.round((c.done / c.total) * 100) : 0;
}

export async function treeView(ctx: WebContext, tree: TreeProgress, query: CampaignPageQuery, stalls: StallCache) {
  const timeZone = tree.timeZone ?? 'Europe/Moscow';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
  const today = localToday(timeZone);
  const filter = filterOf(query, today);
  const link = (p: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== 'page' && v)), page: String(p) })}`;
  const asMatrix = query.view === 'matrix';
  const [{ rows, total }, places, problems, matrix, weekly, overdue] = await Promise.all([
    asMatrix
      ? { rows: [], total: 0 }
      : ctx.store.tasks.page(tree.campaignId, filter, { limit: TASKS_PER_PAGE, offset: (page - 1) * TASKS_PER_PAGE }),
    ctx.store.tasks.places(tree.campaignId),
    stalls(tree.campaignId),
    asMatrix ? matrixView(ctx, tree, { filter, today, timeZone }, page, link) : undefined,
    // The figures are a courtesy here: never fail the page.
    latestAnalysis(ctx, tree.campaignId, timeZone).catch(() => undefined),
    ctx.store.tasks.overdueByClause(tree.campaignId, today),
  ]);
  const pages = Math.max(1, Math.ceil(total / TASKS_PER_PAGE));
  const other = new URLSearchParams(
    Object.entries(query).filter(([k, v]) => k !== 'page' && k !== 'view' && v) as [string, string][],
  );
  if (!asMatrix) other.set('view', 'matrix');
  const c = tree.counts;
  return {
    progress: { ...tree, total: tree.expectedTasks },
    campaignName: campaignName(tree, tree.campaignId),
    counts: c,
    open: openTasks(c),
    overdue: Object.values(overdue).reduce((a, b) => a + b, 0),
    donePercent: percent(c),
    launchComplete: c.started === tree.expectedTasks && c.mailed === tree.expectedSchools,
    problems,
    byClause: (tree.clauses ?? []).map((cl) => ({
      clause: cl.number,
      title: cl.title,
      dueRu: formatRuDate(cl.due),
      total: c.byClause[cl.number]?.total ?? 0,
      done: c.byClause[cl.number]?.done ?? 0,
      overdue: overdue[cl.number] ?? 0,
      overdueHref: `?${new URLSearchParams({ clause: cl.number, status: 'overdue' })}`,
      page: clausePage(tree.campaignId, cl),
    })),
    regions: tree.children.filter((r) => r.code !== '_').map((r) => ({ ...r, percent: percent(r.counts) })),
    regionOptions: uniqueBy(
      places.filter((p) => p.regionCode),
      (p) => p.regionCode!,
    ).map((p) => ({ code: p.regionCode, name: p.regionName, selected: p.regionCode === query.region })),
    municipalityOptions: places
      .filter((p) => p.municipalityCode && (!query.region || p.regionCode === query.region))
      .map((p) => ({
        code: p.municipalityCode,
        name: p.municipalityName,
        selected: p.municipalityCode === query.municipality,
      })),
    clauseOptions: (tree.clauses ?? []).map((cl) => ({ number: cl.number, selected: cl.number === query.clause })),
    statusOptions: [
      ['open', 'открытые'],
      ['overdue', 'просроченные'],
      ['done', 'выполненные'],
      ['withdrawn', 'отозванные'],
    ].map(([value, label]) => ({ value, label, selected: value === query.status })),
    tasks: rows.map((t) => ({
      ...t,
      clauseNumber: t.clause,
      dueRu: formatRuDate(t.due),
      statusLabel: STANDING_LABELS[standingOf(t, today)],
      closedAtRu: t.closedAt ? formatRuDateTime(new Date(t.closedAt), timeZone) : '',
      place: [t.regionName, t.municipalityName].filter(Boolean).join(', '),
    })),
    found: total,
    page,
    pages,
    prev: page > 1 ? link(page - 1) : undefined,
    next: page < pages ? link(page + 1) : undefined,
    matrix,
    otherView: `?${other}`,
    weekly,
    consolidated: tree.consolidatedReports.map((e) => ({ ...e, atRu: formatRuDateTime(new Date(e.at), timeZone) })),
    temporalUiUrl: ctx.temporalUiUrl,
  };
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(key(t)) && seen.add(key(t)));
}
