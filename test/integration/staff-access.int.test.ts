// Sign-in and roles on the real web server, store, dev server and SMTP sink: every route of the server is walked
// anonymously and refused unless public or a school's; the auditor reads and cannot act; forms need their CSRF
// token; sign-out and a disabled account end the session; resends are limited per task; sign-in is throttled.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { campaignTimeline, visibilityQuery } from '../../client/audit-timeline';
import { localToday } from '../../domain/task-standing';
import { launchCampaign } from '../../client/launch-campaign';
import { campaignWorkflowId } from '../../domain/ids';
import { FIRST_ADMIN_LOGIN } from '../../scripts/lib/first-admin';
import { registeredRoutes } from '../../web/access';
import { RESENDS_PER_TASK_PER_HOUR } from '../../web/routes/office-task';
import { taskStateQuery, treeProgressQuery } from '../../workflows/definitions';
import { decreeCli } from '../support/decree-cli';
import { exampleCampaign } from '../support/example-campaign';
import { keepPdf, pdfText } from '../support/pdf-text';
import { signIn, staffSession, type StaffSession } from '../support/staff-session';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-staff' }; // its own id: the dev server is shared with other test files
const ATTEMPTS_PER_MINUTE = 12;
let app: TestApp;
let link: ReturnType<typeof taskLinkFrom>;
let auditor: StaffSession;
let decreeMails: Awaited<ReturnType<TestApp['waitForMessages']>>;

beforeAll(async () => {
  app = await startTestApp('staff', { SIGN_IN_ATTEMPTS_PER_MINUTE: String(ATTEMPTS_PER_MINUTE) });
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const mails = await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
  decreeMails = mails;
  link = taskLinkFrom(
    mails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!,
    '1.9',
  );
  auditor = await staffSession(app.store, app.webUrl, 'auditor');
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

const anonymous = (method: string, path: string) =>
  fetch(`${app.webUrl}${path}`, {
    method,
    redirect: 'manual',
    ...(method === 'POST' ? { body: new URLSearchParams({ reason: 'аноним' }) } : {}),
  });
const taskStatus = async () => (await app.client.workflow.getHandle(link.taskId).query(taskStateQuery)).status;

it('every route the server registered is classified, and every staff route refuses an anonymous request', async () => {
  const routes = registeredRoutes(app.web!);
  expect(routes.length).toBeGreaterThan(25);
  const params: Record<string, string> = {
    campaignId: campaign.id,
    taskId: link.taskId,
    sha256: '0'.repeat(64),
    id: 'x',
    index: '0',
    accountId: '1',
    clause: '1.2',
  };
  for (const { method, url, cls } of routes) {
    if (method === 'HEAD' || cls === 'public') continue;
    const path = url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!));
    const res = await anonymous(method, path);
    const expected = cls === 'school' ? [403] : method === 'GET' ? [303] : [401];
    if (!expected.includes(res.status))
      throw new Error(`${method} ${url} (${cls}) answered an anonymous request with ${res.status}`);
    if (cls !== 'school' && method === 'GET')
      expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  expect(await taskStatus()).toBe('open');
  expect(
    (await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery)).withdrawn,
  ).toBeUndefined();
});

it("the first admin's password is printed once at first start, and it signs in", async () => {
  const lines = app.printed.filter((l) => l.startsWith('Первый вход'));
  expect(lines).toHaveLength(1);
  const password = /пароль (\S+)/.exec(lines[0]!)![1]!;
  const admin = await signIn(app.webUrl, FIRST_ADMIN_LOGIN, password);
  expect(await (await admin.fetch('/admin/accounts')).text()).toContain(`data-login="${app.office.login}"`);
});

it('the session cookie is HttpOnly, SameSite and expires; a wrong password is refused in Russian', async () => {
  const form = await fetch(`${app.webUrl}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const attempt = (password: string) =>
    fetch(`${app.webUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ login: app.office.login, password, _csrf: csrf }),
    });
  const refused = await attempt('не тот пароль');
  expect(refused.status).toBe(401);
  expect(await refused.text()).toContain('Неверный логин или пароль');
  const ok = await attempt(app.office.password);
  expect(ok.status).toBe(303);
  const session = ok.headers.getSetCookie().find((c) => c.startsWith('decree_session='))!;
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=Lax/i);
  expect(session).toMatch(/Max-Age=28800/i);
  expect(session).toMatch(/Path=\//);
});

