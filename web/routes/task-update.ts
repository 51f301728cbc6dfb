// The shape every form on a task page shares: send an Update; if its validator rejects, show the page again
// with the message and what was typed; otherwise Post/Redirect/Get, so a refresh does not act twice.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import { USER_ERRORS } from '../../domain/user-errors';
import type { TaskState } from '../../domain/school-task';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { readTaskState } from './task-access';
import { taskViewModel, type TaskForms } from './task-view-model';

/** The Russian message of a rejected Update (validator or business failure), or undefined for other errors. */
export function rejectionMessage(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.message;
  if (err instanceof WorkflowNotFoundError) return USER_ERRORS.TaskAlreadyDone;
  return undefined;
}

export async function updateTaskFromForm(
  ctx: WebContext, reply: FastifyReply, state: TaskState, token: string,
  send: () => Promise<unknown>, onRejected: (message: string) => TaskForms,
): Promise<FastifyReply> {
  const { taskId } = state.task;
  try {
    await send();
  } catch (err) {
    const message = rejectionMessage(err);
    if (!message) throw err;
    const current = (await readTaskState(ctx, taskId)) ?? state;
    return sendPage(reply, ctx, 'task', taskViewModel(current, token, onRejected(message)), 422);
  }
  return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(token)}`, 303);
}
