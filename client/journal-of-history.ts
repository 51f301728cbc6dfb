// From a workflow's history to the auditor's journal. Every activity, signal, Update and workflow type we have has an
// entry in one of the tables below, typed from its definition: adding one without saying what the journal makes of
// it (if only 'none') does not compile. Histories recorded by older code are read too, so readers are defensive.
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import * as definitions from '../workflows/definitions';
import { journalEvent, type JournalEvent, type JournalPlace } from './journal-events';
import {
  exchanged,
  sent,
  stepMailed,
  type ActivityJournal,
  type SignalJournal,
  type StartInput,
  type Step,
  type UpdateJournal,
  type WorkflowJournal,
} from './journal-tables';
import { chatMigrationJournal } from '../kinds/chat-migration/journal';
import { questionnaireJournal } from '../kinds/questionnaire/journal';
import { registrationJournal } from '../kinds/registration-deadline/journal';
import { schoolReportJournal } from '../kinds/school-report/journal';

/** Each kind's own entries (its folder's journal.ts): what its workflow, Updates and activities leave in history. */
const KIND_JOURNALS = {
  activities: {
    ...registrationJournal.activities,
    ...chatMigrationJournal.activities,
    ...schoolReportJournal.activities,
    ...questionnaireJournal.activities,
  },
  updates: {
    ...registrationJournal.updates,
    ...chatMigrationJournal.updates,
    ...schoolReportJournal.updates,
    ...questionnaireJournal.updates,
  },
  workflows: {
    ...registrationJournal.workflows,
    ...chatMigrationJournal.workflows,
    ...schoolReportJournal.workflows,
    ...questionnaireJournal.workflows,
  },
};

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

export const decode = (payloads: Payloads): unknown[] =>
  (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
/** Seconds come as a Long from the server and as a number from a history read back from JSON: both are read. */
export function eventInstant(e: HistoryEvent): string {
  const seconds = Number(e.eventTime?.seconds?.toString() ?? 0);
  return new Date(seconds * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6)).toISOString();
}

