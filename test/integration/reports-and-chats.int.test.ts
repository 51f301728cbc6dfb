// Clause 1.9 and 1.3 on the real dev server, through the task pages and real SMTP: the report form's draft,
// resume, rejection, submission and correction; the PDF mailed to the office mailbox marked «Сферум»; the
// consolidated report at the deadline and again after a late report; the chat checklist accumulating updates.
import { launchCampaign } from '../../client/launch-campaign';
import type { Campaign } from '../../domain/campaign-schema';
import type { SunkMessage } from '../../mail-sink/smtp-sink';
import { taskStateQuery, treeProgressQuery, updateChatChecklistUpdate } from '../../workflows/definitions';
import { exampleCampaign } from '../support/example-campaign';
import { pdfText } from '../support/pdf-text';
import type { AnyTaskState } from '../support/task-state';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const SECONDS_TO_DEADLINE = 30;
let app: TestApp;
let campaign: Campaign;
let deadline: number;
const links: Record<string, ReturnType<typeof taskLinkFrom>> = {};

/** Decree №380 for three schools, with clause 1.9 due today at a local hour a few seconds from now. */
function campaignWithReportDueSoon(): Campaign {
  const base = exampleCampaign();
  deadline = Date.now() + SECONDS_TO_DEADLINE * 1000;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: base.timeZone }).format(new Date(deadline));
  const midnight = Date.parse(`${today}T00:00:00+03:00`); // Europe/Moscow has no DST
  const clauses = base.decree.clauses.map((c) =>
    c.number === '1.9' && c.task
      ? { ...c, task: { ...c.task, due: today, dueHour: (deadline - midnight) / 3_600_000 } }
      : c,
  );
  return {
    ...base,
    id: 'sergokala-380-reports',
    schools: base.schools.slice(0, 3),
    decree: { ...base.decree, clauses },
  };
}

beforeAll(async () => {
  app = await startTestApp('reports');
  campaign = campaignWithReportDueSoon();
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const mails = await app.waitForMessages(3, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
  for (const school of campaign.schools) {
    const mail = mails.find((m) => m.envelopeTo[0] === school.officer.email)!;
    links[`${school.id}/1.9`] = taskLinkFrom(mail, '1.9');
    links[`${school.id}/1.3`] = taskLinkFrom(mail, '1.3');
  }
});
afterAll(async () => {
  await app?.stop();
});

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.webUrl}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
const stateOf = (key: string): Promise<AnyTaskState> =>
  app.client.workflow.getHandle(links[key]!.taskId).query(taskStateQuery);

/** The form of a report with the classes given: two of three with a chat on the platform. */
function reportForm(
  key: string,
  action: 'draft' | 'submit',
  overrides: Record<string, string> = {},
): Record<string, string> {
  const rows = [
    ['5А', 'Магомедова П.А.', true],
    ['6Б', 'Алиев Р.М.', false],
    ['11А', 'Гасанова З.И.', true],
  ] as const;
  const fields: Record<string, string> = {
    t: links[key]!.token,
    action,
    staffTotal: '42',
    staffActivated: '40',
    studentsTotal: '380',
    studentsActivated: '170',
    interaction: 'Учителя ведут классные чаты, публикуют домашние задания и проводят консультации.',
    officerName: 'Ибрагимова С.М.',
    officerPosition: 'заместитель директора',
  };
  rows.forEach(([className, teacher, chat], i) =>
    Object.assign(fields, {
      [`className.${i}`]: className,
      [`classTeacher.${i}`]: teacher,
      ...(chat ? { [`chatOnPlatform.${i}`]: 'on', [`members.${i}`]: '27', [`chatCreated.${i}`]: '01.10.2024' } : {}),
    }),
  );
  return { ...fields, ...overrides };
}

async function attachedPdfText(message: SunkMessage): Promise<string> {
  const attachment = await app.sink!.attachment(message.id, 0);
  return pdfText(`mailed-${message.id}`, attachment!.content);
}

