// Submissions from task pages, kept before they reach their workflow: the page can answer before the workflow
// does, and nothing the school sent is lost if the web process stops before the workflow has answered.
import type { StoreDb } from './database';
import { queryPerTurn } from './query-batching';

export interface InboxEntry {
  id: string;
  taskId: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
  outcome: 'accepted' | 'refused' | null;
  message: string | null;
}

export interface SubmissionInbox {
  receive(entry: { id: string; taskId: string; payload: Record<string, unknown>; receivedAt?: Date }): Promise<void>;
  /** The workflow's answer; a second answer for the same entry (another process delivered it too) changes nothing. */
  settle(id: string, outcome: 'accepted' | 'refused', message?: string): Promise<void>;
  get(id: string): Promise<InboxEntry | undefined>;
  /** Entries without an answer, received before the given instant, oldest first. */
  unsettled(receivedBefore: Date, limit: number): Promise<InboxEntry[]>;
}

export function createSubmissionInbox(db: StoreDb): SubmissionInbox {
  const entryOf = (r: { id: string; task_id: string; payload: unknown; received_at: Date; outcome: InboxEntry['outcome']; message: string | null }): InboxEntry => ({
    id: r.id, taskId: r.task_id, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    receivedAt: new Date(r.received_at), outcome: r.outcome, message: r.message,
  });
  const columns = ['id', 'task_id', 'payload', 'received_at', 'outcome', 'message'] as const;
  type Received = Parameters<SubmissionInbox['receive']>[0];
  const rowOf = ({ id, taskId, payload, receivedAt }: Received) => ({ id, task_id: taskId, payload: JSON.stringify(payload), ...(receivedAt && { received_at: receivedAt }) });
  // One INSERT for the turn's submissions; if it fails, each is tried alone, so one bad entry refuses only itself.
  const receiveInTurn = queryPerTurn<Received, void>(async (entries) => {
    try {
      await db.insertInto('task_submissions').values(entries.map(rowOf)).execute();
      return entries.map(() => undefined);
    } catch {
      return Promise.all(entries.map((e) => db.insertInto('task_submissions').values(rowOf(e)).execute().then(() => undefined, (err: Error) => err)));
    }
  });
  return {
    receive: (entry) => receiveInTurn(entry),
    async settle(id, outcome, message) {
      await db.updateTable('task_submissions').set({ outcome, message: message ?? null, settled_at: new Date() }).where('id', '=', id).where('outcome', 'is', null).execute();
    },
    async get(id) {
      const row = await db.selectFrom('task_submissions').select(columns).where('id', '=', id).executeTakeFirst();
      return row && entryOf(row);
    },
    async unsettled(receivedBefore, limit) {
      const rows = await db.selectFrom('task_submissions').select(columns).where('outcome', 'is', null).where('received_at', '<', receivedBefore).orderBy('received_at').limit(limit).execute();
      return rows.map(entryOf);
    },
  };
}
