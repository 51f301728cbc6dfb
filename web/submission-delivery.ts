// A task page's submission is kept in the store first, then sent to its workflow as an Update whose id is the
// entry's: the page answers within a fixed wait whatever the server's load, and a submission the web process
// could not hand over is handed over again by `redeliverSubmissions` (the same Update id is accepted only once).
import type { UpdateDefinition } from '@temporalio/common';
import { parseSubmission, type TaskState } from '../domain/school-task';
import type { TaskKind } from '../domain/task-kinds';
import { USER_ERRORS } from '../domain/user-errors';
import type { InboxEntry } from '../store/submission-inbox';
import {
  submitAnswersUpdate,
  submitReportUpdate,
  submitTaskUpdate,
  taskStateQuery,
  updateChatChecklistUpdate,
} from '../workflows/definitions';
import type { WebContext } from './context';
import { rejectionMessage } from './routes/task-update';

/** The Update each kind's submission is sent as; an entry keeps its name (none: the attestation, submitTask). */
const SUBMISSION_UPDATES = {
  'registration-deadline': submitTaskUpdate,
  'chat-migration': updateChatChecklistUpdate,
  'school-report': submitReportUpdate,
  questionnaire: submitAnswersUpdate,
} satisfies Record<TaskKind, { name: string }>;

// Any input: the entry's payload is what the kind's route built from the form, and the validator checks it.
type AnyUpdate = UpdateDefinition<unknown, [unknown]>;
const UPDATES_BY_NAME = new Map<string, AnyUpdate>(
  Object.values(SUBMISSION_UPDATES).map((u) => [u.name, u as unknown as AnyUpdate]),
);

/** The name a kind's kept entry carries. */
export const submissionUpdateOf = (kind: TaskKind): string => SUBMISSION_UPDATES[kind].name;

export type Delivery = { outcome: 'accepted' } | { outcome: 'refused'; message: string };

/** Sends the entry's Update and records the workflow's answer. A failure of the server or network is thrown: the entry
 * stays kept. */
export async function deliverSubmission(
  ctx: WebContext,
  entry: Pick<InboxEntry, 'id' | 'taskId' | 'payload' | 'update'>,
): Promise<Delivery> {
  const handle = ctx.client.workflow.getHandle(entry.taskId);
  const update = UPDATES_BY_NAME.get(entry.update ?? submitTaskUpdate.name);
  if (!update) throw new Error(`submission ${entry.id}: no Update named ${entry.update}`);
  try {
    await handle.executeUpdate(update, { args: [entry.payload], updateId: entry.id });
  } catch (err) {
    const rejected = rejectionMessage(err);
    if (!rejected) throw err;
    const state = await currentState(ctx, entry.taskId);
    // Done already: perhaps by this very entry, answered to a process that stopped before it wrote the answer.
    if (!doneBy(state, entry)) {
      // A closed workflow answers «not found» whether the task was done or withdrawn: its state tells which.
      const message = state?.status === 'withdrawn' ? USER_ERRORS.TaskWithdrawn : rejected;
      await ctx.store.submissions.settle(entry.id, 'refused', message);
      return { outcome: 'refused', message };
    }
  }
  await ctx.store.submissions.settle(entry.id, 'accepted');
  return { outcome: 'accepted' };
}

function currentState(ctx: WebContext, taskId: string): Promise<TaskState | undefined> {
  return ctx.client.workflow
    .getHandle(taskId)
    .query(taskStateQuery)
    .catch(() => ctx.store.tasks.state(taskId));
}

/** The entry is among the task's accepted submissions (by id), or, in tasks older than that record, its attestation. */
function doneBy(state: TaskState | undefined, entry: Pick<InboxEntry, 'id' | 'payload'>): boolean {
  if (state?.acceptedSubmissions?.includes(entry.id)) return true;
  if (state?.status !== 'done' || !state.submission) return false;
  const parsed = parseSubmission(state.task.kind, entry.payload);
  return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(state.submission);
}

