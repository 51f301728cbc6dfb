// The questionnaire's page: the posted form read back into answers as typed, and the view the template renders.
// Every control has a stable id (fieldIdOf) so the error summary links to it; tables are stacked rows, so the page
// fits a phone's 360 px.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { TaskStateOf } from '../../domain/school-task';
import {
  answerText,
  fieldIdOf,
  QUESTION_TYPE_NAMES_RU,
  type Answers,
  type AnswersVersion,
  type FieldProblem,
  type Question,
  type QuestionnaireForm,
  type ScalarQuestion,
  type TypedValue,
} from './questions';

/** Empty rows under the filled ones: without JavaScript, rows are added by saving and coming back. */
const EMPTY_ROWS = 2;

type Body = Record<string, unknown>;

const textOf = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? textOf(v[0]) : '');
const listOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The form as posted (`q.<id>`, `r.<table>.<row>.<column>`), for the questions it answers; other names are ignored. */
export function questionnaireFormOf(body: Body, questions: Question[]): QuestionnaireForm {
  const values: Record<string, TypedValue> = {};
  const rows: Record<string, Record<string, TypedValue>[]> = {};
  for (const q of questions) {
    if (q.type === 'table') rows[q.id] = tableRowsOf(body, q.id, ['row', ...q.columns.map((c) => c.id)]);
    else values[q.id] = q.type === 'several-of' ? listOf(body[`q.${q.id}`]) : textOf(body[`q.${q.id}`]);
  }
  return { values, rows, respondent: textOf(body.respondent) };
}

function tableRowsOf(body: Body, table: string, columns: string[]): Record<string, TypedValue>[] {
  const byIndex = new Map<number, Record<string, TypedValue>>();
  const prefix = `r.${table}.`;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d{1,3})\.([a-z][a-z0-9-]*)$/.exec(key.slice(prefix.length));
    if (!m || !columns.includes(m[2]!)) continue;
    const row = byIndex.get(Number(m[1])) ?? {};
    row[m[2]!] = textOf(body[key]);
    byIndex.set(Number(m[1]), row);
  }
  const filled = (row: Record<string, TypedValue>) => Object.values(row).some((v) => String(v).trim() !== '');
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter(filled);
}

/** Submitted answers back into the form, so a correction starts from what was sent. */
export function formOfAnswers(questions: Question[], { answers, respondent }: Answers): QuestionnaireForm {
  const typed = (q: ScalarQuestion, a: unknown): TypedValue => {
    if (a === null || a === undefined) return q.type === 'several-of' ? [] : '';
    if (q.type === 'yes-no') return a ? 'yes' : 'no';
    if (q.type === 'date') return formatRuDate(String(a));
    if (q.type === 'several-of') return a as string[];
    return String(a);
  };
  const values: Record<string, TypedValue> = {};
  const rows: Record<string, Record<string, TypedValue>[]> = {};
  for (const q of questions) {
    const a = answers[q.id];
    if (q.type !== 'table') values[q.id] = typed(q, a);
    else
      rows[q.id] = ((a ?? []) as Record<string, unknown>[]).map((r) => ({
        row: String(r.row ?? ''),
        ...Object.fromEntries(q.columns.map((c) => [c.id, typed(c, r[c.id])])),
      }));
  }
  return { values, rows, respondent };
}

/** Each question's answer as words (a table: one line per row), for the page, the receipt and the office. */
export function answersInWords(questions: Question[], { answers }: Answers): { text: string; lines: string[] }[] {
  return questions.map((q) => {
    const a = answers[q.id];
    if (q.type !== 'table') return { text: q.text, lines: [answerText(q, a as never) || '—'] };
    const rows = (a ?? []) as Record<string, unknown>[];
    return {
      text: q.text,
      lines: rows.length
        ? rows.map((r) =>
            [String(r.row), ...q.columns.map((c) => `${c.text}: ${answerText(c, r[c.id] as never) || '—'}`)].join('; '),
          )
        : ['—'],
    };
  });
}

