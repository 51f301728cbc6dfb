// The web server's close waits for handlers whose client gave up, so the Temporal connection outlives them.
import Fastify from 'fastify';
import { drainHandlersOnClose } from '../../web/running-handlers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('close waits for a handler still awaiting its Update after its client gave up; one that sent at once does not hold it', async () => {
  const app = Fastify();
  drainHandlersOnClose(app);
  let finished = false;
  app.post('/slow', async () => {
    await sleep(400);
    finished = true;
    return 'done';
  });
  app.get('/sync', (_req, reply) => {
    void reply.send('at once');
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  expect(await (await fetch(`${url}/sync`)).text()).toBe('at once');
  const gaveUp = new AbortController();
  const slow = fetch(`${url}/slow`, { method: 'POST', signal: gaveUp.signal }).catch((err: Error) => err.name);
  await sleep(50); // the handler is running
  gaveUp.abort(); // the client's timeout: its socket is gone, the server has nothing else open
  expect(await slow).toBe('AbortError');
  await app.close();
  expect(finished).toBe(true);
});

it('close waits no longer than its limit for a handler that never ends', async () => {
  const app = Fastify();
  drainHandlersOnClose(app, 150);
  app.get('/stuck', () => new Promise(() => undefined));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const gaveUp = new AbortController();
  const stuck = fetch(`${url}/stuck`, { signal: gaveUp.signal }).catch(() => undefined);
  await sleep(50);
  gaveUp.abort();
  await stuck;
  const started = Date.now();
  await app.close();
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  expect(Date.now() - started).toBeLessThan(5_000);
});
