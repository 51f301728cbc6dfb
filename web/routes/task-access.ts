// Shared by every task route: the link must be genuine, unexpired, for this very task, and the newest one sent.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { TaskState } from '../../domain/school-task';
import { USER_ERRORS } from '../../domain/user-errors';
import { taskStateQuery } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';

/**
 * The task's state from the read model (one indexed row; no workflow is asked), or from the workflow itself when
 * the page must show a change just made (`fresh`) or the task predates the read model.
 */
export async function readTaskState(ctx: WebContext, taskId: string, options: { fresh?: boolean } = {}): Promise<TaskState | undefined> {
  if (!options.fresh) {
    const stored = await ctx.store.tasks.state(taskId);
    if (stored) return stored;
  }
  try {
    return await ctx.client.workflow.getHandle(taskId).query(taskStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** "s***@degva.example": enough for the officer to recognise the address, not enough to harvest it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local!.slice(0, 1)}***@${domain}`;
}

/** The task's state when the link may act on it; otherwise the refusal page has been sent and undefined returned. */
export async function openTaskByLink(ctx: WebContext, reply: FastifyReply, taskId: string, token: unknown, options: { fresh?: boolean } = {}): Promise<TaskState | undefined> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.LinkForged }, 403);
    return undefined;
  }
  const verdict = await ctx.links.verify(token, taskId);
  const state = verdict.ok || verdict.genuine ? await readTaskState(ctx, taskId, options) : undefined;
  if (!verdict.ok) {
    // An expired but genuine newest link may ask for a fresh one, sent only to the address on file.
    const renewable = verdict.genuine && state?.status === 'open' && verdict.genuine.version === state.linkVersion;
    const email = renewable ? maskEmail(state.task.school.officer.email) : undefined;
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS[verdict.error], renewable, email, taskId, token }, verdict.error === 'LinkExpired' ? 410 : 403);
    return undefined;
  }
  if (!state) {
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.TaskNotFound }, 404);
    return undefined;
  }
  if (verdict.version < state.linkVersion) {
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.LinkReplaced }, 403);
    return undefined;
  }
  return state;
}