/**
 * Updates from this web process, in order: at most 16 at once while the pages are quiet. While many page requests
 * are in flight they wait, kept already, up to a few seconds, and then go two at a time. Each Update sets its
 * workflow's work going (the read model, the receipt mail) on the same two cores: in a burst of submissions that
 * work took the CPU from the pages that keep them (bench 5: accepted POST p99 2–4× the GET's; with the deliveries
 * held until the burst ended, the same as the GET's). Every page that ends may let the next start.
 * Quiet means no load for a second: the pages of one batched query end in one turn, so the count in flight drops
 * to nothing between two waves of a burst, and without the second the deliveries went sixteen at a time in every gap.
 */
export interface DeliveryQueue {
  queue<T>(deliver: () => Promise<T>): Promise<T>;
  /** Deliveries are queued: a page would wait behind them for nothing. */
  busy(): boolean;
  /** The web server counts its requests in flight: they set how many deliveries run at once. */
  pageStarted(): void;
  pageEnded(): void;
}

export const DELIVERY_LIMITS = {
  quiet: 16,
  underLoad: 2,
  pagesForLoad: 8,
  holdUnderLoadMs: 5_000,
  quietAfterMs: 1_000,
};

export function createDeliveryQueue(limits = DELIVERY_LIMITS, now = () => Date.now()): DeliveryQueue {
  let active = 0;
  let pages = 0;
  let loadedAt = -Infinity;
  const waiting: { start: () => void; since: number }[] = [];
  let holdTimer: NodeJS.Timeout | undefined;
  let holdDue = Infinity;
  const loaded = () => pages > limits.pagesForLoad || now() - loadedAt < limits.quietAfterMs;
  const limit = () => {
    if (!loaded()) return limits.quiet;
    const head = waiting[0];
    return head && now() - head.since >= limits.holdUnderLoadMs ? limits.underLoad : 0;
  };
  const startWaiting = () => {
    while (active < limit() && waiting.length > 0) {
      active += 1;
      waiting.shift()!.start();
    }
    wakeWhenHeldEnds();
  };
  /** Held: the head's hold, or the quiet second, ends even if no page ends in the meantime. */
  const wakeWhenHeldEnds = () => {
    if (waiting.length === 0) return;
    const holdEnds = active < limits.underLoad ? waiting[0]!.since + limits.holdUnderLoadMs : Infinity;
    const quietFrom = pages > limits.pagesForLoad || active >= limits.quiet ? Infinity : loadedAt + limits.quietAfterMs;
    const due = Math.min(holdEnds, quietFrom);
    if (due === Infinity || (holdTimer && holdDue <= due)) return;
    clearTimeout(holdTimer);
    holdDue = due;
    holdTimer = setTimeout(
      () => {
        holdTimer = undefined;
        startWaiting();
      },
      Math.max(0, due - now()),
    );
    holdTimer.unref();
  };
  return {
    queue(deliver) {
      // In line, and started now if a slot is free: the slot is taken in this turn, not in a later microtask, so a
      // hundred requests answered in one turn see each other.
      const slot = new Promise<void>((start) => waiting.push({ start, since: now() }));
      startWaiting();
      return slot.then(deliver).finally(() => {
        active -= 1;
        startWaiting();
      });
    },
    busy: () => loaded() || active >= limits.quiet / 2 || waiting.length > 0,
    pageStarted() {
      pages += 1;
      if (pages > limits.pagesForLoad) loadedAt = now();
    },
    pageEnded() {
      if (pages > limits.pagesForLoad) loadedAt = now();
      pages -= 1;
      startWaiting();
    },
  };
}

/**
 * Every few seconds, hands over the kept submissions that no process has answered for `afterMs` (a web process
 * stopped, or the Temporal server was down). Returns the function that stops it.
 */
export function redeliverSubmissions(
  ctx: WebContext,
  { afterMs, everyMs }: { afterMs: number; everyMs: number },
): () => void {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      for (const entry of await ctx.store.submissions.unsettled(new Date(Date.now() - afterMs), 20)) {
        await deliverSubmission(ctx, entry).catch((err: Error) =>
          console.error(`[web] submission ${entry.id} to ${entry.taskId} not delivered yet: ${err.message}`),
        );
      }
    } catch (err) {
      console.error(`[web] kept submissions not read: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
