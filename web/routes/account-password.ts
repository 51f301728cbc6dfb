// Any signed-in account changes its own password: the present one first (a session left open on a shared machine
// must not be enough), the new one under the same policy as the admin's, then every other session of it ends.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { passwordProblem } from '../../store/password-policy';
import type { WebContext } from '../context';
import { sendPage } from '../page';

type Body = Record<string, string | undefined>;
type Field = 'current' | 'password' | 'repeat';

export function registerAccountPassword(app: FastifyInstance, ctx: WebContext): void {
  const show = (reply: FastifyReply, data: object = {}, status = 200) =>
    sendPage(reply, ctx, 'account-password', data, status);
  app.get('/account/password', (_req, reply) => show(reply));
  app.post<{ Body: Body }>('/account/password', async (req: FastifyRequest<{ Body: Body }>, reply) => {
    const staff = req.staff!;
    const { current = '', password = '', repeat = '' } = req.body ?? {};
    const errors: Partial<Record<Field, string>> = {};
    if (!(await ctx.store.accounts.checkPassword(staff.account.login, current)))
      errors.current = 'Нынешний пароль: неверен';
    const weak = passwordProblem(password, staff.account.login);
    if (weak) errors.password = weak;
    else if (password === current) errors.password = 'Пароль: новый пароль совпадает с нынешним';
    if (password !== repeat) errors.repeat = 'Повтор: не совпадает с новым паролем';
    const problems = (Object.entries(errors) as [Field, string][]).map(([field, message]) => ({ field, message }));
    if (problems.length) return show(reply, { problems, errors }, 422);
    await ctx.store.accounts.setPassword(staff.account.login, password, staff.sessionId);
    await ctx.store.accounts.record({
      kind: 'password-changed',
      login: staff.account.login,
      byLogin: staff.account.login,
      address: req.ip,
    });
    return show(reply, { ok: 'Пароль сменён. Остальные ваши сеансы завершены.' });
  });
}
