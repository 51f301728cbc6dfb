// The operator's accounts, from the command line of the machine (no web sign-in needed, so a lost admin password
// is not a locked door):
//   npm run decree -- accounts add LOGIN --role office|auditor|admin [--password-stdin]
//   npm run decree -- accounts reset-password LOGIN [--password-stdin]
//   npm run decree -- accounts disable LOGIN
// Without --password-stdin a password is generated and printed once. Every change is kept in the accounts' journal.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/app-config';
import { STAFF_ROLES, type StaffRole } from '../../store/accounts';
import { openStore, type Store } from '../../store/open-store';
import { normalizeLogin, passwordProblem } from '../../store/password-policy';
import { accountFormProblem, newPassword } from '../../web/routes/accounts-admin';
import { ROLE_NAMES_RU } from '../../web/page';

import { ACCOUNTS_USAGE } from './accounts-usage';

export { ACCOUNTS_USAGE } from './accounts-usage';

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The password typed into stdin and checked, or a generated one (printed once by the caller). */
async function passwordFor(
  login: string,
  fromStdin: boolean | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: newPassword(), generated: true };
  const password = await readStdin();
  const problem = passwordProblem(password, login);
  if (problem) throw new Error(`${problem}. Учётная запись не изменена.`);
  return { password, generated: false };
}

const by = () => `командная строка (${userInfo().username})`;

async function add(store: Store, login: string, role: string | undefined, fromStdin?: boolean): Promise<string> {
  const problem = accountFormProblem(login, role ?? '', '');
  if (problem) throw new UsageError(problem);
  const { password, generated } = await passwordFor(login, fromStdin);
  await store.accounts.create({ login, role: role as StaffRole, password });
  await store.accounts.record({
    kind: 'account-created',
    login,
    byLogin: by(),
    detail: ROLE_NAMES_RU[role as StaffRole],
  });
  return `Учётная запись «${login}» (${role}) создана.${generated ? ` Пароль: ${password} (показан один раз).` : ''}`;
}

async function resetPassword(store: Store, login: string, fromStdin?: boolean): Promise<string> {
  if (!(await store.accounts.byLogin(login))) throw new Error(`Учётной записи «${login}» нет.`);
  const { password, generated } = await passwordFor(login, fromStdin);
  await store.accounts.setPassword(login, password);
  await store.accounts.record({ kind: 'password-reset', login, byLogin: by() });
  return `Пароль учётной записи «${login}» задан заново; её сеансы завершены.${generated ? ` Пароль: ${password} (показан один раз).` : ''}`;
}

async function disable(store: Store, login: string): Promise<string> {
  const account = await store.accounts.byLogin(login);
  if (!account) throw new Error(`Учётной записи «${login}» нет.`);
  if (!(await store.accounts.disable(account.id))) return `Учётная запись «${login}» уже отключена.`;
  await store.accounts.record({ kind: 'account-disabled', login, byLogin: by() });
  return `Учётная запись «${login}» отключена; её сеансы завершены.`;
}

/** Exit 0 when the change was made, 1 when it was refused (the reason on stderr), 2 for a wrong command. */
export async function accountsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const [action, typed] = positionals;
  if (!typed || !['add', 'reset-password', 'disable'].includes(action ?? '')) {
    console.error(['Использование:', ...ACCOUNTS_USAGE].join('\n'));
    return 2;
  }
  if (action === 'add' && !STAFF_ROLES.includes(values.role as StaffRole)) {
    console.error(`Укажите роль: --role ${STAFF_ROLES.join('|')}`);
    return 2;
  }
  const login = normalizeLogin(typed);
  const store = await openStore(loadConfig().store, 'host-if-absent');
  try {
    const fromStdin = values['password-stdin'];
    const said =
      action === 'add'
        ? await add(store, login, values.role, fromStdin)
        : action === 'reset-password'
          ? await resetPassword(store, login, fromStdin)
          : await disable(store, login);
    console.log(said);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await store.close();
  }
}
