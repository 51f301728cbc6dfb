import type { FastifyReply } from 'fastify';
import type { WebContext } from './context';

/** Sends a server-rendered page from templates/web/<name>.html.hbs. */
export function sendPage(reply: FastifyReply, ctx: WebContext, name: string, data: object, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(ctx.renderer.render(`web/${name}.html`, data));
}
