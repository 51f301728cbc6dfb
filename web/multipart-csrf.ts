// A multipart form (a statistics file, a campaign file, a PDF to verify) is read by its handler as a stream, after
// the preHandler that checks every other form's CSRF token. Its token used to ride in the action's URL and stayed
// in the address bar and the history after the POST. Now it is the form's first field: the handler reads it and
// has it checked before it reads a byte of the file, and a request whose first part is not the token is refused.
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type PartsOptions = Parameters<FastifyRequest['parts']>[0];

/** Whether the preHandler leaves this request's token to its handler (a multipart body without the header). */
export function tokenInBody(req: FastifyRequest): boolean {
  return req.isMultipart() && !req.headers['x-csrf-token'];
}

/** The form's parts after its token: checked with the session's secret, as the preHandler would. */
export async function* partsAfterToken(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  options: PartsOptions,
): AsyncGenerator<Multipart> {
  const parts = req.parts(options);
  if (tokenInBody(req)) {
    const first = await parts.next();
    const token =
      !first.done && first.value.type === 'field' && first.value.fieldname === '_csrf'
        ? String(first.value.value ?? '')
        : '';
    (req as { body?: unknown }).body = { _csrf: token };
    await checkToken(app, req, reply);
  }
  yield* parts;
}

/**
 * The plugin's check answers a refusal itself (`reply.send(error)`) and never calls back: here the refusal is thrown
 * instead, so the handler's own clean-up runs (a /verify slot is given back) and the error handler answers once.
 */
function checkToken(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const refusing = new Proxy(reply, {
      get: (target, prop) =>
        prop === 'send'
          ? (err: Error) => {
              reject(err);
              return target;
            }
          : Reflect.get(target, prop, target),
    });
    app.csrfProtection(req, refusing, (err?: Error) => (err ? reject(err) : resolve()));
  });
}

/** A refusal of the token is the error handler's (403, «форма устарела»), not a broken upload's. */
export function isCsrfRefusal(err: unknown): boolean {
  return (
    typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('FST_CSRF_')
  );
}
