// Pure rules of sign-in: an exposed web server needs TLS and a shared secret; the first admin; safe redirects;
// the account form's checks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/app-config';
import { senderProblem } from '../../domain/mail-senders';
import { ensureFirstAdmin } from '../../scripts/lib/first-admin';
import type { Store } from '../../store/open-store';
import { waitAfter } from '../../store/sign-in-throttle';
import { accountFormProblem, newPassword } from '../../web/routes/accounts-admin';
import { safeNext } from '../../web/sign-in';
import { matrixCell } from '../../web/routes/campaign-tree-view';

const dir = () => mkdtempSync(join(tmpdir(), 'sign-in-config-'));
const SECRET = 'x'.repeat(40);

describe('a web server open to the network', () => {
  it('is refused over plain http or without LINK_SECRET, with a message naming what to set', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), WEB_HOST: '0.0.0.0', LINK_SECRET: SECRET })).toThrow(
      'PUBLIC_BASE_URL с https://',
    );
    expect(() =>
      loadConfig({ DATA_DIR: dir(), WEB_HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://uo.example.ru' }),
    ).toThrow('LINK_SECRET');
  });

  it('starts with https and a shared secret, and its cookies are then Secure', () => {
    const config = loadConfig({
      DATA_DIR: dir(),
      WEB_HOST: '0.0.0.0',
      PUBLIC_BASE_URL: 'https://uo.example.ru',
      LINK_SECRET: SECRET,
    });
    expect(config.signIn).toMatchObject({ exposed: true, secureCookies: true, sessionHours: 8 });
    expect(loadConfig({ DATA_DIR: dir() }).signIn).toMatchObject({ exposed: false, secureCookies: false });
  });

  it('refuses a short ADMIN_PASSWORD', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), ADMIN_PASSWORD: 'short' })).toThrow(
      'ADMIN_PASSWORD должен быть не короче 12 символов',
    );
  });
});

describe('the first admin', () => {
  function storeWith(count: number) {
    const created: { login: string; role: string; password: string }[] = [];
    const store = {
      accounts: {
        count: async () => count + created.length,
        create: async (a: (typeof created)[number]) => created.push(a),
      },
    } as unknown as Store;
    return { store, created };
  }
  const signIn = { exposed: false, sessionHours: 8, attemptsPerMinute: 10, secureCookies: false };

  it('is made once with a generated password that is printed once', async () => {
    const { store, created } = storeWith(0);
    const printed: string[] = [];
    await ensureFirstAdmin(store, signIn, (l) => printed.push(l));
    await ensureFirstAdmin(store, signIn, (l) => printed.push(l));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ login: 'admin', role: 'admin' });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(created[0]!.password);
  });

  it('takes ADMIN_PASSWORD and prints nothing; on an exposed server it is required', async () => {
    const given = storeWith(0);
    const printed: string[] = [];
    await ensureFirstAdmin(given.store, { ...signIn, adminPassword: 'a-long-admin-password' }, (l) => printed.push(l));
    expect(given.created[0]!.password).toBe('a-long-admin-password');
    expect(printed).toEqual([]);
    await expect(ensureFirstAdmin(storeWith(0).store, { ...signIn, exposed: true })).rejects.toThrow(
      'задайте ADMIN_PASSWORD',
    );
    await expect(ensureFirstAdmin(storeWith(2).store, { ...signIn, exposed: true })).resolves.toBeUndefined();
  });
});

describe('sign-in and account forms', () => {
  it('returns only to a path on this server after sign-in', () => {
    const base = 'https://decree.region.example';
    expect(safeNext('/campaigns/x?status=open', base)).toBe('/campaigns/x?status=open');
    expect(safeNext('/campaigns/%D0%B0#part', base)).toBe('/campaigns/%D0%B0');
    const hostile = [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      undefined,
      42,
      '/\t/evil-host',
      '/\n/evil-host',
      '/\r\n/evil-host',
      '/\t\\evil-host',
    ];
    for (const bad of hostile) expect(safeNext(bad, base)).toBe('/');
    // CR or LF inside a path of ours never reaches the Location header as such.
    expect(safeNext('/campaigns\r\nSet-Cookie: x=1', base)).toBe('/campaignsSet-Cookie:%20x=1');
  });

  it('names what is wrong with a new account', () => {
    expect(accountFormProblem('ab', 'office', '')).toContain('Логин');
    expect(accountFormProblem('иванова', 'office', '')).toContain('Логин');
    expect(accountFormProblem('ivanova', 'root', '')).toContain('Роль');
    expect(accountFormProblem('ivanova', 'auditor', 'short')).toContain('не короче 12');
    expect(accountFormProblem('ivanova', 'auditor', '')).toBeUndefined();
    expect(newPassword()).toMatch(/^[A-Za-z0-9_-]{18,}$/);
  });
});

