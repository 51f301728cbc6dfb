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
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-office-browser' };
const screenshots = join(__dirname, '..', '..', 'test-output');
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
  expect(await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).describe().then(() => true, () => false)).toBe(false);

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
  await eventually(() => app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery), (p) => p.counts.mailed === 12);
  await page.reload();
  await page.screenshot({ path: join(screenshots, 'office-campaign-page.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('#view-switch')]);
  expect(await page.textContent('#schools-found')).toContain('Найдено школ: 12.');
  expect(await page.locator('#matrix td[data-status="open"]').count()).toBe(36);
  await page.screenshot({ path: join(screenshots, 'office-campaign-matrix.png'), fullPage: true });
});

it('the auditor reads the campaign\'s timeline in the browser and sees no office actions', async () => {
  const auditor = await staffSession(app.store, app.webUrl, 'auditor');
  const page = await signedInPage(browser, app.webUrl, auditor);
  await page.goto(`${app.webUrl}/campaigns/${campaign.id}`);
  expect(await page.locator('form[action$="/withdraw"]').count()).toBe(0);
  await Promise.all([page.waitForNavigation(), page.click('#audit-link')]);
  expect(await page.textContent('#audit-count')).toMatch(/Событий: \d+/);
  expect(await page.locator('#audit-events tr[data-kind="decree.rendered"]').count()).toBe(1);
  expect(await page.locator('#audit-events tr[data-kind="mail.sent"]').count()).toBe(12);
  await page.screenshot({ path: join(screenshots, 'auditor-timeline.png'), fullPage: true });
});
