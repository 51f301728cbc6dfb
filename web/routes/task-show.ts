// GET /tasks/:taskId?t=… shows the task; it never changes anything, so mail scanners that prefetch links are harmless.
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { formatRuDateTime } from '../../domain/dates';
import type { TaskState } from '../../domain/school-task';
import { openTaskByLink } from './task-access';
import { taskPageTemplate, taskViewModel } from './task-view-model';

export function registerTaskShow(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { taskId: string }; Querystring: { t?: string; fresh?: string; received?: string } }>('/tasks/:taskId', async (req, reply) => {
    // After a form is sent (Post/Redirect/Get) the page asks the workflow: the read model may be a moment behind.
    const state = await openTaskByLink(ctx, reply, req.params.taskId, req.query.t, { fresh: req.query.fresh === '1' || req.query.received !== undefined, recent: true });
    if (!state) return reply;
    return sendPage(reply, ctx, taskPageTemplate(state), { ...taskViewModel(state, req.query.t!), ...(await receivedSubmission(ctx, state, req.query.received)) });
  });
}

/** A submission kept but not yet answered by the workflow: the page says so instead of offering the form again. */
async function receivedSubmission(ctx: WebContext, state: TaskState, id: string | undefined): Promise<{ received?: { atRu: string }; error?: string }> {
  if (!id || state.status !== 'open') return {};
  const entry = await ctx.store.submissions.get(id);
  if (!entry || entry.taskId !== state.task.taskId) return {}; // a link reaches its own task's submissions only
  if (entry.outcome === 'refused') return { error: entry.message ?? undefined };
  return entry.outcome === null ? { received: { atRu: formatRuDateTime(entry.receivedAt, state.task.timeZone) } } : {};
}