it('the auditor reads the campaign and task pages without their forms, and cannot act or open the outbox', async () => {
  const campaignPage = await (await auditor.fetch(`/campaigns/${campaign.id}`)).text();
  expect(campaignPage).toContain('(аудитор)');
  expect(campaignPage).not.toContain('/withdraw');
  const taskPage = await auditor.fetch(`/office/tasks/${link.taskId}`);
  expect(taskPage.status).toBe(200);
  expect(await taskPage.text()).not.toContain('resend-link');
  const withdraw = await auditor.postForm(`/office/tasks/${link.taskId}/withdraw`, { reason: 'аудитор пробует' });
  expect(withdraw.status).toBe(403);
  expect(await withdraw.text()).toContain('Недостаточно прав');
  expect((await auditor.fetch('/outbox')).status).toBe(403);
  expect((await auditor.fetch('/admin/accounts')).status).toBe(403);
  expect(await taskStatus()).toBe('open');
});

it('the auditor is refused on every route that changes state, enumerated from the route table, with a valid token', async () => {
  const params: Record<string, string> = {
    campaignId: campaign.id,
    taskId: link.taskId,
    sha256: '0'.repeat(64),
    id: 'x',
    index: '0',
    accountId: '1',
    clause: '1.2',
  };
  const mutating = registeredRoutes(app.web!).filter(
    (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && (r.cls === 'office' || r.cls === 'admin'),
  );
  expect(mutating.length).toBeGreaterThanOrEqual(10);
  for (const { method, url } of mutating) {
    const path = url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!));
    const res = await auditor.fetch(path, {
      method,
      redirect: 'manual',
      body: new URLSearchParams({ reason: 'аудитор', _csrf: auditor.csrf }),
    });
    if (res.status !== 403) throw new Error(`${method} ${url} answered the auditor with ${res.status}`);
  }
  expect(await taskStatus()).toBe('open');
  expect(
    (await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery)).withdrawn,
  ).toBeUndefined();
});

it("a school's link opens no office page: its token is not a session", async () => {
  for (const path of [
    '/outbox',
    `/office/tasks/${link.taskId}`,
    `/campaigns/${campaign.id}`,
    `/documents/${'0'.repeat(64)}`,
  ]) {
    const res = await fetch(`${app.webUrl}${path}?t=${link.token}`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')?.startsWith('/sign-in')]).toEqual([303, true]);
  }
  const withdraw = await fetch(`${app.webUrl}/office/tasks/${link.taskId}/withdraw`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ t: link.token, reason: 'школа пробует' }),
  });
  expect(withdraw.status).toBe(401);
  expect(await taskStatus()).toBe('open');
});

it("an office form without its CSRF token, or with another session's, changes nothing", async () => {
  const withoutToken = await fetch(`${app.webUrl}/office/tasks/${link.taskId}/withdraw`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: app.office.cookieHeader() },
    body: new URLSearchParams({ reason: 'без токена' }),
  });
  expect(withoutToken.status).toBe(403);
  expect(await withoutToken.text()).toContain('Форма устарела');
  const othersToken = await fetch(`${app.webUrl}/office/tasks/${link.taskId}/withdraw`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: app.office.cookieHeader() },
    body: new URLSearchParams({ reason: 'чужой токен', _csrf: auditor.csrf }),
  });
  expect(othersToken.status).toBe(403);
  expect(await taskStatus()).toBe('open');
});

it("a school reaches its own task's documents through its link, and no other document", async () => {
  const { decreeSha256 } = await app.client.workflow
    .getHandle(campaignWorkflowId(campaign.id))
    .query(treeProgressQuery);
  const own = await fetch(`${app.webUrl}/tasks/${link.taskId}/documents/${decreeSha256}?t=${link.token}`);
  expect(own.status).toBe(200);
  expect(own.headers.get('content-type')).toBe('application/pdf');
  const office = await app.office.fetch(`/documents/${decreeSha256}`);
  expect(office.status).toBe(200);
  const campaignFileSha = (
    await app.store.db.selectFrom('documents').select('sha256').where('media_type', '<>', 'application/pdf').execute()
  ).map((r) => r.sha256);
  expect(campaignFileSha.length).toBeGreaterThan(0);
  for (const sha of campaignFileSha)
    expect((await fetch(`${app.webUrl}/tasks/${link.taskId}/documents/${sha}?t=${link.token}`)).status).toBe(404);
  expect((await fetch(`${app.webUrl}/tasks/${link.taskId}/documents/${decreeSha256}?t=forged`)).status).toBe(403);
});

