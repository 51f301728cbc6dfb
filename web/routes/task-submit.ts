// POST /tasks/:taskId acts: the form goes to the task workflow as an Update; its validator has the last word.
import type { FastifyInstance } from 'fastify';
import { submitTaskUpdate } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { parseSubmission } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { sendPage } from '../page';
import { openTaskByLink } from './task-access';
import { taskPageTemplate, taskViewModel } from './task-view-model';
import { updateTaskFromForm } from './task-update';

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


export function registerTaskSubmit(app: FastifyInstance, ctx: WebContext): void {
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
    const send = () => ctx.client.workflow.getHandle(taskId).executeUpdate(submitTaskUpdate, { args: [payload] });
    return updateTaskFromForm(ctx, reply, state, body.t!, send, (error) => ({ values: payload, error }));
  });
}
