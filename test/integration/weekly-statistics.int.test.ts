// The weekly statistics process on the real dev server: upload on the office page, analysis, mails over SMTP,
// the registration task completing itself, the CLI import, and the campaign's real Temporal Schedule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { campaignTimeline } from '../../client/audit-timeline';
import { importStatistics } from '../../client/import-statistics';
import { launchCampaign } from '../../client/launch-campaign';
import {
  campaignWorkflowId,
  schoolTaskWorkflowId,
  weeklyAnalysisWorkflowId,
  weeklyStatisticsScheduleId,
} from '../../domain/ids';
import { STATISTICS_REVERSAL_DAYS, type TaskState } from '../../domain/school-task';
import { taskStateQuery, treeProgressQuery, withdrawTaskSignal } from '../../workflows/definitions';
import type { WeeklyAnalysisOutcome } from '../../workflows/weekly-statistics';
import { WORKFLOW_CODE } from '../../worker/create-worker';
import { decreeCli } from '../support/decree-cli';
import { exampleCampaign } from '../support/example-campaign';
import { excelCsv, weekFigures } from '../support/statistics-files';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-statistics' };
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('statistics');
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
});
afterAll(async () => {
  await app?.client.schedule
    .getHandle(weeklyStatisticsScheduleId(campaign.id))
    .delete()
    .catch(() => undefined);
  await app?.stop();
});

const upload = (week: string, filename: string, content: Buffer) => {
  const form = new FormData();
  form.append('week', week);
  form.append('file', new Blob([new Uint8Array(content)]), filename);
  return app.office.fetch(`/campaigns/${campaign.id}/statistics`, { method: 'POST', body: form });
};
/** Presses «Подтвердить» on the preview page: posts the form's hidden fields as the browser would. */
const confirmPreview = (previewHtml: string) => {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(previewHtml)?.[1] ?? '';
  const body = new URLSearchParams({ week: field('week'), file: field('file'), filename: field('filename') });
  return app.office.fetch(`/campaigns/${campaign.id}/statistics/confirm`, { method: 'POST', body });
};
const ledger = () => app.store.ledger(campaign.id);
const analysisResult = (workflowId: string) =>
  app.client.workflow.getHandle<() => Promise<WeeklyAnalysisOutcome>>(workflowId).result();

it('launching the campaign creates its weekly Schedule: Mondays at 10:00 Moscow time', async () => {
  const description = await app.client.schedule.getHandle(weeklyStatisticsScheduleId(campaign.id)).describe();
  expect(description.spec.timezone).toBe('Europe/Moscow');
  const next = description.info.nextActionTimes[0]!;
  const moscow = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Moscow',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(next);
  expect(moscow).toBe('Monday 10:00');
});

it('a file with a personal-data column is refused whole on the office page; nothing is stored or started', async () => {
  const bad = Buffer.from(
    'ИНН ОО;ФИО ученика;Зарегистрировано сотрудников, %;Активных обучающихся за неделю, %\r\n0527003101;Иванов Иван;100;50\r\n',
    'utf8',
  );
  const response = await upload('2024-W44', 'bad.csv', bad);
  expect(response.status).toBe(422);
  const html = await response.text();
  expect(html).toContain('не принят, ничего не изменено');
  expect(html).toContain('Файл содержит персональные данные (столбец «ФИО ученика»)');
  expect(await ledger().entries()).toEqual([]);
});