it("the office may resend a task's link a few times an hour; past that nothing is mailed", async () => {
  const resends = () =>
    app.sink!.messages().filter((m) => m.envelopeTo[0] === 'sferum@degva.example' && m.subject.includes('ссылк'))
      .length;
  const before = resends();
  for (let i = 0; i < RESENDS_PER_TASK_PER_HOUR; i++)
    expect((await app.office.postForm(`/office/tasks/${link.taskId}/resend-link`, {})).status).toBe(200);
  const refused = await app.office.postForm(`/office/tasks/${link.taskId}/resend-link`, {});
  expect(refused.status).toBe(429);
  expect(await refused.text()).toContain('Новая ссылка не отправлена');
  await app.waitForMessages(
    before + RESENDS_PER_TASK_PER_HOUR,
    (m) => m.envelopeTo[0] === 'sferum@degva.example' && m.subject.includes('ссылк'),
  );
  await new Promise((r) => setTimeout(r, 2_000));
  expect(resends()).toBe(before + RESENDS_PER_TASK_PER_HOUR);
  expect((await app.client.workflow.getHandle(link.taskId).query(taskStateQuery)).linkVersion).toBe(
    1 + RESENDS_PER_TASK_PER_HOUR,
  );
});

it('the admin makes an account whose password is shown once; disabling it ends its session at once', async () => {
  const admin = await staffSession(app.store, app.webUrl, 'admin');
  const created = await admin.postForm('/admin/accounts', { login: 'auditor-petrova', role: 'auditor', password: '' });
  const page = await created.text();
  expect(created.status).toBe(200);
  const password = /id="created-password">([^<]+)</.exec(page)![1]!;
  expect(await (await admin.fetch('/admin/accounts')).text()).not.toContain(password);
  const refusedLogin = await admin.postForm('/admin/accounts', {
    login: 'auditor-petrova',
    role: 'auditor',
    password: '',
  });
  expect(refusedLogin.status).toBe(422);
  expect(await refusedLogin.text()).toContain('Учётная запись «auditor-petrova» уже есть');
  const petrova = await signIn(app.webUrl, 'auditor-petrova', password);
  expect((await petrova.fetch(`/campaigns/${campaign.id}`, { redirect: 'manual' })).status).toBe(200);
  const id = (await app.store.accounts.list()).find((a) => a.login === 'auditor-petrova')!.id;
  expect((await admin.postForm(`/admin/accounts/${id}/disable`, {})).status).toBe(200);
  expect((await petrova.fetch(`/campaigns/${campaign.id}`, { redirect: 'manual' })).status).toBe(303);
  await expect(signIn(app.webUrl, 'auditor-petrova', password)).rejects.toThrow('answered 401');
});

it('sign-out ends the session: the same cookie no longer opens a page', async () => {
  const office = await staffSession(app.store, app.webUrl, 'office');
  expect((await office.fetch(`/campaigns/${campaign.id}`, { redirect: 'manual' })).status).toBe(200);
  expect((await office.postForm('/sign-out', {})).status).toBe(303);
  expect((await office.fetch(`/campaigns/${campaign.id}`, { redirect: 'manual' })).status).toBe(303);
});