function control(q: ScalarQuestion, id: string, name: string, typed: TypedValue | undefined, problem?: string) {
  const text = Array.isArray(typed) ? (typed[0] ?? '') : (typed ?? '');
  const picked = Array.isArray(typed) ? typed : typed ? [typed] : [];
  const choice = (value: string, label: string, i: number) => ({
    value,
    label,
    id: i === 0 ? id : `${id}--${i}`,
    checked: picked.includes(value),
  });
  return {
    id,
    name,
    text: q.text,
    required: q.required,
    typeName: QUESTION_TYPE_NAMES_RU[q.type],
    value: text,
    problem,
    describedBy: problem ? `${id}-error` : undefined,
    isNumber: q.type === 'number',
    isText: q.type === 'text',
    isDate: q.type === 'date',
    isChoice: q.type === 'one-of' || q.type === 'yes-no',
    isSeveral: q.type === 'several-of',
    unit: q.type === 'number' ? q.unit : undefined,
    inputMode: q.type === 'number' ? (q.integer ? 'numeric' : 'decimal') : undefined,
    maxLength: q.type === 'text' ? q.maxLength : undefined,
    options:
      q.type === 'yes-no'
        ? [choice('yes', 'да', 0), choice('no', 'нет', 1)]
        : q.type === 'one-of' || q.type === 'several-of'
          ? q.options.map((o, i) => choice(o, o, i))
          : [],
  };
}

/** The form's questions with what was typed and each problem at its control. */
export function questionViews(questions: Question[], form: QuestionnaireForm, problems: FieldProblem[]) {
  const problemAt = new Map(problems.map((p) => [p.field, p.message]));
  return questions.map((q, i) => {
    if (q.type !== 'table') {
      const id = fieldIdOf(q.id);
      return { number: i + 1, ...control(q, id, `q.${q.id}`, form.values[q.id], problemAt.get(id)) };
    }
    const typed = form.rows[q.id] ?? [];
    const rowLabel = { id: 'row', text: q.rowLabel, type: 'text', required: true, maxLength: 40 } as const;
    const rows = [...typed, ...Array.from({ length: EMPTY_ROWS }, () => ({}) as Record<string, TypedValue>)];
    return {
      number: i + 1,
      id: fieldIdOf(q.id, 0, 'row'),
      text: q.text,
      required: q.required,
      isTable: true,
      rowLabel: q.rowLabel,
      problem: problemAt.get(fieldIdOf(q.id, 0, 'row')),
      rows: rows.map((row, r) => ({
        number: r + 1,
        cells: [rowLabel, ...q.columns].map((c) =>
          control(
            c,
            fieldIdOf(q.id, r, c.id),
            `r.${q.id}.${r}.${c.id}`,
            row[c.id],
            problemAt.get(fieldIdOf(q.id, r, c.id)),
          ),
        ),
      })),
    };
  });
}

/** The task page's questionnaire part: the versions, the form (while it may change) and its problems. */
export function questionnaireView(
  state: TaskStateOf<'questionnaire'>,
  typed: { form?: QuestionnaireForm; problems?: FieldProblem[] },
  deadline: Date,
  now: Date,
) {
  const questions = state.task.questions ?? [];
  const saved = state.questionnaire ?? { versions: [] };
  const latest = saved.versions.at(-1);
  const correctable = state.status === 'done' && latest !== undefined && !latest.late && now < deadline;
  const draftIsNewest = saved.draft !== undefined && (!latest || (saved.draftSavedAt ?? '') >= latest.submittedAt);
  const form =
    typed.form ??
    (draftIsNewest ? saved.draft : undefined) ??
    (latest ? formOfAnswers(questions, latest.answers) : { values: {}, rows: {}, respondent: '' });
  const at = (iso: string) => formatRuDateTime(new Date(iso), state.task.timeZone);
  const version = (v: AnswersVersion) => ({ ...v, submittedAtRu: at(v.submittedAt) });
  return {
    questions: questionViews(questions, form, typed.problems ?? []),
    problems: typed.problems ?? [],
    respondent: form.respondent,
    respondentProblem: typed.problems?.find((p) => p.field === 'respondent')?.message,
    latest: latest && version(latest),
    latestInWords: latest && answersInWords(questions, latest.answers),
    versions: saved.versions.map(version),
    draftSavedAtRu: draftIsNewest && saved.draftSavedAt ? at(saved.draftSavedAt) : undefined,
    showForm: state.status === 'open' || correctable,
    correctable,
    correctableUntilRu: correctable ? formatRuDateTime(deadline, state.task.timeZone) : undefined,
  };
}
