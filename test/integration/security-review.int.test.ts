// Findings of the second security review (issue 30), each against the real web server, store, dev server and SMTP
// sink: what an attacker or a careless request met before, and what it meets now.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { campaignTimeline } from '../../client/audit-timeline';
import { launchCampaign } from '../../client/launch-campaign';
import { FREE_FAILURES } from '../../store/sign-in-throttle';
import { MAX_CONCURRENT_CHECKS } from '../../web/routes/document-verify';
import { decreeCli } from '../support/decree-cli';
import { EXAMPLE_CAMPAIGN_FILE, exampleCampaign } from '../support/example-campaign';
import { signIn, staffSession } from '../support/staff-session';
import { startTestApp, taskLinkFrom, type TestApp } from '../support/test-app';

const campaign = { ...exampleCampaign(), id: 'sergokala-380-security' };
const ATTEMPTS_PER_MINUTE = 40;
let app: TestApp;
let link: ReturnType<typeof taskLinkFrom>;

beforeAll(async () => {
  app = await startTestApp('security', {
    MAIL_FROM_ALLOWED: '@uo-sergokala.example',
    TRUSTED_PROXIES: '127.0.0.1',
    SIGN_IN_ATTEMPTS_PER_MINUTE: String(ATTEMPTS_PER_MINUTE),
  });
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  const mails = await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'));
  link = taskLinkFrom(
    mails.find((m) => m.envelopeTo[0] === 'sferum@degva.example')!,
    '1.2',
  );
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

/** Our error page: Russian text and the headers every page of ours carries. */
async function expectOurPage(res: Response, status: number, text: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(await res.text()).toContain(text);
}

describe('sign-in returns only to this server', () => {
  it('resolves next as a browser would: a TAB, CR or LF never makes it another host, nor a 500', async () => {
    const signedIn = (path: string) => app.office.fetch(path, { redirect: 'manual' });
    for (const next of [
      '/\t/evil-host',
      '/\t\\evil-host',
      '/\n/evil-host',
      '/\r\n/evil-host',
      '//evil-host',
      'https://evil-host/',
    ]) {
      const res = await signedIn(`/sign-in?next=${encodeURIComponent(next)}`);
      expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
    }
    const own = await signedIn(`/sign-in?next=${encodeURIComponent('/campaigns/x\r\nSet-Cookie: a=1')}`);
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe('/campaigns/xSet-Cookie:%20a=1');
    expect(own.headers.get('set-cookie') ?? '').not.toContain('a=1');
  });
});

describe("an action on a task or campaign that is unknown or closed is the user's error, on our page", () => {
  it('answers 404 in Russian, not 500', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/office/tasks/no-such-task/withdraw', { reason: 'проверка' }],
      ['/office/tasks/no-such-task/resend-link', {}],
      ['/office/tasks/no-such-task/extension', { requestId: 'x', decision: 'approve', comment: '' }],
      ['/campaigns/no-such-campaign/withdraw', { reason: 'проверка' }],
    ];
    for (const [path, fields] of cases) await expectOurPage(await app.office.postForm(path, fields), 404, 'не найдена');
  });
});

