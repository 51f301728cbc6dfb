// Shared by every task route: the link must be genuine, unexpired, for this very task, and the newest one sent.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { TaskState } from '../../domain/school-task';
import type { TaskReadModel } from '../../store/task-read-model';
import { USER_ERRORS } from '../../domain/user-errors';
import { taskStateQuery } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';

/**
 * Rows read in the last second, shared by concurrent requests for the same task: a link opened by a school, its
 * mail scanner and a reload cost one query. The read model is already a moment behind the workflow; this adds at
 * most a second, and a page after a change asks the workflow itself (`fresh`).
 */
const RECENT_MS = 1_000;
const RECENT_MAX = 5_000;
const recentRows = new WeakMap<TaskReadModel, Map<string, { at: number; state: Promise<TaskState | undefined> }>>();

function recentState(tasks: TaskReadModel, taskId: string): Promise<TaskState | undefined> {
  let rows = recentRows.get(tasks);
  if (!rows) recentRows.set(tasks, (rows = new Map()));
  const hit = rows.get(taskId);
  if (hit && Date.now() - hit.at < RECENT_MS) return hit.state;
  const state = tasks.state(taskId);
  rows.delete(taskId);
  rows.set(taskId, { at: Date.now(), state });
  state.catch(() => rows.delete(taskId));
  if (rows.size > RECENT_MAX) rows.delete(rows.keys().next().value!);
  return state;
}

/**
 * fresh: ask the workflow (a page right after a change). recent: a second-old row will do; only for GETs that show,
 * never for a request that acts (a renewal judged on a stale link version would renew twice).
 */
export interface TaskReadOptions {
  fresh?: boolean;
  recent?: boolean;
  /** A request that acts may read the row in the statement that keeps what it sends; asked only for a valid link. */
  readAndKeep?: (linkVersion: number) => Promise<TaskState | undefined>;
}

/** After this process changed a task, its next page reads the row again. */
export function forgetRecentState(ctx: WebContext, taskId: string): void {
  recentRows.get(ctx.store.tasks)?.delete(taskId);
}

/**
 * The task's state from the read model (one indexed row; no workflow is asked), or from the workflow itself when
 * the page must show a change just made (`fresh`) or the task predates the read model.
 */
export async function readTaskState(
  ctx: WebContext,
  taskId: string,
  options: TaskReadOptions = {},
): Promise<TaskState | undefined> {
  if (!options.fresh) {
    const stored = await (options.recent ? recentState(ctx.store.tasks, taskId) : ctx.store.tasks.state(taskId));
    if (stored) return stored;
  }
  try {
    const state = await ctx.client.workflow.getHandle(taskId).query(taskStateQuery);
    forgetRecentState(ctx, taskId); // the next page reads the row the workflow writes next
    return state;
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
export async function openTaskByLink(
  ctx: WebContext,
  reply: FastifyReply,
  taskId: string,
  token: unknown,
  options: TaskReadOptions = {},
): Promise<TaskState | undefined> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
    sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.LinkForged }, 403);
    return undefined;
  }
  const verdict = await ctx.links.verify(token, taskId);
  const state =
    verdict.ok && options.readAndKeep
      ? await options.readAndKeep(verdict.version)
      : verdict.ok || verdict.genuine
        ? await readTaskState(ctx, taskId, options)
        : undefined;
  if (!verdict.ok) {
    // An expired but genuine newest link may ask for a fresh one, sent only to the address on file.
    const renewable = verdict.genuine && state?.status === 'open' && verdict.genuine.version === state.linkVersion;
    const email = renewable ? maskEmail(state.task.school.officer.email) : undefined;
    sendPage(
      reply,
      ctx,
      'link-refused',
      { message: USER_ERRORS[verdict.error], renewable, email, taskId, token },
      verdict.error === 'LinkExpired' ? 410 : 403,
    );
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
