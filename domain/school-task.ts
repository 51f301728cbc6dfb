// A school's task created by one clause of a decree, and what the school submits to complete it.
import { z } from 'zod';
import { countField } from './form-fields';
import { builtOnFirstUse } from './built-on-first-use';
import { normalizeDate } from './dates';
import type { LadderPolicy, LadderStep } from './deadline-ladder';
import type { ChatChecklist } from '../kinds/chat-migration/checklist';
import type { ReportDraft, ReportVersion } from '../kinds/school-report/report';
import type { Question, QuestionnaireState } from '../kinds/questionnaire/questions';
import { TASK_KINDS, type AssigneeRole, type TaskKind } from './task-kinds';

export interface DecreeRef {
  kind: string;
  number: string;
  date: string;
  title: string;
  sha256: string;
}

export interface ContactRef {
  name?: string;
  position?: string;
  email: string;
}

/** Everything a task workflow needs, fixed at launch (workflow input). */
export interface SchoolTask {
  taskId: string;
  campaignId: string;
  timeZone: string;
  decree: DecreeRef;
  clause: { number: string; text: string };
  kind: TaskKind;
  title: string;
  due: string;
  /** Deadline hour on the due date (local); the end of the day when absent. */
  dueHour?: number;
  /** Questionnaire tasks: the questions, from the clause's task in the campaign file. */
  questions?: Question[];
  assigneeRole: AssigneeRole;
  school: {
    id: string;
    name: string;
    head: ContactRef;
    officer: ContactRef;
    region?: PlaceRef;
    municipality?: PlaceRef;
  };
  /** reportMailbox and reportMark: where clause 1.9 reports go, and the mark their subject carries. */
  office: { name: string; sender: ContactRef; head: ContactRef; reportMailbox?: string; reportMark?: string };
  /** What a school's draft order (приказ) cites: the issuer, clause 1.8's words, the platform. */
  orderBasis?: { issuer: string; clauseNumber: string; clauseText: string; platform: string };
  districtHead?: ContactRef;
  ladder: LadderPolicy;
  linkPolicy: { graceDays: number; minValidDays: number };
  /** statistics.undoWithinDays: how long a completion by statistics stays reversible (absent: 14 days). */
  statisticsUndoWithinDays?: number;
  /**
   * The batch workflow of the campaign tree that started this task: it is told when the task closes, and the task
   * keeps the read model up to date. Absent in tasks of campaigns launched before the tree.
   */
  reportsTo?: string;
  /**
   * The batch sends this task's reminders and escalations for its original due date (one activity mails a step to
   * the whole batch) and tells the task each one it sent; after an extension the task sends those of its new date.
   * Absent in tasks started before batches owned the ladder.
   */
  ladderByBatch?: true;
}

export interface PlaceRef {
  code: string;
  name: string;
}

