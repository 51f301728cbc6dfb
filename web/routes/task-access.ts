// Shared by GET and POST of a task page: the link must be genuine, unexpired and for this very task.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { TaskState } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { taskStateQuery } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';

export async function authorizeTaskLink(ctx: WebContext, reply: FastifyReply, taskId: string, token: unknown): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.LinkForged }, 403);
    return false;
  }
  const verdict = await ctx.links.verify(token, taskId);
  if (verdict.ok) return true;
  const status = verdict.error === 'LinkExpired' ? 410 : 403;
  sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS[verdict.error], expired: verdict.error === 'LinkExpired' }, status);
  return false;
}

export async function readTaskState(ctx: WebContext, taskId: string): Promise<TaskState | undefined> {
  try {
    return await ctx.client.workflow.getHandle(taskId).query(taskStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
