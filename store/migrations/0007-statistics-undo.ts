// An office may undo a week's import it got wrong: the version stays in the ledger, marked undone with when, who
// and why, and no longer counts as the week's latest figures.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('statistics_weeks')
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text')
    .addColumn('undone_reason', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('statistics_weeks')
    .dropColumn('undone_at')
    .dropColumn('undone_by')
    .dropColumn('undone_reason')
    .execute();
}
