// The first account: an admin named `admin`, made when the store has none. Its password comes from ADMIN_PASSWORD,
// or, for a server on loopback only, is generated and printed once to this console (never to a log file), at once:
// a start that fails later must not leave an account whose password no one has seen. A lost password is reset with
// `npm run decree -- accounts reset-password admin`.
import type { AppConfig } from '../../config/app-config';
import type { Store } from '../../store/open-store';
import { passwordProblem } from '../../store/password-policy';
import { newPassword } from '../../web/routes/accounts-admin';

export const FIRST_ADMIN_LOGIN = 'admin';

export async function ensureFirstAdmin(
  store: Store,
  signIn: AppConfig['signIn'],
  print: (line: string) => void = console.log,
): Promise<void> {
  if ((await store.accounts.count()) > 0) return;
  if (!signIn.adminPassword && signIn.exposed)
    throw new Error(
      'Учётных записей ещё нет, а сервер открыт в сеть: задайте ADMIN_PASSWORD (не короче 12 символов) для первого администратора.',
    );
  const weak = signIn.adminPassword && passwordProblem(signIn.adminPassword, FIRST_ADMIN_LOGIN);
  if (weak) throw new Error(`ADMIN_PASSWORD не принят. ${weak}.`);
  const password = signIn.adminPassword ?? newPassword();
  try {
    await store.accounts.create({ login: FIRST_ADMIN_LOGIN, role: 'admin', password });
  } catch (err) {
    if ((await store.accounts.count()) > 0) return; // another web server made it first
    throw err;
  }
  if (!signIn.adminPassword)
    print(
      `Первый вход: логин «${FIRST_ADMIN_LOGIN}», пароль ${password} (показан один раз; учётные записи сотрудников — на странице /admin/accounts).`,
    );
}
