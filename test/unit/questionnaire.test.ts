// The questionnaire's definition: questions from the campaign file, answers checked all at once with each problem at
// its field, the form read back from a POST, and the office's figures and CSV.
import { loadCampaignFile } from '../../client/load-campaign';
import { parseSubmission } from '../../domain/school-task';
import { questionnaireFormOf, formOfAnswers, answersInWords } from '../../kinds/questionnaire/form';
import { answersCsv } from '../../kinds/questionnaire/answers-export';
import { checkAnswers, questionsSchema, type Question } from '../../kinds/questionnaire/questions';
import { summariseAnswers, type AnswerLine } from '../../kinds/questionnaire/summary';
import { ANSWERED_FORM, QUESTIONNAIRE_EXAMPLE_FILE } from '../support/questionnaire-example';

const campaign = loadCampaignFile(QUESTIONNAIRE_EXAMPLE_FILE);
const clause = campaign.decree.clauses[0]!;
const questions: Question[] = clause.task!.kind === 'questionnaire' ? clause.task!.questions : [];

const filled = {
  ...ANSWERED_FORM,
  t: 'token',
  'r.classes.1.row': '',
  'r.classes.1.pupils': '',
  'q.problems': '',
};

describe('questions in the campaign file', () => {
  it('the example carries every type, with defaults filled in', () => {
    expect(questions.map((q) => q.type)).toEqual([
      'number',
      'number',
      'one-of',
      'several-of',
      'yes-no',
      'date',
      'table',
      'text',
    ]);
    expect(questions[0]).toMatchObject({ required: true, integer: true, min: 0 });
    expect(questions[3]).toMatchObject({ required: false });
  });

  it('refuses an unknown type and a one-of with a single option, naming each', () => {
    const result = questionsSchema().safeParse([
      { id: 'b', type: 'colour', text: 'Какой' },
      { id: 'c', type: 'one-of', text: 'Что', options: ['одно'] },
    ]);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'тип вопроса: number, text, one-of, several-of, date, yes-no, table',
      'нужно не меньше двух вариантов',
    ]);
  });

  it('refuses a repeated id and a table column named «row» (the row label holds that name)', () => {
    const result = questionsSchema().safeParse([
      { id: 'a', type: 'number', text: 'Сколько' },
      { id: 'a', type: 'yes-no', text: 'Есть ли' },
      { id: 't', type: 'table', text: 'Классы', columns: [{ id: 'row', type: 'number', text: 'Строка' }] },
    ]);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['1.id', 'вопрос «a» повторяется'],
      ['2.columns.0.id', 'столбец не может называться «row»: так называется графа строки'],
    ]);
  });

  it('the attestation form is refused for a questionnaire task (it has its own form)', () => {
    expect(parseSubmission('questionnaire', { officerName: 'Иванов И.И.', confirm: true }).ok).toBe(false);
  });
});

describe('answers', () => {
  it('a complete form becomes typed answers; blank rows are dropped', () => {
    const checked = checkAnswers(questions, questionnaireFormOf(filled, questions));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.answers).toEqual({
      'staff-total': 42,
      'staff-active': 40,
      'main-channel': 'ИКОП «Сферум»',
      'used-features': ['Чаты классов', 'Видеозвонки'],
      'foreign-left': false,
      'order-date': '2024-11-01',
      classes: [{ row: '5А', pupils: 25, 'in-chat': 24, 'teacher-in-chat': true }],
      problems: null,
    });
    expect(checked.value.respondent).toBe('Ибрагимова С.М., заместитель директора');
  });

  it('every problem comes at once, each at the id of its control', () => {
    const form = questionnaireFormOf(
      {
        ...filled,
        'q.staff-total': '4,5',
        'q.main-channel': 'Голубиная почта',
        'q.foreign-left': '',
        'q.order-date': '31.02.2024',
        'r.classes.0.row': '',
        'r.classes.0.pupils': 'много',
        respondent: '',
      },
      questions,
    );
    const checked = checkAnswers(questions, form);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      {
        field: 'q-staff-total',
        message: 'Вопрос 1 «Сколько педагогических работников в организации»: нужно целое число',
      },
      { field: 'q-main-channel', message: expect.stringContaining('выберите один из вариантов') },
      { field: 'q-foreign-left', message: expect.stringContaining('ответ обязателен') },
      { field: 'q-order-date', message: expect.stringContaining('«31.02.2024» не является датой') },
      { field: 'q-classes-0-row', message: 'Чаты классов, строка 1: заполните графу «Класс»' },
      { field: 'q-classes-0-pupils', message: 'Чаты классов, строка 1, «Обучающихся в классе»: нужно число' },
      { field: 'respondent', message: expect.stringContaining('Ответственный') },
    ]);
  });

  it('a required table with no rows is a problem; a forged option of several-of is refused', () => {
    const form = questionnaireFormOf(
      {
        ...filled,
        'r.classes.0.row': '',
        'r.classes.0.pupils': '',
        'r.classes.0.in-chat': '',
        'r.classes.0.teacher-in-chat': '',
        'q.used-features': ['Чаты классов', 'Телепатия'],
      },
      questions,
    );
    const checked = checkAnswers(questions, form);
    expect(!checked.ok && checked.problems.map((p) => p.field)).toEqual(['q-used-features', 'q-classes-0-row']);
  });

  it('submitted answers go back into the same form (a correction starts from what was sent)', () => {
    const checked = checkAnswers(questions, questionnaireFormOf(filled, questions));
    if (!checked.ok) throw new Error('not ok');
    const again = checkAnswers(questions, formOfAnswers(questions, checked.value));
    expect(again).toEqual(checked);
    const words = answersInWords(questions, checked.value);
    expect(words[4]).toEqual({ text: 'Остались ли служебные чаты в иностранных мессенджерах', lines: ['нет'] });
    expect(words[6]!.lines).toEqual([
      '5А; Обучающихся в классе: 25; Из них в чате класса: 24; Классный руководитель в чате: да',
    ]);
  });
});

