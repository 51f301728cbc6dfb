// POST /tasks/:taskId acts: the form is kept, then goes to the task workflow as an Update; its validator has the last word.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebContext } from '../context';
import { parseSubmission, type TaskState } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { sendPage } from '../page';
import { deliverSubmission, type DeliveryQueue } from '../submission-delivery';
import { forgetRecentState, openTaskByLink } from './task-access';
import { sendRefusal } from './task-update';
import { taskPageTemplate, taskViewModel } from './task-view-model';

type FormBody = Record<string, string | undefined>;

/** Form fields to the Update's payload; unknown fields are dropped, the checkbox becomes a boolean. */
export function submissionFromForm(body: FormBody): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    officerName: body.officerName ?? '',
    officerPosition: body.officerPosition ?? '',
    comment: body.comment ?? '',
    confirm: body.confirm === 'on' || body.confirm === 'true',
  };
  if (body.staffTotal !== undefined) payload.staffTotal = body.staffTotal;
  if (body.staffRegistered !== undefined) payload.staffRegistered = body.staffRegistered;
  return payload;
}


export function registerTaskSubmit(app: FastifyInstance, ctx: WebContext, deliveries: DeliveryQueue): void {
  app.post<{ Params: { taskId: string }; Body: FormBody }>('/tasks/:taskId', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as FormBody;
    const state = await openTaskByLink(ctx, reply, taskId, body.t);
    if (!state) return reply;
    const payload = submissionFromForm(body);
    // The same schema as the Update's validator: a form that cannot pass is refused here, without a round trip
    // to the workflow (the validator still has the last word on everything else: done, withdrawn).
    const parsed = parseSubmission(state.task.kind, payload);
    if (!parsed.ok && state.status === 'open') {
      return sendPage(reply, ctx, taskPageTemplate(state), taskViewModel(state, body.t!, { values: payload, error: `${USER_ERRORS.InvalidSubmission}: ${parsed.message}` }), 422);
    }
    return keepAndDeliver(ctx, deliveries, reply, state, body.t!, payload);
  });
}

/**
 * The submission is kept first, then delivered; the page shows the workflow's answer if it comes within the wait,
 * else that the submission was received (the receipt follows by mail and on the page). Nothing is lost either way.
 */
async function keepAndDeliver(ctx: WebContext, deliveries: DeliveryQueue, reply: FastifyReply, state: TaskState, token: string, payload: Record<string, unknown>): Promise<FastifyReply> {
  const { taskId } = state.task;
  const entry = { id: randomUUID(), taskId, payload };
  await ctx.store.submissions.receive(entry);
  // With deliveries already queued behind busy workflows, waiting for this one would only keep the school waiting.
  const waitMs = deliveries.busy() ? 0 : ctx.submissions.waitMs;
  const delivery = deliveries.queue(() => deliverSubmission(ctx, entry));
  delivery.catch((err: Error) => console.error(`[web] submission ${entry.id} to ${taskId} kept, to be delivered again: ${err.message}`));
  const answer = await Promise.race([delivery.catch(() => undefined), new Promise<undefined>((r) => setTimeout(r, waitMs))]);
  if (answer?.outcome === 'refused') return sendRefusal(ctx, reply, state, token, { values: payload, error: answer.message });
  if (answer) forgetRecentState(ctx, taskId);
  const next = answer ? 'fresh=1' : `received=${encodeURIComponent(entry.id)}`;
  return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(token)}&${next}`, 303);
}