it('a week where one school reaches 100%: its registration task completes itself and its reminders stop; schools and office get their mails', async () => {
  const figures = weekFigures(campaign, (id) => (id === 'urakhi' ? 100 : 92.5));
  const previewed = await upload('2024-W44', 'sferum-2024-W44.csv', excelCsv(campaign, figures));
  const previewHtml = await previewed.text();
  expect(previewed.status).toBe(200);
  expect(previewHtml).toContain('Все школы кампании найдены в файле (12 из 12)');
  expect(await ledger().entries()).toEqual([]); // nothing imported before the office confirms
  // The office sees, before it confirms, which open tasks the import will close.
  const urakhiName = campaign.schools.find((s) => s.id === 'urakhi')!.name;
  expect(previewHtml).toContain('Загрузка закроет задачи (1)');
  expect(previewHtml.replace(/&quot;|&#x27;|«|»/g, '')).toContain(`п. 1.2 — ${urakhiName.replace(/«|»/g, '')}`);
  const response = await confirmPreview(previewHtml);
  const html = await response.text();
  expect(response.status).toBe(200);
  expect(html).toContain('Статистика за неделю 2024-W44 загружена');
  // The confirmation posted again (F5) imports nothing, starts nothing, mails nobody; it offers a replacement.
  const again = await confirmPreview(previewHtml);
  expect(again.status).toBe(409);
  const againHtml = await again.text();
  expect(againHtml).toContain('Статистика за неделю 2024-W44 уже загружена');
  expect(againHtml).toContain('id="replace-week"');
  expect(await ledger().entries()).toHaveLength(1);
  expect(html).toContain('сопоставлено школ — 12');
  expect(html).toContain('Анализ запущен');
  const workflowId = weeklyAnalysisWorkflowId(campaign.id, '2024-W44', (await ledger().latest())!.sha256);
  const outcome = await analysisResult(workflowId);
  expect(outcome.completedTasks).toEqual([schoolTaskWorkflowId(campaign.id, 'urakhi', '1.2')]);

  const task = app.client.workflow.getHandle(schoolTaskWorkflowId(campaign.id, 'urakhi', '1.2'));
  const state: TaskState = await eventually(
    () => task.query(taskStateQuery),
    (s) => s.status === 'done',
  );
  expect(state.status).toBe('done');
  expect(state.completedByStatistics).toMatchObject({
    week: '2024-W44',
    value: 100,
    analysisWorkflowId: workflowId,
    importedBy: app.office.login,
  });
  const journal = await campaignTimeline(app.client, campaign.id, {
    kinds: ['statistics.imported', 'task.completedFromStatistics'],
  });
  expect(journal.events.map((e) => e.summary)).toEqual(
    expect.arrayContaining([
      `Статистика за неделю 2024-W44 загружена (${app.office.login})`,
      `Задача закрыта по статистике за неделю 2024-W44 (анализ ${workflowId}, загрузил ${app.office.login})`,
    ]),
  );
  // Its ladder has ended (no reminder can follow); the workflow waits only for the import to be undone, 14 days.
  expect(Date.parse(state.reversibleUntil!) - Date.parse(state.receipt!.submittedAt)).toBe(
    STATISTICS_REVERSAL_DAYS * 86_400_000,
  );
  const other = await app.client.workflow
    .getHandle(schoolTaskWorkflowId(campaign.id, 'degva', '1.2'))
    .query(taskStateQuery);
  expect(other.status).toBe('open');

  const [receipt] = await app.waitForMessages(1, (m) =>
    m.messageId.includes(`${schoolTaskWorkflowId(campaign.id, 'urakhi', '1.2')}.receipt`),
  );
  expect(receipt!.text).toContain('Выполнено по данным статистики платформы за неделю 2024-W44');
  const schoolMails = await app.waitForMessages(12, (m) =>
    m.subject.startsWith('Статистика ИКОП «Сферум» за неделю 2024-W44'),
  );
  const urakhi = schoolMails.find((m) => m.envelopeTo[0] === 'sferum@urakhi.example')!;
  expect(urakhi.text).toContain('Место в рейтинге района: 3.');
  const burdeki = schoolMails.find((m) => m.envelopeTo[0] === 'sferum@burdeki.example')!;
  expect(burdeki.text).toContain(
    'Активных обучающихся за неделю: 18,49% при цели 30,00% — п. 1.4: «Принять меры по увеличению активности',
  );
  expect(burdeki.text).toContain('Зарегистрировано сотрудников: 92,50% при цели 100,00% (срок истёк) — п. 1.2');

  const [report] = await app.waitForMessages(
    1,
    (m) =>
      m.envelopeTo[0] === campaign.office.head.email &&
      m.subject.startsWith('Анализ статистики ИКОП «Сферум» за неделю 2024-W44'),
  );
  expect(report!.subject).toContain('8 из 12 школ используют платформу (66,67%)');
  expect(report!.attachments).toEqual([
    expect.objectContaining({ contentType: 'application/pdf', sha256: outcome.reportSha256 }),
  ]);
  const page = await (await app.office.fetch(`/campaigns/${campaign.id}/statistics`)).text();
  expect(page).toContain(`/documents/${outcome.reportSha256}`);
  // The campaign page shows the latest week's indicator with its report.
  const campaignPage = await (await app.office.fetch(`/campaigns/${campaign.id}`)).text();
  expect(campaignPage).toMatch(/id="latest-weekly">Статистика за неделю 2024-W44: показатель 10 — 66,67\s?%/);
  expect(campaignPage).toContain(`<a href="/documents/${outcome.reportSha256}">отчёт (PDF)</a>`);
});

it('the office undoes the week it got wrong: the task it closed is open again, its school is told, the journal shows both', async () => {
  const taskId = schoolTaskWorkflowId(campaign.id, 'urakhi', '1.2');
  const entry = (await ledger().latest())!;
  expect(entry.week).toBe('2024-W44');
  const undo = (reason: string) =>
    app.office.postForm(`/campaigns/${campaign.id}/statistics/undo`, { sha256: entry.sha256, reason });
  // The campaign's counts come up the tree: the batch counts the task done, then open again after the undo.
  const doneCount = async () =>
    (await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery)).counts.done;
  expect(await eventually(doneCount, (n) => n === 1)).toBe(1);
  const short = await undo('нет');
  expect(short.status).toBe(422);
  expect(await short.text()).toContain('Укажите причину отмены');
  expect((await undo('файл другой недели')).status).toBe(303);

  const state = await eventually(
    () => app.client.workflow.getHandle(taskId).query(taskStateQuery),
    (s) => s.status === 'open',
  );
  expect(state.status).toBe('open');
  expect(state.completedByStatistics).toBeUndefined();
  expect(state.reopenings).toEqual([
    expect.objectContaining({
      reason: 'файл другой недели',
      by: app.office.login,
      completion: expect.objectContaining({ week: '2024-W44' }),
    }),
  ]);
  const [reopened] = await app.waitForMessages(
    1,
    (m) => m.subject.startsWith('Задача по п. 1.2 снова открыта') && m.envelopeTo[0] === 'sferum@urakhi.example',
  );
  expect(reopened!.text).toContain('Причина: файл другой недели');
  const link = taskLinkFrom(reopened!, '1.2');
  expect(link.taskId).toBe(taskId);
  expect(await (await fetch(link.url)).text()).toContain('name="officerName"'); // the form again, by the new mail's link
  expect(
    (
      await eventually(
        () => app.store.tasks.state(taskId),
        (s) => s?.status === 'open',
      )
    )?.status,
  ).toBe('open');
  expect(await eventually(doneCount, (n) => n === 0)).toBe(0);

  const ledgered = (await ledger().entries()).find((e) => e.sha256 === entry.sha256)!;
  expect(ledgered.undone).toMatchObject({ reason: 'файл другой недели', by: app.office.login });
  expect((await ledger().latest())?.sha256).not.toBe(entry.sha256); // the undone figures count no more
  const again = await undo('файл другой недели');
  expect(again.status).toBe(422);
  expect(await again.text()).toContain('уже отменена');

  const journal = await campaignTimeline(app.client, campaign.id, { kinds: ['statistics.undone', 'task.reopened'] });
  expect(journal.events.map((e) => e.summary)).toEqual([
    `Загрузка статистики за неделю 2024-W44 отменена (${app.office.login}): файл другой недели`,
    `Задача снова открыта: загрузка статистики отменена (${app.office.login}): файл другой недели`,
  ]);
});

it('the CLI imports a week from a file; a broken file is refused with its row and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decree-cli-'));
  const campaignFile = join(dir, 'campaign.json');
  writeFileSync(campaignFile, JSON.stringify(campaign));
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: app.config.temporal.address,
    TEMPORAL_TASK_QUEUE: app.config.temporal.taskQueue,
    DATA_DIR: app.config.dataDir,
    EMBEDDED_POSTGRES_PORT: String(app.config.store.embeddedPort),
  };
  const cli = (file: string, week: string) =>
    decreeCli(['stats', 'import', file, '--week', week, '--campaign', campaignFile], env);

  const broken = join(dir, 'broken.csv');
  writeFileSync(
    broken,
    excelCsv(
      campaign,
      weekFigures(campaign, () => 100),
    )
      .toString('latin1')
      .replace('100%', 'сто%'),
    'latin1',
  );
  const refused = await cli(broken, '2024-W45');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('Файл не принят, ничего не изменено');
  expect(refused.stderr).toMatch(/строка 2, столбец «Зарегистрировано сотрудников, %»/);

  const good = join(dir, 'week45.csv');
  writeFileSync(
    good,
    excelCsv(
      campaign,
      weekFigures(campaign, () => 95),
    ),
  );
  const imported = await cli(good, '2024-W45');
  expect(imported.stderr).toBe('');
  expect(imported.stdout).toContain('Статистика за неделю 2024-W45 загружена: сопоставлено школ — 12.');
  expect(imported.status).toBe(0);

  // The same week again: refused, exit 1, nothing stored or started; replacing it takes --replace with a reason.
  const w45 = async () => (await ledger().entries()).filter((e) => e.week === '2024-W45');
  const repeated = await cli(good, '2024-W45');
  expect(repeated.status).toBe(1);
  expect(repeated.stderr).toContain('Статистика за неделю 2024-W45 уже загружена');
  expect(repeated.stderr).toContain('письма не отправлены');
  expect(await w45()).toHaveLength(1);
  const replaced = await decreeCli(
    [
      'stats',
      'import',
      good,
      '--week',
      '2024-W45',
      '--campaign',
      campaignFile,
      '--replace',
      'в файле была не та выгрузка',
    ],
    env,
  );
  expect(replaced.status).toBe(0);
  const versions = await w45();
  expect(versions).toHaveLength(2);
  expect((await ledger().load(versions[1]!.sha256)).replaces).toMatchObject({
    sha256: versions[0]!.sha256,
    reason: 'в файле была не та выгрузка',
  });
});

