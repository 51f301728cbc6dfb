// Clause 1.9 documents and the draft school order as PDFs: Cyrillic that pdftotext extracts back, every class and
// every school present, the statuses, totals and marks, and the same bytes on every render.
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  renderConsolidatedReportPdf,
  type ConsolidatedReportInput,
} from '../../activities/documents/consolidated-report-pdf';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { schoolOrderDefinition, type SchoolOrderInput } from '../../activities/documents/school-order-layout';
import { schoolReportDefinition, type SchoolReportInput } from '../../activities/documents/school-report-layout';
import { renderClauseText } from '../../activities/texts/decree-text';
import { createTextRenderer } from '../../activities/texts/renderer';
import type { ClassRow, FiledReport, ReportVersion } from '../../kinds/school-report/report';
import { exampleCampaign } from '../support/example-campaign';
import { flat, pdfText } from '../support/pdf-text';

const campaign = exampleCampaign();
const renderer = createTextRenderer();
const clauseOf = (n: string) => campaign.decree.clauses.find((c) => c.number === n)!;
const decree = {
  kind: campaign.decree.kind,
  number: campaign.decree.number,
  date: campaign.decree.date,
  title: campaign.decree.title,
  sha256: '0'.repeat(64),
};

const TEACHERS = [
  'Абдуллаева П.М.',
  'Алиева З.Р.',
  'Гаджиева С.А.',
  'Магомедова Х.И.',
  'Исаева Д.Ш.',
  'Омарова Р.Г.',
  'Рабаданова М.К.',
  'Курбанова А.Н.',
  'Гасанова Ф.О.',
  'Ибрагимова Л.С.',
  'Газимагомедова У.А.',
  'Мусаева Н.Б.',
  'Шахбанова Э.Д.',
  'Джамалова Т.Р.',
  'Каримова И.М.',
  'Султанова В.Х.',
  'Юсупова Ж.А.',
  'Нурмагомедова К.Г.',
  'Алибекова Ю.С.',
  'Ахмедова О.П.',
  'Байрамова Г.Т.',
  'Вагабова Е.И.',
  'Далгатова Н.Ю.',
  'Закарьяева А.Ф.',
  'Эльдарова Ш.М.',
];

/** 1А…11Б and three «В» classes: 25 rows, more than fit on the first page. */
function classRows(): ClassRow[] {
  const names = Array.from({ length: 11 }, (_, i) => [`${i + 1}А`, `${i + 1}Б`])
    .flat()
    .concat(['5В', '9В', '10В']);
  return names.map((className, i) => {
    const onPlatform = i % 5 !== 4;
    return {
      className,
      classTeacher: TEACHERS[i]!,
      chatOnPlatform: onPlatform,
      members: onPlatform ? 18 + i : undefined,
      chatCreated: onPlatform ? `2024-10-${String(23 + (i % 7)).padStart(2, '0')}` : undefined,
    };
  });
}

const school = campaign.schools[3]!;
function reportInput(changes: Partial<ReportVersion> = {}): SchoolReportInput {
  const version: ReportVersion = {
    version: 1,
    submittedAt: '2024-11-01T11:05:00.000Z',
    late: false,
    receiptNumber: 'A1B2C3D4',
    report: {
      classes: classRows(),
      staffTotal: 45,
      staffActivated: 40,
      studentsTotal: 450,
      studentsActivated: 300,
      interaction:
        'В чатах классов учителя публикуют домашние задания и расписание.\nОбучающиеся задают вопросы по темам уроков; проведено 12 видеоконференций.',
      officerName: 'Сулейманова А.Х.',
      officerPosition: 'Заместитель директора по УВР',
    },
    ...changes,
  };
  const task: SchoolReportInput['task'] = {
    school: { id: school.id, name: school.name, head: school.head, officer: school.officer },
    office: { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head },
    decree,
    clause: { number: '1.9', text: renderClauseText(campaign, clauseOf('1.9'), renderer) },
    timeZone: campaign.timeZone,
    title: 'Направить отчёт о чатах классов и активации профилей с пометкой «Сферум»',
  };
  return { task, reportMark: campaign.office.reportMark, version, previousVersions: version.version - 1 };
}

