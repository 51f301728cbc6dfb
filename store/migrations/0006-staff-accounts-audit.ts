// Logins are one account whatever their case (`Office1` is `office1`); and every sign-in, good or failed, and every
// change of an account is kept with who did it, when and from where, for the auditor; failed sign-ins per login.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A login that differs from another only in case cannot be folded safely: the index below names it and stops.
  await sql`update accounts set login = lower(login) where login <> lower(login)
    and not exists (select 1 from accounts other where lower(other.login) = lower(accounts.login) and other.id <> accounts.id)`.execute(
    db,
  );
  await sql`create unique index accounts_login_folded on accounts (lower(login))`.execute(db);
  await db.schema
    .createTable('staff_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('by_login', 'text')
    .addColumn('address', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('staff_events_at').on('staff_events').column('at').execute();
  // Failed sign-ins per login, shared by every web server: the back-off holds whatever address the tries come from.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('staff_events').execute();
  await sql`drop index accounts_login_folded`.execute(db);
}
