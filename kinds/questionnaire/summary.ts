// The answers of every school to one questionnaire, as the office reads them: one line per school and, per question,
// figures counted over the schools that answered (each figure says over how many, so none claims more than it knows).
import type { TaskStatus } from '../../domain/school-task';
import { isOverdue } from '../../domain/task-standing';
import {
  answerText,
  QUESTION_TYPE_NAMES_RU,
  type AnswersVersion,
  type Question,
  type ScalarQuestion,
} from './questions';

export interface AnswerLine {
  taskId: string;
  schoolName: string;
  municipalityName: string | null;
  status: TaskStatus;
  /** The due date in force (an approved extension counted). */
  due: string;
  latest?: AnswersVersion;
}

export interface QuestionSummary {
  number: number;
  text: string;
  typeName: string;
  answered: number;
  figures: { label: string; value: string }[];
}

const ru = (n: number, digits = 0) =>
  n.toLocaleString('ru-RU', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).replace(/\u00a0/g, ' ');

/** The figures of one scalar question over the values given (blank answers already left out). */
function figuresOf(q: ScalarQuestion, values: unknown[]): { label: string; value: string }[] {
  if (q.type === 'number') {
    const ns = values as number[];
    if (!ns.length) return [];
    const sum = ns.reduce((a, b) => a + b, 0);
    return [
      { label: 'сумма', value: ru(sum, 2) },
      { label: 'наименьшее', value: ru(Math.min(...ns), 2) },
      { label: 'наибольшее', value: ru(Math.max(...ns), 2) },
      { label: 'среднее', value: ru(sum / ns.length, 1) },
    ];
  }
  const options = q.type === 'yes-no' ? [true, false] : q.type === 'one-of' || q.type === 'several-of' ? q.options : [];
  return options.map((o) => ({
    label: answerText(q, (q.type === 'several-of' ? [o] : o) as never),
    value: ru(values.filter((v) => (Array.isArray(v) ? v.includes(o) : v === o)).length),
  }));
}

const present = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

/** Per question: how many schools answered it and its figures; a table's figures are over its rows. */
export function summariseAnswers(questions: Question[], lines: AnswerLine[]): QuestionSummary[] {
  const answers = lines.flatMap((l) => (l.latest ? [l.latest.answers.answers] : []));
  return questions.map((q, i) => {
    const head = { number: i + 1, text: q.text, typeName: QUESTION_TYPE_NAMES_RU[q.type] };
    if (q.type !== 'table') {
      const values = answers.map((a) => a[q.id]).filter(present);
      return { ...head, answered: values.length, figures: figuresOf(q, values) };
    }
    const tables = answers.map((a) => (a[q.id] ?? []) as Record<string, unknown>[]).filter((t) => t.length);
    const rows = tables.flat();
    const figures = [{ label: 'строк всего', value: ru(rows.length) }];
    for (const c of q.columns) {
      const values = rows.map((r) => r[c.id]).filter(present);
      for (const f of figuresOf(c, values)) figures.push({ label: `${c.text}: ${f.label}`, value: f.value });
    }
    return { ...head, answered: tables.length, figures };
  });
}

export const ANSWER_STATUS_RU = {
  answered: 'ответы получены',
  late: 'ответы получены после срока',
  missing: 'ответа нет',
  overdue: 'ответа нет, срок истёк',
  withdrawn: 'задача отозвана',
} as const;

/** A school's standing for the page, the exports and the PDF; overdue as every page says it (task-standing.ts). */
export function answerStatusOf(
  line: Pick<AnswerLine, 'status' | 'latest' | 'due'>,
  today: string,
): keyof typeof ANSWER_STATUS_RU {
  if (line.latest) return line.latest.late ? 'late' : 'answered';
  if (line.status === 'withdrawn') return 'withdrawn';
  return isOverdue(line, today) ? 'overdue' : 'missing';
}

/** The table's columns: a scalar question is one column; a table question one column with a line per row. */
export function answerCells(questions: Question[], latest: AnswersVersion | undefined): string[] {
  return questions.map((q) => {
    const a = latest?.answers.answers[q.id];
    if (q.type !== 'table') return answerText(q, a as never);
    return ((a ?? []) as Record<string, unknown>[])
      .map((r) =>
        [String(r.row), ...q.columns.map((c) => `${c.text}: ${answerText(c, r[c.id] as never) || '—'}`)].join(', '),
      )
      .join('\n');
  });
}
