// The read model of task states: the campaign tree's tasks write it (an activity per change), the task and campaign
// pages read it, so a page costs one indexed query instead of a workflow query, and lists paginate in SQL.
import { sql, type Insertable, type Selectable } from 'kysely';
import { filedReportOf, type FiledReport, type ReportVersion } from '../kinds/school-report/report';
import type { TaskState, TaskStatus } from '../domain/school-task';
import { jsonColumn, type StoreDb } from './database';
import { queryPerTurn } from './query-batching';
import type { TaskStatesTable } from './schema';

export interface TaskRow {
  taskId: string;
  schoolId: string;
  schoolName: string;
  clause: string;
  kind: string;
  status: TaskStatus;
  due: string;
  regionCode: string | null;
  regionName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  closedAt: string | null;
}

export interface TaskFilter {
  schoolId?: string;
  regionCode?: string;
  municipalityCode?: string;
  clause?: string;
  status?: TaskStatus;
  /** Open tasks whose due date in force is before this calendar date (the campaign's local today). */
  overdueBefore?: string;
}

export interface PlaceCount {
  regionCode: string | null;
  regionName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  total: number;
  done: number;
  withdrawn: number;
}

/** A school's line in a consolidated report: its task's status and the latest report version it filed. */
export interface ReportLine {
  schoolId: string;
  schoolName: string;
  status: TaskStatus;
  regionCode: string | null;
  regionName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  latest?: FiledReport;
}

/** A school's task of one clause with the latest version its kind keeps (JSON as stored), if any. */
export interface LatestVersionLine extends Omit<ReportLine, 'latest'> {
  taskId: string;
  due: string;
  latest?: unknown;
}

/** One school's line of the campaign matrix: its place and each of its tasks, with whether it was escalated. */
export interface SchoolLine {
  schoolId: string;
  schoolName: string;
  regionCode: string | null;
  regionName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  tasks: (TaskRow & { escalated: boolean })[];
}

export interface TaskReadModel {
  /** The first rows of newly started tasks (revision 0); a row already there is left as it is. */
  recordOpened(campaignId: string, states: TaskState[]): Promise<void>;
  /** A task's state after a change; ignored when the row already holds this or a later revision. */
  record(campaignId: string, state: TaskState, revision: number): Promise<void>;
  state(taskId: string): Promise<TaskState | undefined>;
  /** The rows of these tasks that exist, in one query (a batch's deadline step reads its hundred tasks). */
  states(taskIds: string[]): Promise<TaskState[]>;
  page(
    campaignId: string,
    filter: TaskFilter,
    range: { limit: number; offset: number },
  ): Promise<{ rows: TaskRow[]; total: number }>;
  places(campaignId: string): Promise<PlaceCount[]>;
  /** A page of schools with any task the filter keeps, in the order of the hierarchy, with all their tasks. */
  schoolsPage(
    campaignId: string,
    filter: TaskFilter,
    range: { limit: number; offset: number },
  ): Promise<{ schools: SchoolLine[]; total: number }>;
  reportLines(campaignId: string, clause: string): Promise<ReportLine[]>;
  /**
   * A clause's tasks with the latest of the versions a kind keeps in its state (`state[member].versions`), in the
   * order of the hierarchy: a kind's table across schools, without reading whole states.
   */
  latestVersions(campaignId: string, clause: string, member: string): Promise<LatestVersionLine[]>;
  /** Overdue tasks by clause (open, due date in force before `today`): domain/task-standing.ts's definition in SQL. */
  overdueByClause(campaignId: string, today: string): Promise<Record<string, number>>;
  /** The tasks a weekly analysis completed that are still done by it: what undoing its import reopens. */
  closedByAnalysis(campaignId: string, analysisWorkflowId: string): Promise<string[]>;
}

type Insert = Insertable<TaskStatesTable>;

function rowOf(campaignId: string, state: TaskState, revision: number): Insert {
  const { task } = state;
  return {
    task_id: task.taskId,
    campaign_id: campaignId,
    school_id: task.school.id,
    school_name: task.school.name,
    clause: task.clause.number,
    kind: task.kind,
    status: state.status,
    due_date: state.due,
    region_code: task.school.region?.code ?? null,
    region_name: task.school.region?.name ?? null,
    municipality_code: task.school.municipality?.code ?? null,
    municipality_name: task.school.municipality?.name ?? null,
    closed_at: state.status === 'done' ? (state.receipt?.submittedAt ?? null) : (state.withdrawal?.at ?? null),
    state: JSON.stringify(state),
    updated_at: new Date(),
    revision,
  };
}

