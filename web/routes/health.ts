// For load balancers and orchestrators: /healthz says the process answers; /readyz says it can serve (the store and
// Temporal both answer), 503 naming what does not. Neither reveals anything but that, so both are public and answer
// whatever Host a balancer's probe sends.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { WebContext } from '../context';

export const PROBE_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz']);
const PROBE_TIMEOUT_MS = 3_000;

async function within<T>(work: Promise<T>, what: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>(
    (resolve) =>
      (timer = setTimeout(() => resolve(`${what}: нет ответа за ${PROBE_TIMEOUT_MS / 1000} с`), PROBE_TIMEOUT_MS)),
  );
  try {
    return await Promise.race([
      work.then(
        () => undefined,
        (err: unknown) => `${what}: ${(err as Error).message}`,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealth(app: FastifyInstance, ctx: WebContext): void {
  app.get('/healthz', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('ok\n'));
  app.get('/readyz', async (_req, reply) => {
    const problems = (
      await Promise.all([
        within(sql`select 1`.execute(ctx.store.db), 'хранилище'),
        within(ctx.client.connection.workflowService.getSystemInfo({}), 'Temporal'),
      ])
    ).filter((p): p is string => p !== undefined);
    return reply
      .code(problems.length ? 503 : 200)
      .type('text/plain; charset=utf-8')
      .send(problems.length ? `${problems.join('\n')}\n` : 'ready\n');
  });
}