describe('is this document ours? on a public page that anyone can load', () => {
  let verifyUrl: string;
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    const form = await fetch(`${app.webUrl}/verify`);
    const html = await form.text();
    expect(html).toMatch(/<form method="post" action="\/verify" enctype="multipart\/form-data"/); // no token in the URL
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    verifyUrl = `${app.webUrl}/verify`;
    cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  });
  const multipart = (boundary: string) => ({ 'content-type': `multipart/form-data; boundary=${boundary}`, cookie });
  /** The form's token first, then the file's part header, as a browser sends the page's form. */
  const head = (boundary: string, token = csrf) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );

  it('a file form carries its token as its first field, not in the URL; without a valid one nothing is read', async () => {
    const boundary = 'n0token';
    const forged = Buffer.concat([head(boundary, 'forged-token'), Buffer.from(`x\r\n--${boundary}--\r\n`)]);
    await expectOurPage(
      await fetch(verifyUrl, { method: 'POST', body: forged, headers: multipart(boundary) }),
      403,
      'Форма устарела',
    );
    const fileFirst = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n\r\nx\r\n--${boundary}--\r\n`,
    );
    await expectOurPage(
      await fetch(verifyUrl, { method: 'POST', body: fileFirst, headers: multipart(boundary) }),
      403,
      'Форма устарела',
    );
    for (const path of ['/campaigns/new', `/campaigns/${campaign.id}/statistics`]) {
      const page = await (await app.office.fetch(path)).text();
      expect(page).toMatch(/enctype="multipart\/form-data"/);
      expect(page).not.toContain('_csrf=');
    }
  });

  it('refuses a file far larger than any document the system issues, on our page', async () => {
    const boundary = 'b0undary';
    const big = Buffer.concat([
      head(boundary),
      Buffer.alloc(31 * 1024 * 1024, 0x20),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await expectOurPage(
      await fetch(verifyUrl, { method: 'POST', body: big, headers: multipart(boundary) }),
      413,
      'таких документов система не выпускает',
    );
  });

  it(`checks at most ${MAX_CONCURRENT_CHECKS} uploads at once; the next is asked to wait, and the slow ones still finish`, async () => {
    const boundary = 'sl0w';
    const releases: (() => void)[] = [];
    const slow = Array.from({ length: MAX_CONCURRENT_CHECKS }, () => {
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      releases.push(release);
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(head(boundary));
          await released;
          controller.enqueue(Buffer.from(`%PDF-1.7 not ours\r\n--${boundary}--\r\n`));
          controller.close();
        },
      });
      return fetch(verifyUrl, { method: 'POST', body, headers: multipart(boundary), duplex: 'half' } as RequestInit);
    });
    await new Promise((r) => setTimeout(r, 1_000)); // the slow uploads are being read
    const refused = await fetch(verifyUrl, {
      method: 'POST',
      body: Buffer.concat([head(boundary), Buffer.from(`x\r\n--${boundary}--\r\n`)]),
      headers: multipart(boundary),
    });
    await expectOurPage(refused, 503, 'Повторите через минуту');
    releases.forEach((r) => r());
    const answers = await Promise.all(slow);
    expect(answers.map((a) => a.status)).toEqual(Array(MAX_CONCURRENT_CHECKS).fill(404));
    const after = await fetch(verifyUrl, {
      method: 'POST',
      body: Buffer.concat([head(boundary), Buffer.from(`x\r\n--${boundary}--\r\n`)]),
      headers: multipart(boundary),
    });
    expect(after.status).toBe(404);
  });
});

describe('passwords and logins', () => {
  it('refuses a common or trivial password from the admin, naming why; logins are one whatever their case', async () => {
    const admin = await staffSession(app.store, app.webUrl, 'admin');
    for (const password of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop12']) {
      const res = await admin.postForm('/admin/accounts', { login: 'ivanova', role: 'office', password });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('слишком простой или слишком распространённый');
    }
    expect((await admin.postForm('/admin/accounts', { login: 'Ivanova', role: 'office', password: '' })).status).toBe(
      200,
    );
    const twin = await admin.postForm('/admin/accounts', { login: 'ivanova', role: 'auditor', password: '' });
    expect(twin.status).toBe(422);
    expect(await twin.text()).toContain('Учётная запись «ivanova» уже есть');
    const journal = await (await admin.fetch('/admin/accounts')).text();
    expect(journal).toMatch(/создана учётная запись \(управление образования\)<\/td><td>ivanova<\/td><td>admin-/);
  });

  it('lets anyone signed in change their own password: the present one first, all problems at once', async () => {
    const own = await staffSession(app.store, app.webUrl, 'auditor');
    const other = await signIn(app.webUrl, own.login, own.password); // a second device
    const wrong = await own.postForm('/account/password', { current: 'не тот', password: 'aaaaaaaaaaaa', repeat: 'b' });
    expect(wrong.status).toBe(422);
    const page = await wrong.text();
    for (const field of ['current', 'password', 'repeat']) {
      expect(page).toContain(`<a href="#${field}">`);
      expect(page).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error"`));
    }
    const fresh = 'ночной-трамвай-Шуя-1972';
    const ok = await own.postForm('/account/password', { current: own.password, password: fresh, repeat: fresh });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Пароль сменён');
    expect((await other.fetch('/', { redirect: 'manual' })).status).toBe(303); // the other session has ended
    expect((await own.fetch('/', { redirect: 'manual' })).status).toBe(200);
    await expect(signIn(app.webUrl, own.login.toUpperCase(), fresh)).resolves.toBeDefined();
    await expect(signIn(app.webUrl, own.login, own.password)).rejects.toThrow('401');
  });

  it('the operator adds, resets and disables accounts from the command line while the system runs', async () => {
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: app.config.temporal.address,
      DATA_DIR: app.config.dataDir,
      EMBEDDED_POSTGRES_PORT: String(app.config.store.embeddedPort),
    };
    const added = await decreeCli(['accounts', 'add', 'Petrov', '--role', 'office'], env);
    expect(added.status).toBe(0);
    const generated = /Пароль: (\S+) \(показан один раз\)/.exec(added.stdout)![1]!;
    await expect(signIn(app.webUrl, 'petrov', generated)).resolves.toBeDefined();
    const weak = await decreeCli(['accounts', 'reset-password', 'petrov', '--password-stdin'], env, '123456789012\n');
    expect([weak.status, weak.stderr]).toEqual([1, expect.stringContaining('слишком простой')]);
    const chosen = 'зелёный-кактус-Ладога-58';
    const reset = await decreeCli(['accounts', 'reset-password', 'PETROV', '--password-stdin'], env, `${chosen}\n`);
    expect(reset.status).toBe(0);
    await expect(signIn(app.webUrl, 'petrov', chosen)).resolves.toBeDefined();
    expect((await decreeCli(['accounts', 'disable', 'petrov'], env)).status).toBe(0);
    await expect(signIn(app.webUrl, 'petrov', chosen)).rejects.toThrow('401');
    expect((await decreeCli(['accounts', 'disable', 'nobody-here'], env)).status).toBe(1);
    expect((await decreeCli(['accounts', 'add', 'x1y', '--role', 'root'], env)).status).toBe(2);
  }, 120_000);
});

