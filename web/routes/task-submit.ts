// POST /tasks/:taskId acts: the form goes to the task workflow as an Update; its validator has the last word.
import type { FastifyInstance } from 'fastify';
import { submitTaskUpdate } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { openTaskByLink } from './task-access';
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
    const send = () => ctx.client.workflow.getHandle(taskId).executeUpdate(submitTaskUpdate, { args: [payload] });
    return updateTaskFromForm(ctx, reply, state, body.t!, send, (error) => ({ values: payload, error }));
  });
}
