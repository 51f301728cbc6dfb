import { SignJWT } from 'jose';
import { createTaskLinks, linkExpiry } from '../../activities/links/task-links';

const links = createTaskLinks('x'.repeat(32), 'http://127.0.0.1:3000');
const issuedAt = new Date('2024-10-22T09:00:00Z');
const expiresAt = new Date('2024-12-15T00:00:00Z');
const during = new Date('2024-10-25T00:00:00Z');

describe('task links', () => {
  it('accept the task they were signed for', async () => {
    const token = await links.sign('task-a', issuedAt, expiresAt);
    await expect(links.verify(token, 'task-a', during)).resolves.toEqual({ ok: true, version: 1 });
    expect(links.url('task-a', token)).toBe(`http://127.0.0.1:3000/tasks/task-a?t=${token}`);
  });

  it('are the same for the same inputs (a retried mail sends the same link)', async () => {
    expect(await links.sign('task-a', issuedAt, expiresAt)).toBe(await links.sign('task-a', issuedAt, expiresAt));
  });

  it('refuse another task', async () => {
    const token = await links.sign('task-a', issuedAt, expiresAt);
    await expect(links.verify(token, 'task-b', during)).resolves.toEqual({ ok: false, error: 'LinkWrongTask' });
  });

  it('refuse an expired link', async () => {
    const token = await links.sign('task-a', issuedAt, expiresAt);
    await expect(links.verify(token, 'task-a', new Date('2024-12-16T00:00:00Z'))).resolves.toEqual({
      ok: false,
      error: 'LinkExpired',
      genuine: { version: 1 },
    });
    const [h, p, sig] = token.split('.');
    await expect(
      links.verify(`${h}.${p}.${sig!.slice(0, -2)}AA`, 'task-a', new Date('2024-12-16T00:00:00Z')),
    ).resolves.toEqual({ ok: false, error: 'LinkForged' });
    const v3 = await links.sign('task-a', issuedAt, expiresAt, 3);
    await expect(links.verify(v3, 'task-a', during)).resolves.toEqual({ ok: true, version: 3 });
  });

  it('refuse a tampered or foreign-signed link', async () => {
    const token = await links.sign('task-a', issuedAt, expiresAt);
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: 'task-b', aud: 'school-task', iss: 'decree-campaigns', exp: 2e9 })).toString('base64url')}.${s}`;
    await expect(links.verify(tampered, 'task-b', during)).resolves.toEqual({ ok: false, error: 'LinkForged' });
    await expect(links.verify(`${h}.${p}.${s!.slice(0, -2)}AA`, 'task-a', during)).resolves.toEqual({
      ok: false,
      error: 'LinkForged',
    });
    const foreign = await createTaskLinks('y'.repeat(32), 'http://x').sign('task-a', issuedAt, expiresAt);
    await expect(links.verify(foreign, 'task-a', during)).resolves.toEqual({ ok: false, error: 'LinkForged' });
    await expect(links.verify('not-a-token', 'task-a', during)).resolves.toEqual({ ok: false, error: 'LinkForged' });
  });

  it('refuse a correctly signed token that lacks an expiry, an issue time or a task', async () => {
    const key = new TextEncoder().encode('x'.repeat(32));
    const base = () =>
      new SignJWT({ v: 1 })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience('school-task')
        .setIssuer('decree-campaigns');
    const noExpiry = await base()
      .setSubject('task-a')
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .sign(key);
    const noIssuedAt = await base()
      .setSubject('task-a')
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key);
    const noSubject = await base()
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key);
    for (const token of [noExpiry, noIssuedAt, noSubject])
      await expect(links.verify(token, 'task-a', during)).resolves.toEqual({ ok: false, error: 'LinkForged' });
    const complete = await base()
      .setSubject('task-a')
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key);
    await expect(links.verify(complete, 'task-a', during)).resolves.toEqual({ ok: true, version: 1 }); // the same key and claims are ours
  });

  it('last until the campaign end plus grace, and at least the minimum validity', () => {
    expect(linkExpiry('2024-11-15', issuedAt, { graceDays: 30, minValidDays: 30 }).toISOString()).toBe(
      '2024-12-15T23:59:59.000Z',
    );
    const relaunchedLater = new Date('2026-11-23T00:00:00Z');
    expect(linkExpiry('2024-11-15', relaunchedLater, { graceDays: 30, minValidDays: 30 }).toISOString()).toBe(
      '2026-12-23T00:00:00.000Z',
    );
  });
});