describe('a campaign file made to harm is refused in Russian, and the server keeps answering', () => {
  const post = (source: string) => {
    const body = new FormData();
    body.append('source', source);
    return app.office.fetch('/campaigns/new', { method: 'POST', body });
  };

  it('refuses a NUL in a school name before anything is stored or launched', async () => {
    const source = readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8')
      .replace('id: sergokala-380-2024', 'id: sergokala-380-nul')
      .replace('name: МКОУ «Мургукская СОШ»', 'name: "МКОУ «Мургукская\\0 СОШ»"');
    const res = await post(source);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('недопустимый управляющий символ U+0000');
    expect((await app.office.fetch('/campaigns/sergokala-380-nul', { redirect: 'manual' })).status).toBe(404);
  });

  it('refuses a sender the configuration does not allow: a campaign cannot go out «from» the minister', async () => {
    const source = readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8')
      .replace('id: sergokala-380-2024', 'id: sergokala-380-minister')
      .replace(
        'name: МКУ «Управление образования» Сергокалинского района\n    email: no-reply@uo-sergokala.example',
        'name: Министр просвещения\n    email: minister@edu.gov.example',
      );
    expect(source).toContain('minister@edu.gov.example');
    const res = await post(source);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('адрес отправителя «minister@edu.gov.example» не разрешён настройками системы');
  });

  it('refuses an alias bomb and a deeply nested file on our page, while a task page answers at once', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    const bomb = post(laughs.join('\n'));
    // The parse runs on its own thread; bench/hostile-campaign-file times it.
    expect((await fetch(link.url)).status).toBe(200);
    await expectOurPage(await bomb, 422, 'слишком много ссылок');
    await expectOurPage(await post(`x: ${'['.repeat(200_000)}`), 422, 'вложенность глубже 64 уровней');
  });
});

