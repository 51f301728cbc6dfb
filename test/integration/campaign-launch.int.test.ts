// Decree №380 end to end on the real Temporal dev server and a real SMTP server on loopback:
// launch → 12 emails with the decree and task links → a school officer completes a task from the link.
import { createTaskLinks } from '../../activities/links/task-links';
import { launchCampaign } from '../../client/launch-campaign';
import { campaignWorkflowId } from '../../domain/ids';
import { TaskStatusKey } from '../../domain/search-attributes';
import { taskStateQuery, treeProgressQuery } from '../../workflows/definitions';
import { exampleCampaign } from '../support/example-campaign';
import { replayAndKeep } from '../support/recorded-histories';
import { eventually, startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = exampleCampaign();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('launch');
});
afterAll(async () => {
  await app?.stop();
});

async function post(url: string, fields: Record<string, string>) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

const progress = () => app.client.workflow.getHandle(campaignWorkflowId(campaign.id)).query(treeProgressQuery);

describe('launching decree №380', () => {
  let decreeMails: Awaited<ReturnType<TestApp['waitForMessages']>>;

  it('mails the decree to each of the 12 schools, PDF attached, with links to the school’s tasks', async () => {
    await expect(
      launchCampaign(
        { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
        campaign,
      ),
    ).resolves.toMatchObject({ launched: true });
    decreeMails = await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
    expect(decreeMails.map((m) => m.envelopeTo[0]).sort()).toEqual(campaign.schools.map((s) => s.officer.email).sort());
    const p = await eventually(progress, (v) => v.counts.mailed === 12);
    expect(p).toMatchObject({ expectedTasks: 36, counts: { started: 36, total: 36 } });
    for (const mail of decreeMails) {
      expect(mail.attachments).toEqual([
        expect.objectContaining({ contentType: 'application/pdf', sha256: p.decreeSha256 }),
      ]);
      for (const clause of ['1.2', '1.3', '1.9'])
        expect(taskLinkFrom(mail, clause).url).toContain('/tasks/task-sergokala-380-2024-');
    }
    expect(new Set(decreeMails.map((m) => m.messageId)).size).toBe(12);
  });

  it('does not launch a duplicate when launched again', async () => {
    await expect(
      launchCampaign(
        { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
        campaign,
      ),
    ).resolves.toMatchObject({ launched: false });
    expect((await progress()).expectedTasks).toBe(36);
  });

  it('serves the stored decree by its hash', async () => {
    const { decreeSha256 } = await progress();
    const res = await app.office.fetch(`/documents/${decreeSha256}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex'),
    ).toBe(decreeSha256);
  });

  describe('a school officer opens the registration task from the email', () => {
    let link: ReturnType<typeof taskLinkFrom>;
    const state = () => app.client.workflow.getHandle(link.taskId).query(taskStateQuery);

    beforeAll(() => {
      const degva = decreeMails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
      link = taskLinkFrom(degva, '1.2');
    });

    it('GET shows the task in Russian and changes nothing', async () => {
      const res = await fetch(link.url);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store'); // the token is in the URL and in the form
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(html).toContain('Обеспечить 100% регистрацию сотрудников в «Сферум»');
      expect(html).toContain('МКОУ «Дегвинская СОШ»');
      expect(html).toContain('до 30.10.2024&nbsp;г.');
      expect(html).toContain('ПОСТАНОВЛЕНИЕ № 380 от 22.10.2024');
      // Due in 2024 and not done: the school reads that it is overdue, as the office's pages count it.
      expect(html).toContain('Срок истёк 30.10.2024: задача просрочена.');
      expect((await state()).status).toBe('open');
    });

    it("is refused under a host name that is not the system's (DNS rebinding), and the outbox too", async () => {
      const { request } = await import('node:http');
      const statusUnder = (path: string, host: string) =>
        new Promise<number>((resolve, reject) => {
          const url = new URL(path, app.webUrl);
          request(
            { host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host } },
            (res) => (res.resume(), resolve(res.statusCode!)),
          )
            .on('error', reject)
            .end();
        });
      expect(await statusUnder(link.url, 'evil.example')).toBe(421);
      expect(await statusUnder('/outbox', `evil.example:${new URL(app.webUrl).port}`)).toBe(421);
      expect(await statusUnder(link.url, `localhost:${new URL(app.webUrl).port}`)).toBe(200);
    });

    it('the outbox gives an attachment as a download, never as a page of ours', async () => {
      const degva = decreeMails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!;
      const res = await app.office.fetch(`/outbox/${degva.id}/attachments/0`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
      expect(res.headers.get('content-security-policy')).toBe('sandbox');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    });

    it('refuses forged, expired and wrong-task links, and they change nothing', async () => {
      const [h, p, s] = link.token.split('.');
      const forged = `${h}.${p}.${s!.slice(0, -3)}abc`;
      expect((await fetch(`${app.webUrl}/tasks/${link.taskId}?t=${forged}`)).status).toBe(403);
      expect(
        (
          await post(`${app.webUrl}/tasks/${link.taskId}`, {
            t: forged,
            staffTotal: '10',
            staffRegistered: '10',
            officerName: 'Подделкин П.П.',
            confirm: 'on',
          })
        ).status,
      ).toBe(403);

      const links = createTaskLinks(app.config.linkSecret, app.webUrl);
      const expired = await links.sign(link.taskId, new Date('2024-10-22T00:00:00Z'), new Date('2024-12-01T00:00:00Z'));
      const expiredPage = await fetch(`${app.webUrl}/tasks/${link.taskId}?t=${expired}`);
      expect(expiredPage.status).toBe(410);
      expect(await expiredPage.text()).toContain('Срок действия ссылки истёк');
      expect(
        (
          await post(`${app.webUrl}/tasks/${link.taskId}`, {
            t: expired,
            staffTotal: '10',
            staffRegistered: '10',
            officerName: 'Иванова А.А.',
            confirm: 'on',
          })
        ).status,
      ).toBe(410);

      const otherTask = link.taskId.replace('-degva-', '-murguk-');
      const wrong = await fetch(`${app.webUrl}/tasks/${otherTask}?t=${link.token}`);
      expect(wrong.status).toBe(403);
      expect(await wrong.text()).toContain('Ссылка относится к другой задаче');
      expect(
        (
          await post(`${app.webUrl}/tasks/${otherTask}`, {
            t: link.token,
            staffTotal: '10',
            staffRegistered: '10',
            officerName: 'Иванова А.А.',
            confirm: 'on',
          })
        ).status,
      ).toBe(403);

      expect((await state()).status).toBe('open');
      expect((await app.client.workflow.getHandle(otherTask).query(taskStateQuery)).status).toBe('open');
    });

    it('the Update validator rejects inconsistent figures with a clear message, keeping what was typed', async () => {
      const res = await post(`${app.webUrl}/tasks/${link.taskId}`, {
        t: link.token,
        staffTotal: '40',
        staffRegistered: '41',
        officerName: 'Иванова А.А.',
        confirm: 'on',
      });
      const html = await res.text();
      expect(res.status).toBe(422);
      // The error summary: the refusal, and the problem as a link to its field.
      expect(html).toContain('Данные не приняты: 1 ошибка');
      expect(html).toContain(
        '<a href="#staffRegistered">зарегистрированных сотрудников не может быть больше, чем всего сотрудников</a>',
      );
      expect(html).toContain('value="41"');
      expect((await state()).status).toBe('open');
      // A rejected Update leaves no trace in history: the validator ran before anything was written.
      const history = await app.client.workflow.getHandle(link.taskId).fetchHistory();
      expect(history.events!.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    });

    it('POST completes the task through the Update; the officer sees a receipt page and gets a receipt email', async () => {
      const res = await post(`${app.webUrl}/tasks/${link.taskId}`, {
        t: link.token,
        staffTotal: '40',
        staffRegistered: '40',
        officerName: 'Иванова А.А.',
        officerPosition: 'зам. директора',
        confirm: 'on',
      });
      expect(res.status).toBe(303);
      const receiptPage = await (await fetch(new URL(res.headers.get('location')!, app.webUrl))).text();
      expect(receiptPage).toContain('Задача выполнена.');
      const receiptNumber = /id="receipt-number">([0-9A-F]{8})</.exec(receiptPage)?.[1];
      expect(receiptNumber).toBeDefined();

      const [receiptMail] = await app.waitForMessages(1, (m) => m.subject.startsWith(`Квитанция № ${receiptNumber}`));
      expect(receiptMail!.envelopeTo).toEqual(['sferum@degva.example']);
      expect(receiptMail!.text).toContain('Пункт 1.2: Обеспечить 100% регистрацию сотрудников в «Сферум»');

      const outcome = await app.client.workflow.getHandle(link.taskId).result();
      expect(outcome).toMatchObject({
        status: 'done',
        submission: { staffTotal: 40, staffRegistered: 40, officerName: 'Иванова А.А.' },
      });
      const described = await app.client.workflow.getHandle(link.taskId).describe();
      expect(described.typedSearchAttributes.get(TaskStatusKey)).toBe('done');
    });

    it('the campaign counts it: 36 tasks, 1 done, on the progress page too', async () => {
      const p = await eventually(progress, (v) => v.counts.done === 1);
      expect(p.counts).toMatchObject({ total: 36, done: 1 });
      const row = await app.store.db
        .selectFrom('task_states')
        .select(['status', 'revision'])
        .where('task_id', '=', link.taskId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('done');
      expect(row.revision).toBeGreaterThan(0);
      const page = await (await app.office.fetch(`/campaigns/${campaign.id}?status=done`)).text();
      expect(page).toContain('Задач: 36, выполнено: 1 (3%)');
      expect(page).toContain(`data-task-id="${link.taskId}"`);
      expect(page).toContain('Найдено задач: 1.');
    });

    it('a second submission from the same link is refused and changes nothing', async () => {
      const res = await post(`${app.webUrl}/tasks/${link.taskId}`, {
        t: link.token,
        staffTotal: '50',
        staffRegistered: '50',
        officerName: 'Петров П.П.',
        confirm: 'on',
      });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('Задача уже выполнена');
      expect((await state()).submission).toMatchObject({ staffTotal: 40, officerName: 'Иванова А.А.' });
    });
  });

  it('histories recorded here replay cleanly against the current workflow code', async () => {
    const ids = [
      campaignWorkflowId(campaign.id),
      `campaign-${campaign.id}-region-_`,
      `campaign-${campaign.id}-batch-_-_-0`,
      `task-${campaign.id}-degva-1.2`,
      `task-${campaign.id}-murguk-1.3`,
    ];
    expect(await replayAndKeep(app.client, ids)).toEqual(ids.map((id) => [id, undefined]));
  });
});
