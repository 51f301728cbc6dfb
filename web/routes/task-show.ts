// GET /tasks/:taskId?t=… shows the task; it never changes anything, so mail scanners that prefetch links are harmless.
import type { FastifyInstance } from 'fastify';
import { USER_ERRORS } from '../../domain/user-errors';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { authorizeTaskLink, readTaskState } from './task-access';
import { taskViewModel } from './task-view-model';

export function registerTaskShow(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { taskId: string }; Querystring: { t?: string } }>('/tasks/:taskId', async (req, reply) => {
    const { taskId } = req.params;
    if (!(await authorizeTaskLink(ctx, reply, taskId, req.query.t))) return reply;
    const state = await readTaskState(ctx, taskId);
    if (!state) return sendPage(reply, ctx, 'link-refused', { message: USER_ERRORS.TaskNotFound }, 404);
    return sendPage(reply, ctx, 'task', taskViewModel(state, req.query.t!));
  });
}
