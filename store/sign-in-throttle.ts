// The per-account limit on sign-in: after a few failures in a row a login waits, longer after each further failure
// (30 s, 1, 2, 4 … up to 15 min), kept in the store so every web server and any client address share it. A success
// clears it. The wait is short enough that an attacker who trips it on purpose delays its owner by minutes, not days.
import { sql } from 'kysely';
import type { StoreDb } from './database';
import { normalizeLogin } from './password-policy';

export const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** Failures older than this are forgotten: a login tried once a day never waits. */
const FORGET_AFTER_MS = 60 * 60_000;

export const waitAfter = (failures: number) =>
  failures < FREE_FAILURES ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES));

export interface SignInThrottle {
  /** When the login may try again, if it must wait now. */
  lockedUntil(login: string, now?: Date): Promise<Date | undefined>;
  failed(login: string, now?: Date): Promise<void>;
  succeeded(login: string): Promise<void>;
}

export function createSignInThrottle(db: StoreDb): SignInThrottle {
  return {
    async lockedUntil(login, now = new Date()) {
      const row = await db
        .selectFrom('sign_in_failures')
        .select('locked_until')
        .where('login', '=', normalizeLogin(login))
        .executeTakeFirst();
      return row?.locked_until && row.locked_until > now ? row.locked_until : undefined;
    },
    async failed(login, now = new Date()) {
      const key = normalizeLogin(login).slice(0, 200);
      const forgotten = new Date(now.getTime() - FORGET_AFTER_MS);
      // One statement: two web servers counting the same login at once both count.
      const row = await db
        .insertInto('sign_in_failures')
        .values({ login: key, failures: 1, locked_until: null, last_failure_at: now })
        .onConflict((oc) =>
          oc.column('login').doUpdateSet({
            failures: sql`case when sign_in_failures.last_failure_at < ${forgotten} then 1 else sign_in_failures.failures + 1 end`,
            last_failure_at: now,
          }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      const wait = waitAfter(row.failures);
      if (wait)
        await db
          .updateTable('sign_in_failures')
          .set({ locked_until: new Date(now.getTime() + wait) })
          .where('login', '=', key)
          .execute();
    },
    async succeeded(login) {
      await db.deleteFrom('sign_in_failures').where('login', '=', normalizeLogin(login)).execute();
    },
  };
}