describe('the office’s figures and CSV', () => {
  const answersOf = (overrides: Record<string, unknown>) => {
    const checked = checkAnswers(questions, questionnaireFormOf({ ...filled, ...overrides }, questions));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return checked.value;
  };
  const version = (answers: ReturnType<typeof answersOf>, late = false) => ({
    version: 1,
    submittedAt: '2024-11-10T08:00:00.000Z',
    late,
    receiptNumber: 'ABCD1234',
    answers,
  });
  const lines: AnswerLine[] = [
    {
      taskId: 't1',
      schoolName: 'Школа 1',
      municipalityName: null,
      status: 'done',
      due: '2024-11-15',
      latest: version(answersOf({})),
    },
    {
      taskId: 't2',
      schoolName: 'Школа 2',
      municipalityName: null,
      status: 'done',
      due: '2024-11-15',
      latest: version(
        answersOf({ 'q.staff-total': '10', 'q.foreign-left': 'yes', 'q.problems': '=HYPERLINK("x")' }),
        true,
      ),
    },
    { taskId: 't3', schoolName: 'Школа 3', municipalityName: null, status: 'open', due: '2024-11-15' },
    { taskId: 't4', schoolName: 'Школа 4', municipalityName: null, status: 'open', due: '2099-11-15' },
  ];

  it('figures are counted over the schools that answered, and say over how many', () => {
    const summary = summariseAnswers(questions, lines);
    expect(summary[0]).toMatchObject({
      answered: 2,
      figures: [
        { label: 'сумма', value: '52' },
        { label: 'наименьшее', value: '10' },
        { label: 'наибольшее', value: '42' },
        { label: 'среднее', value: '26' },
      ],
    });
    expect(summary[4]!.figures).toEqual([
      { label: 'да', value: '1' },
      { label: 'нет', value: '1' },
    ]);
    expect(summary[6]!.figures[0]).toEqual({ label: 'строк всего', value: '2' });
    expect(summary[6]!.figures).toContainEqual({ label: 'Обучающихся в классе: сумма', value: '50' });
    expect(summary[7]).toMatchObject({ answered: 1, figures: [] });
  });

  it('the CSV opens in Russian Excel and a typed formula stays text', () => {
    const task = { ...campaignTask(), questions };
    const csv = answersCsv(task, lines);
    expect(csv.startsWith('\uFEFF№;Муниципалитет;Школа;Ответы;')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(6);
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain('ответы получены после срока');
    // One definition of overdue: a school that has not answered by a past due date is late, one due later is not.
    expect(csv).toContain(';Школа 3;ответа нет, срок истёк;');
    expect(csv).toContain(';Школа 4;ответа нет;');
  });
});

function campaignTask() {
  return {
    campaignId: campaign.id,
    clause: { number: '1', text: '' },
    timeZone: campaign.timeZone,
  } as never as Parameters<typeof answersCsv>[0];
}
