// The questionnaire on the real dev server, through real HTTP, SMTP and Chromium: a school saves a draft, is shown
// every problem at once at its field, submits and corrects until the deadline; each version's receipt carries its
// answers; the office reads the table, downloads CSV and XLSX and issues the consolidated PDF; the journal has it all.
import { Workbook } from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchCampaign } from '../../client/launch-campaign';
import { campaignTimeline } from '../../client/audit-timeline';
import { loadCampaignFile } from '../../client/load-campaign';
import type { Campaign } from '../../domain/campaign-schema';
import { taskStateQuery } from '../../workflows/definitions';
import { launchChromium, signedInPage } from '../support/browser';
import type { AnyTaskState } from '../support/task-state';
import { pdfText, TEST_OUTPUT_DIR } from '../support/pdf-text';
import { join } from 'node:path';
import { ANSWERED_FORM, QUESTIONNAIRE_EXAMPLE_FILE } from '../support/questionnaire-example';
import { replayAndKeep } from '../support/recorded-histories';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const SECONDS_TO_DEADLINE = 45;
let app: TestApp;
let browser: Browser;
let campaign: Campaign;
let deadline: number;
let summaryWorkflowId: string | undefined;
const links: Record<string, ReturnType<typeof taskLinkFrom>> = {};

/** The example for three schools, due today at a local hour a few seconds from now. */
function questionnaireDueSoon(): Campaign {
  const base = loadCampaignFile(QUESTIONNAIRE_EXAMPLE_FILE);
  deadline = Date.now() + SECONDS_TO_DEADLINE * 1000;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: base.timeZone }).format(new Date(deadline));
  const midnight = Date.parse(`${today}T00:00:00+03:00`); // Europe/Moscow has no DST
  const clauses = base.decree.clauses.map((c) =>
    c.task ? { ...c, task: { ...c.task, due: today, dueHour: (deadline - midnight) / 3_600_000 } } : c,
  );
  return { ...base, id: 'monitoring-int', schools: base.schools.slice(0, 3), decree: { ...base.decree, clauses } };
}

