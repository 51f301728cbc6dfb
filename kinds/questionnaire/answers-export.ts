// The answers across schools as files an office opens in Excel: CSV in the conventions Russian Excel reads (UTF-8 with
// a byte order mark, «;» between cells, CRLF, decimal comma) and XLSX with a sheet of answers and a sheet per table
// question (one row per class, so it can be filtered and summed). Text a school typed never starts a formula.
import { Workbook } from 'exceljs';
import type { SchoolTask } from '../../domain/school-task';
import { localToday } from '../../domain/task-standing';
import { answerText, type Question, type ScalarAnswer } from './questions';
import { ANSWER_STATUS_RU, answerCells, answerStatusOf, type AnswerLine } from './summary';

const HEAD = ['№', 'Муниципалитет', 'Школа', 'Ответы', 'Дата ответа', 'Редакция', 'Ответственный'];

/** A cell an office opens safely: text that would start a formula is kept as text. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+([.,]\d+)?$/.test(text) ? `'${text}` : text;
}

const csvCell = (text: string) => {
  const safe = safeText(text);
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** What an export reads once, not per school: the campaign's local date and its date formatter. */
function exportContext(task: Pick<SchoolTask, 'timeZone'>) {
  const short = new Intl.DateTimeFormat('ru-RU', { timeZone: task.timeZone, dateStyle: 'short', timeStyle: 'short' });
  return { today: localToday(task.timeZone), at: (iso: string) => short.format(new Date(iso)) };
}

function lineCells(x: ReturnType<typeof exportContext>, questions: Question[], line: AnswerLine, i: number): string[] {
  const at = line.latest ? x.at(line.latest.submittedAt) : '';
  return [
    String(i + 1),
    line.municipalityName ?? '',
    line.schoolName,
    ANSWER_STATUS_RU[answerStatusOf(line, x.today)],
    at,
    line.latest ? String(line.latest.version) : '',
    line.latest?.answers.respondent ?? '',
    ...answerCells(questions, line.latest),
  ];
}

export function answersCsv(task: SchoolTask, lines: AnswerLine[]): string {
  const questions = task.questions ?? [];
  const x = exportContext(task);
  const head = [...HEAD, ...questions.map((q, i) => `${i + 1}. ${q.text}`)];
  const rows = [head, ...lines.map((l, i) => lineCells(x, questions, l, i))];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export async function answersWorkbook(task: SchoolTask, lines: AnswerLine[]): Promise<Buffer> {
  const questions = task.questions ?? [];
  const x = exportContext(task);
  const book = new Workbook();
  const sheet = book.addWorksheet('Ответы');
  sheet.addRow([...HEAD, ...questions.map((q, i) => `${i + 1}. ${q.text}`)]).font = { bold: true };
  lines.forEach((line, i) => {
    const cells: (string | number)[] = lineCells(x, questions, line, i).map(safeText);
    // Numbers stay numbers, so Excel sums them.
    questions.forEach((q, qi) => {
      const a = line.latest?.answers.answers[q.id];
      if (q.type === 'number' && typeof a === 'number') cells[HEAD.length + qi] = a;
    });
    cells[0] = i + 1;
    sheet.addRow(cells);
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const q of questions) {
    if (q.type !== 'table') continue;
    const rows = book.addWorksheet(q.text.slice(0, 28).replace(/[\\/?*[\]:]/g, ' ') || q.id);
    rows.addRow(['Муниципалитет', 'Школа', q.rowLabel, ...q.columns.map((c) => c.text)]).font = { bold: true };
    for (const line of lines) {
      const table = (line.latest?.answers.answers[q.id] ?? []) as Record<string, ScalarAnswer>[];
      for (const r of table) {
        const cells = q.columns.map((c) =>
          c.type === 'number' && typeof r[c.id] === 'number' ? (r[c.id] as number) : safeText(answerText(c, r[c.id])),
        );
        rows.addRow([line.municipalityName ?? '', line.schoolName, safeText(String(r.row ?? '')), ...cells]);
      }
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** «anketa-p2-<campaign>.csv»: a name a person recognises in their downloads, in Latin letters for every browser. */
export function exportFileName(task: Pick<SchoolTask, 'campaignId' | 'clause'>, ext: 'csv' | 'xlsx'): string {
  return `anketa-p${task.clause.number}-${task.campaignId}.${ext}`;
}
