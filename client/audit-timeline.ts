// The auditor's timeline, read from Temporal's own histories (fetchHistory), never from a copy the application keeps:
// what history proves is what the auditor sees. Each event names its workflow and event id, so any line can be
// checked in the Temporal UI or against an exported history.
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { visibilityValue as quote } from '../domain/search-attributes';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

export const TIMELINE_KINDS = [
  'decree.rendered', 'mail.sent', 'task.submitted', 'draft.saved', 'checklist.updated', 'reminder.sent', 'escalation.sent',
  'extension.requested', 'extension.decided', 'link.renewed', 'task.withdrawn', 'task.completedFromStatistics',
  'report.submitted', 'report.consolidated', 'campaign.launched', 'statistics.imported',
  'statistics.undone', 'task.reopened',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  at: string;
  workflowId: string;
  eventId: number;
  kind: TimelineKind;
  clause?: string;
  schoolId?: string;
  summary: string;
  details: Record<string, unknown>;
}

export interface Timeline {
  campaignId: string;
  generatedAt: string;
  /** The campaign's zone, from a task's own input: pages and exports show local time in it. */
  timeZone?: string;
  events: TimelineEvent[];
}

interface Subject { workflowId: string; clause?: string; schoolId?: string }
interface MailResult { messageId: string; to?: string[]; subject?: string; attachments?: { filename: string; sha256: string }[] }

