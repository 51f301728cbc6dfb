// POST /tasks/:taskId acts: the form goes to the task workflow as an Update; its validator has the last word.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { USER_ERRORS } from '../../domain/user-errors';
import { submitTaskUpdate } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink, readTaskState } from './task-access';
import { taskViewModel } from './task-view-model';

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

export function rejectionMessage(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.message;
  if (err instanceof WorkflowNotFoundError) return USER_ERRORS.TaskAlreadyDone;
  return undefined;
}

export function registerTaskSubmit(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Params: { taskId: string }; Body: FormBody }>('/tasks/:taskId', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as FormBody;
    const state = await openTaskByLink(ctx, reply, taskId, body.t);
    if (!state) return reply;
    const payload = submissionFromForm(body);
    try {
      await ctx.client.workflow.getHandle(taskId).executeUpdate(submitTaskUpdate, { args: [payload] });
    } catch (err) {
      const message = rejectionMessage(err);
      if (!message) throw err;
      const current = (await readTaskState(ctx, taskId)) ?? state;
      return sendPage(reply, ctx, 'task', taskViewModel(current, body.t!, { values: payload, error: message }), 422);
    }
    // Post/Redirect/Get: a refresh of the receipt page does not submit again.
    return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(body.t!)}`, 303);
  });
}
