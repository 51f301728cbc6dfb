// GET /tasks/:taskId?t=… shows the task; it never changes anything, so mail scanners that prefetch links are harmless.
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink } from './task-access';
import { taskPageTemplate, taskViewModel } from './task-view-model';

export function registerTaskShow(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { taskId: string }; Querystring: { t?: string; fresh?: string } }>('/tasks/:taskId', async (req, reply) => {
    // After a form is sent (Post/Redirect/Get) the page asks the workflow: the read model may be a moment behind.
    const state = await openTaskByLink(ctx, reply, req.params.taskId, req.query.t, { fresh: req.query.fresh === '1', recent: true });
    if (!state) return reply;
    return sendPage(reply, ctx, taskPageTemplate(state), taskViewModel(state, req.query.t!));
  });
}
