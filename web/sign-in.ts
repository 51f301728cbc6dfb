// Sign-in for office staff, auditors and admins (school officers never sign in: their links are their key).
// A session is a random token in a signed, HttpOnly, SameSite cookie; the store keeps its hash, its account and its
// expiry, so sign-out and a disabled account end it at once. Every staff form carries a CSRF token bound to the
// session; sign-in attempts are throttled.
import { createHmac } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from '../store/accounts';
import { normalizeLogin } from '../store/password-policy';
import { accessClassOf, roleMayUse, ROLES_OF_CLASS, SAFE_METHODS } from './access';
import type { WebContext } from './context';
import { tokenInBody } from './multipart-csrf';
import { formToken, formTokenOwner, ROLE_NAMES_RU, sendPage } from './page';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account, on every route but the school's. */
    staff?: SignedIn;
  }
}

export const SESSION_COOKIE = 'decree_session';

export interface SignInSettings {
  /** Signs the cookies and keys the CSRF tokens; derived from the link secret, so every web server agrees. */
  secret: string;
  /** Set when PUBLIC_BASE_URL is https: the cookies then travel only over TLS. */
  secureCookies: boolean;
  sessionHours: number;
  /** Sign-in attempts per client address per minute (the address behind a trusted proxy: see TRUSTED_PROXIES). */
  attemptsPerMinute: number;
}

const derived = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest('base64url');

/**
 * Only a page of this server: `next` is resolved the way a browser would (which drops TAB, CR and LF, so
 * `/\t/evil` reads `//evil`) against PUBLIC_BASE_URL; another origin gives the home page, and only the path and
 * query are kept, so nothing of `next` reaches the Location header but an encoded path.
 */
export function safeNext(next: unknown, publicBaseUrl: string): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  const base = new URL(publicBaseUrl);
  let target: URL;
  try {
    target = new URL(next, base);
  } catch {
    return '/';
  }
  return target.origin === base.origin ? `${target.pathname}${target.search}` : '/';
}

export async function registerSignIn(app: FastifyInstance, ctx: WebContext, settings: SignInSettings): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secureCookies,
    signed: true,
  } as const;
  await app.register(cookie, { secret: derived(settings.secret, 'cookie-signature') });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: cookieOptions,
    csrfOpts: { hmacKey: derived(settings.secret, 'csrf') },
    getUserInfo: formTokenOwner,
    // A multipart form's token is its first field, read and checked by its handler (web/multipart-csrf.ts).
    getToken: (req) =>
      (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (req, reply) => {
    const cls = accessClassOf(req.method, req.routeOptions.url ?? '');
    if (!cls || cls === 'school') return;
    req.staff = await sessionFromCookie(ctx, req, reply);
    if (roleMayUse(req.staff?.account.role, cls)) return;
    if (!req.staff) return refuseAnonymous(req, reply, ctx);
    const allowed = ROLES_OF_CLASS[cls as keyof typeof ROLES_OF_CLASS].map((r) => ROLE_NAMES_RU[r]).join(', ');
    return sendPage(
      reply,
      ctx,
      'link-refused',
      {
        message: `Недостаточно прав: это доступно ролям «${allowed}», а вы вошли как ${ROLE_NAMES_RU[req.staff.account.role]}. Ничего не изменено.`,
      },
      403,
    );
  });
  // Every staff and sign-in form carries a token; school forms carry their link's token, which a foreign site lacks.
  app.addHook('preHandler', (req, reply, done) => {
    const cls = accessClassOf(req.method, req.routeOptions.url ?? '');
    if (SAFE_METHODS.has(req.method) || cls === 'school' || tokenInBody(req)) return done(); // a file form's: its handler
    app.csrfProtection(req, reply, done);
  });

  app.get<{ Querystring: { next?: string } }>('/sign-in', async (req, reply) => {
    if (req.staff) return reply.redirect(safeNext(req.query.next, ctx.publicBaseUrl), 303);
    return sendPage(reply, ctx, 'sign-in', {
      next: safeNext(req.query.next, ctx.publicBaseUrl),
      csrf: formToken(reply),
    });
  });
  app.post<{ Body: Record<string, string | undefined> }>(
    '/sign-in',
    {
      config: {
        rateLimit: {
          max: settings.attemptsPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: () =>
            tooMany('Слишком много попыток входа с этого адреса. Подождите минуту и попробуйте снова.'),
        },
      },
    },
    async (req, reply) => {
      const login = normalizeLogin(req.body?.login ?? '');
      const next = safeNext(req.body?.next, ctx.publicBaseUrl);
      const lockedUntil = login ? await ctx.store.signInThrottle.lockedUntil(login) : undefined;
      if (lockedUntil) {
        await ctx.store.accounts.record({
          kind: 'sign-in-refused',
          login,
          address: req.ip,
          detail: 'учётная запись выжидает после неудачных попыток',
        });
        return sendPage(
          reply,
          ctx,
          'sign-in',
          { next, login, error: accountWaits(lockedUntil), csrf: formToken(reply) },
          429,
        );
      }
      const account =
        login && req.body?.password ? await ctx.store.accounts.checkPassword(login, req.body.password) : undefined;
      if (!account) {
        if (login) {
          await ctx.store.signInThrottle.failed(login);
          await ctx.store.accounts.record({ kind: 'sign-in-refused', login, address: req.ip });
        }
        return sendPage(
          reply,
          ctx,
          'sign-in',
          { next, login, error: 'Неверный логин или пароль, либо учётная запись отключена.', csrf: formToken(reply) },
          401,
        );
      }
      await ctx.store.signInThrottle.succeeded(login);
      await ctx.store.accounts.record({ kind: 'sign-in', login: account.login, address: req.ip });
      const token = await ctx.store.accounts.openSession(account.id, settings.sessionHours * 3_600_000);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: settings.sessionHours * 3600 });
      return reply.redirect(next, 303);
    },
  );
  app.post('/sign-out', async (req, reply) => {
    const token = unsignedSessionToken(req, reply);
    if (token) await ctx.store.accounts.closeSession(token);
    if (req.staff)
      await ctx.store.accounts.record({ kind: 'sign-out', login: req.staff.account.login, address: req.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}

function unsignedSessionToken(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = reply.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

async function sessionFromCookie(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<SignedIn | undefined> {
  const token = unsignedSessionToken(req, reply);
  return token ? ctx.store.accounts.sessionOf(token) : undefined;
}

function refuseAnonymous(req: FastifyRequest, reply: FastifyReply, ctx: WebContext): FastifyReply {
  if (req.method === 'GET' || req.method === 'HEAD')
    return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
  return sendPage(
    reply,
    ctx,
    'link-refused',
    { message: 'Войдите в систему: это действие доступно только сотрудникам после входа. Ничего не изменено.' },
    401,
  );
}

function accountWaits(until: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const wait = seconds < 90 ? `${seconds} с` : `${Math.ceil(seconds / 60)} мин`;
  return `Слишком много неудачных попыток входа в эту учётную запись подряд. Попробуйте снова через ${wait}; пароль не проверялся.`;
}

export function tooMany(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 429, publicMessage: message });
}
