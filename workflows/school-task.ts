// One school's task from one clause: reminders before the due date, the escalation ladder after it,
// until the school submits through its link or the office withdraws the task.
import { allHandlersFinished, ApplicationFailure, condition, setHandler, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import type { LadderStep } from '../domain/deadline-ladder';
import { parseSubmission, type SchoolTask, type TaskReceipt, type TaskState, type TaskSubmission } from '../domain/school-task';
import { TaskStatusKey } from '../domain/search-attributes';
import { USER_ERRORS } from '../domain/user-errors';
import { mail } from './activity-proxies';
import { completeFromStatisticsSignal, renewTaskLinkSignal, submitTaskUpdate, taskStateQuery, withdrawTaskSignal } from './definitions';
import { escalationLadder } from './escalation-ladder';
import { installExtensionHandlers } from './task-extension';

export async function schoolTaskWorkflow(task: SchoolTask): Promise<TaskState> {
  const state: TaskState = { task, status: 'open', due: task.due, sentSteps: [], extensions: [], linkVersion: 1 };
  setHandler(taskStateQuery, () => state);
  setHandler(
    submitTaskUpdate,
    (input): TaskReceipt => {
      state.submission = acceptableSubmission(state, input);
      state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
      state.status = 'done';
      return state.receipt;
    },
    // Synchronous, as the SDK requires: a rejected submission never reaches history or state.
    { validator: (input) => void acceptableSubmission(state, input) },
  );
  installExtensionHandlers(state);
  setHandler(renewTaskLinkSignal, async ({ requestedBy }) => {
    if (state.status !== 'open') return;
    state.linkVersion += 1;
    await mail.mailTaskLink({ task, due: state.due, version: state.linkVersion, requestedBy, issuedAt: new Date().toISOString() });
  });
  setHandler(completeFromStatisticsSignal, (completion) => {
    if (state.status !== 'open') return; // done or withdrawn already: the figures change nothing
    state.completedByStatistics = completion;
    state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
    state.status = 'done';
  });
  setHandler(withdrawTaskSignal, ({ reason }) => {
    if (state.status === 'open') {
      state.status = 'withdrawn';
      state.withdrawal = { reason, at: new Date().toISOString() };
    }
  });

  await escalationLadder({
    policy: task.ladder,
    isClosed: () => state.status !== 'open',
    due: () => state.due,
    wasSent: (key) => state.sentSteps.some((s) => s.key === key),
    send: (step) => sendStep(state, step),
  });
  await condition(() => state.status !== 'open');
  // An extension or a link being mailed when the task closed finishes before the workflow does.
  await condition(allHandlersFinished);
  upsertSearchAttributes([{ key: TaskStatusKey, value: state.status }]);
  if (state.status === 'done') await mail.mailTaskReceipt({ task, submission: state.submission, completedByStatistics: state.completedByStatistics, receipt: state.receipt! });
  else await mail.mailTaskWithdrawn({ task, withdrawal: state.withdrawal! });
  return state;
}

async function sendStep(state: TaskState, step: LadderStep): Promise<void> {
  const { recipient } = await mail.mailDeadlineStep({ task: state.task, step, due: state.due, earlierSteps: state.sentSteps, linkVersion: state.linkVersion });
  state.sentSteps.push({ ...step, sentAt: new Date().toISOString(), recipient });
}

/** The parsed submission, or a typed failure whose message the school officer reads. */
function acceptableSubmission(state: TaskState, input: unknown): TaskSubmission {
  if (state.status === 'done') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskAlreadyDone, 'TaskAlreadyDone');
  if (state.status === 'withdrawn') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskWithdrawn, 'TaskWithdrawn');
  const parsed = parseSubmission(state.task.kind, input);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(`${USER_ERRORS.InvalidSubmission}: ${parsed.message}`, 'InvalidSubmission');
  return parsed.value;
}
