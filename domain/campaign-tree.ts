// A campaign of any size as a tree of workflows: campaign → region → batch of one municipality's schools → tasks.
// Every level is computed from the stored campaign file, so workflows pass only its hash and the keys below.
import type { Campaign, Place, School } from './campaign-schema';
import type { LadderStep } from './deadline-ladder';
import type { TaskKind } from './task-kinds';

/** The campaign file in the store: workflows and activities carry this, never the roster. */
export interface CampaignRef {
  campaignId: string;
  sha256: string;
}

/** Sizes of the tree. Tests shrink them to make a workflow continue as new mid-campaign. */
export interface TreeLimits {
  /** Schools under one batch workflow: its open tasks are at most this × the task clauses. */
  schoolsPerBatch: number;
  /** Schools planned, started and mailed per step of a batch: the children pending in one workflow task. */
  window: number;
  /** A node continues as new when its history passes this many events (Temporal's limit is 51,200). */
  historyEvents: number;
  /** How long a node gathers changes before it reports its counts to its parent. */
  reportEveryMs: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = {
  schoolsPerBatch: 100,
  window: 50,
  historyEvents: 4_000,
  reportEveryMs: 2_000,
};

const TREE_QUEUE_SUFFIX = '.tree';

/**
 * The tree's workflows (campaign, regions, batches) run on a task queue of their own, with a worker and a cache of
 * their own: tens of thousands of task workflows then cannot evict them, and an evicted root replays thousands of
 * events for every signal its regions send. Children and continue-as-new inherit the queue; tasks do not.
 */
export function treeTaskQueue(taskQueue: string): string {
  return `${taskQueue}${TREE_QUEUE_SUFFIX}`;
}

/** The queue a tree's task workflows run on: the campaign's own (a tree launched before the split ran on it too). */
export function taskQueueOfTasks(treeQueue: string): string {
  return treeQueue.endsWith(TREE_QUEUE_SUFFIX) ? treeQueue.slice(0, -TREE_QUEUE_SUFFIX.length) : treeQueue;
}

/** The campaign workflow's input in the tree shape (the old shape was the whole campaign). */
export interface CampaignLaunch {
  ref: CampaignRef;
  limits: TreeLimits;
  /** The staff account that launched (in the first run's input only: the journal reads it from there). */
  launchedBy?: string;
}

export function isCampaignLaunch(input: unknown): input is CampaignLaunch {
  return typeof input === 'object' && input !== null && 'ref' in input && 'limits' in input;
}

/** What the root of the tree knows of the campaign: no school, only regions and their sizes. */
export interface CampaignOutline {
  campaignId: string;
  timeZone: string;
  decree: { kind: string; number: string; date: string; title: string };
  /** Clauses that create tasks: their number, kind and due date (the consolidated reports need them). */
  clauses: { number: string; kind: TaskKind; title: string; due: string; dueHour?: number }[];
  regions: { code: string; name: string; schools: number; batches: number }[];
  schools: number;
}

/** A limit that cannot work is a programming error: it fails the workflow task, which the stall report shows. */
export function assertTreeLimits(limits: TreeLimits): void {
  const bad = Object.entries(limits)
    .filter(([, v]) => !Number.isInteger(v) || v < 1)
    .map(([k]) => k);
  if (bad.length)
    throw new TypeError(`Недопустимые размеры дерева кампании: ${bad.join(', ')} должны быть целыми числами ≥ 1`);
}

/** Schools with no region or municipality in the file (a district campaign) share one group with this code. */
export const NO_PLACE = '_';

export interface BatchPlan {
  regionCode: string;
  municipalityCode: string;
  municipalityName: string;
  part: number;
  schools: number;
}

export interface RegionPlan {
  code: string;
  name: string;
  schools: number;
  batches: BatchPlan[];
}

export function regionOf(school: School): Place {
  return school.region ?? { code: NO_PLACE, name: '' };
}

export function municipalityOf(school: School): Place {
  return school.municipality ?? { code: NO_PLACE, name: '' };
}

/** Regions in the order of first appearance, each with its batches (a municipality split into parts of at most
 * `schoolsPerBatch`). */
export function campaignRegions(campaign: Campaign, schoolsPerBatch: number): RegionPlan[] {
  const regions = new Map<string, { name: string; municipalities: Map<string, { name: string; schools: number }> }>();
  for (const school of campaign.schools) {
    const region = regionOf(school);
    const municipality = municipalityOf(school);
    const r =
      regions.get(region.code) ??
      regions.set(region.code, { name: region.name, municipalities: new Map() }).get(region.code)!;
    const m =
      r.municipalities.get(municipality.code) ??
      r.municipalities.set(municipality.code, { name: municipality.name, schools: 0 }).get(municipality.code)!;
    m.schools += 1;
  }
  return [...regions].map(([code, r]) => {
    const batches = [...r.municipalities].flatMap(([mCode, m]) =>
      Array.from({ length: Math.ceil(m.schools / schoolsPerBatch) }, (_, part) => ({
        regionCode: code,
        municipalityCode: mCode,
        municipalityName: m.name,
        part,
        schools: Math.min(schoolsPerBatch, m.schools - part * schoolsPerBatch),
      })),
    );
    return { code, name: r.name, schools: batches.reduce((n, b) => n + b.schools, 0), batches };
  });
}

/** Each campaign's schools grouped by region and municipality, once: every school's decree mail asks for its batch. */
const schoolsByPlace = new WeakMap<Campaign, Map<string, School[]>>();

function placeKey(regionCode: string, municipalityCode: string): string {
  return `${regionCode}/${municipalityCode}`;
}

function schoolsOfPlace(campaign: Campaign, regionCode: string, municipalityCode: string): School[] {
  let groups = schoolsByPlace.get(campaign);
  if (!groups) {
    groups = new Map();
    for (const school of campaign.schools) {
      const key = placeKey(regionOf(school).code, municipalityOf(school).code);
      const group = groups.get(key);
      if (group) group.push(school);
      else groups.set(key, [school]);
    }
    schoolsByPlace.set(campaign, groups);
  }
  return groups.get(placeKey(regionCode, municipalityCode)) ?? [];
}

/** A clause's deadline steps, which a batch sends for all its tasks of that clause (same due date, same rules). */
export interface ClauseLadder {
  clause: string;
  due: string;
  steps: LadderStep[];
}

/** The schools of one batch, in the file's order. */
export function batchSchools(
  campaign: Campaign,
  batch: Pick<BatchPlan, 'regionCode' | 'municipalityCode' | 'part'>,
  schoolsPerBatch: number,
): School[] {
  return schoolsOfPlace(campaign, batch.regionCode, batch.municipalityCode).slice(
    batch.part * schoolsPerBatch,
    (batch.part + 1) * schoolsPerBatch,
  );
}

export function regionWorkflowId(campaignId: string, regionCode: string): string {
  return `campaign-${campaignId}-region-${regionCode}`;
}

export function batchWorkflowId(
  campaignId: string,
  batch: Pick<BatchPlan, 'regionCode' | 'municipalityCode' | 'part'>,
): string {
  return `campaign-${campaignId}-batch-${batch.regionCode}-${batch.municipalityCode}-${batch.part}`;
}

/** What each level knows of its tasks and reports upward: counts only, never the rows. */
export interface ClauseCounts {
  total: number;
  done: number;
  withdrawn: number;
  /** Clause 1.9: versions of school reports filed so far (a new consolidated edition follows each). */
  reportVersions: number;
}

export interface TreeCounts {
  schools: number;
  /** Schools whose decree mail the SMTP server accepted. */
  mailed: number;
  /** Task workflows running or closed. */
  started: number;
  total: number;
  done: number;
  withdrawn: number;
  byClause: Record<string, ClauseCounts>;
  /** Until when a task done by statistics below may still reopen (its import undone): no level ends before. */
  heldUntil?: string;
}

export function emptyCounts(): TreeCounts {
  return { schools: 0, mailed: 0, started: 0, total: 0, done: 0, withdrawn: 0, byClause: {} };
}

export function sumCounts(parts: TreeCounts[]): TreeCounts {
  const sum = emptyCounts();
  for (const p of parts) {
    for (const key of ['schools', 'mailed', 'started', 'total', 'done', 'withdrawn'] as const) sum[key] += p[key];
    if (p.heldUntil && (!sum.heldUntil || p.heldUntil > sum.heldUntil)) sum.heldUntil = p.heldUntil;
    for (const [clause, c] of Object.entries(p.byClause)) {
      const s = (sum.byClause[clause] ??= { total: 0, done: 0, withdrawn: 0, reportVersions: 0 });
      s.total += c.total;
      s.done += c.done;
      s.withdrawn += c.withdrawn;
      s.reportVersions += c.reportVersions;
    }
  }
  return sum;
}

export function openTasks(counts: TreeCounts): number {
  return counts.total - counts.done - counts.withdrawn;
}

/** Whether a level has started all it will start and every task under it has closed. */
/** Every task closed for good: none open, and none that may still reopen (workflow time in workflows). */
export function allClosed(counts: TreeCounts, expectedTasks: number, now = Date.now()): boolean {
  const held = counts.heldUntil !== undefined && Date.parse(counts.heldUntil) > now;
  return counts.started === expectedTasks && counts.total === expectedTasks && openTasks(counts) === 0 && !held;
}
