// What every kind of school task shares: its state, the status query, link renewal, withdrawal, extensions,
// the reminder ladder, and how it closes (status in search attributes, the receipt or the withdrawal notice).
import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { localTimeToInstant } from '../domain/dates';
import type { SchoolTask, TaskState } from '../domain/school-task';
import { TaskStatusKey } from '../domain/search-attributes';
import { mail } from './activity-proxies';
import { renewTaskLinkSignal, taskStateQuery, withdrawTaskSignal } from './definitions';
import { escalationLadder } from './escalation-ladder';
import { installExtensionHandlers } from './task-extension';

export function newTaskState(task: SchoolTask): TaskState {
  return { task, status: 'open', due: task.due, sentSteps: [], extensions: [], linkVersion: 1 };
}

export function installTaskHandlers(state: TaskState): void {
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
export async function closeTask(state: TaskState, mailReceipt: () => Promise<unknown>): Promise<TaskState> {
  // An extension or a link being mailed when the task closed finishes before the workflow does.
  await condition(allHandlersFinished);
  upsertSearchAttributes([{ key: TaskStatusKey, value: state.status }]);
  if (state.status === 'done') await mailReceipt();
  else await mail.mailTaskWithdrawn({ task: state.task, withdrawal: state.withdrawal! });
  return state;
}