/** Each activity's completion as journal events: the documents it issued and the mails it sent. */
const ACTIVITIES: ActivityJournal = {
  ...KIND_JOURNALS.activities,
  renderDecree: ({ at, result }) => [journalEvent(at, 'decree.rendered', { sha256: result.document.sha256 })],
  renderCampaignDecree: ({ at, result }) => [journalEvent(at, 'decree.rendered', { sha256: result.sha256 })],
  renderConsolidatedReport: ({ at, input, result }) => [
    journalEvent({ ...at, clause: input?.clause?.number ?? at.clause }, 'report.consolidated', {
      sha256: result.sha256,
      edition: input?.edition ?? null,
      submitted: input?.filed?.length ?? null,
      total: input?.schools?.length ?? null,
    }),
  ],
  issueConsolidatedEdition: ({ at, input, result }) => {
    const place = { ...at, clause: input?.clauseNumber ?? at.clause };
    const edition = journalEvent(place, 'report.consolidated', {
      sha256: result.sha256,
      edition: input?.edition ?? null,
      submitted: result.submitted ?? null,
      total: result.total ?? null,
    });
    return [edition, ...sent(place, 'issueConsolidatedEdition', result.mail)];
  },
  analyseWeek: ({ at, input, result }) => [
    journalEvent(at, 'statistics.analysed', {
      week: input?.week ?? null,
      reportSha256: result.report.sha256,
      indicatorPercent: result.analysis?.indicator?.percent ?? null,
    }),
  ],
  analyseWeekByRef: ({ at, input, result }) => [
    journalEvent(at, 'statistics.analysed', {
      week: input?.week ?? null,
      reportSha256: result.reportSha256,
      indicatorPercent: result.indicatorPercent ?? null,
    }),
  ],
  // A task's own step: as an activity its input names the step; as a local activity (a marker keeps no input) its
  // result does, and in older histories only its Message-ID.
  mailDeadlineStep: ({ at, input, result }) => [
    stepMailed(at, input?.step ?? stepFromMessageId(result.messageId), result),
  ],
  mailDeadlineStepRecorded: ({ at, input, result }) => [
    stepMailed(at, result.step ?? input?.step ?? stepFromMessageId(result.messageId), result),
  ],
  // Each mail of a batch's step is recorded by the signal that tells its task; the result keeps only the mails of
  // tasks that closed before their signal.
  mailBatchDeadlineStep: ({ at, input, result }) =>
    (result.unsignalled ?? []).map((m) => stepMailed({ ...at, clause: input.clause }, input.step, m)),
  mailDecreeToSchool: ({ at, result }) => sent(at, 'mailDecreeToSchool', result),
  mailDecreeToWindow: ({ at, result }) => sent(at, 'mailDecreeToWindow', result),
  mailTaskReceipt: ({ at, result }) => sent(at, 'mailTaskReceipt', result),
  mailTaskWithdrawn: ({ at, result }) => sent(at, 'mailTaskWithdrawn', result),
  mailTaskReopened: ({ at, result }) => sent(at, 'mailTaskReopened', result),
  mailExtensionRequested: ({ at, result }) => sent(at, 'mailExtensionRequested', result),
  mailExtensionDecided: ({ at, result }) => sent(at, 'mailExtensionDecided', result),
  mailTaskLink: ({ at, result }) => sent(at, 'mailTaskLink', result),
  mailSchoolFigures: ({ at, result }) => sent(at, 'mailSchoolFigures', result),
  mailFiguresSlice: ({ at, result }) => sent(at, 'mailFiguresSlice', result),
  mailWeeklyReport: ({ at, result }) => sent(at, 'mailWeeklyReport', result),
  mailWeeklyReportByRef: ({ at, result }) => sent(at, 'mailWeeklyReportByRef', result),
  mailStatisticsMissing: ({ at, result }) => sent(at, 'mailStatisticsMissing', result),
  mailConsolidatedReport: ({ at, result }) => sent(at, 'mailConsolidatedReport', result),
  // Planning, reading and bookkeeping: no document, no mail, nobody acted.
  latestImportedWeek: 'none',
  campaignOutline: 'none',
  regionBatches: 'none',
  planBatchWindow: 'none',
  startWindowTasks: 'none',
  batchLadder: 'none',
  statisticsOutline: 'none',
  recordTaskState: 'none',
  markImportUndone: 'none',
  // Their effects are signals, recorded in each task's own history.
  completeTasksInSlice: 'none',
  reopenTasksClosedByImport: 'none',
};

const SIGNALS: SignalJournal = {
  withdrawTaskSignal: (at, w) => [
    journalEvent(at, 'task.withdrawn', { scope: 'task', reason: w.reason, by: w.by ?? null }),
  ],
  withdrawCampaignSignal: (at, w) => [
    journalEvent(at, 'task.withdrawn', { scope: 'campaign', reason: w.reason, by: w.by ?? null }),
  ],
  renewTaskLinkSignal: (at, r) => [journalEvent(at, 'link.renewed', { requestedBy: r.requestedBy, by: r.by ?? null })],
  completeFromStatisticsSignal: (at, c) => [
    journalEvent(at, 'task.completedFromStatistics', {
      week: c.week ?? null,
      metric: c.metric ?? null,
      value: c.value ?? null,
      analysisWorkflowId: c.analysisWorkflowId ?? null,
      importedBy: c.importedBy ?? null,
    }),
  ],
  reopenFromStatisticsSignal: (at, u) => [
    journalEvent(at, 'task.reopened', {
      analysisWorkflowId: u.analysisWorkflowId ?? null,
      reason: u.reason,
      by: u.by ?? null,
    }),
  ],
  // The batch mailed the step: the task's history holds the mail's record (older signals carry none).
  deadlineStepSentSignal: (at, s) => [
    stepMailed(at, s, { messageId: s.mail?.messageId, to: [s.recipient], subject: s.mail?.subject }),
  ],
  // Bookkeeping between workflows of one campaign: the report itself is in its task's history.
  reportFiledSignal: 'none',
  branchProgressSignal: 'none',
  taskStatusSignal: 'none',
};

const UPDATES: UpdateJournal = {
  ...KIND_JOURNALS.updates,
  submitTaskUpdate: (at, call) => [journalEvent(at, 'task.submitted', exchanged(call))],
  requestExtensionUpdate: (at, call) => [journalEvent(at, 'extension.requested', exchanged(call))],
  decideExtensionUpdate: (at, call) => [journalEvent(at, 'extension.decided', exchanged(call))],
};

