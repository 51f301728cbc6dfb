import { applyChecklistUpdate } from '../../kinds/chat-migration/checklist';
import { taskClauses } from '../../domain/campaign-clauses';
import { parseSchoolReport, type ReportVersion } from '../../kinds/school-report/report';
import { initialTaskState, type TaskState } from '../../domain/school-task';
import { planSchoolTask } from '../../domain/school-task-plan';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { schoolOrderDefinition } from '../../activities/documents/school-order-layout';
import { createTextRenderer } from '../../activities/texts/renderer';
import { checklistUpdateFromForm } from '../../kinds/chat-migration/routes';
import { orderFileName, schoolOrderInput, localIsoDate } from '../../web/routes/task-order';
import { reportDraftFromForm, reportFromForm } from '../../kinds/school-report/routes';
import { formRows } from '../../web/routes/task-update';
import { draftOfReport } from '../../kinds/school-report/page';
import { taskPageTemplate, taskViewModel } from '../../web/routes/task-view-model';
import { exampleCampaign } from '../support/example-campaign';

const campaign = exampleCampaign();
const decree = {
  kind: 'ПОСТАНОВЛЕНИЕ',
  number: '380',
  date: '2024-10-22',
  title: 'Об активации профилей',
  sha256: '0'.repeat(64),
};

function stateOf(clauseNumber: string, changes: Partial<TaskState> = {}): TaskState {
  const clause = taskClauses(campaign).find((c) => c.number === clauseNumber)!;
  const task = planSchoolTask(campaign, decree, campaign.schools[0]!, clause, {});
  return { ...initialTaskState(task), ...changes } as TaskState;
}

const totals = {
  staffTotal: '40',
  staffActivated: '38',
  studentsTotal: '300',
  studentsActivated: '120',
  interaction: 'Домашние задания и объявления в чатах классов',
  officerName: 'Магомедова З.А.',
  officerPosition: 'зам. директора',
};

describe('table rows of a form', () => {
  it('orders rows by index, closes gaps, fills missing cells and ignores other names', () => {
    const rows = formRows(
      { 'scope.10': 'Б', 'scope.2': 'А', 'newChat.2': 'x', 'other.1': 'y', 'scope.x': 'z', t: 'tok' },
      ['scope', 'newChat'] as const,
    );
    expect(rows).toEqual([
      { scope: 'А', newChat: 'x' },
      { scope: 'Б', newChat: '' },
    ]);
  });

  it('takes the first of a repeated name', () => {
    expect(formRows({ 'scope.0': ['А', 'Б'] }, ['scope'] as const)).toEqual([{ scope: 'А' }]);
  });
});

describe('report form (clause 1.9)', () => {
  const body = {
    t: 'token',
    action: 'draft',
    'className.0': '5А',
    'classTeacher.0': 'Алиева П.М.',
    'chatOnPlatform.0': 'on',
    'members.0': '27',
    'chatCreated.0': '01.11.2024',
    'className.1': '',
    'classTeacher.1': '',
    'members.1': '',
    'chatCreated.1': '',
    'className.4': '6Б ',
    'classTeacher.4': 'Гасанов',
    'members.4': '',
    'chatCreated.4': '',
    ...totals,
  };

  it('keeps a draft as typed, drops fully empty rows, closes index gaps', () => {
    expect(reportDraftFromForm(body)).toEqual({
      classes: [
        {
          className: '5А',
          classTeacher: 'Алиева П.М.',
          chatOnPlatform: 'on',
          members: '27',
          chatCreated: '01.11.2024',
        },
        { className: '6Б ', classTeacher: 'Гасанов', chatOnPlatform: '', members: '', chatCreated: '' },
      ],
      fields: totals,
    });
  });

  it('keeps a row that has only its checkbox ticked (the validator names what is missing)', () => {
    expect(reportDraftFromForm({ 'chatOnPlatform.3': 'on' }).classes).toEqual([
      { className: '', classTeacher: '', chatOnPlatform: 'on', members: '', chatCreated: '' },
    ]);
  });

  it('turns the form into a submission the schema accepts: booleans, blanks as undefined', () => {
    const report = reportFromForm({
      ...body,
      'chatOnPlatform.4': 'on',
      'members.4': '25',
      'chatCreated.4': '02.11.2024',
    });
    expect(report.classes).toEqual([
      { className: '5А', classTeacher: 'Алиева П.М.', chatOnPlatform: true, members: '27', chatCreated: '01.11.2024' },
      { className: '6Б ', classTeacher: 'Гасанов', chatOnPlatform: true, members: '25', chatCreated: '02.11.2024' },
    ]);
    expect(parseSchoolReport(report)).toMatchObject({
      ok: true,
      value: { staffTotal: 40, classes: [{ chatCreated: '2024-11-01' }, { className: '6Б' }] },
    });
  });

  it('never lets a blank count pass as zero', () => {
    const report = reportFromForm({ ...body, staffActivated: ' ', 'members.0': '' });
    expect(report.staffActivated).toBeUndefined();
    expect(report.classes[0]!.members).toBeUndefined();
    const parsed = parseSchoolReport(report);
    expect(!parsed.ok && parsed.message).toMatch(/профилей сотрудников активировано: нужно целое число/);
    expect(!parsed.ok && parsed.message).toMatch(/класс 5А: укажите число участников чата/);
  });
});

