// A statistics file that does not fit the roster, on the real dev server, SMTP sink and Chromium: the office page
// previews it and starts nothing until the office confirms; the CLI refuses it without --accept-partial.
import { createServer, request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { launchCampaign } from '../../client/launch-campaign';
import { weeklyStatisticsScheduleId } from '../../domain/ids';
import { launchChromium, signedInPage } from '../support/browser';
import { decreeCli } from '../support/decree-cli';
import { exampleCampaign } from '../support/example-campaign';
import { freePort } from '../support/free-port';
import { excelCsv, weekFigures } from '../support/statistics-files';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-preview' };
const dir = mkdtempSync(join(tmpdir(), 'decree-preview-'));
let app: TestApp;
let browser: Browser;
let mailsAfterLaunch: number;

/** 11 of the 12 schools (Канасирагинская СОШ is missing) and a row of a school the campaign does not know. */
function partialFile(staff: number): Buffer {
  const figures = weekFigures(campaign, () => staff).filter((f) => f.schoolId !== 'kanasiraghi');
  // Encoded like the rest of the file: a Cyrillic line written as latin1 would turn into control bytes.
  const unknownSchool = encode('\r\n0527009999;"МКОУ ""Дегвиская СОШ""";90%;80%;40%;5;10;Активен', 'win1251');
  return Buffer.concat([excelCsv(campaign, figures), unknownSchool]);
}

beforeAll(async () => {
  app = await startTestApp('preview');
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
  mailsAfterLaunch = app.sink!.messages().length;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.client.schedule
    .getHandle(weeklyStatisticsScheduleId(campaign.id))
    .delete()
    .catch(() => undefined);
  await app?.stop();
});

const ledger = () => app.store.ledger(campaign.id);
async function analysisWorkflows(): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of app.client.workflow.list({
    query: `WorkflowType = 'weeklyAnalysisWorkflow' AND CampaignId = '${campaign.id}'`,
  }))
    ids.push(wf.workflowId);
  return ids;
}

it('a partial file uploaded in the browser shows its preview and starts nothing until the office confirms', async () => {
  const file = join(dir, 'sferum-w47.csv');
  writeFileSync(file, partialFile(95));
  const page = await signedInPage(browser, app.webUrl, app.office);
  await page.goto(`${app.webUrl}/campaigns/${campaign.id}/statistics`);
  await page.fill('#week', '2024-W47');
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForNavigation(), page.click('#upload-statistics')]);

  expect(await page.textContent('#preview-verdict')).toContain(
    'сопоставлено школ — 11 из 12, строк без школы в списке кампании — 1, школ нет в файле — 1',
  );
  expect(await page.textContent('#preview-missing')).toContain('МКОУ «Канасирагинская СОШ»');
  const unmatched = await page.textContent('#preview-unmatched');
  expect(unmatched).toContain('МКОУ "Дегвиская СОШ"');
  expect(unmatched).toContain('МКОУ «Дегвинская СОШ»'); // the closest roster name is suggested
  expect(await page.locator('#preview-schools tr').count()).toBe(12); // header + 11 schools

  // Nothing happened: no week in the ledger, no analysis workflow in Temporal visibility, no mail.
  await new Promise((r) => setTimeout(r, 3000));
  expect(await ledger().entries()).toEqual([]);
  expect(await analysisWorkflows()).toEqual([]);
  expect(app.sink!.messages()).toHaveLength(mailsAfterLaunch);

  await Promise.all([page.waitForNavigation(), page.click('#confirm-import')]);
  expect(await page.textContent('#import-result')).toContain('Статистика за неделю 2024-W47 загружена');
  const [report] = await app.waitForMessages(1, (m) =>
    m.subject.startsWith('Анализ статистики ИКОП «Сферум» за неделю 2024-W47'),
  );
  expect(report!.text).toContain('Канасирагинская');
  expect(await eventually(analysisWorkflows, (ids) => ids.length === 1)).toHaveLength(1);
  expect((await ledger().load((await ledger().latest())!.sha256)).partialAccepted).toEqual({ via: 'office-page' });
  await page.close();
});

it("a page on another site that auto-submits the confirmation in the officer's browser imports nothing", async () => {
  const upload = new FormData();
  upload.append('week', '2024-W51');
  upload.append('file', new Blob([new Uint8Array(partialFile(94))]), 'sferum-w51.csv');
  const previewHtml = await (
    await app.office.fetch(`/campaigns/${campaign.id}/statistics`, { method: 'POST', body: upload })
  ).text();
  const fileSha = /name="file" value="([0-9a-f]{64})"/.exec(previewHtml)?.[1];
  expect(fileSha).toBeDefined();
  const hostile = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<form method="post" action="${app.webUrl}/campaigns/${campaign.id}/statistics/confirm"><input name="week" value="2024-W51"><input name="file" value="${fileSha}"><input name="filename" value="x.csv"></form><script>document.forms[0].submit()</script>`,
      ),
  );
  const port = await freePort();
  await new Promise<void>((resolve) => hostile.listen(port, '127.0.0.1', resolve));
  const page = await signedInPage(browser, app.webUrl, app.office); // the officer is signed in, as in real life
  const refused = page.waitForResponse((r) => r.url().endsWith('/statistics/confirm'));
  await page.goto(`http://localhost:${port}/`);
  expect((await refused).status()).toBe(403);
  expect(await page.textContent('body')).toContain('форма отправлена с другого сайта');
  expect((await ledger().entries()).filter((e) => e.week === '2024-W51')).toEqual([]);
  expect((await analysisWorkflows()).filter((id) => id.includes('2024-W51'))).toEqual([]);
  await page.close();
  await new Promise((r) => hostile.close(r));
});