beforeAll(async () => {
  app = await startTestApp('questionnaire');
  browser = await launchChromium();
  campaign = questionnaireDueSoon();
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const mails = await app.waitForMessages(3, (m) => m.subject.startsWith('РАСПОРЯЖЕНИЕ № 41'));
  for (const school of campaign.schools)
    links[school.id] = taskLinkFrom(
      mails.find((m) => m.envelopeTo[0] === school.officer.email)!,
      '1',
    );
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const post = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return fetch(`${app.webUrl}${path}`, { method: 'POST', body, redirect: 'manual' });
};
const stateOf = (school: string): Promise<AnyTaskState> =>
  app.client.workflow.getHandle(links[school]!.taskId).query(taskStateQuery);
const answersPath = (school: string) => `/tasks/${links[school]!.taskId}/answers`;

function form(school: string, action: 'draft' | 'submit', overrides: Record<string, string | string[]> = {}) {
  const secondClass = { 'r.classes.1.row': '6Б', 'r.classes.1.pupils': '20', 'r.classes.1.in-chat': '18' };
  const rest = { 'r.classes.1.teacher-in-chat': 'no', 'q.problems': 'Не у всех родителей есть смартфоны' };
  return { ...ANSWERED_FORM, t: links[school]!.token, action, ...secondClass, ...rest, ...overrides };
}

describe('a school answers the questionnaire', () => {
  it('a draft is saved as typed, even with a wrong answer, and the form resumes from the link', async () => {
    const saved = await post(answersPath('degva'), form('degva', 'draft', { 'q.staff-total': 'сорок два' }));
    expect(saved.status).toBe(303);
    expect((await stateOf('degva')).questionnaire!.draft!.values['staff-total']).toBe('сорок два');
    const page = await (await fetch(links.degva!.url)).text();
    expect(page).toContain('value="сорок два"');
    expect(page).toContain('Черновик сохранён');
  });

  it('a wrong form is refused with every problem in a summary linked to its field; nothing is submitted', async () => {
    const refused = await post(
      answersPath('degva'),
      form('degva', 'submit', { 'q.staff-total': '', 'q.order-date': '31.02.2024', 'r.classes.1.in-chat': 'все' }),
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('id="error-summary"');
    expect(page).toContain('Ответы не отправлены: 3 ошибки');
    for (const field of ['q-staff-total', 'q-order-date', 'q-classes-1-in-chat']) {
      expect(page).toContain(`href="#${field}"`);
      expect(page).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    }
    expect(page).toContain('value="все"'); // what was typed is kept
    expect((await stateOf('degva')).questionnaire!.versions).toEqual([]);
  });

  it('submitted answers are version 1, with a receipt that carries them', async () => {
    const sent = await post(answersPath('degva'), form('degva', 'submit'));
    expect(sent.status).toBe(303);
    const state = await stateOf('degva');
    expect(state.status).toBe('done');
    expect(state.questionnaire!.versions[0]!.answers.answers['staff-total']).toBe(42);
    const [receipt] = await app.waitForMessages(1, (m) => m.subject.includes('ответы на анкету по п. 1 приняты'));
    expect(receipt!.envelopeTo).toEqual([campaign.schools[0]!.officer.email]);
    expect(receipt!.text).toContain(
      '6Б; Обучающихся в классе: 20; Из них в чате класса: 18; Классный руководитель в чате: нет',
    );
    expect(receipt!.messageId).toContain('answers.v1.receipt');
    const page = await (await fetch(links.degva!.url)).text();
    expect(page).toContain('Ответы приняты.');
    expect(page).toContain('Исправления принимаются до');
  });

  it('a correction before the deadline is version 2 with its own receipt', async () => {
    const sent = await post(answersPath('degva'), form('degva', 'submit', { 'q.staff-active': '41' }));
    expect(sent.status).toBe(303);
    const state = await eventually(
      () => stateOf('degva'),
      (s) => s.questionnaire!.versions.length === 2,
    );
    expect(state.questionnaire!.versions[1]!.answers.answers['staff-active']).toBe(41);
    await app.waitForMessages(1, (m) => m.subject.includes('(редакция 2)'));
  });

  it('on a phone (360 px) the form fits the screen and the error summary takes the focus', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(links.murguk!.url);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await fits()).toBeLessThanOrEqual(360);
    await page.fill('#q-staff-total', '15');
    await page.click('#submit-answers');
    await page.waitForSelector('#error-summary');
    expect(await fits()).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await page.click('#error-summary a[href="#q-staff-active"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-staff-active');
    expect(await page.inputValue('#q-staff-total')).toBe('15');
    await page.close();
  });
});

