// The read model as the campaign tree writes it: a revision so a late write never undoes a newer one, the names the
// campaign pages list, and when the task closed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('task_states')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('school_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region_name', 'text')
    .addColumn('municipality_name', 'text')
    .addColumn('closed_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['closed_at', 'municipality_name', 'region_name', 'school_name', 'revision']) {
    await db.schema.alterTable('task_states').dropColumn(column).execute();
  }
}
