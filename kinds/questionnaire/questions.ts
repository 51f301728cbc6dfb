// The questionnaire (анкета, мониторинг): questions the campaign file defines, answered by each school through its
// link. This module is the kind's definition: the questions' schema (read by the campaign schema), the form as typed
// (a draft), and the one check that turns a form into answers or names every problem at its field. Workflow code
// imports it, so it has no I/O and builds its schemas on first use.
import { z } from 'zod';
import { builtOnFirstUse } from '../../domain/built-on-first-use';
import { normalizeDate } from '../../domain/dates';
import { plainText } from '../../domain/plain-text';

export const SCALAR_TYPES = ['number', 'text', 'one-of', 'several-of', 'date', 'yes-no'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];
export const QUESTION_TYPES = [...SCALAR_TYPES, 'table'] as const;

/** What each type is called in the campaign file's error messages and on the office's table. */
export const QUESTION_TYPE_NAMES_RU: Record<(typeof QUESTION_TYPES)[number], string> = {
  number: 'число',
  text: 'текст',
  'one-of': 'один вариант',
  'several-of': 'несколько вариантов',
  date: 'дата',
  'yes-no': 'да/нет',
  table: 'таблица по классам',
};

const MAX_TEXT = 2000;
const MAX_ROWS = 300;
const id = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'id вопроса: латинские строчные буквы, цифры и дефис');
const options = z
  .array(plainText.pipe(z.string().max(200, 'вариант длиннее 200 символов')))
  .min(2, 'нужно не меньше двух вариантов')
  .max(50, 'не больше 50 вариантов')
  .refine((o) => new Set(o).size === o.length, 'варианты повторяются');

function buildScalarQuestion() {
  const base = { id, text: plainText, required: z.boolean().default(true) };
  return z.discriminatedUnion(
    'type',
    [
      z.object({
        ...base,
        type: z.literal('number'),
        integer: z.boolean().default(true),
        min: z.number().default(0),
        max: z.number().default(1_000_000),
        unit: plainText.optional(),
      }),
      z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(MAX_TEXT).default(500) }),
      z.object({ ...base, type: z.literal('one-of'), options }),
      z.object({ ...base, type: z.literal('several-of'), options }),
      z.object({ ...base, type: z.literal('date') }),
      z.object({ ...base, type: z.literal('yes-no') }),
    ],
    { error: `тип вопроса: ${QUESTION_TYPES.join(', ')}` },
  );
}
const scalarQuestion = builtOnFirstUse(buildScalarQuestion);

function buildQuestionsSchema() {
  const table = z.object({
    id,
    type: z.literal('table'),
    text: plainText,
    required: z.boolean().default(true),
    /** What a row is («Класс»): the first column, always required. */
    rowLabel: plainText.default('Класс'),
    columns: z.array(scalarQuestion()).min(1, 'в таблице нужен хотя бы один столбец').max(12, 'не больше 12 столбцов'),
  });
  const question = z.union([scalarQuestion(), table], { error: `тип вопроса: ${QUESTION_TYPES.join(', ')}` });
  return z
    .array(question)
    .min(1, 'в анкете нужен хотя бы один вопрос')
    .max(100, 'не больше 100 вопросов в анкете')
    .superRefine((qs, ctx) => {
      const seen = new Set<string>();
      qs.forEach((q, i) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `вопрос «${q.id}» повторяется` });
        seen.add(q.id);
        if (q.type === 'number' && q.min > q.max)
          ctx.addIssue({ code: 'custom', path: [i, 'min'], message: 'наименьшее значение больше наибольшего' });
        if (q.type === 'table')
          q.columns.forEach((c, ci) => {
            if (c.id === 'row')
              ctx.addIssue({
                code: 'custom',
                path: [i, 'columns', ci, 'id'],
                message: 'столбец не может называться «row»: так называется графа строки',
              });
          });
      });
    });
}
export const questionsSchema = builtOnFirstUse(buildQuestionsSchema);

export type Question = z.output<ReturnType<typeof buildQuestionsSchema>>[number];
export type ScalarQuestion = Exclude<Question, { type: 'table' }>;
export type TableQuestion = Extract<Question, { type: 'table' }>;

/** The form as typed: a scalar's text (several-of: the ticked options), a table's rows of cells. Drafts keep this. */
export type TypedValue = string | string[];
export interface QuestionnaireForm {
  values: Record<string, TypedValue>;
  rows: Record<string, Record<string, TypedValue>[]>;
  respondent: string;
}

function buildFormSchema() {
  const typed = z.union([z.string().max(MAX_TEXT), z.array(z.string().max(200)).max(50)]);
  const key = z.string().max(40);
  return z.object({
    values: z.record(key, typed).refine((v) => Object.keys(v).length <= 100, 'слишком много полей'),
    rows: z
      .record(key, z.array(z.record(key, typed)).max(MAX_ROWS, `не больше ${MAX_ROWS} строк в таблице`))
      .refine((v) => Object.keys(v).length <= 100, 'слишком много таблиц'),
    respondent: z.string().max(200),
  });
}
export const questionnaireFormSchema = builtOnFirstUse(buildFormSchema);

export type ScalarAnswer = number | string | string[] | boolean | null;
export type Answer = ScalarAnswer | Record<string, ScalarAnswer>[];
export interface Answers {
  answers: Record<string, Answer>;
  respondent: string;
}

