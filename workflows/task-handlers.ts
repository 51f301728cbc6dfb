// What every kind of school task shares: its state, the status query, link renewal, withdrawal, extensions,
// the reminder ladder, and how it closes (status in search attributes, the receipt or the withdrawal notice).
import {
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { localTimeToInstant } from '../domain/dates';
import type { LadderStep } from '../domain/deadline-ladder';
import {
  forKind,
  initialTaskState,
  type KindTable,
  type SchoolTask,
  type TaskState,
  type TaskStateOf,
} from '../domain/school-task';
import { TaskStatusKey } from '../domain/search-attributes';
import type { TaskKind } from '../domain/task-kinds';
import { deadlineStep, mail, readModel } from './activity-proxies';
import {
  deadlineStepSentSignal,
  renewTaskLinkSignal,
  taskStateQuery,
  taskStatusSignal,
  withdrawTaskSignal,
} from './definitions';
import { escalationLadder } from './escalation-ladder';
import { installExtensionHandlers } from './task-extension';

/**
 * A kind's workflow starts its task's state, with its kind's own part: the batch starts each task with its kind's
 * workflow (TASK_WORKFLOW_TYPES). The attestation workflow, which ran every kind in campaigns before that, reads
 * only the common part and takes `initialTaskState` as it is.
 */
export function newTaskState<K extends TaskKind>(task: SchoolTask): TaskStateOf<K> {
  return initialTaskState(task) as TaskState & TaskStateOf<K>;
}

/** How many accepted submissions a task remembers by id: enough for every entry a web process may still redeliver. */
const ACCEPTED_REMEMBERED = 20;

/** Called by a submission's Update handler once accepted: its id is its kept entry's (web/submission-delivery). */
export function recordAcceptedSubmission(state: TaskState): void {
  const id = currentUpdateInfo()?.id;
  if (id) state.acceptedSubmissions = [...(state.acceptedSubmissions ?? []), id].slice(-ACCEPTED_REMEMBERED);
}

/**
 * How a task keeps the read model and its batch up to date. `settled` resolves once every change so far is in the
 * read model and the batch knows the status. A deadline step may write its own change (`claimWrite`), saving the
 * task a workflow task per reminder; it may only while nothing else is being written.
 */
export interface TaskPublisher {
  settled(): Promise<void>;
  /** Nothing is being written and the read model holds the state as it is. */
  idle(): boolean;
  claimWrite(): WriteClaim;
  /** Applies the claimant's change; it is published if nothing else changed or was written since the claim. */
  wrote(claim: WriteClaim, change: () => void): void;
}

interface WriteClaim {
  revision: number;
  /** The state's key at the claim: what the read model held. */
  key: string;
}

export function installTaskHandlers(state: TaskState): TaskPublisher {
  const { task } = state;
  // A signal sent before the task's first workflow task (a withdrawal right after the launch) reaches its handler as
  // the handler is set. Taken after that, the publisher's start would hold the change as published already: no
  // row, no status to the batch, and a withdrawn campaign that never finishes. So it starts from the state before.
  const before = patched('publisher-starts-before-signals')
    ? { key: changeKey(state), status: state.status }
    : undefined;
  setHandler(taskStateQuery, () => state);
  installExtensionHandlers(state);
  setHandler(renewTaskLinkSignal, async ({ requestedBy }) => {
    if (state.status !== 'open') return;
    state.linkVersion += 1;
    await mail.mailTaskLink({
      task,
      due: state.due,
      version: state.linkVersion,
      requestedBy,
      issuedAt: new Date().toISOString(),
    });
  });
  setHandler(deadlineStepSentSignal, (step) => {
    // Recorded even if the task closed meanwhile: the mail went, and the history says so.
    if (!state.sentSteps.some((s) => s.key === step.key)) state.sentSteps.push(step);
  });
  setHandler(withdrawTaskSignal, ({ reason }) => {
    if (state.status === 'open') {
      state.status = 'withdrawn';
      state.withdrawal = { reason, at: new Date().toISOString() };
    }
  });
  return publishTaskChanges(state, before);
}

/**
 * Tasks of the campaign tree publish each change: the state to the read model the pages read, a new status to
 * their batch (which counts it). Tasks of older campaigns have no batch and were read by query.
 */
function publishTaskChanges(state: TaskState, before = { key: changeKey(state), status: state.status }): TaskPublisher {
  const { reportsTo, taskId, clause, campaignId } = state.task;
  if (!reportsTo)
    return {
      settled: async () => undefined,
      idle: () => false,
      claimWrite: () => ({ revision: 0, key: '' }),
      wrote: (_, change) => change(),
    };
  let published = before.key;
  let status = before.status;
  let revision = 0;
  let writing = false;
  const publish = async () => {
    for (;;) {
      await condition(() => changeKey(state) !== published);
      const key = changeKey(state);
      writing = true;
      await readModel.recordTaskState({ campaignId, state, revision: ++revision });
      if (state.status !== status) {
        status = state.status;
        const holdUntil = status === 'done' ? state.reversibleUntil : undefined;
        try {
          await getExternalWorkflowHandle(reportsTo).signal(taskStatusSignal, {
            taskId,
            clauseNumber: clause.number,
            status,
            ...(holdUntil ? { holdUntil } : {}),
          });
        } catch {
          // The batch has ended (its campaign was withdrawn, then an import undone): nothing is left to count.
        }
      }
      writing = false;
      published = key;
    }
  };
  void publish();
  return {
    settled: () => condition(() => changeKey(state) === published),
    // Claimed only when idle: the claimant's write is then the one change after what the read model holds.
    idle: () => !writing && changeKey(state) === published,
    claimWrite: () => ({ revision: ++revision, key: published }),
    // The claimant wrote the state at the claim plus its change: that is now published unless something moved since.
    wrote: (claim, change) => {
      const unchanged = claim.revision === revision && changeKey(state) === claim.key;
      change();
      if (unchanged) published = changeKey(state);
    },
  };
}

/** What the pages show changes exactly when this does. */
function changeKey(s: TaskState): string {
  return JSON.stringify([
    s.status,
    s.due,
    s.sentSteps.length,
    s.extensions.map((e) => e.status),
    s.linkVersion,
    s.receipt?.receiptNumber,
    forKind<[], unknown>(KIND_CHANGES, s),
  ]);
}

/** What of each kind's own state the pages show: a change here is published like a change of status. */
const KIND_CHANGES = {
  'registration-deadline': () => null,
  'chat-migration': (s) => s.checklist?.updates,
  'school-report': (s) => [s.report?.versions.map((v) => v.documentSha256 ?? ''), s.report?.draftSavedAt],
  questionnaire: (s) => [s.questionnaire?.versions.length, s.questionnaire?.draftSavedAt],
} satisfies KindTable<[], unknown>;

/** Reminders and escalations until the task is no longer open. */
export function runDeadlineLadder(state: TaskState, publisher: TaskPublisher): Promise<void> {
  return escalationLadder({
    policy: state.task.ladder,
    isClosed: () => state.status !== 'open',
    due: () => state.due,
    wasSent: (key) => state.sentSteps.some((s) => s.key === key),
    // The batch sends the original date's steps (and signals each one); an extension's are the task's own.
    sentElsewhere: (due) => state.task.ladderByBatch === true && due === state.task.due,
    send: (step) => sendDeadlineStep(state, publisher, step),
  });
}

/**
 * Mails the step; a tree's task has the same activity write the state with the step to the read model, one
 * workflow task fewer per reminder than a write of its own (6,000 reminders fall in one minute in a region), and
 * runs it as a local activity, in the workflow task its timer woke.
 */
async function sendDeadlineStep(state: TaskState, publisher: TaskPublisher, step: LadderStep): Promise<void> {
  if (publisher.idle() && patched('deadline-step-writes-read-model')) {
    const claim = publisher.claimWrite();
    const send = patched('deadline-step-local-activity')
      ? deadlineStep.mailDeadlineStepRecorded
      : mail.mailDeadlineStepRecorded;
    const { recipient, sentAt, recorded } = await send({ state, step, revision: claim.revision });
    const addStep = () => void state.sentSteps.push({ ...step, sentAt, recipient });
    if (recorded) publisher.wrote(claim, addStep);
    else addStep(); // the publisher's loop writes it as any other change
    return;
  }
  const { recipient } = await mail.mailDeadlineStep({
    task: state.task,
    step,
    due: state.due,
    earlierSteps: state.sentSteps,
    linkVersion: state.linkVersion,
  });
  state.sentSteps.push({ ...step, sentAt: new Date().toISOString(), recipient });
}

/** The instant the due date ends (or its dueHour), in the issuer's zone. */
export function deadlineMs(state: TaskState): number {
  return localTimeToInstant(state.due, state.task.dueHour ?? 24, state.task.timeZone).getTime();
}

/** After the task closed: let in-flight handlers finish, publish the status, tell the school. */
export async function closeTask(
  state: TaskState,
  publisher: TaskPublisher,
  mailReceipt: () => Promise<unknown>,
): Promise<TaskState> {
  await announceClosed(state, publisher, mailReceipt);
  return state;
}

/** closeTask without the end: a task done by statistics waits after it, in case the import is undone. */
export async function announceClosed(
  state: TaskState,
  publisher: TaskPublisher,
  mailReceipt: () => Promise<unknown>,
): Promise<void> {
  // An extension or a link being mailed when the task closed finishes before the workflow does.
  await condition(allHandlersFinished);
  await publisher.settled();
  upsertSearchAttributes([{ key: TaskStatusKey, value: state.status }]);
  if (state.status === 'done') await mailReceipt();
  else await mail.mailTaskWithdrawn({ task: state.task, withdrawal: state.withdrawal! });
}
