// Clause 1.3 (with 1.5): the school moves every chat used for official correspondence to the platform.
// The checklist is updated from the task link any number of times; the task is done when every chat is
// migrated and the school confirms no foreign messenger is left. Until then, one nudge a week lists what is open.
import { ApplicationFailure, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { applyChecklistUpdate, checklistComplete, type ChatChecklist } from './checklist';
import { localTimeToInstant } from '../../domain/dates';
import type { SchoolTask, TaskState, TaskStateOf } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { workingCalendar } from '../../domain/working-days';
import { mail } from '../../workflows/activity-proxies';
import { updateChatChecklistUpdate } from './messages';
import {
  closeTask,
  installTaskHandlers,
  newTaskState,
  recordAcceptedSubmission,
  runDeadlineLadder,
} from '../../workflows/task-handlers';

const DAY = 86_400_000;

export async function chatMigrationWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = newTaskState<'chat-migration'>(task);
  const published = installTaskHandlers(state);
  setHandler(
    updateChatChecklistUpdate,
    (input): ChatChecklist => {
      state.checklist = updatedChecklist(state, input);
      if (checklistComplete(state.checklist)) {
        state.receipt = { receiptNumber: uuid4().slice(0, 8).toUpperCase(), submittedAt: new Date().toISOString() };
        state.status = 'done';
      }
      recordAcceptedSubmission(state);
      return state.checklist;
    },
    { validator: (input) => void updatedChecklist(state, input) },
  );

  await Promise.all([runDeadlineLadder(state, published), weeklyNudges(state)]);
  return closeTask(state, published, () =>
    mail.mailTaskReceipt({ task, checklist: state.checklist, receipt: state.receipt! }),
  );
}

function updatedChecklist(state: TaskStateOf<'chat-migration'>, input: unknown): ChatChecklist {
  if (state.status === 'done') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskAlreadyDone, 'TaskAlreadyDone');
  if (state.status === 'withdrawn') throw ApplicationFailure.nonRetryable(USER_ERRORS.TaskWithdrawn, 'TaskWithdrawn');
  const result = applyChecklistUpdate(state.checklist!, input, new Date().toISOString());
  if (!result.ok)
    throw ApplicationFailure.nonRetryable(`${USER_ERRORS.InvalidChecklist}: ${result.message}`, 'InvalidChecklist');
  return result.value;
}

/** Every seven days from launch, on the next working day at the campaign's hour, while the task is open. */
async function weeklyNudges(state: TaskStateOf<'chat-migration'>): Promise<void> {
  const { task } = state;
  const start = new Intl.DateTimeFormat('sv-SE', { timeZone: task.timeZone }).format(workflowInfo().startTime);
  for (let week = 1; state.status === 'open'; week += 1) {
    const at = nudgeInstant(task, start, week);
    if (await condition(() => state.status !== 'open', Math.max(1, at - Date.now()))) return;
    await mail.mailChatNudge({
      task,
      checklist: state.checklist!,
      week,
      due: state.due,
      linkVersion: state.linkVersion,
      issuedAt: new Date().toISOString(),
    });
  }
}

function nudgeInstant(task: SchoolTask, start: string, week: number): number {
  const day = new Date(Date.parse(`${start}T00:00:00Z`) + week * 7 * DAY).toISOString().slice(0, 10);
  const calendar = workingCalendar(task.ladder.calendar);
  const workingDay = calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1);
  return localTimeToInstant(workingDay, task.ladder.localHour, task.timeZone).getTime();
}
