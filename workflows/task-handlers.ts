// What every kind of school task shares: its state, the status query, link renewal, withdrawal, extensions,
// the reminder ladder, and how it closes (status in search attributes, the receipt or the withdrawal notice).
import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { localTimeToInstant } from '../domain/dates';
import { initialTaskState, type SchoolTask, type TaskState } from '../domain/school-task';
import { TaskStatusKey } from '../domain/search-attributes';
import { mail, readModel } from './activity-proxies';
import { renewTaskLinkSignal, taskStateQuery, taskStatusSignal, withdrawTaskSignal } from './definitions';
import { escalationLadder } from './escalation-ladder';
import { installExtensionHandlers } from './task-extension';

export function newTaskState(task: SchoolTask): TaskState {
  return initialTaskState(task);
}

/** Resolves once every change so far is in the read model and the batch knows the status. */
export type Published = () => Promise<void>;

export function installTaskHandlers(state: TaskState): Published {
  const { task } = state;
  setHandler(taskStateQuery, () => state);
  installExtensionHandlers(state);
  setHandler(renewTaskLinkSignal, async ({ requestedBy }) => {
    if (state.status !== 'open') return;
    state.linkVersion += 1;
    await mail.mailTaskLink({ task, due: state.due, version: state.linkVersion, requestedBy, issuedAt: new Date().toISOString() });
  });
  setHandler(withdrawTaskSignal, ({ reason }) => {
    if (state.status === 'open') {
      state.status = 'withdrawn';
      state.withdrawal = { reason, at: new Date().toISOString() };
    }
  });
  return publishTaskChanges(state);
}

/**
 * Tasks of the campaign tree publish each change: the state to the read model the pages read, a new status to
 * their batch (which counts it). Tasks of older campaigns have no batch and were read by query.
 */
function publishTaskChanges(state: TaskState): Published {
  const { reportsTo, taskId, clause, campaignId } = state.task;
  if (!reportsTo) return async () => undefined;
  let published = changeKey(state);
  let status = state.status;
  let revision = 0;
  const publish = async () => {
    for (;;) {
      await condition(() => changeKey(state) !== published);
      const key = changeKey(state);
      await readModel.recordTaskState({ campaignId, state, revision: ++revision });
      if (state.status !== status) {
        status = state.status;
        await getExternalWorkflowHandle(reportsTo).signal(taskStatusSignal, { taskId, clauseNumber: clause.number, status });
      }
      published = key;
    }
  };
  void publish();
  return () => condition(() => changeKey(state) === published);
}

/** What the pages show changes exactly when this does. */
function changeKey(s: TaskState): string {
  return JSON.stringify([s.status, s.due, s.sentSteps.length, s.extensions.map((e) => e.status), s.linkVersion, s.receipt?.receiptNumber,
    s.report?.versions.map((v) => v.documentSha256 ?? ''), s.report?.draftSavedAt, s.checklist?.updates]);
}

/** Reminders and escalations until the task is no longer open. */
export function runDeadlineLadder(state: TaskState): Promise<void> {
  return escalationLadder({
    policy: state.task.ladder,
    isClosed: () => state.status !== 'open',
    due: () => state.due,
    wasSent: (key) => state.sentSteps.some((s) => s.key === key),
    send: async (step) => {
      const { recipient } = await mail.mailDeadlineStep({ task: state.task, step, due: state.due, earlierSteps: state.sentSteps, linkVersion: state.linkVersion });
      state.sentSteps.push({ ...step, sentAt: new Date().toISOString(), recipient });
    },
  });
}

/** The instant the due date ends (or its dueHour), in the issuer's zone. */
export function deadlineMs(state: TaskState): number {
  return localTimeToInstant(state.due, state.task.dueHour ?? 24, state.task.timeZone).getTime();
}

/** After the task closed: let in-flight handlers finish, publish the status, tell the school. */
export async function closeTask(state: TaskState, published: Published, mailReceipt: () => Promise<unknown>): Promise<TaskState> {
  // An extension or a link being mailed when the task closed finishes before the workflow does.
  await condition(allHandlersFinished);
  await published();
  upsertSearchAttributes([{ key: TaskStatusKey, value: state.status }]);
  if (state.status === 'done') await mailReceipt();
  else await mail.mailTaskWithdrawn({ task: state.task, withdrawal: state.withdrawal! });
  return state;
}