describe('clause 1.9: the school report', () => {
  const key = 'degva/1.9';
  const taskPath = () => `/tasks/${links[key]!.taskId}`;

  it('a draft is saved and the form resumes from the same link', async () => {
    const saved = await post(`${taskPath()}/report`, reportForm(key, 'draft', { staffActivated: '' }));
    expect(saved.status).toBe(303);
    expect((await stateOf(key)).report!.draft!.classes).toHaveLength(3);
    const page = await (await fetch(links[key]!.url)).text();
    expect(page).toContain('value="Магомедова П.А."');
    expect(page).toContain('Черновик сохранён');
  });

  it('inconsistent figures are refused with the reason; nothing is filed', async () => {
    const refused = await post(`${taskPath()}/report`, reportForm(key, 'submit', { studentsActivated: '400' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      'активировано профилей обучающихся (400) больше, чем обучающихся всего (380)',
    );
    expect((await stateOf(key)).report!.versions).toEqual([]);
  });

  it('the submitted report goes to the office mailbox as a PDF marked «Сферум»; the school gets a receipt', async () => {
    expect((await post(`${taskPath()}/report`, reportForm(key, 'submit'))).status).toBe(303);
    const [toOffice] = await app.waitForMessages(
      1,
      (m) =>
        m.envelopeTo[0] === campaign.office.reportMailbox && m.messageId.includes(`${links[key]!.taskId}.report.v1`),
    );
    expect(toOffice!.subject).toBe('[Сферум] Отчёт по п. 1.9 — МКОУ «Дегвинская СОШ»');
    const text = await attachedPdfText(toOffice!);
    for (const row of ['5А', 'Магомедова П.А.', '6Б', 'Алиев Р.М.', '11А', 'Гасанова З.И.'])
      expect(text).toContain(row);
    expect(text).toContain('Сферум');
    const state = await stateOf(key);
    expect(state.report!.versions[0]!.documentSha256).toBe(toOffice!.attachments[0]!.sha256);
    await app.waitForMessages(
      1,
      (m) =>
        m.envelopeTo[0] === 'sferum@degva.example' &&
        m.subject.startsWith('Квитанция') &&
        m.subject.includes('отчёт по п. 1.9'),
    );
  });

  it('a correction before the deadline is a second version; both are kept in history', async () => {
    expect((await post(`${taskPath()}/report`, reportForm(key, 'submit', { staffActivated: '42' }))).status).toBe(303);
    const [v2] = await app.waitForMessages(
      1,
      (m) =>
        m.envelopeTo[0] === campaign.office.reportMailbox && m.messageId.includes(`${links[key]!.taskId}.report.v2`),
    );
    expect(v2!.subject).toBe('[Сферум] Отчёт по п. 1.9 (редакция 2) — МКОУ «Дегвинская СОШ»');
    const state = await stateOf(key);
    expect(state.report!.versions.map((v) => [v.version, v.report.staffActivated, v.late])).toEqual([
      [1, 40, false],
      [2, 42, false],
    ]);
    const { events } = await app.client.workflow.getHandle(links[key]!.taskId).fetchHistory();
    const accepted = events!.filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'submitReport',
    );
    expect(accepted).toHaveLength(2);
  });

  it('at the deadline the consolidated report lists the school as submitted and the others as missing', async () => {
    const [consolidated] = await app.waitForMessages(
      1,
      (m) => m.envelopeTo[0] === campaign.office.head.email && m.subject.startsWith('Сводный отчёт по п. 1.9'),
      (SECONDS_TO_DEADLINE + 30) * 1000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(consolidated!.subject).toBe('Сводный отчёт по п. 1.9: представили 1 из 3');
    const text = await attachedPdfText(consolidated!);
    expect(text).toContain('Представили отчёт: 1 из 3');
    expect(text).toMatch(/Дегвинская СОШ» +представлен/);
    expect(text).toContain('Не представили отчёт: 2 — МКОУ «Мургукская СОШ», МКОУ «Урахинская СОШ им А.А. Тахо Годи»');
  });

  it('after the deadline a correction is refused, and a first report is accepted late and updates the consolidated report', async () => {
    const refused = await post(`${taskPath()}/report`, reportForm(key, 'submit', { staffActivated: '41' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Срок исправления отчёта истёк');

    expect(
      (await post(`/tasks/${links['murguk/1.9']!.taskId}/report`, reportForm('murguk/1.9', 'submit'))).status,
    ).toBe(303);
    const [late] = await app.waitForMessages(
      1,
      (m) =>
        m.envelopeTo[0] === campaign.office.reportMailbox &&
        m.messageId.includes(`${links['murguk/1.9']!.taskId}.report.v1`),
    );
    expect(late!.subject).toBe('[Сферум] Отчёт по п. 1.9 (с опозданием) — МКОУ «Мургукская СОШ»');
    const [second] = await app.waitForMessages(1, (m) => m.subject.startsWith('Сводный отчёт по п. 1.9 (редакция 2)'));
    expect(second!.subject).toBe('Сводный отчёт по п. 1.9 (редакция 2): представили 2 из 3');
    expect(await attachedPdfText(second!)).toContain(
      'Представили отчёт: 2 из 3 образовательных организаций (в срок — 1, с опозданием — 1)',
    );
    const progress = await eventually(
      () => app.client.workflow.getHandle(`campaign-${campaign.id}`).query(treeProgressQuery),
      (p) => p.consolidatedReports.length === 2,
    );
    expect(progress.consolidatedReports.map((e) => [e.edition, e.submitted, e.total])).toEqual([
      [1, 1, 3],
      [2, 2, 3],
    ]);
    const campaignPage = await (await app.office.fetch(`/campaigns/${campaign.id}`)).text();
    expect(campaignPage).toContain(`/documents/${progress.consolidatedReports![1]!.sha256}`);
    const officePage = await (await app.office.fetch(`/office/tasks/${links[key]!.taskId}`)).text();
    expect(officePage).toContain('2 (учитывается)');
  });
});

describe('clause 1.3: the chat checklist', () => {
  const key = 'urakhi/1.3';
  const update = (input: unknown) =>
    app.client.workflow.getHandle(links[key]!.taskId).executeUpdate(updateChatChecklistUpdate, { args: [input] });

  it('partial updates accumulate; the task completes only when every chat is migrated and the school confirms', async () => {
    await update({
      chats: [
        { scope: '5А', oldMessenger: 'WhatsApp', newChat: '', migrated: false },
        { scope: 'сотрудники', oldMessenger: 'Telegram', newChat: '', migrated: false },
      ],
    });
    await update({ chats: [{ id: 'c1', scope: '5А', oldMessenger: 'WhatsApp', newChat: '5А класс', migrated: true }] });
    let state = await stateOf(key);
    expect(state.checklist!.chats.map((c) => [c.id, c.scope, c.migrated])).toEqual([
      ['c1', '5А', true],
      ['c2', 'сотрудники', false],
    ]);
    expect(state.checklist!.updates).toBe(2);

    await expect(update({ chats: [], noForeignMessengerLeft: true })).rejects.toThrow();
    state = await stateOf(key);
    expect([state.status, state.checklist!.updates]).toEqual(['open', 2]);

    await update({
      chats: [
        {
          id: 'c2',
          scope: 'сотрудники',
          oldMessenger: 'Telegram',
          newChat: 'Педагогический коллектив',
          migrated: true,
        },
      ],
      noForeignMessengerLeft: true,
    });
    const done: AnyTaskState = await app.client.workflow.getHandle(links[key]!.taskId).result();
    expect(done.status).toBe('done');
    const [receipt] = await app.waitForMessages(1, (m) => m.messageId.includes(`${links[key]!.taskId}.receipt`));
    expect(receipt!.text).toContain('сотрудники: Telegram → Педагогический коллектив');
    await eventually(
      () => app.store.tasks.state(links[key]!.taskId),
      (s) => s?.status === 'done',
    );
    await eventually(
      () => app.client.workflow.getHandle(`campaign-${campaign.id}`).query(treeProgressQuery),
      (p) => p.counts.byClause['1.3']?.done === 1,
    );
  });
});