/** Statuses per school, in the campaign's order: one late, one missing, one withdrawn, the rest on time. */
function consolidatedInput(edition: number): ConsolidatedReportInput {
  const statusOf = (id: string) => (id === 'burdeki' ? 'missing' : id === 'kanasiraghi' ? 'withdrawn' : 'submitted');
  const schools = campaign.schools.map((s) => ({
    id: s.id,
    name: s.name,
    status: statusOf(s.id) as 'submitted' | 'missing' | 'withdrawn',
  }));
  const filed: FiledReport[] = schools
    .filter((s) => s.status === 'submitted')
    .map((s, i) => ({
      clauseNumber: '1.9',
      schoolId: s.id,
      schoolName: s.name,
      version: s.id === 'murguk' ? 2 : 1,
      submittedAt: s.id === 'novomugri' ? '2024-11-05T07:30:00.000Z' : `2024-11-0${1 + (i % 2)}T10:00:00.000Z`,
      late: s.id === 'novomugri',
      documentSha256: `${String(i).padStart(2, '0')}`.repeat(32),
      classes: 10,
      classChatsOnPlatform: 8,
      staffTotal: 20,
      staffActivated: 15,
      studentsTotal: 200,
      studentsActivated: 100,
    }));
  return {
    officeName: campaign.office.name,
    decreeRef: 'постановление от 22.10.2024 № 380',
    edition,
    generatedAt: '2024-11-05T09:00:00.000Z',
    timeZone: 'Europe/Moscow',
    clause: { number: '1.9', text: renderClauseText(campaign, clauseOf('1.9'), renderer), due: '2024-11-02' },
    schools,
    filed,
  };
}

const orderInput: SchoolOrderInput = {
  school: { name: school.name, head: { position: 'Директор', email: school.head.email } },
  platform: campaign.platform,
  decree: {
    kind: decree.kind,
    number: decree.number,
    date: decree.date,
    title: decree.title,
    issuer: 'Администрации МР «Сергокалинский район»',
  },
  clauseNumber: '1.8',
  clauseText: clauseOf('1.8').text,
  generatedFor: '2024-10-23',
};

async function renderToText(
  name: string,
  definition: TDocumentDefinitions | Promise<Buffer>,
): Promise<{ pdf: Buffer; text: string }> {
  const pdf = await (definition instanceof Promise ? definition : renderPdf(definition));
  return { pdf, text: pdfText(name, pdf) };
}
/** The extracted line that carries a table row's first cells. */
const lineWith = (text: string, ...cells: string[]) =>
  text.split('\n').find((l) => cells.every((c) => flat(l).includes(c)));

