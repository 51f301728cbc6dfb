// A school's submission is kept here before its Update is sent: the page answers at once, and a submission the web
// process could not hand over (crash, a slow server) is handed over later with the same Update id.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('task_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('outcome', 'text')
    .addColumn('message', 'text')
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('task_submissions_unsettled')
    .on('task_submissions')
    .columns(['outcome', 'received_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('task_submissions').execute();
}