it('the weekly Schedule analyses a week imported without an analysis, and asks the office for the missing week', async () => {
  // A week that landed while the analysis could not start (e.g. the Temporal server was down).
  const week46 = {
    campaignId: campaign.id,
    week: '2024-W46',
    importedAt: new Date().toISOString(),
    source: { filename: 'w46.csv', sha256: '0'.repeat(64), format: 'csv' as const },
    schools: weekFigures(campaign, () => 97),
    unmatchedRows: [],
    missingSchools: [],
  };
  await ledger().record(week46);
  const schedule = app.client.schedule.getHandle(weeklyStatisticsScheduleId(campaign.id));
  await schedule.trigger();
  const described = await eventually(
    () => schedule.describe(),
    (d) => d.info.recentActions.length > 0,
  );
  const run = described.info.recentActions[0]!.action;
  expect(await app.client.workflow.getHandle(run.workflow.workflowId, run.workflow.firstExecutionRunId).result()).toBe(
    'analysed 2024-W46',
  );
  await app.waitForMessages(1, (m) => m.subject.startsWith('Анализ статистики ИКОП «Сферум» за неделю 2024-W46'));
  const [missing] = await app.waitForMessages(1, (m) => m.subject.startsWith('Не загружена статистика'));
  expect(missing!.text).toContain('Последняя загруженная неделя: 2024-W46');
});

