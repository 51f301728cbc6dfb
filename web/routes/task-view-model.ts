import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { TaskState } from '../../domain/school-task';
import { TASK_KIND_LABELS } from '../../domain/task-kinds';

/** What the task page shows: the task in Russian, the form (with values and an error) or the receipt. */
export function taskViewModel(state: TaskState, token: string, form: { values?: Record<string, unknown>; error?: string } = {}) {
  const { task } = state;
  return {
    task,
    token,
    kindLabel: TASK_KIND_LABELS[task.kind],
    dueRu: formatRuDate(task.due),
    decreeDateRu: formatRuDate(task.decree.date),
    isRegistration: task.kind === 'registration-deadline',
    done: state.status === 'done',
    submission: state.submission,
    receipt: state.receipt,
    submittedAtRu: state.receipt ? formatRuDateTime(new Date(state.receipt.submittedAt), task.timeZone) : undefined,
    values: form.values ?? {},
    error: form.error,
  };
}