const WORKFLOWS: WorkflowJournal = {
  ...KIND_JOURNALS.workflows,
  campaignWorkflow: (at, i) => [
    journalEvent(at, 'campaign.launched', {
      launchedBy: i.launchedBy ?? null,
      campaignFileSha256: i.ref?.sha256 ?? null,
    }),
  ],
  weeklyAnalysisWorkflow: (at, i) =>
    i.week
      ? [
          journalEvent(at, 'statistics.imported', {
            week: i.week,
            importedBy: i.importedBy ?? null,
            statisticsSha256: i.statisticsSha256 ?? null,
          }),
        ]
      : [],
  statisticsImportUndoWorkflow: (at, i) =>
    i.week
      ? [
          journalEvent(at, 'statistics.undone', {
            week: i.week,
            reason: i.reason ?? '',
            by: i.by ?? null,
            analysisWorkflowId: i.analysisWorkflowId ?? null,
          }),
        ]
      : [],
  // A task's start is its decree mail and its campaign's launch; the tree's levels and the schedule act through
  // children.
  weeklyStatisticsScheduleWorkflow: 'none',
  regionWorkflow: 'none',
  schoolBatchWorkflow: 'none',
};

function byName<T>(table: Record<string, T | 'none'>, nameOf: (key: string) => string): Map<string, T | 'none'> {
  return new Map(Object.entries(table).map(([key, entry]) => [nameOf(key), entry]));
}
const definitionName = (key: string) => (definitions as unknown as Record<string, { name: string }>)[key]!.name;
const SIGNALS_BY_NAME = byName(
  SIGNALS as Record<string, ((at: JournalPlace, arg: never) => JournalEvent[]) | 'none'>,
  definitionName,
);
const UPDATES_BY_NAME = byName(
  UPDATES as Record<string, ((at: JournalPlace, call: never) => JournalEvent[]) | 'none'>,
  definitionName,
);

/** A name history holds that no table knows: an older build's, or one this build forgot (a test fails on it). */
export interface UnmappedName {
  workflowId: string;
  eventId: number;
  what: 'activity' | 'signal' | 'update' | 'workflow' | 'marker';
  name: string;
}

/**
 * Payloads are decoded only for an activity the journal reads: most of a batch's history is planning whose results
 * (fifty tasks of 3 KB) would be decoded for nothing, and a region's export reads 4,500 histories.
 */
function activityEvents(
  at: JournalPlace,
  type: string,
  input: () => unknown,
  result: () => unknown,
  unmapped: UnmappedName[],
): JournalEvent[] {
  const entry = (
    ACTIVITIES as Record<
      string,
      ((call: { at: JournalPlace; input: unknown; result: unknown }) => JournalEvent[]) | 'none'
    >
  )[type];
  if (entry === undefined)
    unmapped.push({ workflowId: at.workflowId, eventId: at.eventId, what: 'activity', name: type });
  if (!entry || entry === 'none') return [];
  try {
    const decoded = result();
    return decoded === undefined || decoded === null ? [] : entry({ at, input: input(), result: decoded });
  } catch {
    return []; // a result of a shape older than this build's: the event is still in history, not in the journal
  }
}

function call<A>(
  entry: ((at: JournalPlace, arg: A) => JournalEvent[]) | 'none' | undefined,
  at: JournalPlace,
  arg: A,
): JournalEvent[] {
  if (!entry || entry === 'none') return [];
  try {
    return entry(at, arg);
  } catch {
    return [];
  }
}

/** The local activity a marker records (a task's reminder): its type in the marker's data, its result beside it. */
function localActivity(e: HistoryEvent): { type: string; result: unknown } | undefined {
  const a = e.markerRecordedEventAttributes;
  if (a?.markerName !== 'core_local_activity') return undefined;
  const data = decode(a.details?.data)[0] as { activity_type?: string } | undefined;
  return { type: data?.activity_type ?? '', result: decode(a.details?.result)[0] };
}

const KNOWN_MARKERS = new Set(['core_local_activity', 'core_patch']);