describe('school report (clause 1.9)', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => ({ pdf, text } = await renderToText('school-report', schoolReportDefinition(reportInput()))));

  it('names the school, the office, the mark, the title and the basis with Cyrillic intact', () => {
    const t = flat(text);
    expect(t).toContain('МКОУ «Сергокалинская СОШ №2»');
    expect(t).toContain('В МКУ «Управление образования»');
    expect(t).toContain('Пометка: «Сферум»');
    expect(t).toContain(
      'Отчёт о функционировании чатов классов, активации профилей и взаимодействии обучающихся и учителей на платформе',
    );
    expect(t).toContain('Основание: п. 1.9 постановления № 380 от 22.10.2024 «Об активации профилей в ИКОП «Сферум»');
    expect(t).toContain('Редакция 1');
    expect(t).toContain('Дата и время представления: 01.11.2024 14:05 (мск)');
    expect(t).not.toContain('Представлен с опозданием');
  });

  it('lists every class with its teacher, across a page break, with the header repeated', () => {
    classRows().forEach((row, i) => {
      const cells = [`${i + 1}`, row.className, row.classTeacher, row.chatOnPlatform ? 'да' : 'нет'];
      expect({ row: row.className, line: lineWith(text, ...cells) !== undefined }).toEqual({
        row: row.className,
        line: true,
      });
    });
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.filter((p) => flat(p).includes('Классный руководитель')).length).toBeGreaterThan(1);
    expect(lineWith(text, '2А', 'Гаджиева С.А.', 'да', '20', '25.10.2024')).toBeDefined();
    expect(lineWith(text, '3А', 'Исаева Д.Ш.', 'нет', '—', '—')).toBeDefined();
  });

  it('totals classes, chats and activated profiles with their shares', () => {
    const t = flat(text);
    expect(t).toContain('Классов: 25');
    expect(t).toContain('Чаты классов на платформе: 20 из 25 (80,0 %)');
    expect(t).toContain('Профили сотрудников активированы: 40 из 45 (88,89 %)');
    expect(t).toContain('Профили обучающихся активированы: 300 из 450 (66,67 %)');
    expect(t).toContain('Взаимодействие обучающихся и учителей');
    expect(t).toContain('проведено 12 видеоконференций');
  });

  it('ends with the officer and the receipt, and quotes no hash of itself', () => {
    const t = flat(text);
    expect(t).toContain('Заместитель директора по УВР Сулейманова А.Х.');
    expect(t).toContain('Квитанция № A1B2C3D4');
    expect(t).not.toMatch(/SHA|[0-9a-f]{12}/i);
  });

  it('marks a late correction: its version, the one it replaces, and the delay', async () => {
    const { text: late } = await renderToText(
      'school-report-v2-late',
      schoolReportDefinition(reportInput({ version: 2, late: true, submittedAt: '2024-11-05T06:00:00.000Z' })),
    );
    const t = flat(late);
    expect(t).toContain('Редакция 2 (исправленная; заменяет редакцию 1)');
    expect(t).toContain('Представлен с опозданием');
    expect(t).toContain('05.11.2024 09:00 (мск)');
  });

  it('renders the same bytes for the same version', async () => {
    expect((await renderPdf(schoolReportDefinition(reportInput()))).equals(pdf)).toBe(true);
  });
});

