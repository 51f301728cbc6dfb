// Handlers still running when the web server closes. A client that gave up (a timeout) leaves its handler awaiting
// Temporal; the process closes the Temporal connection after the server, and a gRPC retry of such a handler would
// then throw «Channel has been shut down» from a timer, an uncaught exception that ends the process.
import type { FastifyInstance } from 'fastify';

/** Makes the server's close wait for the handlers still running, at most `limitMs`. Call before any route. */
export function drainHandlersOnClose(app: FastifyInstance, limitMs = 30_000): void {
  const running = new Set<PromiseLike<unknown>>();
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, req, reply) {
      const result: unknown = handler.call(this, req, reply);
      if (isThenable(result)) {
        running.add(result);
        const forget = () => running.delete(result);
        result.then(forget, forget);
      }
      return result;
    } as typeof handler;
  });
  app.addHook('onClose', async () => {
    if (running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.allSettled([...running]), limit]);
    clearTimeout(timer);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
