// One school's task from one clause: reminders before the due date, the escalation ladder after it,
// until the school submits through its link, the statistics show it done, or the office withdraws it.
import { ApplicationFailure, condition, setHandler, uuid4 } from '@temporalio/workflow';
import { parseSubmission, type SchoolTask, type TaskReceipt, type TaskState, type TaskSubmission } from '../domain/school-task';
import { USER_ERRORS } from '../domain/user-errors';
import { mail } from './activity-proxies';
import { completeFromStatisticsSignal, submitTaskUpdate } from './definitions';
import { closeTask, installTaskHandlers, newTaskState, runDeadlineLadder } from './task-handlers';

export async function schoolTaskWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = newTaskState(task);
  const published = installTaskHandlers(state);
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
  setHandler(completeFromStatisticsSignal, (completion) => {
    if (state.status !== 'open') return; // done or withdrawn already: the figures change nothing
    state.completedByStatistics = completion;
    state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
    state.status = 'done';
  });

  await runDeadlineLadder(state, published);
  await condition(() => state.status !== 'open');
  return closeTask(state, published, () => mail.mailTaskReceipt({ task, submission: state.submission, completedByStatistics: state.completedByStatistics, receipt: state.receipt! }));
}

/** The parsed submission, or a typed failure whose message the school officer reads. */
function acceptableSubmission(state: TaskState, input: unknown): TaskSubmission {
  if (state.status === 'done') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskAlreadyDone, 'TaskAlreadyDone');
  if (state.status === 'withdrawn') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskWithdrawn, 'TaskWithdrawn');
  const parsed = parseSubmission(state.task.kind, input);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(`${USER_ERRORS.InvalidSubmission}: ${parsed.message}`, 'InvalidSubmission');
  return parsed.value;
}