describe("the auditor's timeline, from Temporal history", () => {
  interface Exported {
    campaignId: string;
    generatedAt: string;
    events: {
      at: string;
      workflowId: string;
      eventId: number;
      kind: string;
      clause?: string;
      schoolId?: string;
      summary: string;
      details: Record<string, unknown>;
    }[];
  }
  let registration: ReturnType<typeof taskLinkFrom>;
  let withdrawn: string;

  beforeAll(async () => {
    const degva = decreeMails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
    registration = taskLinkFrom(degva, '1.2');
    const submitted = await fetch(registration.url.split('?')[0]!, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        t: registration.token,
        officerName: 'Магомедова З.А.',
        officerPosition: 'заместитель директора',
        staffTotal: '27',
        staffRegistered: '27',
        confirm: 'on',
      }),
    });
    expect(submitted.status).toBeLessThan(400);
    withdrawn = taskLinkFrom(
      decreeMails.find((m) => m.envelopeTo[0] !== 'sferum@degva.example')!,
      '1.3',
    ).taskId;
    expect(
      (await app.office.postForm(`/office/tasks/${withdrawn}/withdraw`, { reason: 'пункт исполнен районом' })).status,
    ).toBe(303);
    await eventually(
      async () => (await app.client.workflow.getHandle(withdrawn).describe()).status.name,
      (s) => s === 'COMPLETED',
    );
  });

  it("the CLI exports the campaign as JSON: the decree's hash, who got which mail with which attachment, who acted", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'audit-')), 'timeline.json');
    const env = { ...process.env, TEMPORAL_ADDRESS: app.config.temporal.address, DATA_DIR: app.config.dataDir };
    const run = await decreeCli(['audit', 'timeline', campaign.id, '--format', 'json', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const timeline = JSON.parse(readFileSync(out, 'utf8')) as Exported;
    expect(timeline.campaignId).toBe(campaign.id);
    const { decreeSha256 } = await app.client.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .query(treeProgressQuery);
    expect(timeline.events.filter((e) => e.kind === 'decree.rendered').map((e) => e.details.sha256)).toEqual([
      decreeSha256,
    ]);
    const degvaMail = decreeMails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
    const recorded = timeline.events.find(
      (e) => e.kind === 'mail.sent' && e.details.messageId === degvaMail.messageId,
    )!;
    expect(recorded.details).toEqual({
      to: ['sferum@degva.example'],
      subject: degvaMail.subject,
      messageId: degvaMail.messageId,
      attachments: [{ filename: expect.stringMatching(/\.pdf$/), sha256: decreeSha256 }],
      activity: 'mailDecreeToWindow',
    });
    // Every school's decree mail, each with the decree's hash as its attachment's SHA-256.
    const decreeRecords = timeline.events.filter(
      (e) => e.kind === 'mail.sent' && String(e.details.subject).startsWith('ПОСТАНОВЛЕНИЕ № 380'),
    );
    expect(decreeRecords.map((e) => (e.details.to as string[])[0]).sort()).toEqual(
      campaign.schools.map((sc) => sc.officer.email).sort(),
    );
    for (const e of decreeRecords)
      expect((e.details.attachments as { sha256: string }[]).map((a) => a.sha256)).toEqual([decreeSha256]);
    const renewals = timeline.events.filter((e) => e.kind === 'link.renewed' && e.workflowId === link.taskId);
    expect(renewals).toHaveLength(RESENDS_PER_TASK_PER_HOUR);
    expect(renewals[0]!.details).toMatchObject({ requestedBy: 'office', by: app.office.login });
    expect(timeline.events.find((e) => e.kind === 'task.withdrawn' && e.workflowId === withdrawn)).toMatchObject({
      clause: '1.3',
      details: { reason: 'пункт исполнен районом', by: app.office.login },
    });
    const submission = timeline.events.find(
      (e) => e.kind === 'task.submitted' && e.workflowId === registration.taskId,
    )!;
    expect(submission).toMatchObject({
      clause: '1.2',
      schoolId: 'degva',
      details: {
        submitted: expect.objectContaining({ staffTotal: '27', staffRegistered: '27', officerName: 'Магомедова З.А.' }),
      },
    });
    expect(timeline.events.map((e) => e.at)).toEqual([...timeline.events.map((e) => e.at)].sort());
    // The CSV streams the same events in the same order (a line each, after the header).
    const csvOut = join(dirname(out), 'timeline.csv');
    expect((await decreeCli(['audit', 'timeline', campaign.id, '--format', 'csv', '--out', csvOut], env)).status).toBe(
      0,
    );
    const lines = readFileSync(csvOut, 'utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(timeline.events.length + 1);
    expect(lines.slice(1).map((l) => l.split(';')[2] + ' ' + l.split(';')[3])).toEqual(
      timeline.events.map((e) => `${e.workflowId} ${e.eventId}`),
    );
  });

  it("the auditor's school filter finds tree tasks in visibility, and «overdue» is the campaign page's own list", async () => {
    const count = async (filter: Parameters<typeof visibilityQuery>[1]) =>
      (await app.client.workflow.count(visibilityQuery(campaign.id, filter))).count;
    expect(await count({ schoolId: 'degva' })).toBe(3); // the example's three task clauses
    const degva = await campaignTimeline(app.client, campaign.id, { schoolId: 'degva' });
    expect(new Set(degva.events.map((e) => e.schoolId))).toEqual(new Set(['degva']));
    expect(degva.events.some((e) => e.kind === 'task.submitted' && e.workflowId === registration.taskId)).toBe(true);
    // The example's due dates are in 2024: every open task is overdue; the submitted and the withdrawn ones are not.
    const open = await eventually(
      () => app.client.workflow.count(`${visibilityQuery(campaign.id, {})} AND TaskStatus = "open"`),
      (c) => c.count <= 34,
    );
    expect(open.count).toBeGreaterThan(0);
    const overdueRows = await eventually(
      () =>
        app.store.tasks.page(campaign.id, { overdueBefore: localToday(campaign.timeZone) }, { limit: 100, offset: 0 }),
      (p) => p.total === open.count,
    );
    expect(overdueRows.total).toBe(open.count);
    const overdue = await campaignTimeline(app.client, campaign.id, { taskIds: overdueRows.rows.map((r) => r.taskId) });
    expect(overdue.events.some((e) => e.workflowId === registration.taskId || e.workflowId === withdrawn)).toBe(false);
    // The page's filter is the same list: the campaign page's «просрочено» count and the journal agree.
    const page = await (await auditor.fetch(`/audit/campaigns/${campaign.id}?overdue=1&school=degva`)).text();
    const degvaOverdue = overdueRows.rows.filter((r) => r.schoolId === 'degva').map((r) => r.taskId);
    expect(degvaOverdue.length).toBe(2); // 1.3 and 1.9: its 1.2 was submitted
    for (const id of degvaOverdue) expect(page).toContain(`data-task-id="${id}"`);
    expect(page).not.toContain(registration.taskId);
    const campaignPage = await (await auditor.fetch(`/campaigns/${campaign.id}`)).text();
    expect(campaignPage).toContain(`просрочено: ${open.count}</a>`);
  });

  it("every history of the campaign replays against the current code, from the CLI and from the auditor's page", async () => {
    const env = { ...process.env, TEMPORAL_ADDRESS: app.config.temporal.address, DATA_DIR: app.config.dataDir };
    const run = await decreeCli(['audit', 'replay', campaign.id, '--json'], env);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { workflows: number; replayed: number; failures: unknown[] };
    expect(report.workflows).toBeGreaterThanOrEqual(38); // the root, its batch and 36 tasks
    expect(report).toEqual({ workflows: report.workflows, replayed: report.workflows, failures: [] });
    expect(run.stderr).toContain(`${report.workflows}/${report.workflows}`);

    expect((await auditor.postForm(`/audit/campaigns/${campaign.id}/replay`, {})).status).toBe(303);
    const page = await eventually(
      async () => (await auditor.fetch(`/audit/campaigns/${campaign.id}/replay`)).text(),
      (html) => html.includes('Последняя проверка'),
      120_000,
    );
    expect(page).toContain(`воспроизведено историй: ${report.workflows}, расхождений: 0`);
  }, 180_000);

  it("one task's page shows its events in local time; the filter and the exports agree", async () => {
    const page = await (await auditor.fetch(`/audit/tasks/${registration.taskId}`)).text();
    expect(page).toContain('отчёт об исполнении');
    // Titled as people know the task: the school and the clause, not the workflow id.
    expect(page).toContain('<h1>Журнал событий: Задача: МКОУ «Дегвинская СОШ», п. 1.2 «');
    expect(page).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d \(мск\)/);
    const csv = Buffer.from(
      await (await auditor.fetch(`/audit/tasks/${registration.taskId}?format=csv`)).arrayBuffer(),
    );
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Время;Время (UTC);Процесс;Событие истории;Вид;Пункт;Школа;Описание;Подробности (JSON)');
    expect(lines.some((l) => l.includes(';отчёт об исполнении;1.2;degva;'))).toBe(true);
    const pdf = await auditor.fetch(`/audit/tasks/${registration.taskId}?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const renewalsOnly = await (await auditor.fetch(`/audit/campaigns/${campaign.id}?kind=link.renewed`)).text();
    expect((renewalsOnly.match(/data-kind="link.renewed"/g) ?? []).length).toBe(RESENDS_PER_TASK_PER_HOUR);
    expect(renewalsOnly).not.toContain('data-kind="mail.sent"');
    const badDate = await auditor.fetch(`/audit/campaigns/${campaign.id}?from=22.10.2024`);
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('Дата «с»: укажите дату вида 2024-10-22');
  });
});

describe('is this document ours?', () => {
  let decreePdf: Buffer;
  let code: string;
  const cli = (file: string) =>
    decreeCli(['audit', 'verify-document', file, '--json'], {
      ...process.env,
      TEMPORAL_ADDRESS: app.config.temporal.address,
      DATA_DIR: app.config.dataDir,
      EMBEDDED_POSTGRES_PORT: String(app.config.store.embeddedPort),
    });
  const altered = () => {
    const copy = Buffer.from(decreePdf);
    const middle = Math.floor(copy.length / 2);
    copy[middle] = copy[middle]! ^ 0xff; // one byte inside a page's stream
    return copy;
  };

  beforeAll(async () => {
    const mail = decreeMails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
    decreePdf = Buffer.from(await (await app.office.fetch(`/outbox/${mail.id}/attachments/0`)).arrayBuffer());
    code = /Код проверки подлинности: ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(pdfText('verified-decree', decreePdf))![1]!;
  });

  it('the CLI says genuine, with the event that produced it, and exits 0; an altered copy is unknown, exit 1', async () => {
    const { decreeSha256 } = await app.client.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .query(treeProgressQuery);
    const genuine = await cli(keepPdf('verified-decree-copy', decreePdf));
    expect(genuine.status).toBe(0);
    expect(JSON.parse(genuine.stdout)).toEqual({
      genuine: true,
      sha256: decreeSha256,
      producedBy: {
        workflowId: campaignWorkflowId(campaign.id),
        eventId: expect.any(Number),
        at: expect.any(String),
        kind: 'decree.rendered',
        document: 'decree',
        code,
        campaignId: campaign.id,
      },
    });
    const forged = await cli(keepPdf('verified-decree-altered', altered()));
    expect(forged.status).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({ genuine: false });
  });

  it('anyone may check by the printed code or by uploading the file; the answer never serves the document', async () => {
    const byCode = await fetch(`${app.webUrl}/verify/${code.toLowerCase().replace('-', '')}`);
    expect(byCode.status).toBe(200);
    expect(await byCode.text()).toContain(`Код ${code} выдан системой: постановление, кампания ${campaign.id}`);
    expect((await fetch(`${app.webUrl}/verify/AAAAA-AAAAA`)).status).toBe(404);
    const form = await fetch(`${app.webUrl}/verify`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const upload = async (bytes: Buffer) => {
      const body = new FormData();
      body.append('_csrf', csrf); // first, as the page's form sends it: checked before the file is read
      body.append('file', new Blob([new Uint8Array(bytes)]), 'decree.pdf');
      return fetch(`${app.webUrl}/verify`, { method: 'POST', body, headers: { cookie } });
    };
    const genuine = await upload(decreePdf);
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toContain('Документ подлинный.');
    const forged = await upload(altered());
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('Документ системе неизвестен.');
  });
});

// Last: it uses up this address's sign-in attempts for a minute.
it('sign-in attempts are throttled: past the limit even the right password waits', async () => {
  const form = await fetch(`${app.webUrl}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const attempt = (password: string) =>
    fetch(`${app.webUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ login: app.office.login, password, _csrf: csrf }),
    });
  const statuses: number[] = [];
  for (let i = 0; i < ATTEMPTS_PER_MINUTE + 2; i++) statuses.push((await attempt(`guess-${i}`)).status);
  expect(statuses).toContain(429);
  expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  const right = await attempt(app.office.password);
  expect(right.status).toBe(429);
  expect(await right.text()).toContain('Слишком много попыток входа');
});
