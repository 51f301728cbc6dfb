// A school officer in a real browser (Chromium): opens the 1.3 link from the email, lists the school's chats in
// two saves, is refused an early confirmation (nothing changes), finishes the migration and gets the receipt.
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

it('completes the chat checklist from the email link, with a refused confirmation on the way', async () => {
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const [mail] = await app.waitForMessages(1, (m) => m.envelopeTo[0] === 'sferum@kadirkent.example');
  const link = taskLinkFrom(mail!, '1.3');
  const handle = app.client.workflow.getHandle(link.taskId);
  const page = await browser.newPage();

  await page.goto(link.url);
  await expect(page.locator('h1').textContent()).resolves.toBe('Перевести служебные чаты в ИКОП «Сферум»');
  await expect(page.locator('.clause').textContent()).resolves.toContain('В кратчайшие сроки перевести все чаты');
  await expect(page.locator('#chat-progress').textContent()).resolves.toContain('В перечне пока нет чатов');

  // The draft order is a GET with the same link: a PDF, nothing changes.
  const orderHref = await page.getAttribute('#order-link', 'href');
  const order = await page.request.get(new URL(orderHref!, page.url()).toString());
  expect(order.status()).toBe(200);
  expect(order.headers()['content-type']).toBe('application/pdf');

  // Two chats in the empty rows: one already moved, one not yet.
  await page.fill('#scope-0', '5А');
  await page.fill('#oldMessenger-0', 'WhatsApp');
  await page.fill('#newChat-0', '5А класс');
  await page.check('#migrated-0');
  await page.fill('#scope-1', 'Сотрудники');
  await page.fill('#oldMessenger-1', 'Telegram');
  await page.click('#save-chats');
  await expect(page.locator('#chat-progress').textContent()).resolves.toContain('Переведено 1 из 2');
  expect(new URL(page.url()).pathname).toBe(`/tasks/${link.taskId}`);

  // Confirming clause 1.5 with a chat still in Telegram is refused; the page keeps what was typed.
  await page.check('#noForeignMessengerLeft');
  await page.fill('#officerName', 'Магомедова З.А.');
  await page.click('#save-chats');
  await expect(page.locator('#form-error').textContent()).resolves.toContain(
    'нельзя подтвердить отказ от иностранных мессенджеров',
  );
  await expect(page.locator('#form-error').textContent()).resolves.toContain('Сотрудники');
  await expect(page.locator('#chat-progress').textContent()).resolves.toContain('Переведено 1 из 2');
  await expect(page.isChecked('#noForeignMessengerLeft')).resolves.toBe(true);
  await expect(page.inputValue('#officerName')).resolves.toBe('Магомедова З.А.');
  const refused = await handle.query(taskStateQuery);
  expect(refused).toMatchObject({
    status: 'open',
    checklist: {
      noForeignMessengerLeft: false,
      updates: 1,
      chats: [
        { scope: '5А', migrated: true },
        { scope: 'Сотрудники', migrated: false },
      ],
    },
  });

  // The staff chat moves too; the confirmation now holds and the task is done.
  await page.fill('#newChat-1', 'Педагоги школы');
  await page.check('#migrated-1');
  await page.click('#save-chats');
  await expect(page.locator('#receipt').textContent()).resolves.toContain('Задача выполнена.');
  await expect(page.locator('#receipt').textContent()).resolves.toContain('Переведено чатов: 2 из 2');
  await page.screenshot({ path: join(screenshots, 'task-receipt.png'), fullPage: true });

  expect(new URL(page.url()).pathname).toBe(`/tasks/${link.taskId}`);
  const state = await handle.query(taskStateQuery);
  expect(state).toMatchObject({
    status: 'done',
    checklist: {
      noForeignMessengerLeft: true,
      chats: [
        { newChat: '5А класс', migrated: true },
        { newChat: 'Педагоги школы', migrated: true },
      ],
    },
  });
});