const LISTED = [
  'task_id',
  'school_id',
  'school_name',
  'clause',
  'kind',
  'status',
  'due_date',
  'region_code',
  'region_name',
  'municipality_code',
  'municipality_name',
  'closed_at',
] as const;

/** The state column as a task state. */
export function stateOf(row: { state: unknown }): TaskState {
  return jsonColumn<TaskState>(row.state);
}

export function createTaskReadModel(db: StoreDb): TaskReadModel {
  const latestVersions: TaskReadModel['latestVersions'] = async (campaignId, clause, member) => {
    const rows = await db
      .selectFrom('task_states')
      .where('campaign_id', '=', campaignId)
      .where('clause', '=', clause)
      .select(['task_id', 'due_date', 'school_id', 'school_name', 'status'])
      .select(['region_code', 'region_name', 'municipality_code', 'municipality_name'])
      .select(sql<unknown>`state->${member}->'versions'->-1`.as('latest'))
      .orderBy('region_code')
      .orderBy('municipality_code')
      .orderBy('task_id')
      .execute();
    return rows.map((r) => ({
      taskId: r.task_id,
      due: r.due_date,
      schoolId: r.school_id,
      schoolName: r.school_name,
      status: r.status as TaskStatus,
      regionCode: r.region_code,
      regionName: r.region_name,
      municipalityCode: r.municipality_code,
      municipalityName: r.municipality_name,
      ...(r.latest == null ? {} : { latest: jsonColumn<unknown>(r.latest) }),
    }));
  };

  const filtered = (campaignId: string, f: TaskFilter) => {
    let q = db.selectFrom('task_states').where('campaign_id', '=', campaignId);
    if (f.schoolId) q = q.where('school_id', '=', f.schoolId);
    if (f.regionCode) q = q.where('region_code', '=', f.regionCode);
    if (f.municipalityCode) q = q.where('municipality_code', '=', f.municipalityCode);
    if (f.clause) q = q.where('clause', '=', f.clause);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.overdueBefore) q = q.where('status', '=', 'open').where('due_date', '<', f.overdueBefore);
    return q;
  };
  const readStates = async (taskIds: readonly string[]): Promise<TaskState[]> => {
    if (taskIds.length === 0) return [];
    const rows = await db
      .selectFrom('task_states')
      .select('state')
      .where('task_id', 'in', [...taskIds])
      .execute();
    return rows.map(stateOf);
  };
  // Each caller gets its own object: two pages of the same task in one turn must not share a state they may change.
  const stateInTurn = queryPerTurn<string, TaskState | undefined>(async (taskIds) => {
    const byTask = new Map((await readStates([...new Set(taskIds)])).map((s) => [s.task.taskId, s]));
    const given = new Set<string>();
    return taskIds.map((id) => {
      const state = byTask.get(id);
      if (state && given.has(id)) return structuredClone(state);
      given.add(id);
      return state;
    });
  });
  return {
    async recordOpened(campaignId, states) {
      if (states.length === 0) return;
      await db
        .insertInto('task_states')
        .values(states.map((s) => rowOf(campaignId, s, 0)))
        .onConflict((oc) => oc.column('task_id').doNothing())
        .execute();
    },
    async record(campaignId, state, revision) {
      const row = rowOf(campaignId, state, revision);
      const changes: Partial<Insert> = { ...row };
      delete changes.task_id;
      await db
        .insertInto('task_states')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('task_id')
            .doUpdateSet(changes as never)
            .where('task_states.revision', '<', revision),
        )
        .execute();
    },
    state: (taskId) => stateInTurn(taskId),
    states: readStates,
    async closedByAnalysis(campaignId, analysisWorkflowId) {
      const rows = await db
        .selectFrom('task_states')
        .select('task_id')
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'done')
        .where(sql<string>`state->'completedByStatistics'->>'analysisWorkflowId'`, '=', analysisWorkflowId)
        .orderBy('task_id')
        .execute();
      return rows.map((r) => r.task_id);
    },
    async page(campaignId, filter, { limit, offset }) {
      const [rows, count] = await Promise.all([
        filtered(campaignId, filter)
          .select(LISTED)
          .orderBy('region_code')
          .orderBy('municipality_code')
          .orderBy('school_name')
          .orderBy('clause')
          .limit(limit)
          .offset(offset)
          .execute(),
        filtered(campaignId, filter)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows: rows.map(listed), total: Number(count.n) };
    },
    async schoolsPage(campaignId, filter, { limit, offset }) {
      const schoolIds = filtered(campaignId, filter).select('school_id').distinct();
      const [page, count] = await Promise.all([
        db
          .selectFrom('task_states')
          .where('campaign_id', '=', campaignId)
          .where('school_id', 'in', schoolIds)
          .select(['school_id', 'school_name', 'region_code', 'region_name', 'municipality_code', 'municipality_name'])
          .distinct()
          .orderBy('region_code')
          .orderBy('municipality_code')
          .orderBy('school_name')
          .orderBy('school_id')
          .limit(limit)
          .offset(offset)
          .execute(),
        db
          .selectFrom(schoolIds.as('s'))
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const ids = page.map((r) => r.school_id);
      const tasks =
        ids.length === 0
          ? []
          : await db
              .selectFrom('task_states')
              .where('campaign_id', '=', campaignId)
              .where('school_id', 'in', ids)
              .select(LISTED)
              .select(
                sql<boolean>`coalesce((state->'sentSteps') @> '[{"kind":"escalation"}]'::jsonb, false)`.as('escalated'),
              )
              .orderBy('clause')
              .execute();
      const schools = page.map((r) => ({
        schoolId: r.school_id,
        schoolName: r.school_name,
        regionCode: r.region_code,
        regionName: r.region_name,
        municipalityCode: r.municipality_code,
        municipalityName: r.municipality_name,
        tasks: tasks
          .filter((t) => t.school_id === r.school_id)
          .map((t) => ({ ...listed(t), escalated: Boolean(t.escalated) })),
      }));
      return { schools, total: Number(count.n) };
    },
    async places(campaignId) {
      const rows = await db
        .selectFrom('task_states')
        .where('campaign_id', '=', campaignId)
        .select(['region_code', 'region_name', 'municipality_code', 'municipality_name'])
        .select((eb) => [
          eb.fn.countAll<string>().as('total'),
          sql<string>`count(*) filter (where status = 'done')`.as('done'),
          sql<string>`count(*) filter (where status = 'withdrawn')`.as('withdrawn'),
        ])
        .groupBy(['region_code', 'region_name', 'municipality_code', 'municipality_name'])
        .orderBy('region_code')
        .orderBy('municipality_code')
        .execute();
      return rows.map((r) => ({
        regionCode: r.region_code,
        regionName: r.region_name,
        municipalityCode: r.municipality_code,
        municipalityName: r.municipality_name,
        total: Number(r.total),
        done: Number(r.done),
        withdrawn: Number(r.withdrawn),
      }));
    },
    latestVersions,
    async overdueByClause(campaignId, today) {
      const rows = await db
        .selectFrom('task_states')
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'open')
        .where('due_date', '<', today)
        .select(['clause', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('clause')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.clause, Number(r.n)]));
    },
    async reportLines(campaignId, clause) {
      const lines = await latestVersions(campaignId, clause, 'report');
      return lines.map(({ taskId: _, due: __, latest, ...line }) => ({
        ...line,
        latest: latest
          ? filedReportOf(clause, { id: line.schoolId, name: line.schoolName }, latest as ReportVersion)
          : undefined,
      }));
    },
  };
}

function listed(r: Pick<Selectable<TaskStatesTable>, (typeof LISTED)[number]>): TaskRow {
  return {
    taskId: r.task_id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    clause: r.clause,
    kind: r.kind,
    status: r.status as TaskStatus,
    due: r.due_date,
    regionCode: r.region_code,
    regionName: r.region_name,
    municipalityCode: r.municipality_code,
    municipalityName: r.municipality_name,
    closedAt: r.closed_at,
  };
}
