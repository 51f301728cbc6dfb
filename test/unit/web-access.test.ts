// Every route has an access class, and no state changes from another site (real HTTP on loopback).
import Fastify from 'fastify';
import { request } from 'node:http';
import { enforceAccessClasses, enforceServedHost, roleMayUse, ROUTE_ACCESS, servedHostNames } from '../../web/access';

function statusUnderHost(base: string, host: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    request(
      { host: url.hostname, port: url.port, path: '/outbox', headers: { host } },
      (res) => (res.resume(), resolve(res.statusCode!)),
    )
      .on('error', reject)
      .end();
  });
}

function appWithGuard() {
  const app = Fastify();
  enforceAccessClasses(app, (reply, message) => reply.code(403).send(message));
  return app;
}

describe('web access classes', () => {
  it('a route the table does not classify stops the server from starting', async () => {
    const app = appWithGuard();
    expect(() => app.get('/secret-admin', async () => 'x')).toThrow('route GET /secret-admin has no access class');
    await app.close();
  });

  it('every class is a known one, and the office, auditor, admin and school routes are the ones named', () => {
    expect(new Set(Object.values(ROUTE_ACCESS))).toEqual(
      new Set(['public', 'school', 'auditor', 'office', 'admin', 'staff', 'review']),
    );
    expect(ROUTE_ACCESS['POST /campaigns/:campaignId/statistics/confirm']).toBe('office');
    expect(ROUTE_ACCESS['POST /tasks/:taskId']).toBe('school');
    expect(ROUTE_ACCESS['GET /outbox']).toBe('office'); // it holds every school's links: not for the auditor
    expect(ROUTE_ACCESS['GET /campaigns/:campaignId']).toBe('auditor');
    expect(ROUTE_ACCESS['POST /admin/accounts']).toBe('admin');
  });

  it('the auditor reads and never acts; the office acts; only the admin manages accounts', () => {
    expect(roleMayUse('auditor', 'auditor')).toBe(true);
    expect(roleMayUse('auditor', 'office')).toBe(false);
    expect(roleMayUse('auditor', 'admin')).toBe(false);
    expect(roleMayUse('office', 'office')).toBe(true);
    expect(roleMayUse('office', 'admin')).toBe(false);
    expect(roleMayUse('admin', 'admin')).toBe(true);
    expect(roleMayUse(undefined, 'auditor')).toBe(false);
    expect(roleMayUse(undefined, 'public')).toBe(true);
    expect(roleMayUse(undefined, 'school')).toBe(true);
  });

  it('a route that changes state cannot be declared readable by the auditor', async () => {
    const app = appWithGuard();
    ROUTE_ACCESS['POST /campaigns/:campaignId/audit-note'] = 'auditor';
    try {
      expect(() => app.post('/campaigns/:campaignId/audit-note', async () => 'x')).toThrow(
        "cannot be of the auditor's class",
      );
    } finally {
      delete ROUTE_ACCESS['POST /campaigns/:campaignId/audit-note'];
      await app.close();
    }
  });

  it('a form posted from another site is refused before its handler runs; same-site and GET pass', async () => {
    const app = appWithGuard();
    let handled = 0;
    app.post('/campaigns/:campaignId/withdraw', async () => ++handled);
    app.get('/campaigns/:campaignId', async () => 'page');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/campaigns/c/withdraw`, { method: 'POST', headers });
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site', origin: 'null' })).status).toBe(403);
    expect(handled).toBe(0);
    expect((await post({ 'sec-fetch-site': 'same-origin', origin: base })).status).toBe(200);
    expect((await post({ 'sec-fetch-site': 'same-origin', origin: 'null' })).status).toBe(200); // our own form under no-referrer
    expect((await post({})).status).toBe(200); // a client that is not a browser (the CLI, curl) sends neither
    expect(handled).toBe(3);
    expect((await fetch(`${base}/campaigns/c`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    await app.close();
  });

  it("answers only under the public host name and loopback's: a DNS-rebinding page gets nothing", async () => {
    const app = Fastify();
    enforceServedHost(app, servedHostNames('https://uo.example.ru/'), (reply, message) =>
      reply.code(421).send(message),
    );
    let served = 0;
    app.get('/outbox', async () => ++served);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const port = new URL(base).port;
    expect(await statusUnderHost(base, 'evil.example')).toBe(421);
    expect(await statusUnderHost(base, `evil.example:${port}`)).toBe(421);
    expect(await statusUnderHost(base, 'uo.example.ru.evil.example')).toBe(421);
    expect(served).toBe(0);
    for (const host of ['uo.example.ru', `127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST'])
      expect(await statusUnderHost(base, host)).toBe(200);
    expect(served).toBe(4);
    await app.close();
  });
});