describe('chat checklist form (clause 1.3)', () => {
  it('keeps listed chats, drops empty or removed new rows, reads checkboxes', () => {
    const update = checklistUpdateFromForm({
      t: 'token',
      'id.0': 'c1',
      'scope.0': '5А',
      'oldMessenger.0': 'WhatsApp',
      'newChat.0': '5А класс',
      'migrated.0': 'on',
      'id.1': 'c2',
      'scope.1': 'Сотрудники',
      'oldMessenger.1': 'Telegram',
      'newChat.1': '',
      'remove.1': 'on',
      'scope.2': '',
      'oldMessenger.2': '',
      'newChat.2': '',
      'scope.7': '7В',
      'oldMessenger.7': 'Viber',
      'newChat.7': '',
      'scope.9': 'лишний',
      'oldMessenger.9': 'Viber',
      'remove.9': 'on',
      noForeignMessengerLeft: 'on',
      officerName: 'Магомедова З.А.',
    });
    expect(update).toEqual({
      chats: [
        { id: 'c1', scope: '5А', oldMessenger: 'WhatsApp', newChat: '5А класс', migrated: true, remove: false },
        { id: 'c2', scope: 'Сотрудники', oldMessenger: 'Telegram', newChat: '', migrated: false, remove: true },
        { scope: '7В', oldMessenger: 'Viber', newChat: '', migrated: false, remove: false },
      ],
      noForeignMessengerLeft: true,
      officerName: 'Магомедова З.А.',
    });
  });

  it('sends a listed chat even when its cells were cleared, so the workflow can say what is wrong', () => {
    expect(checklistUpdateFromForm({ 'id.3': 'c4', 'scope.3': '' }).chats).toEqual([
      { id: 'c4', scope: '', oldMessenger: '', newChat: '', migrated: false, remove: false },
    ]);
  });

  it('is what the checklist accepts', () => {
    const update = checklistUpdateFromForm({
      'scope.0': '5А',
      'oldMessenger.0': 'WhatsApp',
      'newChat.0': '5А класс',
      'migrated.0': 'on',
      'scope.1': 'Сотрудники',
      'oldMessenger.1': 'Telegram',
    });
    const result = applyChecklistUpdate(
      { chats: [], noForeignMessengerLeft: false, updates: 0 },
      update,
      '2024-11-05T09:00:00Z',
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        chats: [
          { id: 'c1', migrated: true },
          { id: 'c2', migrated: false },
        ],
      },
    });
  });
});

