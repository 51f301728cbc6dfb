import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from './context';

export const ROLE_NAMES_RU = { office: 'управление образования', auditor: 'аудитор', admin: 'администратор' } as const;

/** Whose form a CSRF token belongs to: the session, or the anonymous visitor of a public form (sign-in, verify). */
export const formTokenOwner = (req: FastifyRequest): string => req.staff?.sessionId ?? 'anonymous';

/** The CSRF token a form on this page carries. */
export const formToken = (reply: FastifyReply): string =>
  reply.generateCsrf({ userInfo: formTokenOwner(reply.request) });

/**
 * Sends a server-rendered page from templates/web/<name>.html.hbs. A signed-in account's pages also get `staff` (who,
 * and whether the role may act) and `csrf`, the token every staff form carries.
 */
export function sendPage(reply: FastifyReply, ctx: WebContext, name: string, data: object, status = 200): FastifyReply {
  const staff = reply.request.staff;
  const session = staff && {
    staff: {
      login: staff.account.login,
      roleRu: ROLE_NAMES_RU[staff.account.role],
      canAct: staff.account.role !== 'auditor',
      isAdmin: staff.account.role === 'admin',
    },
    csrf: formToken(reply),
  };
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(ctx.renderer.render(`web/${name}.html`, { ...session, ...data }));
}
