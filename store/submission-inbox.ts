// Submissions from task pages, kept before they reach their workflow: the page can answer before the workflow
// does, and nothing the school sent is lost if the web process stops before the workflow has answered.
import { sql } from 'kysely';
import type { TaskState } from '../domain/school-task';
import { jsonColumn, type StoreDb } from './database';
import { queryPerTurn } from './query-batching';
import { stateOf } from './task-read-model';

export interface InboxEntry {
  id: string;
  taskId: string;
  payload: Record<string, unknown>;
  /** The Update's name; absent: the attestation (submitTask). */
  update?: string;
  receivedAt: Date;
  outcome: 'accepted' | 'refused' | null;
  message: string | null;
}

/** What the task's row must show for a submission to be kept: a link no older than the newest sent, and, while the task
 * is open, a kind the payload fits. */
export interface Admission {
  linkVersion: number;
  fitsKinds: readonly string[];
}

type Received = { id: string; taskId: string; payload: Record<string, unknown>; update?: string; receivedAt?: Date };

export interface SubmissionInbox {
  receive(entry: Received): Promise<void>;
  /**
   * Reads the task's row and keeps the entry in one statement, if the row admits it: under a burst of submissions,
   * one wait in the database's queue instead of two (a read, then an INSERT). No row: state undefined, nothing kept.
   */
  receiveIfAdmitted(entry: Received, admission: Admission): Promise<{ state: TaskState | undefined; kept: boolean }>;
  /** The workflow's answer; a second answer for the same entry (another process delivered it too) changes nothing. */
  settle(id: string, outcome: 'accepted' | 'refused', message?: string): Promise<void>;
  get(id: string): Promise<InboxEntry | undefined>;
  /** Entries without an answer, received before the given instant, oldest first. */
  unsettled(receivedBefore: Date, limit: number): Promise<InboxEntry[]>;
}

export function createSubmissionInbox(db: StoreDb): SubmissionInbox {
  const entryOf = (r: {
    id: string;
    task_id: string;
    payload: unknown;
    received_at: Date;
    outcome: InboxEntry['outcome'];
    message: string | null;
    update_name: string | null;
  }): InboxEntry => ({
    id: r.id,
    taskId: r.task_id,
    payload: jsonColumn<Record<string, unknown>>(r.payload),
    ...(r.update_name ? { update: r.update_name } : {}),
    receivedAt: new Date(r.received_at),
    outcome: r.outcome,
    message: r.message,
  });
  const columns = ['id', 'task_id', 'payload', 'received_at', 'outcome', 'message', 'update_name'] as const;
  const rowOf = ({ id, taskId, payload, update, receivedAt }: Received) => ({
    id,
    task_id: taskId,
    payload: JSON.stringify(payload),
    update_name: update ?? null,
    ...(receivedAt && { received_at: receivedAt }),
  });
  // One INSERT for the turn's submissions; if it fails, each is tried alone, so one bad entry refuses only itself.
  const receiveInTurn = queryPerTurn<Received, void>(async (entries) => {
    try {
      await db.insertInto('task_submissions').values(entries.map(rowOf)).execute();
      return entries.map(() => undefined);
    } catch {
      return Promise.all(
        entries.map((e) =>
          db
            .insertInto('task_submissions')
            .values(rowOf(e))
            .execute()
            .then(
              () => undefined,
              (err: Error) => err,
            ),
        ),
      );
    }
  });
  const admitInTurn = queryPerTurn<Admitted, AdmissionAnswer>(async (batch) => {
    try {
      return await keepAdmitted(db, batch);
    } catch {
      return Promise.all(
        batch.map((a) =>
          keepAdmitted(db, [a]).then(
            ([answer]) => answer!,
            (err: Error) => err,
          ),
        ),
      );
    }
  });
  return {
    receive: (entry) => receiveInTurn(entry),
    receiveIfAdmitted: (entry, admission) => admitInTurn({ entry, admission }),
    async settle(id, outcome, message) {
      await db
        .updateTable('task_submissions')
        .set({ outcome, message: message ?? null, settled_at: new Date() })
        .where('id', '=', id)
        .where('outcome', 'is', null)
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('task_submissions').select(columns).where('id', '=', id).executeTakeFirst();
      return row && entryOf(row);
    },
    async unsettled(receivedBefore, limit) {
      const rows = await db
        .selectFrom('task_submissions')
        .select(columns)
        .where('outcome', 'is', null)
        .where('received_at', '<', receivedBefore)
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map(entryOf);
    },
  };
}

type Admitted = { entry: Received; admission: Admission };
type AdmissionAnswer = { state: TaskState | undefined; kept: boolean };

/**
 * The turn's submissions against their tasks' rows, in one statement: each is kept if its row admits it (the
 * same rules as the page's own checks, which then tell the school why one was not), and every row is returned.
 */
async function keepAdmitted(db: StoreDb, batch: readonly Admitted[]): Promise<AdmissionAnswer[]> {
  // Five arrays, whatever the batch's size: one plan for a statement of any width.
  const column = <T>(of: (a: Admitted) => T) => batch.map(of);
  const { rows } = await sql<{ ord: number; state: unknown; kept: boolean }>`
    WITH given AS (
      SELECT g.*, t.state, t.status, t.kind FROM unnest(${column((a) => a.entry.id)}::text[], ${column((a) => a.entry.taskId)}::text[], ${column((a) => JSON.stringify(a.entry.payload))}::jsonb[],
        ${column((a) => a.admission.linkVersion)}::int[], ${column((a) => a.admission.fitsKinds.join(','))}::text[]) WITH ORDINALITY AS g (id, task_id, payload, link_version, fits_kinds, ord)
      LEFT JOIN task_states t ON t.task_id = g.task_id),
    kept AS (
      INSERT INTO task_submissions (id, task_id, payload)
      SELECT id, task_id, payload FROM given
      WHERE (state->>'linkVersion')::int <= link_version AND (status <> 'open' OR kind = ANY (string_to_array(fits_kinds, ',')))
      RETURNING id)
    SELECT g.ord, g.state, k.id IS NOT NULL AS kept FROM given g LEFT JOIN kept k ON k.id = g.id`.execute(db);
  const byOrd = new Map(rows.map((r) => [Number(r.ord) - 1, r]));
  return batch.map((_, i) => {
    const row = byOrd.get(i);
    return { state: row?.state == null ? undefined : stateOf(row), kept: row?.kept === true };
  });
}
