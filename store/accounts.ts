// Office, auditor and admin accounts and their sessions. Passwords are argon2id hashes; a session is a random token
// whose SHA-256 is the row's key, so a copy of the database (a backup) holds no usable session.
import { createHash, randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { StoreDb } from './database';
import { normalizeLogin } from './password-policy';
import type { AccountsTable, StaffEventKind } from './schema';

export type StaffRole = AccountsTable['role'];
export const STAFF_ROLES: readonly StaffRole[] = ['office', 'auditor', 'admin'];

export interface Account {
  id: string;
  login: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: Date;
}

export interface SignedIn {
  account: Account;
  /** SHA-256 of the session token: what the CSRF tokens are bound to, never the token itself. */
  sessionId: string;
}

export interface Accounts {
  count(): Promise<number>;
  list(): Promise<Account[]>;
  /** Refuses a login that is taken (the database's unique key) with a message that names it. */
  create(input: { login: string; role: StaffRole; password: string }): Promise<Account>;
  disable(id: string): Promise<boolean>;
  /** Sets a new password; every session of the account but `keepSession` (a SHA-256 session id) ends. */
  setPassword(login: string, password: string, keepSession?: string): Promise<Account | undefined>;
  byLogin(login: string): Promise<Account | undefined>;
  /** The account, when the login exists, is enabled and the password is its own; else undefined. */
  checkPassword(login: string, password: string): Promise<Account | undefined>;
  openSession(accountId: string, lifetimeMs: number): Promise<string>;
  sessionOf(token: string): Promise<SignedIn | undefined>;
  closeSession(token: string): Promise<void>;
  /** Keeps a sign-in or an account change for the auditor: who, by whom, from where. */
  record(event: StaffEvent): Promise<void>;
  /** The latest events, newest first. */
  events(limit: number): Promise<(StaffEvent & { at: Date })[]>;
}

export interface StaffEvent {
  kind: StaffEventKind;
  login: string;
  byLogin?: string;
  address?: string;
  detail?: string;
}

const ARGON2 = { algorithm: Algorithm.Argon2id } as const;
// Verified when the login is unknown, so a wrong login costs what a wrong password does (no login probing by time).
let decoyHash: Promise<string> | undefined;

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAccounts(db: StoreDb): Accounts {
  const toAccount = (r: {
    id: string;
    login: string;
    role: StaffRole;
    created_at: Date;
    disabled_at: Date | null;
  }): Account => ({
    id: String(r.id),
    login: r.login,
    role: r.role,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at,
  });
  return {
    async count() {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async list() {
      return (await db.selectFrom('accounts').selectAll().orderBy('id').execute()).map(toAccount);
    },
    async create({ login: typed, role, password }) {
      const login = normalizeLogin(typed);
      const taken = await db
        .selectFrom('accounts')
        .select('id')
        .where(sql<string>`lower(login)`, '=', login)
        .executeTakeFirst();
      if (taken) throw new Error(`Учётная запись «${login}» уже есть`);
      const row = await db
        .insertInto('accounts')
        .values({ login, role, password_hash: await hash(password, ARGON2), disabled_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    },
    async disable(id) {
      const result = await db
        .updateTable('accounts')
        .set({ disabled_at: new Date() })
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      await db.deleteFrom('sessions').where('account_id', '=', id).execute();
      return Number(result.numUpdatedRows) > 0;
    },
    async setPassword(login, password, keepSession) {
      const row = await db
        .updateTable('accounts')
        .set({ password_hash: await hash(password, ARGON2) })
        .where(sql<string>`lower(login)`, '=', normalizeLogin(login))
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await db
        .deleteFrom('sessions')
        .where('account_id', '=', row.id)
        .where('token_sha256', '!=', keepSession ?? '')
        .execute();
      return toAccount(row);
    },
    async byLogin(login) {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where(sql<string>`lower(login)`, '=', normalizeLogin(login))
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async checkPassword(login, password) {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where(sql<string>`lower(login)`, '=', normalizeLogin(login))
        .executeTakeFirst();
      if (!row) {
        await verify(await (decoyHash ??= hash(randomBytes(16).toString('hex'), ARGON2)), password);
        return undefined;
      }
      const ok = await verify(row.password_hash, password);
      return ok && row.disabled_at === null ? toAccount(row) : undefined;
    },
    async openSession(accountId, lifetimeMs) {
      const token = randomBytes(32).toString('base64url');
      await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('sessions')
        .values({
          token_sha256: sessionIdOf(token),
          account_id: accountId,
          expires_at: new Date(Date.now() + lifetimeMs),
        })
        .execute();
      return token;
    },
    async sessionOf(token) {
      const sessionId = sessionIdOf(token);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .select([
          'accounts.id',
          'accounts.login',
          'accounts.role',
          'accounts.created_at',
          'accounts.disabled_at',
          'sessions.expires_at',
        ])
        .where('sessions.token_sha256', '=', sessionId)
        .executeTakeFirst();
      if (!row || row.disabled_at !== null || row.expires_at.getTime() <= Date.now()) return undefined;
      return { account: toAccount(row), sessionId };
    },
    async closeSession(token) {
      await db.deleteFrom('sessions').where('token_sha256', '=', sessionIdOf(token)).execute();
    },
    async record({ kind, login, byLogin, address, detail }) {
      await db
        .insertInto('staff_events')
        .values({
          kind,
          login: login.slice(0, 200),
          by_login: byLogin ?? null,
          address: address ?? null,
          detail: detail ?? null,
        })
        .execute();
    },
    async events(limit) {
      const rows = await db.selectFrom('staff_events').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        kind: r.kind,
        login: r.login,
        at: r.at,
        ...(r.by_login ? { byLogin: r.by_login } : {}),
        ...(r.address ? { address: r.address } : {}),
        ...(r.detail ? { detail: r.detail } : {}),
      }));
    },
  };
}
