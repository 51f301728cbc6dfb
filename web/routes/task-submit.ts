// POST /tasks/:taskId acts: the form is kept, then goes to the task workflow as an Update; its validator has the last
// word.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { parseAttestation } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { sendPage } from '../page';
import type { DeliveryQueue } from '../submission-delivery';
import { deliverKept } from './kept-submission';
import { openTaskByLink, readTaskState } from './task-access';
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
    const payload = submissionFromForm(body);
    const attestation = parseAttestation(payload);
    const entry = { id: randomUUID(), taskId, payload };
    let kept = false;
    const readAndKeep = async (linkVersion: number) => {
      const answer = await ctx.store.submissions.receiveIfAdmitted(entry, {
        linkVersion,
        // While the task is open, its row keeps the entry only for a kind whose form it passes.
        fitsKinds: attestation.fits,
      });
      kept = answer.kept;
      // No row: a task older than the read model. Its workflow answers, and the entry is kept below if it may be.
      return answer.state ?? readTaskState(ctx, taskId);
    };
    const state = await openTaskByLink(ctx, reply, taskId, body.t, { readAndKeep });
    if (!state) {
      // The row's rules are the page's, so a kept entry is not refused here; were they ever to differ, it must not be
      // delivered later.
      if (kept) await ctx.store.submissions.settle(entry.id, 'refused', USER_ERRORS.LinkReplaced);
      return reply;
    }
    // The same schema as the Update's validator: a form that cannot pass is refused here, without a round trip
    // to the workflow (the validator still has the last word on everything else: done, withdrawn).
    const parsed = attestation.forKind(state.task.kind);
    if (!kept && !parsed.ok && state.status === 'open') {
      return sendPage(
        reply,
        ctx,
        taskPageTemplate(state),
        taskViewModel(state, body.t!, {
          values: payload,
          error: `${USER_ERRORS.InvalidSubmission}: ${parsed.message}`,
          fieldProblems: parsed.problems,
        }),
        422,
      );
    }
    if (!kept) await ctx.store.submissions.receive(entry);
    return deliverKept(ctx, deliveries, reply, { state, token: body.t!, entry }, (error) => ({
      values: payload,
      error,
    }));
  });
}
