// The auditor's tables: the last replay of each campaign's histories, and every PDF the system issued by its
// verification code and hash, with the activity that produced it (confirmed against history when verified).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('replay_reports')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('issued_documents')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('school_id', 'text')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('issued_documents_by_sha256').on('issued_documents').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('issued_documents').execute();
  await db.schema.dropTable('replay_reports').execute();
}
