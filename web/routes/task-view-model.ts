import { endOfLocalDay, formatRuDate, formatRuDateTime, localTimeToInstant } from '../../domain/dates';
import type { ReportDraft, ReportVersion, SchoolReport } from '../../domain/school-report';
import type { TaskState } from '../../domain/school-task';
import { TASK_KIND_LABELS, type TaskKind } from '../../domain/task-kinds';
import { questionnaireView } from '../../kinds/questionnaire/form';
import type { FieldProblem, QuestionnaireForm } from '../../kinds/questionnaire/questions';

const EXTENSION_STATUS = { pending: 'на рассмотрении', approved: 'одобрен', rejected: 'отклонён' } as const;

/** Empty rows under the filled ones: the only way to add rows without JavaScript is to save and come back. */
const EMPTY_ROWS = 3;

/** The report form's names: one row per class (`className.0`, …) and the fields below the table. */
export const REPORT_ROW_FIELDS = ['className', 'classTeacher', 'chatOnPlatform', 'members', 'chatCreated'] as const;
export const REPORT_FIELDS = [
  'staffTotal',
  'staffActivated',
  'studentsTotal',
  'studentsActivated',
  'interaction',
  'officerName',
  'officerPosition',
] as const;

/** The chat checklist as typed; rows without id are chats the school adds now. */
export interface ChecklistForm {
  chats: { id?: string; scope: string; oldMessenger: string; newChat: string; migrated: boolean; remove: boolean }[];
  noForeignMessengerLeft: boolean;
  officerName: string;
}

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
  'chat-migration': { template: 'task-chats', view: (state, form) => ({ chats: chatsView(state, form) }) },
  'school-report': { template: 'task-report', view: (state, form, now) => ({ report: reportView(state, form, now) }) },
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

function ruDateTime(state: TaskState, iso: string): string {
  return formatRuDateTime(new Date(iso), state.task.timeZone);
}

/** The deadline in force as an instant: the due hour when the clause sets one, else the end of the due day. */
export function dueInstant(state: TaskState): Date {
  const { dueHour, timeZone } = state.task;
  return dueHour === undefined ? endOfLocalDay(state.due, timeZone) : localTimeToInstant(state.due, dueHour, timeZone);
}

function reportView(state: TaskState, form: TaskForms, now: Date) {
  const versions = state.report?.versions ?? [];
  const latest = versions.at(-1);
  // A report filed in time may be corrected until the deadline; after it, the filed version stands.
  const correctable = state.status === 'done' && latest !== undefined && !latest.late && now < dueInstant(state);
  const shown =
    form.report ??
    (draftIsNewest(state, latest) ? state.report?.draft : undefined) ??
    (latest ? draftOfReport(latest.report) : emptyDraft());
  const version = (v: ReportVersion) => ({
    version: v.version,
    late: v.late,
    receiptNumber: v.receiptNumber,
    documentSha256: v.documentSha256,
    submittedAtRu: ruDateTime(state, v.submittedAt),
  });
  return {
    rows: [...shown.classes, ...Array.from({ length: EMPTY_ROWS }, () => ({}))].map((row, index) =>
      reportRow(row, index),
    ),
    fields: Object.fromEntries(REPORT_FIELDS.map((f) => [f, shown.fields[f] ?? ''])),
    latest: latest && version(latest),
    versions: versions.map(version),
    draftSavedAtRu:
      draftIsNewest(state, latest) && state.report?.draftSavedAt
        ? ruDateTime(state, state.report.draftSavedAt)
        : undefined,
    showForm: state.status === 'open' || correctable,
    correctable,
    correctableUntilRu: correctable ? formatRuDateTime(dueInstant(state), state.task.timeZone) : undefined,
  };
}

/** A draft saved after the latest submission (or before any) is what the school was last typing. */
function draftIsNewest(state: TaskState, latest: ReportVersion | undefined): boolean {
  const savedAt = state.report?.draftSavedAt;
  if (!state.report?.draft) return false;
  return !latest || (savedAt !== undefined && savedAt >= latest.submittedAt);
}

function emptyDraft(): ReportDraft {
  return { classes: [], fields: {} };
}

/** A filed report back into form strings, so a correction starts from what was sent. */
export function draftOfReport(r: SchoolReport): ReportDraft {
  return {
    classes: r.classes.map((c) => ({
      className: c.className,
      classTeacher: c.classTeacher,
      chatOnPlatform: c.chatOnPlatform ? 'on' : '',
      members: c.members === undefined ? '' : String(c.members),
      chatCreated: c.chatCreated ? formatRuDate(c.chatCreated) : '',
    })),
    fields: {
      staffTotal: String(r.staffTotal),
      staffActivated: String(r.staffActivated),
      studentsTotal: String(r.studentsTotal),
      studentsActivated: String(r.studentsActivated),
      interaction: r.interaction,
      officerName: r.officerName,
      officerPosition: r.officerPosition,
    },
  };
}

function reportRow(row: Record<string, string>, index: number) {
  const cells = Object.fromEntries(REPORT_ROW_FIELDS.map((f) => [f, row[f] ?? ''])) as Record<
    (typeof REPORT_ROW_FIELDS)[number],
    string
  >;
  return {
    ...cells,
    index,
    number: index + 1,
    chatOnPlatform: cells.chatOnPlatform === 'on' || cells.chatOnPlatform === 'true',
  };
}

function chatsView(state: TaskState, form: TaskForms) {
  const saved = state.checklist?.chats ?? [];
  const shown: ChecklistForm = form.checklist ?? {
    chats: saved.map((c) => ({
      id: c.id,
      scope: c.scope,
      oldMessenger: c.oldMessenger,
      newChat: c.newChat,
      migrated: c.migrated,
      remove: false,
    })),
    noForeignMessengerLeft: state.checklist?.noForeignMessengerLeft ?? false,
    officerName: '',
  };
  const empty = { scope: '', oldMessenger: '', newChat: '', migrated: false, remove: false };
  return {
    rows: [...shown.chats, ...Array.from({ length: EMPTY_ROWS }, () => empty)].map((c, index) => ({
      ...c,
      index,
      number: index + 1,
    })),
    noForeignMessengerLeft: shown.noForeignMessengerLeft,
    officerName: shown.officerName,
    // Progress counts what the workflow holds, never what was just typed and refused.
    migrated: saved.filter((c) => c.migrated).length,
    total: saved.length,
    saved: saved.map((c) => ({ ...c, migratedAtRu: c.migratedAt ? ruDateTime(state, c.migratedAt) : undefined })),
    updatedAtRu: state.checklist?.updatedAt ? ruDateTime(state, state.checklist.updatedAt) : undefined,
  };
}