it('the upload form refuses bodies that are not an upload: too many fields, a long field, a declared size over the limit', async () => {
  const path = `/campaigns/${campaign.id}/statistics`;
  const url = `${app.webUrl}${path}`;
  const many = new FormData();
  for (let i = 0; i < 50; i++) many.append(`f${i}`, 'x');
  const tooMany = await app.office.fetch(path, { method: 'POST', body: many });
  expect(tooMany.status).toBe(413);
  const long = new FormData();
  long.append('week', 'x'.repeat(5000));
  const tooLong = await app.office.fetch(path, { method: 'POST', body: long });
  expect(tooLong.status).toBe(413);
  expect(await tooLong.text()).toContain('Поле «week» формы слишком длинное.');
  // 54 MB declared: refused from the header, before the body is read (the request sends a few bytes only).
  const declared = await new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(54 * 1024 * 1024),
          cookie: app.office.cookieHeader(),
          'x-csrf-token': app.office.csrf,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write('--x\r\n');
  });
  expect(declared).toBe(413);
  expect((await ledger().entries()).filter((e) => e.week === '2024-W50')).toEqual([]);
});

describe('the CLI', () => {
  const env = () => ({
    ...process.env,
    TEMPORAL_ADDRESS: app.config.temporal.address,
    TEMPORAL_TASK_QUEUE: app.config.temporal.taskQueue,
    DATA_DIR: app.config.dataDir,
    EMBEDDED_POSTGRES_PORT: String(app.config.store.embeddedPort),
  });
  const campaignFile = join(dir, 'campaign.json');
  const cli = (...args: string[]) => decreeCli(['stats', ...args, '--campaign', campaignFile], env());
  beforeAll(() => writeFileSync(campaignFile, JSON.stringify(campaign)));

  it('refuses the same partial file without --accept-partial, with exit code 1, and starts nothing', async () => {
    const file = join(dir, 'sferum-w48.csv');
    writeFileSync(file, partialFile(96));
    const before = await analysisWorkflows();
    const entries = (await ledger().entries()).length;
    const refused = await cli('import', file, '--week', '2024-W48');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Ничего не загружено и анализ не запущен');
    expect(refused.stderr).toContain('Школы кампании, которых нет в файле:\n  МКОУ «Канасирагинская СОШ»');
    expect(await ledger().entries()).toHaveLength(entries);
    expect(await analysisWorkflows()).toEqual(before);

    const accepted = await cli('import', file, '--week', '2024-W48', '--accept-partial');
    expect(accepted.stderr).toBe('');
    expect(accepted.stdout).toContain('Статистика за неделю 2024-W48 загружена: сопоставлено школ — 11.');
    expect(accepted.status).toBe(0);
    expect(await eventually(analysisWorkflows, (ids) => ids.length === before.length + 1)).toHaveLength(
      before.length + 1,
    );
  });

  it('`stats check --json` prints the preview as one JSON object without any server', async () => {
    const file = join(dir, 'sferum-w49.csv');
    writeFileSync(file, partialFile(97));
    const checked = await decreeCli(
      ['stats', 'check', file, '--campaign', campaignFile, '--week', '2024-W49', '--json'],
      { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', DATA_DIR: join(dir, 'no-data') },
    );
    expect(checked.status).toBe(1);
    const preview = JSON.parse(checked.stdout);
    expect(preview).toMatchObject({
      ok: false,
      headerRow: 1,
      skippedRows: [],
      totalsRows: [],
      columns: {
        schoolId: 'ИНН ОО',
        schoolName: 'Наименование ОО',
        staffRegisteredPercent: 'Зарегистрировано сотрудников, %',
      },
      unmatchedRows: [
        {
          row: 13,
          id: '0527009999',
          name: 'МКОУ "Дегвиская СОШ"',
          suggestions: expect.arrayContaining(['МКОУ «Дегвинская СОШ»']),
        },
      ],
      missingSchools: [{ schoolId: 'kanasiraghi', name: 'МКОУ «Канасирагинская СОШ»' }],
      problems: [],
    });
    expect(preview.unmatchedRows[0].suggestions[0]).toBe('МКОУ «Дегвинская СОШ»');
    expect(preview.schools).toHaveLength(11);
    expect(preview.schools[0]).toEqual({
      schoolId: 'degva',
      name: 'МКОУ «Дегвинская СОШ»',
      row: 2,
      matchedBy: 'id',
      figures: {
        staffRegisteredPercent: 97,
        staffActivePercent: 80,
        studentActivePercent: 48.68,
        classChatsOnPlatform: 10,
        classesTotal: 11,
        profileActive: true,
      },
    });

    const whole = join(dir, 'whole.csv');
    writeFileSync(
      whole,
      excelCsv(
        campaign,
        weekFigures(campaign, () => 97),
      ),
    );
    const ok = await decreeCli(['stats', 'check', whole, '--campaign', campaignFile], {
      ...process.env,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(ok.stdout).toContain('Файл будет принят как есть.');
    expect(ok.status).toBe(0);
  });
});