/** A refinement comparing the counts runs when neither count has a problem of its own. */
const countsParsed = (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
  !payload.issues.some((i) => i.path?.[0] === 'staffTotal' || i.path?.[0] === 'staffRegistered');

function buildSubmissionSchemas() {
  const personName = z
    .string()
    .trim()
    .min(3, 'укажите фамилию и инициалы (не короче 3 символов)')
    .max(200, 'ФИО длиннее 200 символов');
  const comment = z.string().trim().max(2000, 'комментарий длиннее 2000 символов').default('');
  const count = countField;
  const attestation = z.object({
    officerName: personName,
    officerPosition: z.string().trim().max(200, 'должность длиннее 200 символов').default(''),
    comment,
    confirm: z.literal(true, { error: 'подтвердите выполнение задачи отметкой' }),
  });
  const registration = attestation
    .extend({
      staffTotal: count('Всего сотрудников').pipe(z.number().min(1, 'Всего сотрудников: должно быть не меньше 1')),
      staffRegistered: count('Зарегистрировано'),
    })
    // Compared whenever both counts are numbers, even if another field is wrong: every problem is said at once.
    .refine((s) => s.staffRegistered <= s.staffTotal, {
      message: 'зарегистрированных сотрудников не может быть больше, чем всего сотрудников',
      path: ['staffRegistered'],
      when: countsParsed,
    })
    .refine((s) => s.staffRegistered >= s.staffTotal, {
      message: 'задача выполняется при 100% регистрации: зарегистрированы не все сотрудники',
      path: ['staffRegistered'],
      when: countsParsed,
    });
  return { attestation, registration };
}
const submissionSchemas = builtOnFirstUse(buildSubmissionSchemas);

export type TaskSubmissionInput = Record<string, unknown>;
export type TaskSubmission = z.output<ReturnType<typeof buildSubmissionSchemas>['attestation']> & {
  staffTotal?: number;
  staffRegistered?: number;
};

/**
 * The attestation form (POST /tasks/:id through the inbox) each kind is completed by; kinds with a form of their own
 * (a report, a checklist, a questionnaire) have none, and an attestation posted to them is refused.
 */
const ATTESTATION_FORMS = {
  'registration-deadline': 'registration',
  'chat-migration': 'attestation',
  'school-report': 'attestation',
  questionnaire: undefined,
} as const satisfies Record<TaskKind, 'registration' | 'attestation' | undefined>;

/** The attestation form's fields top to bottom: its problems are listed in this order. */
const FORM_ORDER = ['staffTotal', 'staffRegistered', 'officerName', 'officerPosition', 'comment', 'confirm'];

/** Each problem at the form field it is about (the field's name, which is its control's id). */
export interface SubmissionProblem {
  field: string;
  message: string;
}
type Parsed = { ok: true; value: TaskSubmission } | { ok: false; message: string; problems: SubmissionProblem[] };
const OWN_FORM_MESSAGE = 'эта задача заполняется своей формой: откройте её по ссылке из письма';
const OWN_FORM: Parsed = { ok: false, message: OWN_FORM_MESSAGE, problems: [] };

function parseForm(form: 'registration' | 'attestation', input: unknown): Parsed {
  const result = submissionSchemas()[form].safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const seen = new Set<string>();
  const problems = result.error.issues
    .map((i) => ({ field: String(i.path[0] ?? 'officerName'), message: i.message }))
    .filter((p) => !seen.has(p.message) && seen.add(p.message))
    .sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field));
  return { ok: false, message: problems.map((p) => p.message).join('; '), problems };
}

/** Validates a submission for a task kind; returns the parsed value or a Russian message naming every problem. */
export function parseSubmission(kind: TaskKind, input: unknown): Parsed {
  const form = ATTESTATION_FORMS[kind];
  return form ? parseForm(form, input) : OWN_FORM;
}

/**
 * A posted attestation, parsed once per form: what each kind makes of it, and the kinds it fits (the store keeps it
 * only for a task of one of them). The page reads both from the one parse.
 */
export function parseAttestation(input: unknown): { fits: TaskKind[]; forKind(kind: TaskKind): Parsed } {
  const byForm = new Map<string, Parsed>();
  const forKind = (kind: TaskKind): Parsed => {
    const form = ATTESTATION_FORMS[kind];
    if (!form) return OWN_FORM;
    if (!byForm.has(form)) byForm.set(form, parseForm(form, input));
    return byForm.get(form)!;
  };
  return { fits: TASK_KINDS.filter((kind) => forKind(kind).ok), forKind };
}

export type TaskStatus = 'open' | 'done' | 'withdrawn';

/** A reminder or escalation that went out, kept in state for the next escalation's history. */
export interface SentStep extends LadderStep {
  sentAt: string;
  recipient: string;
  /** The mail, when another workflow (the task's batch) sent it: the task's history is then its journal record. */
  mail?: { messageId: string; subject: string };
}

// `by`: the signed-in login that acted, so the signal in history names the person (absent in older histories).
export interface Withdrawal {
  reason: string;
  by?: string;
}

export interface TaskReceipt {
  receiptNumber: string;
  submittedAt: string;
}

/** The school asks to move the due date (перенос срока); the office decides. */
function buildExtensionRequestSchema() {
  return z.object({
    newDue: z.string().transform((v, ctx) => {
      const iso = normalizeDate(v);
      if (!iso) ctx.addIssue({ code: 'custom', message: 'укажите новый срок датой (ДД.ММ.ГГГГ)' });
      return iso ?? '';
    }),
    reason: z
      .string()
      .trim()
      .min(5, 'укажите причину переноса (не короче 5 символов)')
      .max(1000, 'причина длиннее 1000 символов'),
  });
}
export const extensionRequestSchema = builtOnFirstUse(buildExtensionRequestSchema);
export type ExtensionRequest = z.output<ReturnType<typeof buildExtensionRequestSchema>>;
export type ExtensionRequestInput = z.input<ReturnType<typeof buildExtensionRequestSchema>>;

