// One school's task from one clause: open until the school submits through its link, then a receipt.
import { condition, setHandler, upsertSearchAttributes, uuid4, ApplicationFailure } from '@temporalio/workflow';
import { parseSubmission, type SchoolTask, type TaskReceipt, type TaskState, type TaskSubmission } from '../domain/school-task';
import { TaskStatusKey } from '../domain/search-attributes';
import { USER_ERRORS } from '../domain/user-errors';
import { mail } from './activity-proxies';
import { submitTaskUpdate, taskStateQuery } from './definitions';

export async function schoolTaskWorkflow(task: SchoolTask): Promise<TaskState> {
  const state: TaskState = { task, status: 'open' };
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

  await condition(() => state.status === 'done');
  upsertSearchAttributes([{ key: TaskStatusKey, value: 'done' }]);
  await mail.mailTaskReceipt({ task, submission: state.submission!, receipt: state.receipt! });
  return state;
}

/** The parsed submission, or a typed failure whose message the school officer reads. */
function acceptableSubmission(state: TaskState, input: unknown): TaskSubmission {
  if (state.status === 'done') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskAlreadyDone, 'TaskAlreadyDone');
  const parsed = parseSubmission(state.task.kind, input);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(`${USER_ERRORS.InvalidSubmission}: ${parsed.message}`, 'InvalidSubmission');
  return parsed.value;
}
