// The auditor's timeline, read from Temporal's own histories (fetchHistory), never from a copy the application keeps:
// what history proves is what the auditor sees. Each event names its workflow and event id, so any line can be
// checked in the Temporal UI or against an exported history.
import type { Client } from '@temporalio/client';
import { visibilityValue as quote } from '../domain/search-attributes';
import type { JournalEvent, JournalKind } from './journal-events';
import { journalOfHistory } from './journal-of-history';

export { decode, eventInstant } from './journal-of-history';

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
  /** Open tasks past their due date (visibility: TaskStatus and DueDate). */
  overdueOnly?: boolean;
  kinds?: JournalKind[];
  from?: Date;
  to?: Date;
}

/** The visibility query for the campaign's workflows the filter keeps; values are quoted, never spliced raw. */
export function visibilityQuery(campaignId: string, filter: TimelineFilter, now = new Date()): string {
  const parts = [`CampaignId = ${quote(campaignId)}`];
  if (filter.schoolId) parts.push(`SchoolId = ${quote(filter.schoolId)}`);
  if (filter.overdueOnly) parts.push(`TaskStatus = "open"`, `DueDate < ${quote(now.toISOString())}`);
  return parts.join(' AND ');
}

function keeps(filter: TimelineFilter, e: JournalEvent): boolean {
  if (filter.clause && e.clause !== filter.clause) return false;
  if (filter.kinds?.length && !filter.kinds.includes(e.kind)) return false;
  if (filter.from && e.at < filter.from.toISOString()) return false;
  if (filter.to && e.at > filter.to.toISOString()) return false;
  return true;
}

/**
 * The campaign's timeline (or one task's), every history read in turn: memory holds the events kept, never a
 * history more than one at a time. `maxWorkflows` bounds a page's work; the CLI reads them all.
 */
export async function campaignTimeline(client: Client, campaignId: string, filter: TimelineFilter = {}, maxWorkflows = Infinity): Promise<Timeline & { truncated: boolean }> {
  // Every run: a workflow that continued as new keeps its earlier events in the earlier runs' histories.
  const runs: { workflowId: string; runId: string }[] = [];
  let truncated = false;
  const query = filter.taskId ? `WorkflowId = ${quote(filter.taskId)}` : visibilityQuery(campaignId, filter);
  for await (const w of client.workflow.list({ query })) {
    if (runs.length >= maxWorkflows) {
      truncated = true;
      break;
    }
    runs.push({ workflowId: w.workflowId, runId: w.runId });
  }
  return { ...(await timelineOfRuns(client, campaignId, runs, filter)), truncated };
}

/** The timeline of the given runs, each history read in turn and only the kept events held. */
export async function timelineOfRuns(client: Client, campaignId: string, runs: { workflowId: string; runId?: string }[], filter: TimelineFilter = {}): Promise<Timeline> {
  const events: JournalEvent[] = [];
  let timeZone: string | undefined;
  for (const { workflowId, runId } of runs) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const found = journalOfHistory(workflowId, history.events ?? []);
    timeZone ??= found.timeZone;
    events.push(...found.events.filter((e) => keeps(filter, e)));
  }
  events.sort((a, b) => a.at.localeCompare(b.at) || a.workflowId.localeCompare(b.workflowId) || a.eventId - b.eventId);
  return { campaignId, generatedAt: new Date().toISOString(), timeZone, events };
}
