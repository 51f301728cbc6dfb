// GET /tasks/:taskId?t=… shows the task; it never changes anything, so mail scanners that prefetch links are harmless.
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink } from './task-access';
import { taskPageTemplate, taskViewModel } from './task-view-model';

export function registerTaskShow(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { taskId: string }; Querystring: { t?: string } }>('/tasks/:taskId', async (req, reply) => {
    const state = await openTaskByLink(ctx, reply, req.params.taskId, req.query.t);
    if (!state) return reply;
    return sendPage(reply, ctx, taskPageTemplate(state), taskViewModel(state, req.query.t!));
  });
}
