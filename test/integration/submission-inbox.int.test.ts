// A school's submission is kept before its Update is sent: with no wait for the workflow the page says it was
// received and the task is done moments later; a kept submission no process delivered is delivered again, and one
// the workflow refuses is recorded as refused and changes nothing. Real dev server, web and SMTP sink.
import { randomUUID } from 'node:crypto';
import { createTaskLinks } from '../../activities/links/task-links';
import { launchCampaign } from '../../client/launch-campaign';
import { USER_ERRORS } from '../../domain/user-errors';
import { submitReportUpdate, taskStateQuery, withdrawTaskSignal } from '../../workflows/definitions';
import { exampleCampaign } from '../support/example-campaign';
import type { AnyTaskState } from '../support/task-state';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-inbox' };
let app: TestApp;
let links: ReturnType<typeof taskLinkFrom>[];
let reportLinks: ReturnType<typeof taskLinkFrom>[];

beforeAll(async () => {
  app = await startTestApp('inbox', { WEB_SUBMISSION_WAIT_MS: '0', WEB_SUBMISSION_REDELIVER_AFTER_MS: '4000' });
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const decreeMails = await app.waitForMessages(campaign.schools.length, (m) =>
    m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'),
  );
  links = decreeMails.slice(0, 4).map((m) => taskLinkFrom(m, '1.2'));
  reportLinks = decreeMails.slice(0, 2).map((m) => taskLinkFrom(m, '1.9'));
});
afterAll(async () => {
  await app?.stop();
});

const form = { staffTotal: '20', staffRegistered: '20', officerName: 'Иванова А.А.', confirm: 'on' };
const stateOf = (taskId: string): Promise<AnyTaskState> => app.client.workflow.getHandle(taskId).query(taskStateQuery);

