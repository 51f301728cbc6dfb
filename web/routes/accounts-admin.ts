// The admin's page of accounts: who may sign in, in which role; a new account's password is shown once.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatRuDateTime } from '../../domain/dates';
import { STAFF_ROLES, type StaffRole } from '../../store/accounts';
import type { StaffEventKind } from '../../store/schema';
import { normalizeLogin, passwordProblem } from '../../store/password-policy';
import type { WebContext } from '../context';
import { ROLE_NAMES_RU, sendPage } from '../page';

type Body = Record<string, string | undefined>;

export const STAFF_EVENT_NAMES_RU = {
  'sign-in': 'вход',
  'sign-in-refused': 'отказ во входе',
  'sign-out': 'выход',
  'account-created': 'создана учётная запись',
  'account-disabled': 'учётная запись отключена',
  'password-changed': 'пароль сменён владельцем',
  'password-reset': 'пароль задан заново',
} satisfies Record<StaffEventKind, string>;
const LOGIN = /^[A-Za-z0-9._-]{3,64}$/;

/** A password a person can copy once from the page: 18 characters of base64url, about 108 bits. */
export const newPassword = () => randomBytes(14).toString('base64url');

/** What is wrong with the form, in Russian, or undefined when an account can be made of it. */
export function accountFormProblem(login: string, role: string, password: string): string | undefined {
  if (!LOGIN.test(login)) return 'Логин: от 3 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний';
  if (!STAFF_ROLES.includes(role as StaffRole)) return 'Роль: выберите одну из предложенных';
  if (password) return passwordProblem(password, login);
  return undefined;
}

export function registerAccountsAdmin(app: FastifyInstance, ctx: WebContext): void {
  const show = async (req: FastifyRequest, reply: FastifyReply, notice: object = {}, status = 200) => {
    const accounts = (await ctx.store.accounts.list()).map((a) => ({
      ...a,
      roleRu: ROLE_NAMES_RU[a.role],
      createdRu: formatRuDateTime(a.createdAt, 'Europe/Moscow'),
      self: a.id === req.staff?.account.id,
    }));
    const events = (await ctx.store.accounts.events(50)).map((e) => ({
      ...e,
      kindRu: STAFF_EVENT_NAMES_RU[e.kind],
      atRu: formatRuDateTime(e.at, 'Europe/Moscow'),
    }));
    return sendPage(
      reply,
      ctx,
      'accounts',
      { accounts, events, roles: STAFF_ROLES.map((r) => ({ value: r, name: ROLE_NAMES_RU[r] })), ...notice },
      status,
    );
  };
  app.get('/admin/accounts', (req, reply) => show(req, reply));
  app.post<{ Body: Body }>('/admin/accounts', async (req, reply) => {
    const login = normalizeLogin(req.body?.login ?? '');
    const role = req.body?.role ?? '';
    const typed = req.body?.password ?? '';
    const problem = accountFormProblem(login, role, typed);
    if (problem) return show(req, reply, { error: problem, login }, 422);
    const password = typed || newPassword();
    try {
      await ctx.store.accounts.create({ login, role: role as StaffRole, password });
      await ctx.store.accounts.record({
        kind: 'account-created',
        login,
        byLogin: req.staff?.account.login,
        address: req.ip,
        detail: ROLE_NAMES_RU[role as StaffRole],
      });
    } catch (err) {
      return show(req, reply, { error: (err as Error).message, login }, 422);
    }
    return show(req, reply, {
      created: { login, roleRu: ROLE_NAMES_RU[role as StaffRole], password: typed ? undefined : password },
    });
  });
  app.post<{ Params: { accountId: string } }>('/admin/accounts/:accountId/disable', async (req, reply) => {
    if (req.params.accountId === req.staff?.account.id)
      return show(
        req,
        reply,
        { error: 'Свою учётную запись отключить нельзя: войдите под другой учётной записью администратора' },
        422,
      );
    const account = (await ctx.store.accounts.list()).find((a) => a.id === req.params.accountId);
    const done = await ctx.store.accounts.disable(req.params.accountId);
    if (done && account)
      await ctx.store.accounts.record({
        kind: 'account-disabled',
        login: account.login,
        byLogin: req.staff?.account.login,
        address: req.ip,
      });
    return show(
      req,
      reply,
      done
        ? { ok: 'Учётная запись отключена; её сеансы завершены.' }
        : { error: 'Учётная запись не найдена или уже отключена' },
      done ? 200 : 404,
    );
  });
}