describe('a cell of the campaign matrix', () => {
  const task = (over: object) => ({
    taskId: 't',
    schoolId: 's',
    schoolName: 'Школа',
    clause: '1.2',
    kind: 'registration-deadline',
    status: 'open' as const,
    due: '2024-10-30',
    regionCode: null,
    regionName: null,
    municipalityCode: null,
    municipalityName: null,
    closedAt: null,
    escalated: false,
    ...over,
  });
  it('says done with the date, overdue, escalated, withdrawn or open, and links to the task', () => {
    expect(
      matrixCell(task({ status: 'done', closedAt: '2024-10-28T09:00:00Z' }), '2024-11-05', 'Europe/Moscow'),
    ).toEqual({ label: 'выполнена 28.10.2024', cls: 'done', href: '/office/tasks/t' });
    expect(matrixCell(task({}), '2024-11-05', 'Europe/Moscow').cls).toBe('overdue');
    expect(matrixCell(task({}), '2024-10-29', 'Europe/Moscow')).toMatchObject({
      cls: 'open',
      label: 'открыта, срок 30.10.2024',
    });
    expect(matrixCell(task({ escalated: true }), '2024-11-05', 'Europe/Moscow').cls).toBe('escalated');
    expect(
      matrixCell(task({ status: 'withdrawn', closedAt: '2024-10-29T10:00:00Z' }), '2024-11-05', 'Europe/Moscow').cls,
    ).toBe('withdrawn');
    expect(matrixCell(undefined, '2024-11-05', 'Europe/Moscow')).toEqual({ label: '—', cls: 'none' });
  });
});

describe('who the mail may come from', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'decree-senders-'));
  it('with a real SMTP server, only the configured sender and what MAIL_FROM_ALLOWED lists', () => {
    const strict = loadConfig({
      DATA_DIR: dir(),
      SMTP_URL: 'smtp://mail.example:25',
      MAIL_FROM: 'robot@uo.example',
    }).mailSenders;
    expect(senderProblem(strict, 'robot@uo.example')).toBeUndefined();
    expect(senderProblem(strict, 'minister@edu.gov.example')).toMatch(
      /^поле «office\.sender\.email»: адрес отправителя «minister@edu\.gov\.example» не разрешён/,
    );
    const listed = loadConfig({
      DATA_DIR: dir(),
      SMTP_URL: 'smtp://mail.example:25',
      MAIL_FROM_ALLOWED: '@uo-sergokala.example, head@rayon.example',
    }).mailSenders;
    expect(senderProblem(listed, 'No-Reply@UO-Sergokala.example')).toBeUndefined();
    expect(senderProblem(listed, 'head@rayon.example')).toBeUndefined();
    expect(senderProblem(listed, 'x@evil-uo-sergokala.example')).toBeDefined();
    expect(() => loadConfig({ DATA_DIR: dir(), MAIL_FROM_ALLOWED: 'uo-sergokala' })).toThrow('MAIL_FROM_ALLOWED');
  });
  it('with the embedded sink (mail never leaves the machine) any, unless a list is given', () => {
    expect(loadConfig({ DATA_DIR: dir() }).mailSenders.any).toBe(true);
    expect(loadConfig({ DATA_DIR: dir(), MAIL_FROM_ALLOWED: '@uo.example' }).mailSenders.any).toBe(false);
  });
});

describe('sign-in throttling', () => {
  it('waits longer after each failure past the free ones, at most 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 20].map(waitAfter)).toEqual([0, 0, 30_000, 60_000, 120_000, 900_000]);
  });
  it('believes X-Forwarded-For only from the configured proxies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decree-proxies-'));
    expect(loadConfig({ DATA_DIR: dir }).web.trustedProxies).toEqual([]);
    expect(loadConfig({ DATA_DIR: dir, TRUSTED_PROXIES: '10.0.0.5, 192.168.0.0/16,::1' }).web.trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(() => loadConfig({ DATA_DIR: dir, TRUSTED_PROXIES: 'proxy.local' })).toThrow('TRUSTED_PROXIES');
  });
});
