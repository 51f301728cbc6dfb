// One school's task from one clause: reminders before the due date, the escalation ladder after it,
// until the school submits through its link, the statistics show it done, or the office withdraws it.
// A completion by statistics stays open to reversal for a while: if the office undoes the import that made it,
// the task is open again, the school is told, and the ladder goes on.
import {
  ApplicationFailure,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import {
  initialTaskState,
  parseSubmission,
  STATISTICS_REVERSAL_DAYS,
  type SchoolTask,
  type TaskReceipt,
  type TaskState,
  type TaskSubmission,
} from '../../domain/school-task';
import { TaskStatusKey } from '../../domain/search-attributes';
import { USER_ERRORS } from '../../domain/user-errors';
import { mail } from '../../workflows/activity-proxies';
import {
  completeFromStatisticsSignal,
  reopenFromStatisticsSignal,
  submitTaskUpdate,
} from '../../workflows/definitions';
import {
  announceClosed,
  closeTask,
  installTaskHandlers,
  recordAcceptedSubmission,
  runDeadlineLadder,
} from '../../workflows/task-handlers';

const DAY_MS = 86_400_000;

export async function schoolTaskWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = initialTaskState(task); // every kind, in campaigns launched before kinds had workflows
  const published = installTaskHandlers(state);
  // Decided at the start: a task started before could not be reopened (its workflow closed at completion).
  const reversible = patched('statistics-completion-reversible');
  setHandler(
    submitTaskUpdate,
    (input): TaskReceipt => {
      state.submission = acceptableSubmission(state, input);
      state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
      state.status = 'done';
      recordAcceptedSubmission(state);
      return state.receipt;
    },
    // Synchronous, as the SDK requires: a rejected submission never reaches history or state.
    { validator: (input) => void acceptableSubmission(state, input) },
  );
  setHandler(completeFromStatisticsSignal, (completion) => {
    if (state.status !== 'open') return; // done or withdrawn already: the figures change nothing
    state.completedByStatistics = completion;
    state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
    const days = task.statisticsUndoWithinDays ?? STATISTICS_REVERSAL_DAYS;
    if (reversible && days > 0) state.reversibleUntil = new Date(Date.now() + days * DAY_MS).toISOString();
    state.status = 'done';
  });
  setHandler(reopenFromStatisticsSignal, ({ analysisWorkflowId, reason, by }) => {
    const completion = state.completedByStatistics;
    // Only the import that closed it reopens it, and only while that is reversible.
    if (state.status !== 'done' || !state.reversibleUntil || completion?.analysisWorkflowId !== analysisWorkflowId)
      return;
    state.reopenings = [
      ...(state.reopenings ?? []),
      { completion, reason, ...(by ? { by } : {}), at: new Date().toISOString() },
    ];
    state.completedByStatistics = undefined;
    state.receipt = undefined;
    state.reversibleUntil = undefined;
    state.status = 'open';
  });

  const mailReceipt = () =>
    mail.mailTaskReceipt({
      task,
      submission: state.submission,
      completedByStatistics: state.completedByStatistics,
      receipt: state.receipt!,
    });
  for (;;) {
    await runDeadlineLadder(state, published);
    await condition(() => state.status !== 'open');
    if (!state.reversibleUntil) return closeTask(state, published, mailReceipt);
    await announceClosed(state, published, mailReceipt);
    const until = Date.parse(state.reversibleUntil);
    if (!(await condition(() => state.status === 'open', Math.max(1, until - Date.now())))) return state;
    upsertSearchAttributes([{ key: TaskStatusKey, value: 'open' }]);
    await mail.mailTaskReopened({
      task,
      reopening: state.reopenings!.at(-1)!,
      due: state.due,
      linkVersion: state.linkVersion,
    });
  }
}

/** The parsed submission, or a typed failure whose message the school officer reads. */
function acceptableSubmission(state: TaskState, input: unknown): TaskSubmission {
  if (state.status === 'done') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskAlreadyDone, 'TaskAlreadyDone');
  if (state.status === 'withdrawn') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskWithdrawn, 'TaskWithdrawn');
  const parsed = parseSubmission(state.task.kind, input);
  if (!parsed.ok)
    throw ApplicationFailure.nonRetryable(`${USER_ERRORS.InvalidSubmission}: ${parsed.message}`, 'InvalidSubmission');
  return parsed.value;
}