/** The auditor's events of one workflow's history, in history's order, with the names no table maps. */
export function journalOfHistory(
  workflowId: string,
  history: HistoryEvent[],
): { events: JournalEvent[]; timeZone?: string; unmapped: UnmappedName[] } {
  const subject: { clause?: string; schoolId?: string } = {};
  let timeZone: string | undefined;
  const scheduled = new Map<string, { type: string; input: Payloads }>();
  const accepted = new Map<string, { name: string; input: unknown }>();
  const events: JournalEvent[] = [];
  const unmapped: UnmappedName[] = [];
  for (const e of history) {
    const eventId = Number(e.eventId);
    const at = (): JournalPlace => ({
      at: eventInstant(e),
      workflowId,
      eventId,
      ...(subject.clause && { clause: subject.clause }),
      ...(subject.schoolId && { schoolId: subject.schoolId }),
    });
    const miss = (what: UnmappedName['what'], name: string) => unmapped.push({ workflowId, eventId, what, name });
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = e.workflowExecutionStartedEventAttributes;
        const input = (decode(a?.input)[0] ?? {}) as StartInput & {
          clause?: { number?: string };
          school?: { id?: string };
          timeZone?: string;
        };
        subject.clause = input.clause?.number;
        subject.schoolId = input.school?.id;
        timeZone = input.timeZone;
        const type = a?.workflowType?.name ?? '';
        const entry = (WORKFLOWS as Record<string, ((at: JournalPlace, input: StartInput) => JournalEvent[]) | 'none'>)[
          type
        ];
        if (entry === undefined) miss('workflow', type);
        if (!a?.continuedExecutionRunId) events.push(...call(entry, at(), input));
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        scheduled.set(String(e.eventId), { type: a.activityType?.name ?? '', input: a.input });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        const s = scheduled.get(String(a.scheduledEventId));
        if (s)
          events.push(
            ...activityEvents(
              at(),
              s.type,
              () => decode(s.input)[0],
              () => decode(a.result)[0],
              unmapped,
            ),
          );
        break;
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        const name = e.markerRecordedEventAttributes?.markerName ?? '';
        if (!KNOWN_MARKERS.has(name)) miss('marker', name);
        const local = localActivity(e);
        if (local)
          events.push(
            ...activityEvents(
              at(),
              local.type,
              () => undefined,
              () => local.result,
              unmapped,
            ),
          );
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes!;
        const entry = SIGNALS_BY_NAME.get(a.signalName ?? '');
        if (entry === undefined) miss('signal', a.signalName ?? '');
        // The tree's counts arrive as signals by the thousand: decoded only when the journal reads the signal.
        if (typeof entry !== 'function') break;
        events.push(
          ...call(entry as (at: JournalPlace, arg: unknown) => JournalEvent[], at(), decode(a.input)[0] ?? {}),
        );
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        accepted.set(request?.meta?.updateId ?? '', {
          name: request?.input?.name ?? '',
          input: decode(request?.input?.args)[0],
        });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = e.workflowExecutionUpdateCompletedEventAttributes!;
        const request = accepted.get(a.meta?.updateId ?? ''); // by the Update's id: not every server sets acceptedEventId
        if (!request || !a.outcome?.success) break; // a refused Update changed nothing
        const entry = UPDATES_BY_NAME.get(request.name);
        if (entry === undefined) miss('update', request.name);
        const update = { submitted: request.input, result: decode(a.outcome.success)[0] ?? null };
        events.push(
          ...call(entry as ((at: JournalPlace, c: unknown) => JournalEvent[]) | 'none' | undefined, at(), update),
        );
        break;
      }
    }
  }
  return { events, timeZone, unmapped };
}

/** A step's key is in its Message-ID (<task.key@domain>): reminder-3@2024-10-30 becomes reminder-3_2024-10-30 there. */
function stepFromMessageId(messageId: string): Step {
  const key = /\.((?:reminder|escalation)[+-]?\d+)_(\d{4}-\d{2}-\d{2})@/.exec(messageId);
  const kind = messageId.includes('.escalation') ? 'escalation' : 'reminder';
  return {
    key: key ? `${key[1]}@${key[2]}` : '',
    kind,
    offsetWorkingDays: key ? Number(/[+-]?\d+$/.exec(key[1]!)![0]) : 0,
    to: '',
  };
}