describe('task page by kind', () => {
  const renderer = createTextRenderer();
  const version: ReportVersion = {
    version: 1,
    submittedAt: '2024-11-01T10:00:00Z',
    late: false,
    receiptNumber: 'R-1',
    report: {
      classes: [
        { className: '5А', classTeacher: 'Алиева П.М.', chatOnPlatform: true, members: 27, chatCreated: '2024-11-01' },
      ],
      staffTotal: 40,
      staffActivated: 38,
      studentsTotal: 300,
      studentsActivated: 120,
      interaction: 'Домашние задания',
      officerName: 'Магомедова З.А.',
      officerPosition: '',
    },
  };

  it('picks the template by the task kind', () => {
    expect(taskPageTemplate(stateOf('1.2'))).toBe('task');
    expect(taskPageTemplate(stateOf('1.3'))).toBe('task-chats');
    expect(taskPageTemplate(stateOf('1.9'))).toBe('task-report');
  });

  it('shows the draft with three empty rows and the numbered field names', () => {
    const state = stateOf('1.9', {
      report: {
        draft: reportDraftFromForm({ 'className.5': '5А', ...totals }),
        draftSavedAt: '2024-10-30T08:00:00Z',
        versions: [],
      },
    });
    const model = taskViewModel(state, 'tok');
    expect(model.report!.rows.map((r) => r.className)).toEqual(['5А', '', '', '']);
    const html = renderer.render('web/task-report.html', model);
    expect(html).toContain('name="className.3"');
    expect(html).not.toContain('name="className.4"');
    expect(html).toContain('id="draft-saved"');
    expect(html).toContain('Отправить отчёт');
    expect(html).toContain('action="/tasks/');
  });

  it('offers a correction of a report filed in time until the deadline, pre-filled with the latest version', () => {
    const state = stateOf('1.9', { status: 'done', report: { versions: [version] } });
    const before = taskViewModel(state, 'tok', {}, new Date('2024-11-01T12:00:00Z'));
    expect(before.report).toMatchObject({ correctable: true, showForm: true, fields: { staffTotal: '40' } });
    expect(before.report!.rows[0]).toMatchObject({
      className: '5А',
      chatOnPlatform: true,
      members: '27',
      chatCreated: '01.11.2024',
    });
    const html = renderer.render('web/task-report.html', before);
    expect(html).toMatch(
      /Отчёт принят.<\/b> Квитанция № <span id="receipt-number">R-1<\/span> от 01\.11\.2024 13:00 \(мск\), редакция 1/,
    );
    expect(html).toContain('Отправить исправленный отчёт');
    const after = taskViewModel(state, 'tok', {}, new Date('2024-11-03T00:00:00Z'));
    expect(after.report).toMatchObject({ correctable: false, showForm: false });
    expect(renderer.render('web/task-report.html', after)).toContain('id="correction-closed"');
  });

  it('turns a filed report back into form strings', () => {
    expect(draftOfReport(version.report).classes).toEqual([
      { className: '5А', classTeacher: 'Алиева П.М.', chatOnPlatform: 'on', members: '27', chatCreated: '01.11.2024' },
    ]);
  });

  it('shows the checklist with progress, hidden ids and the refusal over what was typed', () => {
    const checklist = {
      chats: [
        { id: 'c1', scope: '5А', oldMessenger: 'WhatsApp', newChat: '5А класс', migrated: true },
        { id: 'c2', scope: 'Сотрудники', oldMessenger: 'Telegram', newChat: '', migrated: false },
      ],
      noForeignMessengerLeft: false,
      updates: 1,
    };
    const typed = checklistUpdateFromForm({
      'id.0': 'c1',
      'scope.0': '5А',
      'oldMessenger.0': 'WhatsApp',
      'newChat.0': '5А класс',
      'migrated.0': 'on',
      'id.1': 'c2',
      'scope.1': 'Сотрудники',
      'oldMessenger.1': 'Telegram',
      noForeignMessengerLeft: 'on',
    });
    const model = taskViewModel(stateOf('1.3', { checklist }), 'tok', {
      checklist: typed,
      error: 'нельзя подтвердить',
    });
    const html = renderer.render('web/task-chats.html', model);
    expect(html).toContain('Переведено 1 из 2');
    expect(html).toContain('<input type="hidden" name="id.1" value="c2">');
    expect(html).toContain('name="scope.4"');
    expect(html).not.toContain('name="scope.5"');
    expect(html).toMatch(/name="noForeignMessengerLeft" id="noForeignMessengerLeft" value="on" checked/);
    expect(html).toContain('id="form-error">нельзя подтвердить');
  });
});

describe('draft order', () => {
  it('is filled from the decree clause on the responsible person, or not offered at all', () => {
    const { task } = stateOf('1.3');
    expect(schoolOrderInput(task, '2024-11-05')).toMatchObject({
      platform: 'ИКОП «Сферум»',
      decree: { number: '380' },
      generatedFor: '2024-11-05',
    });
    expect(schoolOrderInput({ ...task, orderBasis: undefined }, '2024-11-05')).toBeUndefined();
    expect(
      taskViewModel({ ...stateOf('1.3'), task: { ...task, orderBasis: undefined } } as TaskState, 'tok').orderAvailable,
    ).toBe(false);
  });

  it('renders to a PDF', async () => {
    const pdf = await renderPdf(schoolOrderDefinition(schoolOrderInput(stateOf('1.3').task, '2024-11-05')!));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is dated by the local day and named in ASCII', () => {
    expect(localIsoDate(new Date('2024-11-04T21:30:00Z'), 'Europe/Moscow')).toBe('2024-11-05');
    expect(orderFileName('degva/1 «x»')).toBe('prikaz-otvetstvennyj-degva_1__x_.pdf');
  });
});
