// Extension, link renewal and withdrawal through the real web pages, on the real dev server and SMTP sink.
import { createTaskLinks } from '../../activities/links/task-links';
import { launchCampaign } from '../../client/launch-campaign';
import { campaignWorkflowId } from '../../domain/ids';
import { taskStateQuery, treeProgressQuery, type TreeProgress } from '../../workflows/definitions';
import { exampleCampaign } from '../support/example-campaign';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';
import { resultWithin } from '../support/workflow-outcome';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-deadlines' };
let app: TestApp;
let link: ReturnType<typeof taskLinkFrom>;

beforeAll(async () => {
  app = await startTestApp('deadlines');
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const [mail] = await app.waitForMessages(1, (m) => m.envelopeTo[0] === 'sferum@urakhi.example');
  link = taskLinkFrom(mail!, '1.2');
});
afterAll(async () => {
  await app?.stop();
});

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.webUrl}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
const state = () => app.client.workflow.getHandle(link.taskId).query(taskStateQuery);
const mailsOf = (taskId: string) => app.sink!.messages().filter((m) => m.messageId.includes(taskId));

it('the school requests an extension on the task page; bad dates are refused with the reason named', async () => {
  const early = await post(`/tasks/${link.taskId}/extension`, {
    t: link.token,
    newDue: '29.10.2024',
    reason: 'нужна неделя',
  });
  expect(early.status).toBe(422);
  expect(await early.text()).toContain('новый срок должен быть позже текущего (30.10.2024)');
  const holiday = await post(`/tasks/${link.taskId}/extension`, {
    t: link.token,
    newDue: '04.11.2024',
    reason: 'нужна неделя',
  });
  expect(await holiday.text()).toContain('новый срок приходится на нерабочий день');

  const ok = await post(`/tasks/${link.taskId}/extension`, {
    t: link.token,
    newDue: '06.11.2024',
    reason: 'завуч в командировке',
  });
  expect(ok.status).toBe(303);
  expect((await state()).extensions).toEqual([expect.objectContaining({ status: 'pending', newDue: '2024-11-06' })]);
  const [toOffice] = await app.waitForMessages(
    1,
    (m) => m.subject.startsWith('Запрос на перенос срока') && m.messageId.includes(link.taskId),
  );
  expect(toOffice!.envelopeTo).toEqual([campaign.office.head.email]);
  expect(toOffice!.text).toContain(`/office/tasks/${link.taskId}`);
});

it('the office approves it on the office page; the task page shows the new date', async () => {
  const officePage = await (await app.office.fetch(`/office/tasks/${link.taskId}`)).text();
  const requestId = /data-request-id="([0-9a-f]{8})"/.exec(officePage)?.[1];
  expect(requestId).toBeDefined();
  const approved = await app.office.postForm(`/office/tasks/${link.taskId}/extension`, {
    requestId: requestId!,
    decision: 'approve',
    comment: 'согласовано',
  });
  expect(approved.status).toBe(303);
  expect((await state()).due).toBe('2024-11-06');
  const again = await app.office.postForm(`/office/tasks/${link.taskId}/extension`, {
    requestId: requestId!,
    decision: 'reject',
  });
  expect(again.status).toBe(422);
  const page = await (await fetch(link.url)).text();
  expect(page).toContain('до 06.11.2024&nbsp;г. <span class="muted">(перенесён с 30.10.2024)</span>');
  const [decision] = await app.waitForMessages(
    1,
    (m) => m.subject.startsWith('Срок перенесён на 06.11.2024') && m.messageId.includes(link.taskId),
  );
  expect(decision!.envelopeTo.sort()).toEqual(['direktor@urakhi.example', 'sferum@urakhi.example']);
});

it('resending the link from the office invalidates the older link', async () => {
  await app.office.postForm(`/office/tasks/${link.taskId}/resend-link`, {});
  const [fresh] = await app.waitForMessages(
    1,
    (m) => m.subject.startsWith('Новая ссылка') && m.messageId.includes(`${link.taskId}.link.v2`),
  );
  const newLink = taskLinkFrom(fresh!, '1.2');
  const old = await fetch(link.url);
  expect(old.status).toBe(403);
  expect(await old.text()).toContain('Ссылка заменена более новой');
  expect((await fetch(newLink.url)).status).toBe(200);
  link = newLink;
});

it('an expired link offers a fresh one, sent only to the address on file', async () => {
  const links = createTaskLinks(app.config.linkSecret, app.webUrl);
  const expired = await links.sign(link.taskId, new Date('2024-10-22T00:00:00Z'), new Date('2024-12-01T00:00:00Z'), 2);
  const page = await fetch(`${app.webUrl}/tasks/${link.taskId}?t=${expired}`);
  const html = await page.text();
  expect(page.status).toBe(410);
  expect(html).toContain('Срок действия ссылки истёк');
  expect(html).toContain('s***@urakhi.example');

  const renewed = await post(`/tasks/${link.taskId}/renew`, { t: expired });
  expect(await renewed.text()).toContain('Письмо с новой ссылкой на задачу отправлено на адрес s***@urakhi.example');
  const [fresh] = await app.waitForMessages(1, (m) => m.messageId.includes(`${link.taskId}.link.v3`));
  expect(fresh!.envelopeTo).toEqual(['sferum@urakhi.example']);
  expect((await state()).linkVersion).toBe(3);

  const stale = await post(`/tasks/${link.taskId}/renew`, { t: expired });
  expect(stale.status).toBe(403);
  expect((await state()).linkVersion).toBe(3);
});

it('the office withdraws a task, then the whole campaign; the schools are told', async () => {
  const withdrawn = await app.office.postForm(`/office/tasks/${link.taskId}/withdraw`, {
    reason: 'пункт исполнен районом централизованно',
  });
  expect(withdrawn.status).toBe(303);
  const final = await resultWithin(app.client, link.taskId, 45_000, campaign.id);
  expect(final).toMatchObject({
    status: 'withdrawn',
    withdrawal: { reason: 'пункт исполнен районом централизованно' },
  });
  await app.waitForMessages(
    1,
    (m) => m.subject.startsWith('Задача по п. 1.2 отозвана') && m.messageId.includes(link.taskId),
  );

  expect((await app.office.postForm(`/campaigns/${campaign.id}/withdraw`, { reason: '' })).status).toBe(422);
  expect(
    (await app.office.postForm(`/campaigns/${campaign.id}/withdraw`, { reason: 'постановление отменено' })).status,
  ).toBe(303);
  const progress = await resultWithin<TreeProgress>(app.client, campaignWorkflowId(campaign.id), 45_000, campaign.id);
  expect(progress.withdrawn?.reason).toBe('постановление отменено');
  expect(progress.counts).toMatchObject({ total: 36, withdrawn: 36, done: 0 });
  await eventually(
    async () => mailsOf('sergokala-380-deadlines').filter((m) => m.subject.includes('отозвана')).length,
    (n) => n === 36,
  );
  const page = await (await app.office.fetch(`/campaigns/${campaign.id}`)).text();
  expect(page).toContain('Кампания отозвана: постановление отменено');
  expect(await app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery)).toMatchObject({
    counts: { done: 0, withdrawn: 36 },
  });
});
