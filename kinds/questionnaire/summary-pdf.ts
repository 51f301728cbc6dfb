// The questionnaire's consolidated document: what the office files or sends upward. The figures per question, then
// every school with its standing, official margins, the verification block.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { SchoolTask } from '../../domain/school-task';
import { decreeCitation } from '../../activities/documents/school-report-layout';
import { GOST_MARGINS, GRID, pageNumberHeader, right } from '../../activities/documents/layout-kit';
import { ANSWER_STATUS_RU, answerStatusOf, summariseAnswers, type AnswerLine } from './summary';
import type { Question } from './questions';
import { localToday } from '../../domain/task-standing';

export interface AnswersSummaryInput {
  task: Pick<SchoolTask, 'office' | 'decree' | 'clause' | 'title' | 'timeZone' | 'due'>;
  questions: Question[];
  lines: AnswerLine[];
  asOf: Date;
}

export function answersSummaryDefinition({ task, questions, lines, asOf }: AnswersSummaryInput): TDocumentDefinitions {
  const answered = lines.filter((l) => l.latest).length;
  const counted = lines.filter((l) => l.status !== 'withdrawn').length;
  const figures: Content[] = summariseAnswers(questions, lines).flatMap((q) => [
    { text: `${q.number}. ${q.text}`, bold: true, margin: [0, 8, 0, 2] },
    { text: `${q.typeName}; ответили ${q.answered} из ${answered}`, fontSize: 9, color: '#444444' },
    q.figures.length
      ? {
          table: { widths: ['*', 'auto'], body: q.figures.map((f) => [f.label, right(f.value)]) },
          layout: { ...GRID, fillColor: () => null },
          fontSize: 10,
          margin: [0, 2, 0, 0],
        }
      : { text: 'Свободные ответы: см. таблицу ответов (CSV, XLSX).', fontSize: 9, italics: true },
  ]);
  const schools = [
    ['№', 'Муниципалитет', 'Школа', 'Ответы'].map((h) => ({ text: h, bold: true })),
    ...lines.map((l, i) => [
      right(String(i + 1)),
      l.municipalityName ?? '—',
      l.schoolName,
      ANSWER_STATUS_RU[answerStatusOf(l, localToday(task.timeZone, asOf))] +
        (l.latest ? `, ${formatRuDateTime(new Date(l.latest.submittedAt), task.timeZone)}` : ''),
    ]),
  ];
  return {
    pageSize: 'A4',
    pageMargins: GOST_MARGINS,
    header: pageNumberHeader(10),
    defaultStyle: { font: 'PTSerif', fontSize: 11 },
    info: { title: `Сводка ответов: ${task.title}`, author: task.office.name, creationDate: asOf },
    content: [
      { text: task.office.name, alignment: 'center', bold: true },
      { text: 'СВОДКА ОТВЕТОВ ШКОЛ', alignment: 'center', bold: true, margin: [0, 12, 0, 0] },
      { text: `«${task.title}»`, alignment: 'center', margin: [0, 4, 0, 8] },
      { text: `Основание: п. ${task.clause.number} ${decreeCitation(task.decree)}. Срок — ${formatRuDate(task.due)}.` },
      {
        text: `По состоянию на ${formatRuDateTime(asOf, task.timeZone)}: ответы получены от ${answered} из ${counted} школ.`,
        margin: [0, 4, 0, 4],
      },
      ...figures,
      { text: 'Школы', bold: true, margin: [0, 14, 0, 4] },
      { table: { headerRows: 1, widths: ['auto', 'auto', '*', 'auto'], body: schools }, layout: GRID, fontSize: 9 },
    ],
  };
}