/** A problem at one field: `field` is the form control's id, so the error summary links to it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export const fieldIdOf = (questionId: string, row?: number, column?: string): string =>
  row === undefined ? `q-${questionId}` : `q-${questionId}-${row}-${column}`;

const blank = (v: TypedValue | undefined) => v === undefined || (typeof v === 'string' ? v.trim() === '' : !v.length);

type Checked = { ok: true; value: ScalarAnswer } | { ok: false; message: string };
const refused = (message: string): Checked => ({ ok: false, message });
const accepted = (value: ScalarAnswer): Checked => ({ ok: true, value });

/** One scalar as typed, to its answer; a problem names the question (and the row) in the user's words. */
function scalarAnswer(q: ScalarQuestion, typed: TypedValue | undefined, where: string): Checked {
  if (blank(typed)) return q.required ? refused(`${where}: ответ обязателен`) : accepted(null);
  const text = (Array.isArray(typed) ? typed[0]! : typed!).trim();
  switch (q.type) {
    case 'number': {
      const n = Number(text.replace(',', '.').replace(/\s/g, ''));
      if (!Number.isFinite(n)) return refused(`${where}: нужно число`);
      if (q.integer && !Number.isInteger(n)) return refused(`${where}: нужно целое число`);
      if (n < q.min || n > q.max) return refused(`${where}: число от ${q.min} до ${q.max}`);
      return accepted(n);
    }
    case 'text':
      return text.length > q.maxLength ? refused(`${where}: не длиннее ${q.maxLength} символов`) : accepted(text);
    case 'one-of':
      return q.options.includes(text) ? accepted(text) : refused(`${where}: выберите один из вариантов`);
    case 'several-of': {
      const picked = Array.isArray(typed) ? typed : [typed!];
      return picked.every((p) => q.options.includes(p))
        ? accepted(q.options.filter((o) => picked.includes(o)))
        : refused(`${where}: выберите из предложенных вариантов`);
    }
    case 'date': {
      const iso = normalizeDate(text);
      return iso ? accepted(iso) : refused(`${where}: «${text}» не является датой (ДД.ММ.ГГГГ)`);
    }
    case 'yes-no':
      return text === 'yes' || text === 'no' ? accepted(text === 'yes') : refused(`${where}: ответьте «да» или «нет»`);
  }
}

function tableAnswer(q: TableQuestion, rows: Record<string, TypedValue>[], problems: FieldProblem[]): Answer {
  const filled = rows.filter((row) => Object.values(row).some((v) => !blank(v)));
  if (!filled.length && q.required)
    problems.push({ field: fieldIdOf(q.id, 0, 'row'), message: `${q.text}: добавьте хотя бы одну строку` });
  return filled.map((row, i) => {
    const label = typeof row.row === 'string' ? row.row.trim() : '';
    const where = `${q.text}, строка ${i + 1}${label ? ` (${label})` : ''}`;
    if (!label)
      problems.push({ field: fieldIdOf(q.id, i, 'row'), message: `${where}: заполните графу «${q.rowLabel}»` });
    const answer: Record<string, ScalarAnswer> = { row: label };
    for (const column of q.columns) {
      const checked = scalarAnswer(column, row[column.id], `${where}, «${column.text}»`);
      if (checked.ok) answer[column.id] = checked.value;
      else problems.push({ field: fieldIdOf(q.id, i, column.id), message: checked.message });
    }
    return answer;
  });
}

/**
 * The form, checked against the questions: every answer typed, or every problem at once, each at its field.
 * The workflow's Update validator and the page both call this, so the page refuses exactly what the workflow would.
 */
export function checkAnswers(
  questions: Question[],
  form: QuestionnaireForm,
): { ok: true; value: Answers } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const answers: Record<string, Answer> = {};
  questions.forEach((q, i) => {
    if (q.type === 'table') {
      answers[q.id] = tableAnswer(q, form.rows[q.id] ?? [], problems);
      return;
    }
    const checked = scalarAnswer(q, form.values[q.id], `Вопрос ${i + 1} «${q.text}»`);
    if (checked.ok) answers[q.id] = checked.value;
    else problems.push({ field: fieldIdOf(q.id), message: checked.message });
  });
  const respondent = form.respondent.trim();
  if (respondent.length < 3)
    problems.push({ field: 'respondent', message: 'Ответственный: укажите фамилию и инициалы (не короче 3 символов)' });
  return problems.length ? { ok: false, problems } : { ok: true, value: { answers, respondent } };
}

/** An answer as one cell of the office's table and its exports (Russian words, dates as ДД.ММ.ГГГГ). */
export function answerText(q: ScalarQuestion, answer: ScalarAnswer | undefined): string {
  if (answer === null || answer === undefined) return '';
  if (q.type === 'yes-no') return answer ? 'да' : 'нет';
  if (q.type === 'several-of') return (answer as string[]).join('; ');
  if (q.type === 'date') return String(answer).split('-').reverse().join('.');
  if (q.type === 'number') return String(answer).replace('.', ',');
  return String(answer);
}

/** One submission: the answers in force are the latest version's. */
export interface AnswersVersion {
  version: number;
  submittedAt: string;
  /** First submitted after the deadline: accepted, final. */
  late: boolean;
  receiptNumber: string;
  answers: Answers;
}

/** What a questionnaire task keeps: the draft as typed and every version submitted. */
export interface QuestionnaireState {
  draft?: QuestionnaireForm;
  draftSavedAt?: string;
  versions: AnswersVersion[];
}