it('answers at once that the submission was received; the task is done and its receipt mailed moments later', async () => {
  const [link] = links;
  const response = await fetch(`${app.webUrl}/tasks/${link!.taskId}`, {
    method: 'POST',
    body: new URLSearchParams({ t: link!.token, ...form }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const location = response.headers.get('location')!;
  expect(location).toMatch(/received=/);
  const done = await eventually(
    () => stateOf(link!.taskId),
    (s) => s.status === 'done',
  );
  expect(done.submission).toMatchObject({ officerName: 'Иванова А.А.', staffTotal: 20 });
  await app.waitForMessages(1, (m) => m.subject.startsWith('Квитанция') && m.messageId.includes(link!.taskId));
  const id = new URL(location, app.webUrl).searchParams.get('received')!;
  expect(await app.store.submissions.get(id)).toMatchObject({ outcome: 'accepted', taskId: link!.taskId });
  const page = await (await fetch(new URL(location, app.webUrl))).text();
  expect(page).toContain(done.receipt!.receiptNumber);
});

it('shows «received» instead of the form while the workflow has not answered, for its own task only', async () => {
  const [, link, other] = links;
  const id = randomUUID();
  // Kept as the web process keeps it, not yet answered: received just now, so it is not delivered again yet.
  await app.store.submissions.receive({ id, taskId: link!.taskId, payload: { ...form, confirm: true } });
  const page = await (await fetch(`${app.webUrl}/tasks/${link!.taskId}?t=${link!.token}&received=${id}`)).text();
  expect(page).toContain('Ответ получен');
  expect(page).not.toContain('name="officerName"');
  const foreign = await (await fetch(`${app.webUrl}/tasks/${other!.taskId}?t=${other!.token}&received=${id}`)).text();
  expect(foreign).not.toContain('Ответ получен');
  expect(foreign).toContain('name="officerName"');
  // Without a genuine link the page says nothing of the kept submission: the link is checked before it is read.
  const forged = await fetch(`${app.webUrl}/tasks/${link!.taskId}?t=${other!.token}&received=${id}`);
  expect(forged.status).toBe(403);
  expect(await forged.text()).not.toContain('Ответ получен');
  // The redelivery hands it over once it is 4 s old: the task is done with exactly what was kept.
  const done = await eventually(
    () => stateOf(link!.taskId),
    (s) => s.status === 'done',
    30_000,
  );
  expect(done.submission).toMatchObject({ officerName: 'Иванова А.А.' });
  await eventually(
    () => app.store.submissions.get(id),
    (e) => e?.outcome === 'accepted',
    30_000,
  );
});

it('records a kept submission the workflow refuses as refused, and the task stays as it was', async () => {
  const [, , link] = links;
  await app.client.workflow.getHandle(link!.taskId).signal(withdrawTaskSignal, { reason: 'проверка' });
  await eventually(
    () => stateOf(link!.taskId),
    (s) => s.status === 'withdrawn',
  );
  const id = randomUUID();
  await app.store.submissions.receive({
    id,
    taskId: link!.taskId,
    payload: { ...form, confirm: true },
    receivedAt: new Date(Date.now() - 10_000),
  });
  const refused = await eventually(
    () => app.store.submissions.get(id),
    (e) => e?.outcome === 'refused',
    30_000,
  );
  expect(refused!.message).toBe('Задача отозвана управлением образования, отправка не требуется');
  expect((await stateOf(link!.taskId)).submission).toBeUndefined();
});

it('keeps nothing the page refuses: a form that cannot pass, a link replaced by a newer one', async () => {
  const link = links[3]!;
  const keptForTask = async () =>
    (await app.store.db.selectFrom('task_submissions').select('id').where('task_id', '=', link.taskId).execute())
      .length;
  const post = (token: string, fields: Record<string, string>) =>
    fetch(`${app.webUrl}/tasks/${link.taskId}`, {
      method: 'POST',
      body: new URLSearchParams({ t: token, ...fields }),
      redirect: 'manual',
    });
  const invalid = await post(link.token, { ...form, staffRegistered: '21' });
  expect(invalid.status).toBe(422);
  expect(await invalid.text()).toContain(USER_ERRORS.InvalidSubmission);
  // Version 0 is older than the first link sent (version 1): the row's newest version refuses it, as a resent link
  // does.
  const older = await createTaskLinks(app.config.linkSecret, app.webUrl).sign(
    link.taskId,
    new Date(),
    new Date(Date.now() + 3_600_000),
    0,
  );
  const replaced = await post(older, form);
  expect(replaced.status).toBe(403);
  expect(await replaced.text()).toContain(USER_ERRORS.LinkReplaced);
  expect(await keptForTask()).toBe(0);
  expect((await stateOf(link.taskId)).status).toBe('open');
  // The same form with the newest link is kept, and done.
  expect((await post(link.token, form)).status).toBe(303);
  expect(await keptForTask()).toBe(1);
  await eventually(
    () => stateOf(link.taskId),
    (s) => s.status === 'done',
    30_000,
  );
});

const report = {
  classes: [
    {
      className: '5А',
      classTeacher: 'Магомедова П.А.',
      chatOnPlatform: true,
      members: '27',
      chatCreated: '01.10.2024',
    },
  ],
  staffTotal: '42',
  staffActivated: '40',
  studentsTotal: '380',
  studentsActivated: '170',
  interaction: 'Учителя ведут классные чаты.',
  officerName: 'Ибрагимова С.М.',
};

it('every kind takes the same path: a 1.9 report is kept, answered «received», then filed by its own Update', async () => {
  const [link] = reportLinks;
  const fields: Record<string, string> = { t: link!.token, action: 'submit', staffTotal: '42', staffActivated: '40' };
  Object.assign(fields, { studentsTotal: '380', studentsActivated: '170', interaction: 'Чаты классов ведутся.' });
  Object.assign(fields, { officerName: 'Ибрагимова С.М.', 'className.0': '5А', 'classTeacher.0': 'Магомедова П.А.' });
  const response = await fetch(`${app.webUrl}/tasks/${link!.taskId}/report`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const id = new URL(response.headers.get('location')!, app.webUrl).searchParams.get('received')!;
  expect(await app.store.submissions.get(id)).toMatchObject({ taskId: link!.taskId, update: 'submitReport' });
  const filed = await eventually(
    () => stateOf(link!.taskId),
    (s) => (s.report?.versions.length ?? 0) === 1,
  );
  expect(filed.acceptedSubmissions).toContain(id);
  await eventually(
    () => app.store.submissions.get(id),
    (e) => e?.outcome === 'accepted',
  );
});

it('a report kept by a web process that stopped before sending it is delivered again, once', async () => {
  const [, link] = reportLinks;
  const id = randomUUID();
  await app.store.submissions.receive({
    id,
    taskId: link!.taskId,
    payload: report,
    update: 'submitReport',
    receivedAt: new Date(Date.now() - 10_000),
  });
  const filed = await eventually(
    () => stateOf(link!.taskId),
    (s) => (s.report?.versions.length ?? 0) >= 1,
    30_000,
  );
  await eventually(
    () => app.store.submissions.get(id),
    (e) => e?.outcome === 'accepted',
    30_000,
  );
  expect(filed.report!.versions[0]!.report.classes[0]).toMatchObject({ className: '5А', members: 27 });
  expect(filed.acceptedSubmissions).toEqual([id]);
  // Sent again with the same Update id (a second process delivering it too), it files nothing more.
  const again = await app.client.workflow
    .getHandle(link!.taskId)
    .executeUpdate(submitReportUpdate, { args: [report], updateId: id });
  expect(again.receiptNumber).toBe(filed.report!.versions[0]!.receiptNumber);
  expect((await stateOf(link!.taskId)).report!.versions).toHaveLength(1);
});