describe('the office reads the answers', () => {
  it('the table shows who answered, and the figures over those who did', async () => {
    const res = await app.office.fetch(`/campaigns/${campaign.id}/answers/1`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/Ответы получены от <b id="answered">1<\/b> из <b id="total">3<\/b>/);
    expect(page).toContain('сумма: <b>42</b>');
    expect(page).toContain('ответа нет');
    const taskPage = await (await app.office.fetch(`/office/tasks/${links.degva!.taskId}`)).text();
    expect(taskPage).toContain('Редакция 2');
    expect(taskPage).toContain('6Б; Обучающихся в классе: 20');
    const campaignPage = await (await app.office.fetch(`/campaigns/${campaign.id}`)).text();
    expect(campaignPage).toContain(`href="/campaigns/${campaign.id}/answers/1"`);
    // Named as people know it: the order's kind, number, date and title, on the campaign page and the home page.
    const name = 'Распоряжение № 41 от 05.11.2024 «О проведении мониторинга использования ИКОП «Сферум»';
    expect(campaignPage).toContain(`<h1>${name}`);
    expect(await (await app.office.fetch('/')).text()).toContain(`<a href="/campaigns/${campaign.id}">${name}`);
  });

  it('CSV for Russian Excel and XLSX with numbers as numbers and a sheet of class rows', async () => {
    const csv = await app.office.fetch(`/campaigns/${campaign.id}/answers/1/answers.csv`);
    expect(csv.headers.get('content-disposition')).toContain('anketa-p1-monitoring-int.csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark Excel needs for UTF-8
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[1]).toContain('МКОУ «Дегвинская СОШ»');
    const xlsx = await app.office.fetch(`/campaigns/${campaign.id}/answers/1/answers.xlsx`);
    const book = new Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const answers = book.getWorksheet('Ответы')!;
    const degva = answers.getRow(2);
    expect(degva.getCell(3).value).toBe('МКОУ «Дегвинская СОШ»');
    expect(degva.getCell(8).value).toBe(42);
    const classes = book.worksheets[1]!;
    expect(classes.rowCount).toBe(3);
    expect(classes.getRow(3).values).toEqual([undefined, '', 'МКОУ «Дегвинская СОШ»', '6Б', 20, 18, 'нет']);
  });

  it('the consolidated PDF is issued by a workflow, verifiable, and in the journal', async () => {
    const issued = await app.office.postForm(`/campaigns/${campaign.id}/answers/1/summary`, {});
    expect(issued.status).toBe(303);
    const sha = /issued=([0-9a-f]{64})/.exec(issued.headers.get('location') ?? '')?.[1];
    expect(sha).toBeDefined();
    const pdf = await app.office.fetch(`/documents/${sha}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Saved under a name a person recognises, not as its hash.
    expect(pdf.headers.get('content-disposition')).toBe(
      `inline; filename="svodka-otvetov-monitoring-int-${sha!.slice(0, 8)}.pdf"`,
    );
    const text = pdfText('questionnaire-summary', Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('СВОДКА ОТВЕТОВ ШКОЛ');
    expect(text).toMatch(/ответы получены от 1 из 3 школ/);
    expect(text).toContain('МКОУ «Мургукская СОШ»');
    expect(text).toContain('Код проверки');
    const journal = await eventually(
      () => campaignTimeline(app.client, campaign.id),
      (t) => t.events.some((e) => e.kind === 'answers.summarised'),
    );
    const kinds = journal.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'answers.submitted')).toHaveLength(2);
    expect(kinds).toContain('draft.saved');
    const summarised = journal.events.find((e) => e.kind === 'answers.summarised')!;
    summaryWorkflowId = summarised.workflowId;
    expect(summarised).toMatchObject({
      clause: '1',
      details: { sha256: sha, answered: 1, total: 3, by: app.office.login },
    });
    const receipts = journal.events.filter(
      (e) => e.kind === 'mail.sent' && e.details.activity === 'mailAnswersReceipt',
    );
    expect(receipts).toHaveLength(2);
  });
});

it('the office’s answers page fits 1280 and 360 px: the wide table scrolls inside its frame, not the page', async () => {
  const page = await signedInPage(browser, app.webUrl, app.office);
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${app.webUrl}/campaigns/${campaign.id}/answers/1`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(TEST_OUTPUT_DIR, `questionnaire-answers-${width}.png`), fullPage: true });
  }
  await page.close();
});

describe('after the deadline', () => {
  it('a correction is refused, the accepted answers stand and the task closes', async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now() + 1500)));
    const refused = await post(answersPath('degva'), form('degva', 'submit', { 'q.staff-active': '1' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Срок исправления');
    const result = await app.client.workflow.getHandle(links.degva!.taskId).result();
    expect(result.questionnaire!.versions).toHaveLength(2);
  });

  it('answers first sent after the deadline are accepted, marked late and final', async () => {
    const sent = await post(answersPath('urakhi'), form('urakhi', 'submit'));
    expect(sent.status).toBe(303);
    const result = await app.client.workflow.getHandle(links.urakhi!.taskId).result();
    expect(result.questionnaire!.versions[0]!.late).toBe(true);
    expect(await (await app.office.fetch(`/campaigns/${campaign.id}/answers/1`)).text()).toContain(
      'ответы получены после срока',
    );
  });
});

it('its histories replay against the workflow code (and are kept for test/fixtures/histories)', async () => {
  const ids = [links.degva!.taskId, summaryWorkflowId!];
  expect(await replayAndKeep(app.client, ids)).toEqual(ids.map((id) => [id, undefined]));
});
