import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { chatsView, type ChecklistForm } from '../../kinds/chat-migration/page';
import { reportView } from '../../kinds/school-report/page';
import type { ReportDraft } from '../../kinds/school-report/report';
import type { TaskState } from '../../domain/school-task';
import { TASK_KIND_LABELS, type TaskKind } from '../../domain/task-kinds';
import { questionnaireView } from '../../kinds/questionnaire/form';
import type { FieldProblem, QuestionnaireForm } from '../../kinds/questionnaire/questions';
import { dueInstant, ruDateTime } from './task-times';

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
  /** A questionnaire as typed, with every problem at its field. */
  questionnaire?: { form?: QuestionnaireForm; problems?: FieldProblem[] };
}

interface TaskPage {
  /** The template under templates/web. */
  template: string;
  /** What the kind's own part of the page shows. */
  view(state: TaskState, form: TaskForms, now: Date): object;
}

/** Each kind's page: the one table the GET and every re-render after a refusal read. */
const TASK_PAGES = {
  'registration-deadline': { template: 'task', view: () => ({}) },
  'chat-migration': { template: 'task-chats', view: (state, form) => ({ chats: chatsView(state, form.checklist) }) },
  'school-report': {
    template: 'task-report',
    view: (state, form, now) => ({ report: reportView(state, form.report, now) }),
  },
  questionnaire: {
    template: 'task-questionnaire',
    view: (state, form, now) => ({
      questionnaire: questionnaireView(state, form.questionnaire ?? {}, dueInstant(state), now),
    }),
  },
} satisfies Record<TaskKind, TaskPage>;

/** Every kind's part, each optional: a template reads the part of its own kind. */
type KindParts = Partial<
  UnionToIntersection<{ [K in TaskKind]: ReturnType<(typeof TASK_PAGES)[K]['view']> }[TaskKind]>
>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export function taskPageTemplate(state: TaskState): string {
  return TASK_PAGES[state.task.kind].template;
}

export function taskViewModel(state: TaskState, token: string, form: TaskForms = {}, now: Date = new Date()) {
  const { task } = state;
  return {
    task,
    token,
    kindLabel: TASK_KIND_LABELS[task.kind],
    dueRu: formatRuDate(state.due),
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
    extensionValues: form.extensionValues ?? {},
    extensionError: form.extensionError,
    ...(TASK_PAGES[task.kind].view(state, form, now) as KindParts),
  };
}