function buildExtensionDecisionSchema() {
  return z.object({
    requestId: z.string().min(1),
    approve: z.boolean(),
    comment: z.string().trim().max(1000, 'комментарий длиннее 1000 символов').default(''),
    // `by`: the signed-in login that acted, so the signal in history names the person (absent in older histories).
    by: z.string().max(64).optional(),
  });
}
export const extensionDecisionSchema = builtOnFirstUse(buildExtensionDecisionSchema);
export type ExtensionDecision = z.output<ReturnType<typeof buildExtensionDecisionSchema>>;
export type ExtensionDecisionInput = z.input<ReturnType<typeof buildExtensionDecisionSchema>>;

export interface ExtensionRecord extends ExtensionRequest {
  id: string;
  previousDue: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt?: string;
  comment?: string;
}

/** The task completed itself from the platform's statistics (e.g. clause 1.2 at 100%), not by the school's word. */
export interface CompletionByStatistics {
  week: string;
  metric: string;
  value: number;
  /** The weekly analysis that found it, so the auditor can follow the figures to their file. */
  analysisWorkflowId: string;
  /** The staff account that imported the figures. */
  importedBy?: string;
}

/** An import undone by the office reopens what it closed: the completion it reverses, why, who, when. */
export interface ReopeningFromStatistics {
  completion: CompletionByStatistics;
  reason: string;
  by?: string;
  at: string;
}

/** How long after a completion by statistics an office may still undo the import that made it, by default. */
export const STATISTICS_REVERSAL_DAYS = 14;

/** What each kind keeps besides the common state. */
export interface KindStates {
  'registration-deadline': object;
  /** Clause 1.3: the chats to move to the platform and how far the school got. */
  'chat-migration': { checklist: ChatChecklist };
  /** Clause 1.9: the form's draft and every submitted version (the latest counts). */
  'school-report': { report: { draft?: ReportDraft; draftSavedAt?: string; versions: ReportVersion[] } };
  /** The draft and every submitted version of the answers. */
  questionnaire: { questionnaire: QuestionnaireState };
}

/** A task of one kind: the common state and its kind's own. */
export type TaskStateOf<K extends TaskKind> = CommonTaskState & KindStates[K] & { task: { kind: K } };
/** A task of any kind: narrowed by `isOfKind`. */
export type TaskState = { [K in TaskKind]: TaskStateOf<K> }[TaskKind];

export function isOfKind<K extends TaskKind>(state: TaskState, kind: K): state is TaskState & TaskStateOf<K> {
  return state.task.kind === kind;
}

/** A table with an entry for each kind, each reading a task of its own kind. */
export type KindTable<A extends unknown[], R> = { [K in TaskKind]: (state: TaskStateOf<K>, ...args: A) => R };

/** The entry of the task's kind, given the task: the one place a task's state meets its kind's table. */
export function forKind<A extends unknown[], R>(table: KindTable<A, R>, state: TaskState, ...args: A): R {
  return (table[state.task.kind] as (state: TaskState, ...args: A) => R)(state, ...args);
}

/** Each kind's own state as it starts: a kind without an entry does not compile. */
const KIND_STATES: { [K in TaskKind]: () => KindStates[K] } = {
  'registration-deadline': () => ({}),
  'chat-migration': () => ({ checklist: { chats: [], noForeignMessengerLeft: false, updates: 0 } }),
  'school-report': () => ({ report: { versions: [] } }),
  questionnaire: () => ({ questionnaire: { versions: [] } }),
};

/** The state a task starts in: the same for the workflow and for the read model's first row. */
export function initialTaskState(task: SchoolTask): TaskState {
  const common = { task, status: 'open' as const, due: task.due, sentSteps: [], extensions: [], linkVersion: 1 };
  return { ...common, ...KIND_STATES[task.kind]() } as TaskState;
}

interface CommonTaskState {
  task: SchoolTask;
  status: TaskStatus;
  /** The due date in force: the task's, or a later one after an approved extension. */
  due: string;
  sentSteps: SentStep[];
  submission?: TaskSubmission;
  receipt?: TaskReceipt;
  completedByStatistics?: CompletionByStatistics;
  /** Until when the import that completed the task may still reopen it (the workflow waits that long). */
  reversibleUntil?: string;
  /** Completions by statistics undone by the office, oldest first. */
  reopenings?: ReopeningFromStatistics[];
  withdrawal?: Withdrawal & { at: string };
  extensions: ExtensionRecord[];
  /** Links carry a version; resending a link makes the older ones invalid. */
  linkVersion: number;
  /** The latest accepted submissions' Update ids (their kept entries' ids): a redelivery answered «done» was one. */
  acceptedSubmissions?: string[];
}
