// The one path every kind's submission takes from its page: kept in the store first, then delivered to its workflow
// as an Update whose id is the entry's. The page shows the workflow's answer if it comes within the wait (a refusal
// over what was typed), else that the submission was received; a submission no process delivered is delivered again
// (web/submission-delivery.ts). Nothing the school sent is lost either way.
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { TaskState } from '../../domain/school-task';
import type { WebContext } from '../context';
import { deliverSubmission, submissionUpdateOf, type DeliveryQueue } from '../submission-delivery';
import { forgetRecentState } from './task-access';
import { sendRefusal } from './task-update';
import type { TaskForms } from './task-view-model';

export interface KeptEntry {
  id: string;
  taskId: string;
  payload: Record<string, unknown>;
  update?: string;
}

/** Keeps a kind's submission (its Update's input) and delivers it; `onRefused` shows the form again as typed. */
export async function keepAndDeliver(
  ctx: WebContext,
  deliveries: DeliveryQueue,
  reply: FastifyReply,
  submission: { state: TaskState; token: string; input: object },
  onRefused: (message: string) => TaskForms,
): Promise<FastifyReply> {
  const { state, token, input } = submission;
  const entry = {
    id: randomUUID(),
    taskId: state.task.taskId,
    payload: input as Record<string, unknown>,
    update: submissionUpdateOf(state.task.kind),
  };
  await ctx.store.submissions.receive(entry);
  return deliverKept(ctx, deliveries, reply, { state, token, entry }, onRefused);
}

/** Delivers an entry already kept. */
export async function deliverKept(
  ctx: WebContext,
  deliveries: DeliveryQueue,
  reply: FastifyReply,
  kept: { state: TaskState; token: string; entry: KeptEntry },
  onRefused: (message: string) => TaskForms,
): Promise<FastifyReply> {
  const { state, token, entry } = kept;
  const { taskId } = entry;
  const waitMs = deliveries.busy() ? 0 : ctx.submissions.waitMs;
  const delivery = deliveries.queue(() => deliverSubmission(ctx, entry));
  delivery.catch((err: Error) =>
    console.error(`[web] submission ${entry.id} to ${taskId} kept, to be delivered again: ${err.message}`),
  );
  const answer = await Promise.race([
    delivery.catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(r, waitMs)),
  ]);
  if (answer?.outcome === 'refused') return sendRefusal(ctx, reply, state, token, onRefused(answer.message));
  if (answer) forgetRecentState(ctx, taskId);
  const next = answer ? 'fresh=1' : `received=${encodeURIComponent(entry.id)}`;
  return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(token)}&${next}`, 303);
}