export const decode = (payloads: Payloads): unknown[] => (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
export const eventInstant = (e: HistoryEvent): string => new Date(tsToMs(e.eventTime)).toISOString();
const list = (values: string[] | undefined) => (values?.length ? values.join(', ') : '—');

function mailEvents(base: Omit<TimelineEvent, 'kind' | 'summary' | 'details'>, result: unknown, kind: TimelineKind = 'mail.sent', extra: Record<string, unknown> = {}): TimelineEvent[] {
  const r = result as { mails?: MailResult[] } & Partial<MailResult>;
  const mails: MailResult[] = r?.mails ?? (r?.messageId ? [r as MailResult] : []);
  return mails.map((m) => ({
    ...base, kind,
    summary: `${kind === 'reminder.sent' ? 'Напоминание' : kind === 'escalation.sent' ? 'Эскалация' : 'Письмо'}: ${list(m.to)} — «${m.subject ?? 'тема не записана в истории'}»`,
    details: { to: m.to ?? [], subject: m.subject ?? null, messageId: m.messageId, attachments: m.attachments ?? [], ...extra },
  }));
}

/** An activity's result, read with its scheduled input, as the auditor's events (most activities are not events). */
function activityEvents(base: Omit<TimelineEvent, 'kind' | 'summary' | 'details'>, type: string, input: unknown, result: unknown): TimelineEvent[] {
  if (type === 'renderCampaignDecree' || type === 'renderDecree') {
    const sha256 = (result as { sha256?: string; document?: { sha256: string } })?.sha256 ?? (result as { document?: { sha256: string } })?.document?.sha256;
    return sha256 ? [{ ...base, kind: 'decree.rendered', summary: `Постановление сформировано, SHA-256 ${sha256}`, details: { sha256 } }] : [];
  }
  if (type === 'issueConsolidatedEdition' || type === 'renderConsolidatedReport') {
    const r = result as { sha256?: string; submitted?: number; total?: number; document?: { sha256: string } };
    const i = input as { clauseNumber?: string; edition?: number };
    const sha256 = r?.sha256 ?? r?.document?.sha256;
    return sha256 ? [{ ...base, kind: 'report.consolidated', clause: i?.clauseNumber ?? base.clause, summary: `Сводный отчёт, редакция ${i?.edition ?? '—'}: SHA-256 ${sha256}`, details: { sha256, edition: i?.edition, submitted: r?.submitted, total: r?.total } }] : [];
  }
  if (type === 'mailDeadlineStep') {
    const step = (input as { step?: { kind?: string; offsetWorkingDays?: number; to?: string } })?.step;
    return mailEvents(base, result, step?.kind === 'escalation' ? 'escalation.sent' : 'reminder.sent', { step });
  }
  if (type.startsWith('mail')) return mailEvents(base, result);
  return [];
}

const SIGNALS: Record<string, (input: Record<string, unknown>) => { kind: TimelineKind; summary: string }> = {
  withdrawTask: (i) => ({ kind: 'task.withdrawn', summary: `Задача отозвана${i.by ? ` (${i.by})` : ''}: ${i.reason}` }),
  withdrawCampaign: (i) => ({ kind: 'task.withdrawn', summary: `Кампания отозвана${i.by ? ` (${i.by})` : ''}: ${i.reason}` }),
  renewTaskLink: (i) => ({ kind: 'link.renewed', summary: `Выдана новая ссылка по запросу ${i.requestedBy === 'office' ? `управления${i.by ? ` (${i.by})` : ''}` : 'исполнителя'}` }),
  reopenFromStatistics: (i) => ({ kind: 'task.reopened', summary: `Задача снова открыта: загрузка статистики отменена${i.by ? ` (${i.by})` : ''}: ${i.reason}` }),
  completeFromStatistics: (i) => ({ kind: 'task.completedFromStatistics', summary: `Задача закрыта по статистике за неделю ${i.week ?? '—'} (анализ ${i.analysisWorkflowId ?? '—'}${i.importedBy ? `, загрузил ${i.importedBy}` : ''})` }),
};

const UPDATES: Record<string, { kind: TimelineKind; summary: string }> = {
  submitTask: { kind: 'task.submitted', summary: 'Школа отправила отчёт об исполнении' },
  saveReportDraft: { kind: 'draft.saved', summary: 'Школа сохранила черновик отчёта' },
  submitReport: { kind: 'report.submitted', summary: 'Школа представила отчёт' },
  updateChatChecklist: { kind: 'checklist.updated', summary: 'Школа обновила перечень чатов' },
  requestExtension: { kind: 'extension.requested', summary: 'Школа запросила перенос срока' },
  decideExtension: { kind: 'extension.decided', summary: 'Управление решило запрос о переносе срока' },
};

/** A campaign's launch and a week's import: who started them is in the first run's input. */
function startEvent(base: Omit<TimelineEvent, 'kind' | 'summary' | 'details'>, a: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes | null | undefined): TimelineEvent | undefined {
  if (!a || a.continuedExecutionRunId) return undefined; // a continued run is the same launch
  const input = decode(a.input)[0] as { launchedBy?: string; importedBy?: string; week?: string; statisticsSha256?: string; ref?: { sha256?: string } } | undefined;
  const by = (who?: string) => (who ? ` (${who})` : '');
  if (a.workflowType?.name === 'campaignWorkflow') {
    return { ...base, kind: 'campaign.launched', summary: `Кампания запущена${by(input?.launchedBy)}`, details: { launchedBy: input?.launchedBy ?? null, campaignFileSha256: input?.ref?.sha256 ?? null } };
  }
  if (a.workflowType?.name === 'statisticsImportUndoWorkflow' && input?.week) {
    const undo = input as { reason?: string; by?: string; analysisWorkflowId?: string };
    return { ...base, kind: 'statistics.undone', summary: `Загрузка статистики за неделю ${input.week} отменена${by(undo.by)}: ${undo.reason ?? ''}`, details: { ...undo } };
  }
  if (a.workflowType?.name === 'weeklyAnalysisWorkflow' && input?.week) {
    const summary = input.importedBy ? `Статистика за неделю ${input.week} загружена${by(input.importedBy)}` : `Анализ статистики за неделю ${input.week}`;
    return { ...base, kind: 'statistics.imported', summary, details: { week: input.week, importedBy: input.importedBy ?? null, statisticsSha256: input.statisticsSha256 ?? null } };
  }
  return undefined;
}

/** The auditor's events of one workflow's history, in history's order. */
export function eventsOfHistory(workflowId: string, history: HistoryEvent[]): { events: TimelineEvent[]; timeZone?: string } {
  const subject: Subject = { workflowId };
  let timeZone: string | undefined;
  const scheduled = new Map<string, { type: string; input: unknown }>();
  const accepted = new Map<string, { name: string; input: unknown }>();
  const events: TimelineEvent[] = [];
  for (const e of history) {
    const eventId = Number(e.eventId);
    const base = () => ({ at: eventInstant(e), workflowId, eventId, clause: subject.clause, schoolId: subject.schoolId });
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const started = startEvent(base(), e.workflowExecutionStartedEventAttributes);
        if (started) events.push(started);
        const task = decode(e.workflowExecutionStartedEventAttributes?.input)[0] as { clause?: { number?: string }; school?: { id?: string }; timeZone?: string } | undefined;
        subject.clause = task?.clause?.number;
        subject.schoolId = task?.school?.id;
        timeZone = task?.timeZone;
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        scheduled.set(String(e.eventId), { type: a.activityType?.name ?? '', input: decode(a.input)[0] });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        const s = scheduled.get(String(a.scheduledEventId));
        if (s) events.push(...activityEvents(base(), s.type, s.input, decode(a.result)[0]));
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes!;
        const input = (decode(a.input)[0] ?? {}) as Record<string, unknown>;
        const described = SIGNALS[a.signalName ?? '']?.(input);
        if (described) events.push({ ...base(), ...described, details: input });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
        accepted.set(String(e.eventId), { name: request?.name ?? '', input: decode(request?.args)[0] });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = e.workflowExecutionUpdateCompletedEventAttributes!;
        const request = accepted.get(String(a.acceptedEventId));
        const described = request && UPDATES[request.name];
        if (described && a.outcome?.success) events.push({ ...base(), ...described, details: { submitted: request.input, result: decode(a.outcome.success)[0] ?? null } });
        break;
      }
    }
  }
  return { events, timeZone };
}

export interface TimelineFilter {
  taskId?: string;
  schoolId?: string;
  clause?: string;
  /** Open tasks past their due date (visibility: TaskStatus and DueDate). */
  overdueOnly?: boolean;
  kinds?: TimelineKind[];
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

function keeps(filter: TimelineFilter, e: TimelineEvent): boolean {
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
  const events: TimelineEvent[] = [];
  let timeZone: string | undefined;
  for (const { workflowId, runId } of runs) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const found = eventsOfHistory(workflowId, history.events ?? []);
    timeZone ??= found.timeZone;
    events.push(...found.events.filter((e) => keeps(filter, e)));
  }
  events.sort((a, b) => a.at.localeCompare(b.at) || a.workflowId.localeCompare(b.workflowId) || a.eventId - b.eventId);
  return { campaignId, generatedAt: new Date().toISOString(), timeZone, events, truncated };
}
