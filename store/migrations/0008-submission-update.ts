// Every kind's submission is kept before it is sent: the entry names the Update it is (a 1.9 report, a questionnaire,
// a checklist update). Entries kept before this name none: they are clause 1.2's attestations (submitTask).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('task_submissions').addColumn('update_name', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('task_submissions').dropColumn('update_name').execute();
}