describe("what an operator's tools expect", () => {
  const probe = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, app.webUrl);
      request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => (body += c))
          .on('end', () => resolve({ status: res.statusCode!, body }));
      })
        .on('error', reject)
        .end();
    });

  it("answers /healthz and /readyz to a balancer's probe by any Host, and nothing else that way", async () => {
    expect(await probe('/healthz', '10.0.0.7:3000')).toEqual({ status: 200, body: 'ok\n' });
    expect(await probe('/readyz', '10.0.0.7:3000')).toEqual({ status: 200, body: 'ready\n' });
    expect((await probe('/verify', '10.0.0.7:3000')).status).toBe(421);
    expect((await probe('/sign-in', 'attacker.rebind.example')).status).toBe(421);
  });
});

describe('smaller findings', () => {
  it("an unknown address answers with our page, not the framework's JSON", async () => {
    await expectOurPage(await fetch(`${app.webUrl}/no/such/page`), 404, 'Такой страницы нет');
  });

  it('a replay of an unknown campaign is refused and stores nothing', async () => {
    const auditor = await staffSession(app.store, app.webUrl, 'auditor');
    await expectOurPage(await auditor.postForm('/audit/campaigns/no-such-campaign/replay', {}), 404, 'не найдена');
    const rows = await app.store.db
      .selectFrom('replay_reports')
      .select('campaign_id')
      .where('campaign_id', '=', 'no-such-campaign')
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('sign-in throttling behind the reverse proxy', () => {
  /** A sign-in as the proxy forwards it: the client's address in X-Forwarded-For. */
  const attempt = async (client: string, login: string, password: string) => {
    const form = await fetch(`${app.webUrl}/sign-in`, { headers: { 'x-forwarded-for': client } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(`${app.webUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'x-forwarded-for': client },
      body: new URLSearchParams({ login, password, _csrf: csrf }),
    });
    return { status: res.status, text: await res.text() };
  };

  it('counts each client behind the proxy apart: one client over the limit locks out no one else', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS_PER_MINUTE + 1; i++)
      statuses.push((await attempt('203.0.113.5', `guess-${i}`, 'x')).status);
    expect(statuses.at(-1)).toBe(429);
    expect((await attempt('203.0.113.6', app.office.login, app.office.password)).status).toBe(303);
  }, 120_000);

  it('holds an account after failures in a row, whatever address they come from; the journal shows them', async () => {
    const victim = await staffSession(app.store, app.webUrl, 'office');
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await attempt(`198.51.100.${i}`, victim.login, 'wrong')).status).toBe(401);
    const held = await attempt('198.51.100.77', victim.login.toUpperCase(), victim.password);
    expect(held.status).toBe(429);
    expect(held.text).toContain('Слишком много неудачных попыток входа в эту учётную запись подряд');
    const events = (await app.store.accounts.events(50)).filter((e) => e.login === victim.login);
    expect(events.filter((e) => e.kind === 'sign-in-refused').map((e) => e.address)).toEqual(
      expect.arrayContaining(['198.51.100.0', '198.51.100.77']),
    );
  }, 60_000);
});

describe('every staff action that changes anything names its account where the auditor reads', () => {
  it('a launch from the browser is in the journal with the office account that launched it', async () => {
    const body = new FormData();
    body.append(
      'source',
      readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8').replace('id: sergokala-380-2024', 'id: sergokala-380-launched-by'),
    );
    const drafted = await app.office.fetch('/campaigns/new', { method: 'POST', body, redirect: 'manual' });
    expect(drafted.status).toBe(303);
    const launched = await app.office.postForm(`${drafted.headers.get('location')}/launch`, {});
    expect(launched.status).toBe(303);
    const journal = await campaignTimeline(app.client, 'sergokala-380-launched-by', { kinds: ['campaign.launched'] });
    expect(journal.events).toEqual([
      expect.objectContaining({
        kind: 'campaign.launched',
        summary: `Кампания запущена (${app.office.login})`,
        details: expect.objectContaining({ launchedBy: app.office.login }),
      }),
    ]);
  }, 60_000);
});
