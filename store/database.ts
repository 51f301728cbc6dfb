// One PostgreSQL driver and one query builder for every process and both backends (embedded PGlite or a server).
import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type StoreDb = Kysely<Database>;

/** A json/jsonb column's value: JSON text or already parsed, as the driver returns it. */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function openDatabase(url: string, options: { maxConnections?: number } = {}): StoreDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`[store] connection lost: ${err.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The URL as it may be printed: without the password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(неверный URL)';
  }
}

/** Applies every migration not yet applied; fails with the migration's name and the server's error. */
export async function migrateToLatest(db: StoreDb): Promise<string[]> {
  return applied(await new Migrator({ db, provider: migrationProvider }).migrateToLatest());
}

export async function migrateTo(db: StoreDb, name: string): Promise<string[]> {
  return applied(await new Migrator({ db, provider: migrationProvider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `Не удалось обновить схему хранилища${failed ? ` (миграция ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Waits until the server answers, so a process started beside it does not fail on its first query. */
export async function waitForDatabase(db: StoreDb, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Хранилище PostgreSQL ${redactedUrl(url)} недоступно: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
