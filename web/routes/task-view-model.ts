import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { TaskState } from '../../domain/school-task';
import { TASK_KIND_LABELS } from '../../domain/task-kinds';

const EXTENSION_STATUS = { pending: 'на рассмотрении', approved: 'одобрен', rejected: 'отклонён' } as const;

/** What the task page shows: the task in Russian, the form (with values and an error) or the receipt. */
export interface TaskForms {
  values?: Record<string, unknown>;
  error?: string;
  extensionValues?: Record<string, unknown>;
  extensionError?: string;
}

export function taskViewModel(state: TaskState, token: string, form: TaskForms = {}) {
  const { task } = state;
  return {
    task,
    token,
    kindLabel: TASK_KIND_LABELS[task.kind],
    dueRu: formatRuDate(state.due),
    extended: state.due !== task.due,
    originalDueRu: formatRuDate(task.due),
    decreeDateRu: formatRuDate(task.decree.date),
    isRegistration: task.kind === 'registration-deadline',
    done: state.status === 'done',
    withdrawn: state.status === 'withdrawn',
    withdrawal: state.withdrawal,
    pendingExtension: state.extensions.find((e) => e.status === 'pending'),
    extensions: state.extensions.map((e) => ({ ...e, newDueRu: formatRuDate(e.newDue), statusLabel: EXTENSION_STATUS[e.status] })),
    submission: state.submission,
    completedByStatistics: state.completedByStatistics,
    receipt: state.receipt,
    submittedAtRu: state.receipt ? formatRuDateTime(new Date(state.receipt.submittedAt), task.timeZone) : undefined,
    values: form.values ?? {},
    error: form.error,
    extensionValues: form.extensionValues ?? {},
    extensionError: form.extensionError,
  };
}
