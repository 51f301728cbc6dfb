// The auditor's timeline, read from Temporal's own histories (fetchHistory), never from a copy the application keeps:
// what history proves is what the auditor sees. Each event names its workflow and event id, so any line can be
// checked in the Temporal UI or against an exported history.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { visibilityValue as quote } from '../domain/search-attributes';
import type { JournalEvent, JournalKind } from './journal-events';
import { journalOfHistory } from './journal-of-history';

export { decode, eventInstant } from './journal-of-history';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Timeline {
  campaignId: string;
  generatedAt: string;
  /** The campaign's zone, from a task's own input: pages and exports show local time in it. */
  timeZone?: string;
  events: JournalEvent[];
}

export interface TimelineFilter {
  taskId?: string;
  schoolId?: string;
  clause?: string;
  /** Only these tasks' workflows (the overdue ones, as the read model finds them: domain/task-standing.ts). */
  taskIds?: string[];
  kinds?: JournalKind[];
  from?: Date;
  to?: Date;
}

/** The visibility query for the campaign's workflows the filter keeps; values are quoted, never spliced raw. */
export function visibilityQuery(campaignId: string, filter: TimelineFilter): string {
  const parts = [`CampaignId = ${quote(campaignId)}`];
  if (filter.schoolId) parts.push(`SchoolId = ${quote(filter.schoolId)}`);
  return parts.join(' AND ');
}

function keeps(filter: TimelineFilter, e: JournalEvent): boolean {
  if (filter.clause && e.clause !== filter.clause) return false;
  if (filter.kinds?.length && !filter.kinds.includes(e.kind)) return false;
  if (filter.from && e.at < filter.from.toISOString()) return false;
  if (filter.to && e.at > filter.to.toISOString()) return false;
  return true;
}

type Run = { workflowId: string; runId?: string };

/** The runs the filter asks for: every run, since a workflow that continued as new keeps its earlier events there. */
export async function listTimelineRuns(
  client: Client,
  campaignId: string,
  filter: TimelineFilter = {},
  maxWorkflows = Infinity,
): Promise<{ runs: Run[]; truncated: boolean }> {
  if (filter.taskIds) {
    const runs = filter.taskIds.slice(0, maxWorkflows).map((workflowId) => ({ workflowId }));
    return { runs, truncated: filter.taskIds.length > runs.length };
  }
  const runs: Run[] = [];
  const query = filter.taskId ? `WorkflowId = ${quote(filter.taskId)}` : visibilityQuery(campaignId, filter);
  for await (const w of client.workflow.list({ query })) {
    if (runs.length >= maxWorkflows) return { runs, truncated: true };
    runs.push({ workflowId: w.workflowId, runId: w.runId });
  }
  return { runs, truncated: false };
}

/** Histories read this many at a time: the server answers in parallel, and memory holds at most this many. */
export const HISTORIES_AT_ONCE = 8;

/** Reads each run's history and hands it to `consume`, at most HISTORIES_AT_ONCE in flight. */
export async function readHistories(
  client: Client,
  runs: Run[],
  consume: (run: Run, events: HistoryEvent[]) => void,
): Promise<void> {
  let next = 0;
  const reader = async () => {
    while (next < runs.length) {
      const run = runs[next++]!;
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      consume(run, history.events ?? []);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HISTORIES_AT_ONCE, runs.length) }, reader));
}

/** The journal's events of the runs, filtered, with the campaign's zone; `onEvent` sees each kept event once. */
export async function journalOfRuns(
  client: Client,
  runs: Run[],
  filter: TimelineFilter,
  onEvent: (e: JournalEvent) => void,
): Promise<{ timeZone?: string }> {
  let timeZone: string | undefined;
  await readHistories(client, runs, (run, history) => {
    const found = journalOfHistory(run.workflowId, history);
    timeZone ??= found.timeZone;
    for (const e of found.events) if (keeps(filter, e)) onEvent(e);
  });
  return { timeZone };
}

/** The journal's order: time, then workflow, then history event. */
export const byTime = (
  a: Pick<JournalEvent, 'at' | 'workflowId' | 'eventId'>,
  b: Pick<JournalEvent, 'at' | 'workflowId' | 'eventId'>,
) => a.at.localeCompare(b.at) || a.workflowId.localeCompare(b.workflowId) || a.eventId - b.eventId;

/**
 * The campaign's timeline (or one task's) in memory, for the pages and the PDF: `maxWorkflows` bounds a page's work.
 * The CLI's CSV and JSON exports stream instead (journal-export.ts).
 */
export async function campaignTimeline(
  client: Client,
  campaignId: string,
  filter: TimelineFilter = {},
  maxWorkflows = Infinity,
): Promise<Timeline & { truncated: boolean }> {
  const { runs, truncated } = await listTimelineRuns(client, campaignId, filter, maxWorkflows);
  return { ...(await timelineOfRuns(client, campaignId, runs, filter)), truncated };
}

/** The timeline of the given runs, in time order. */
export async function timelineOfRuns(
  client: Client,
  campaignId: string,
  runs: Run[],
  filter: TimelineFilter = {},
): Promise<Timeline> {
  const events: JournalEvent[] = [];
  const { timeZone } = await journalOfRuns(client, runs, filter, (e) => events.push(e));
  events.sort(byTime);
  return { campaignId, generatedAt: new Date().toISOString(), timeZone, events };
}
