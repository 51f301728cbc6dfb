import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { chatsView, type ChecklistForm } from '../../kinds/chat-migration/page';
import { reportView } from '../../kinds/school-report/page';
import type { ReportDraft } from '../../kinds/school-report/report';
import { forKind, type KindTable, type TaskState } from '../../domain/school-task';
import { TASK_KIND_LABELS, type TaskKind } from '../../domain/task-kinds';
import { questionnaireView } from '../../kinds/questionnaire/form';
import type { FieldProblem, QuestionnaireForm } from '../../kinds/questionnaire/questions';
import { dueInstant, ruDateTime } from './task-times';
import { isOverdue, localToday } from '../../domain/task-standing';

const EXTENSION_STATUS = { pending: 'на рассмотрении', approved: 'одобрен', rejected: 'отклонён' } as const;

/** What the task page shows: the task in Russian, the form (with values and an error) or the receipt. */
export interface TaskForms {
  values?: Record<string, unknown>;
  error?: string;
  extensionValues?: Record<string, unknown>;
  extensionError?: string;
  /** Clause 1.9: the report form as typed, shown again when the workflow refuses it. */
  report?: ReportDraft;
  /** Clause 1.3: the checklist as typed, shown again when the workflow refuses it. */
  checklist?: ChecklistForm;
  /** The attestation's problems, each at its field (the page's own check, before anything is kept). */
  fieldProblems?: { field: string; message: string }[];
  /** A questionnaire as typed, with every problem at its field. */
  questionnaire?: { form?: QuestionnaireForm; problems?: FieldProblem[] };
}

/** Each kind's page template, under templates/web. */
const TASK_TEMPLATES: Record<TaskKind, string> = {
  'registration-deadline': 'task',
  'chat-migration': 'task-chats',
  'school-report': 'task-report',
  questionnaire: 'task-questionnaire',
};

/** Each kind's own part of its page: the one table the GET and every re-render after a refusal read. */
const KIND_VIEWS = {
  'registration-deadline': () => ({}),
  'chat-migration': (state, form) => ({ chats: chatsView(state, form.checklist) }),
  'school-report': (state, form, now) => ({ report: reportView(state, form.report, now) }),
  questionnaire: (state, form, now) => ({
    questionnaire: questionnaireView(state, form.questionnaire ?? {}, dueInstant(state), now),
  }),
} satisfies KindTable<[form: TaskForms, now: Date], object>;

/** Every kind's part, each optional: a template reads the part of its own kind. */
type KindParts = Partial<UnionToIntersection<{ [K in TaskKind]: ReturnType<(typeof KIND_VIEWS)[K]> }[TaskKind]>>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export function taskPageTemplate(state: TaskState): string {
  return TASK_TEMPLATES[state.task.kind];
}

export function taskViewModel(state: TaskState, token: string, form: TaskForms = {}, now: Date = new Date()) {
  const { task } = state;
  return {
    task,
    token,
    kindLabel: TASK_KIND_LABELS[task.kind],
    dueRu: formatRuDate(state.due),
    overdue: isOverdue(state, localToday(task.timeZone, now)),
    /** Only when the clause sets an hour («до 12:00»): the date alone would mislead by hours. */
    dueAtRu: task.dueHour === undefined ? undefined : formatRuDateTime(dueInstant(state), task.timeZone),
    extended: state.due !== task.due,
    originalDueRu: formatRuDate(task.due),
    decreeDateRu: formatRuDate(task.decree.date),
    isRegistration: task.kind === 'registration-deadline',
    /** The draft order needs the decree's clause about the responsible person; without it there is no link. */
    orderAvailable: task.orderBasis !== undefined,
    done: state.status === 'done',
    withdrawn: state.status === 'withdrawn',
    withdrawal: state.withdrawal,
    pendingExtension: state.extensions.find((e) => e.status === 'pending'),
    extensions: state.extensions.map((e) => ({
      ...e,
      newDueRu: formatRuDate(e.newDue),
      statusLabel: EXTENSION_STATUS[e.status],
    })),
    submission: state.submission,
    completedByStatistics: state.completedByStatistics,
    receipt: state.receipt,
    submittedAtRu: state.receipt ? ruDateTime(state, state.receipt.submittedAt) : undefined,
    values: form.values ?? {},
    error: form.error,
    fieldProblems: form.fieldProblems ?? [],
    fieldErrors: Object.fromEntries((form.fieldProblems ?? []).map((p) => [p.field, p.message])),
    extensionValues: form.extensionValues ?? {},
    extensionError: form.extensionError,
    ...(forKind(KIND_VIEWS, state, form, now) as KindParts),
  };
}
