// A school officer in a real browser (Chromium): opens the link from the email, makes a mistake, corrects it, submits.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchCampaign } from '../../client/launch-campaign';
import { taskStateQuery } from '../../workflows/definitions';
import { launchChromium } from '../support/browser';
import { exampleCampaign } from '../support/example-campaign';
import { startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

// Its own campaign id: the dev server is shared with other test files.
const campaign = { ...exampleCampaign(), id: 'sergokala-380-browser' };
const screenshots = join(__dirname, '..', '..', 'test-output');
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp('browser');
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('completes the chat-migration task from the email link, with a server-side error on the way', async () => {
  await launchCampaign(app.client, campaign, app.config.temporal.taskQueue);
  const [mail] = await app.waitForMessages(1, (m) => m.envelopeTo[0] === 'sferum@kadirkent.example');
  const link = taskLinkFrom(mail!, '1.3');
  const page = await browser.newPage();

  await page.goto(link.url);
  await expect(page.locator('h1').textContent()).resolves.toBe('Перевести служебные чаты в ИКОП «Сферум»');
  await expect(page.locator('.clause').textContent()).resolves.toContain('В кратчайшие сроки перевести все чаты');

  await page.fill('#officerName', 'Ив');
  await page.check('input[name=confirm]');
  await page.click('button[type=submit]');
  await expect(page.locator('#form-error').textContent()).resolves.toContain('укажите фамилию и инициалы');
  await expect(page.inputValue('#officerName')).resolves.toBe('Ив');

  await page.fill('#officerName', 'Магомедова З.А.');
  await page.fill('#comment', 'Все 11 классных чатов перенесены; иностранные мессенджеры не используются.');
  await page.check('input[name=confirm]');
  await page.click('button[type=submit]');
  await expect(page.locator('#receipt').textContent()).resolves.toContain('Задача выполнена.');
  await page.screenshot({ path: join(screenshots, 'task-receipt.png'), fullPage: true });

  expect(new URL(page.url()).pathname).toBe(`/tasks/${link.taskId}`);
  const state = await app.client.workflow.getHandle(link.taskId).query(taskStateQuery);
  expect(state).toMatchObject({ status: 'done', submission: { officerName: 'Магомедова З.А.' } });
});
