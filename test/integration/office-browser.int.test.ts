// The office in a real browser (Chromium): signs in, pastes a campaign file with mistakes and sees each one with
// its field path, uploads the corrected file, reads the decree PDF, launches, and watches the campaign page; the
// auditor opens the campaign's timeline. Screenshots go to test-output/ for review.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { campaignWorkflowId } from '../../domain/ids';
import { treeProgressQuery } from '../../workflows/definitions';
import { launchChromium, signedInPage } from '../support/browser';
import { exampleCampaign } from '../support/example-campaign';
import { staffSession } from '../support/staff-session';
import { pdfText } from '../support/pdf-text';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-office-browser' };
const screenshots = join(__dirname, '..', '..', 'test-output', 'screenshots');
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp('office-browser');
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('in the browser: an office page sends a stranger to sign-in, a wrong password is refused, sign-out ends the session, a form without its token is refused', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${app.webUrl}/outbox`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.fill('#login', app.office.login);
  await page.fill('#password', 'не тот пароль');
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  expect(await page.textContent('#sign-in-error')).toContain('Неверный логин или пароль');
  await page.fill('#password', app.office.password);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  expect(new URL(page.url()).pathname).toBe('/outbox'); // back where the stranger was sent from
  await page.screenshot({ path: join(screenshots, 'office-outbox.png'), fullPage: true });

  // A form whose token was taken out (as a forged page would lack it) is refused, and nothing is created.
  await page.goto(`${app.webUrl}/campaigns/new`);
  await page.evaluate(() => {
    (document.querySelector('#campaign-upload input[name="_csrf"]') as HTMLInputElement).value = 'forged';
  });
  await page.fill('#source', 'id: x');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/campaigns/new')),
    page.click('#check-campaign'),
  ]);
  expect(refused.status()).toBe(403);
  expect(await page.textContent('#refusal')).toContain('Форма устарела');

  await page.goto(`${app.webUrl}/`);
  await Promise.all([page.waitForNavigation(), page.click('#sign-out')]);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.goto(`${app.webUrl}/outbox`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.screenshot({ path: join(screenshots, 'sign-in.png'), fullPage: true });
});

it('the office checks a campaign file, previews the decree and launches it from the browser', async () => {
  const page = await signedInPage(browser, app.webUrl, app.office);
  await page.click('#new-campaign');
  const broken = JSON.parse(JSON.stringify(campaign));
  broken.schools[2].officer.email = 'не адрес';
  delete broken.decree.number;
  await page.fill('#source', JSON.stringify(broken, null, 2));
  await Promise.all([page.waitForNavigation(), page.click('#check-campaign')]);
  const problems = await page.textContent('#campaign-problems');
  expect(problems).toContain('schools[2].officer.email');
  expect(problems).toContain('decree.number');
  expect(await page.inputValue('#source')).toContain('"не адрес"'); // what was pasted stays, to be corrected in place
  await page.screenshot({ path: join(screenshots, 'office-campaign-problems.png'), fullPage: true });
  expect(
    await app.client.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .describe()
      .then(
        () => true,
        () => false,
      ),
  ).toBe(false);

  const file = join(tmpdir(), `campaign-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(campaign));
  await page.fill('#source', '');
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForNavigation(), page.click('#check-campaign')]);
  expect(await page.textContent('#draft-accepted')).toContain('ошибок нет');
  expect(await page.textContent('#draft-summary')).toContain('36');
  const pdfHref = await page.getAttribute('#decree-preview', 'href');
  const pdf = await page.request.get(`${app.webUrl}${pdfHref}`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  expect(app.sink!.messages()).toHaveLength(0); // nothing is sent before the launch
  await page.screenshot({ path: join(screenshots, 'office-campaign-preview.png'), fullPage: true });

  await Promise.all([page.waitForNavigation(), page.click('#launch')]);
  expect(page.url()).toBe(`${app.webUrl}/campaigns/${campaign.id}`);
  await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
  await eventually(
    () => app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery),
    (p) => p.counts.mailed === 12,
  );
  await page.reload();
  await page.screenshot({ path: join(screenshots, 'office-campaign-page.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('#view-switch')]);
  expect(await page.textContent('#schools-found')).toContain('Найдено школ: 12.');
  // The example's due dates are in 2024: today every open task is overdue.
  expect(await page.locator('#matrix td[data-status="overdue"]').count()).toBe(36);
  await page.screenshot({ path: join(screenshots, 'office-campaign-matrix.png'), fullPage: true });
});

it("a school completes a task from its link; the office's matrix shows it done", async () => {
  const mail = app.sink!.messages().find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
  const link = taskLinkFrom(mail, '1.2');
  const school = await (await browser.newContext()).newPage();
  await school.goto(link.url);
  await school.fill('#staffTotal', '27');
  await school.fill('#staffRegistered', '27');
  await school.fill('#officerName', 'Магомедова З.А.');
  await school.check('input[name=confirm]');
  await Promise.all([school.waitForNavigation(), school.click('button[type=submit]')]);
  await school.screenshot({ path: join(screenshots, 'school-receipt.png'), fullPage: true });
  const office = await signedInPage(browser, app.webUrl, app.office);
  await eventually(
    async () => {
      await office.goto(`${app.webUrl}/campaigns/${campaign.id}?view=matrix`);
      return office.locator('#matrix td[data-status="done"]').count();
    },
    (n) => n === 1,
  );
  expect(await office.locator('#matrix td[data-status="done"]').textContent()).toMatch(/^выполнена \d\d\.\d\d\.\d{4}$/);
  expect(await office.locator('#matrix td[data-status="overdue"]').count()).toBe(35);
  await office.screenshot({ path: join(screenshots, 'office-matrix-after-completion.png'), fullPage: true });
});

it('the auditor reads the timeline with that submission, exports it, checks the decree and replays the histories', async () => {
  const auditor = await staffSession(app.store, app.webUrl, 'auditor');
  const page = await signedInPage(browser, app.webUrl, auditor);
  await page.goto(`${app.webUrl}/campaigns/${campaign.id}`);
  expect(await page.locator('form[action$="/withdraw"]').count()).toBe(0);
  await Promise.all([page.waitForNavigation(), page.click('#audit-link')]);
  expect(await page.textContent('#audit-count')).toMatch(/Событий: \d+/);
  expect(await page.locator('#audit-events tr[data-kind="decree.rendered"]').count()).toBe(1);
  expect(await page.locator('#audit-events tr[data-kind="mail.sent"]').count()).toBeGreaterThanOrEqual(12);
  expect(await page.locator('#audit-events tr[data-kind="task.submitted"]').textContent()).toContain('degva');
  await page.screenshot({ path: join(screenshots, 'auditor-timeline.png'), fullPage: true });

  // The CSV parsed back: a BOM, «;» between fields, the submission's row with the Cyrillic intact.
  const csv = await (await page.request.get(`${app.webUrl}/audit/campaigns/${campaign.id}?format=csv`)).body();
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = csv
    .toString('utf8')
    .slice(1)
    .trim()
    .split('\r\n')
    .map((line) => line.split(';'));
  expect(rows[0]![4]).toBe('Вид');
  const submitted = rows.find((r) => r[4] === 'отчёт об исполнении')!;
  expect(submitted.slice(5, 7)).toEqual(['1.2', 'degva']);
  expect(submitted.join(';')).toContain('Магомедова З.А.');
  const pdf = await (await page.request.get(`${app.webUrl}/audit/campaigns/${campaign.id}?format=pdf`)).body();
  const text = pdfText('auditor-timeline', pdf);
  expect(text).toContain('ЖУРНАЛ СОБЫТИЙ КАМПАНИИ');
  expect(text).toContain('отчёт об исполнении');

  await Promise.all([page.waitForNavigation(), page.click('#replay-link')]);
  await Promise.all([page.waitForNavigation(), page.click('#start-replay')]);
  await eventually(
    async () => {
      await page.reload();
      return page.locator('#replay-result').textContent();
    },
    (t) => Boolean(t?.includes('расхождений: 0')),
    120_000,
  );
  await page.screenshot({ path: join(screenshots, 'auditor-replay.png'), fullPage: true });
}, 180_000);

it('anyone checks a decree PDF in the browser: the genuine file is confirmed, an altered one is unknown', async () => {
  const mail = app.sink!.messages().find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
  const genuine = join(tmpdir(), `decree-${process.pid}.pdf`);
  const altered = join(tmpdir(), `decree-altered-${process.pid}.pdf`);
  const bytes = Buffer.from(await (await app.office.fetch(`/outbox/${mail.id}/attachments/0`)).arrayBuffer());
  writeFileSync(genuine, bytes);
  const copy = Buffer.from(bytes);
  const middle = Math.floor(copy.length / 2);
  copy[middle] = copy[middle]! ^ 0xff;
  writeFileSync(altered, copy);
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${app.webUrl}/verify`);
  await page.setInputFiles('#file', genuine);
  await Promise.all([page.waitForNavigation(), page.click('#verify-file')]);
  expect(await page.getAttribute('#verify-result', 'data-genuine')).toBe('true');
  expect(await page.textContent('#verify-result')).toContain('Документ подлинный.');
  await page.screenshot({ path: join(screenshots, 'verify-genuine.png'), fullPage: true });
  await page.setInputFiles('#file', altered);
  await Promise.all([page.waitForNavigation(), page.click('#verify-file')]);
  expect(await page.getAttribute('#verify-result', 'data-genuine')).toBe('false');
  await page.screenshot({ path: join(screenshots, 'verify-altered.png'), fullPage: true });
});