it('a campaign whose tasks all closed, some by statistics, ends once their import can no longer be undone', async () => {
  // A window of seconds (statistics.undoWithinDays) stands in for the two weeks of a real campaign.
  const windowDays = 0.0002; // about 17 s
  const quick = {
    ...campaign,
    id: 'sergokala-380-undo-window',
    statistics: { ...campaign.statistics!, undoWithinDays: windowDays },
  };
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    quick,
  );
  const root = app.client.workflow.getHandle(campaignWorkflowId(quick.id));
  await eventually(
    async () => (await root.query(treeProgressQuery)).counts.started,
    (n) => n === 36,
    60_000,
  );
  for (const school of quick.schools) {
    for (const clause of ['1.3', '1.9'])
      await app.client.workflow
        .getHandle(schoolTaskWorkflowId(quick.id, school.id, clause))
        .signal(withdrawTaskSignal, { reason: 'проверка окна отмены' });
  }
  const deps = {
    client: app.client,
    taskQueue: app.config.temporal.taskQueue,
    documents: app.store.documents,
    ledger: app.store.ledger,
  };
  const imported = await importStatistics(deps, {
    campaign: quick,
    week: '2024-W47',
    filename: 'w47.csv',
    bytes: excelCsv(
      quick,
      weekFigures(quick, () => 100),
    ),
  });
  expect(imported.status).toBe('imported');
  const closed = await eventually(
    async () => (await root.query(treeProgressQuery)).counts,
    (c) => c.done === 12 && c.withdrawn === 24,
    60_000,
  );
  expect(closed).toMatchObject({ done: 12, withdrawn: 24 });
  const task = await app.client.workflow
    .getHandle(schoolTaskWorkflowId(quick.id, 'urakhi', '1.2'))
    .query(taskStateQuery);
  const batch = app.client.workflow.getHandle(task.task.reportsTo!);
  // Every task is closed, but twelve may still reopen: the batch, its region and the campaign wait.
  if (Date.now() < Date.parse(task.reversibleUntil!)) expect((await batch.describe()).status.name).toBe('RUNNING');
  const ended = await eventually(
    async () => (await root.describe()).status.name,
    (s) => s === 'COMPLETED',
    90_000,
  );
  expect(ended).toBe('COMPLETED');
  expect((await batch.describe()).closeTime!.getTime()).toBeGreaterThanOrEqual(Date.parse(task.reversibleUntil!));
  expect((await app.client.workflow.getHandle(task.task.taskId).describe()).status.name).toBe('COMPLETED');
  // The new shapes of history (a completion held open, a batch waiting out its holds, a reopened task) replay.
  const reopened = app.client.workflow.getHandle(schoolTaskWorkflowId(campaign.id, 'urakhi', '1.2'));
  for (const handle of [batch, app.client.workflow.getHandle(task.task.taskId), reopened]) {
    await Worker.runReplayHistory(WORKFLOW_CODE, await handle.fetchHistory(), handle.workflowId);
  }
}, 180_000);