describe('consolidated report', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(
    async () =>
      ({ pdf, text } = await renderToText('consolidated-report', renderConsolidatedReportPdf(consolidatedInput(2)))),
  );

  it('states the clause, the edition, the deadline and when it was generated', () => {
    const t = flat(text);
    expect(t).toContain('Сводный отчёт по п. 1.9 (постановление от 22.10.2024 № 380)');
    expect(t).toContain('Редакция 2: обновлена после отчёта, поступившего с опозданием');
    expect(t).toContain('Срок представления отчётов — до 02.11.2024');
    expect(t).toContain('Сформирован: 05.11.2024 12:00 (мск)');
  });

  it('summarises: submitted of expected, on time and late, the missing school', () => {
    const t = flat(text);
    expect(t).toContain('Представили отчёт: 10 из 11 образовательных организаций (в срок — 9, с опозданием — 1).');
    expect(t).toContain('Не представили отчёт: 1 — МКОУ «Бурдекинская СОШ».');
    expect(t).toContain('Задача отозвана у 1 образовательной организации');
  });

  it('lists every school in order with its status', () => {
    const expected: Record<string, string> = { novomugri: 'представлен с', burdeki: 'не', kanasiraghi: 'задача' };
    const lines = text.split('\n');
    const rowAt = campaign.schools.map((s, i) => {
      // Long names wrap inside their cell; the row's first line carries the number, the name's start and the status.
      const at = lines.findIndex(
        (l) =>
          flat(l).includes(`${i + 1} ${s.name.slice(0, 20)}`) &&
          flat(l).includes(` ${expected[s.id] ?? 'представлен'} `),
      );
      expect({ school: s.id, found: at >= 0 }).toEqual({ school: s.id, found: true });
      return at;
    });
    expect([...rowAt].sort((a, b) => a - b)).toEqual(rowAt);
    // Two-word statuses wrap: their second word is on the row's next line.
    const secondWord = { novomugri: 'опозданием', burdeki: 'представлен', kanasiraghi: 'отозвана' };
    for (const [id, word] of Object.entries(secondWord))
      expect(lines[rowAt[campaign.schools.findIndex((s) => s.id === id)]! + 1]).toContain(word);
    expect(lineWith(text, 'Новомугринская', '05.11.2024')).toBeDefined();
    expect(lineWith(text, 'Мургукская', '8 из 10', '15 из 20', '100 из 200', '010101010101')).toBeDefined();
    expect(text).toContain('время (мск)');
  });

  it('totals the district over the filed reports, with shares of the sums', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) =>
      ['Итого по району (10 отчётов)', ' 100 ', '80 из 100', '150 из 200', '1000 из 2000'].every((c) =>
        flat(l).includes(c),
      ),
    );
    expect(at).toBeGreaterThanOrEqual(0);
    for (const share of ['(80,0 %)', '(75,0 %)', '(50,0 %)']) expect(flat(lines[at + 1]!)).toContain(share);
  });

  it('names the schools that did not report', () => {
    const section = flat(text.slice(text.lastIndexOf('Не представили отчёт'), text.lastIndexOf('Задача отозвана')));
    expect(section).toContain('1. МКОУ «Бурдекинская СОШ»');
    expect(section).not.toMatch(/Канасирагинская|Дегвинская/);
  });

  it('says «Редакция 1» for the edition at the deadline, and renders the same bytes twice', async () => {
    const { text: first } = await renderToText(
      'consolidated-report-edition-1',
      renderConsolidatedReportPdf(consolidatedInput(1)),
    );
    expect(flat(first)).toContain('Редакция 1');
    expect(flat(first)).not.toContain('поступившего с опозданием');
    expect((await renderConsolidatedReportPdf(consolidatedInput(2))).equals(pdf)).toBe(true);
  });
});

describe('draft school order', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => ({ pdf, text } = await renderToText('school-order', schoolOrderDefinition(orderInput))));

  it('is a draft order of the school about the platform', () => {
    const t = flat(text);
    for (const words of [
      'ПРОЕКТ',
      'ПРИКАЗ',
      'МКОУ «Сергокалинская СОШ №2»',
      'от «___» __________ 20__ г.',
      '№ ____',
      'О назначении ответственного за работу в ИКОП «Сферум»',
      'ПРИКАЗЫВАЮ:',
    ])
      expect(t).toContain(words);
  });

  it('cites clause 1.8 of the decree and Law 273-ФЗ, and gives duties to staff only', () => {
    const t = flat(text);
    expect(t).toContain('пункта 1.8 постановления Администрации МР «Сергокалинский район» № 380 от 22.10.2024');
    expect(t).toContain('еженедельный анализ направляемой статистики');
    expect(t).toContain(
      'частями 1, 2 статьи 30 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»',
    );
    expect(t).toContain('ответственным за работу в ИКОП «Сферум»');
    expect(t).toContain('Классным руководителям: создать чаты классов в ИКОП «Сферум»');
    expect(t).toContain('добровольна');
    expect(t).not.toMatch(/Обучающимся:|Родителям:/);
    expect(t).toContain('Контроль за исполнением настоящего приказа оставляю за собой.');
    expect(t).toContain('С приказом ознакомлен(а):');
  });

  it('renders the same bytes for the same input', async () => {
    expect((await renderPdf(schoolOrderDefinition(orderInput))).equals(pdf)).toBe(true);
  });
});
