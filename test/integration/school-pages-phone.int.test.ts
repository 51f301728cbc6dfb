// Every page a school officer meets, in every state, on a phone: at 360 and 390 px wide nothing scrolls sideways and
// every control lies within the screen (Chromium, the real app). Most officers open the mail on a phone.
import type { Browser, Page } from 'playwright-core';
import { launchCampaign } from '../../client/launch-campaign';
import { loadCampaignFile } from '../../client/load-campaign';
import { withdrawTaskSignal } from '../../workflows/definitions';
import { launchChromium } from '../support/browser';
import { exampleCampaign } from '../support/example-campaign';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';
import { join } from 'node:path';

const WIDTHS = [360, 390];
const decree = { ...exampleCampaign(), id: 'sergokala-380-phone' };
decree.schools = decree.schools.slice(0, 2);
const monitoring = loadCampaignFile(
  join(__dirname, '..', '..', 'examples', 'monitoring-questionnaire', 'campaign.yaml'),
);
const questionnaire = { ...monitoring, id: 'monitoring-phone', schools: monitoring.schools.slice(0, 1) };
let app: TestApp;
let browser: Browser;
let page: Page;
const links: Record<string, ReturnType<typeof taskLinkFrom>> = {};

beforeAll(async () => {
  app = await startTestApp('phone');
  browser = await launchChromium();
  const deps = { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents };
  await launchCampaign(deps, decree);
  await launchCampaign(deps, questionnaire);
  const mails = await app.waitForMessages(3, (m) => / № (380|41) /.test(m.subject));
  const mailTo = (email: string, subject: string) =>
    mails.find((m) => m.envelopeTo[0] === email && m.subject.includes(subject))!;
  for (const school of decree.schools)
    for (const clause of ['1.2', '1.3', '1.9'])
      links[`${school.id}/${clause}`] = taskLinkFrom(mailTo(school.officer.email, '№ 380'), clause);
  links.questionnaire = taskLinkFrom(mailTo(questionnaire.schools[0]!.officer.email, '№ 41'), '1');
  page = await browser.newPage({ viewport: { width: WIDTHS[0]!, height: 740 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** What sticks out at this width: the page's own sideways scroll, and each control past the screen's edge. */
async function overflowAt(width: number): Promise<string[]> {
  await page.setViewportSize({ width, height: 740 });
  return page.evaluate(() => {
    const found: string[] = [];
    const screen = window.innerWidth;
    if (document.documentElement.scrollWidth > screen) found.push(`page ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (box.right > screen + 1 || box.left < -1)
        found.push(`${el.tagName.toLowerCase()}#${el.id || (el as HTMLInputElement).name || el.textContent}`);
    }
    return found;
  });
}

async function expectFits(state: string): Promise<void> {
  for (const width of WIDTHS) expect([state, width, await overflowAt(width)]).toEqual([state, width, []]);
}

it('the attestation (1.2): the form, a refusal, the receipt', async () => {
  await page.goto(links['degva/1.2']!.url);
  await expectFits('1.2 form');
  await page.fill('#staffTotal', '40');
  await page.fill('#staffRegistered', '41');
  await page.click('text=Отправить отметку о выполнении');
  // Every problem at once, in the form's order, each a link to its field, marked there too; the summary has the focus.
  await page.waitForSelector('#error-summary');
  expect(await page.$$eval('#error-summary a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
    '#staffRegistered',
    '#officerName',
    '#confirm',
  ]);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
  expect(await page.getAttribute('#staffRegistered', 'aria-invalid')).toBe('true');
  expect(await page.getAttribute('#officerName', 'aria-describedby')).toBe('officerName-error');
  expect(await page.inputValue('#staffRegistered')).toBe('41');
  await expectFits('1.2 refused');
  await page.fill('#staffRegistered', '40');
  await page.fill('#officerName', 'Иванова А.А.');
  await page.check('#confirm');
  await page.click('text=Отправить отметку о выполнении');
  await page.waitForSelector('#receipt');
  await expectFits('1.2 receipt');
});

it('the chat checklist (1.3): the rows, a refused confirmation, the receipt', async () => {
  await page.goto(links['degva/1.3']!.url);
  await expectFits('1.3 form');
  await page.fill('#scope-0', '5А');
  await page.fill('#oldMessenger-0', 'WhatsApp');
  await page.check('#noForeignMessengerLeft');
  await page.fill('#officerName', 'Магомедова З.А.');
  await page.click('#save-chats');
  await page.waitForSelector('#form-error');
  await expectFits('1.3 refused');
  await page.fill('#newChat-0', '5А класс');
  await page.check('#migrated-0');
  await page.click('#save-chats');
  await page.waitForSelector('#receipt');
  await expectFits('1.3 receipt');
});

it('the report (1.9): the empty form, a refusal, the receipt with its versions', async () => {
  await page.goto(links['degva/1.9']!.url);
  await expectFits('1.9 form');
  await page.click('#submit-report');
  await page.waitForSelector('#form-error');
  await expectFits('1.9 refused');
  await page.fill('#className-0', '5А');
  await page.fill('#classTeacher-0', 'Магомедова П.А.');
  for (const [field, value] of [
    ['staffTotal', '42'],
    ['staffActivated', '40'],
    ['studentsTotal', '380'],
    ['studentsActivated', '170'],
    ['interaction', 'Учителя ведут классные чаты.'],
    ['officerName', 'Ибрагимова С.М.'],
  ])
    await page.fill(`#${field}`, value!);
  await page.click('#submit-report');
  await page.waitForSelector('#report-versions');
  await expectFits('1.9 receipt');
});

it('the questionnaire: the form, and every problem at once', async () => {
  await page.goto(links.questionnaire!.url);
  await expectFits('questionnaire form');
  await page.click('#submit-answers');
  await page.waitForSelector('#error-summary');
  await expectFits('questionnaire refused');
});

/** The element that has the focus, and how far from the top of the screen it is. */
const focused = () =>
  page.evaluate(() => ({ id: document.activeElement?.id, top: document.activeElement?.getBoundingClientRect().top }));

it('the answer to an extension request is at the top of the page, focused; refused, then accepted', async () => {
  await page.goto(links['murguk/1.3']!.url);
  await page.fill('#newDue', '31.02.2030');
  await page.fill('#reason', 'Нет связи в горных сёлах');
  await page.click('text=Запросить перенос срока');
  await page.waitForSelector('#feedback.error');
  expect(await page.textContent('#feedback')).toContain('укажите новый срок датой');
  expect(await focused()).toEqual({ id: 'feedback', top: expect.any(Number) });
  expect((await focused()).top).toBeLessThan(200);
  expect(await page.inputValue('#reason')).toBe('Нет связи в горных сёлах'); // what was typed is kept
  await page.fill('#newDue', '30.12.2030');
  await page.click('text=Запросить перенос срока');
  await page.waitForSelector('#feedback.ok');
  expect(await page.textContent('#feedback')).toContain('Запрос на перенос срока до 30.12.2030 отправлен');
  expect(await focused()).toMatchObject({ id: 'feedback' });
  expect((await focused()).top).toBeLessThan(200);
  await expectFits('extension pending');
});

it('a task withdrawn, a link that does not open', async () => {
  await app.client.workflow.getHandle(links['murguk/1.2']!.taskId).signal(withdrawTaskSignal, { reason: 'проверка' });
  await eventually(
    async () => (await page.goto(links['murguk/1.2']!.url), await page.locator('#withdrawn').count()),
    (n) => n === 1,
  );
  await expectFits('withdrawn');
  await page.goto(`${links['murguk/1.9']!.url}x`);
  await expectFits('link refused');
});
