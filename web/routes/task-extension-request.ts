// POST /tasks/:taskId/extension — the school asks to move the due date, with a reason (an Update; its validator decides).
import type { FastifyInstance } from 'fastify';
import { requestExtensionUpdate } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink, readTaskState } from './task-access';
import { rejectionMessage } from './task-submit';
import { taskViewModel } from './task-view-model';

type Body = Record<string, string | undefined>;

export function registerTaskExtensionRequest(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Params: { taskId: string }; Body: Body }>('/tasks/:taskId/extension', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as Body;
    const state = await openTaskByLink(ctx, reply, taskId, body.t);
    if (!state) return reply;
    const payload = { newDue: body.newDue ?? '', reason: body.reason ?? '' };
    try {
      await ctx.client.workflow.getHandle(taskId).executeUpdate(requestExtensionUpdate, { args: [payload] });
    } catch (err) {
      const message = rejectionMessage(err);
      if (!message) throw err;
      const current = (await readTaskState(ctx, taskId)) ?? state;
      return sendPage(reply, ctx, 'task', taskViewModel(current, body.t!, { extensionValues: payload, extensionError: message }), 422);
    }
    return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(body.t!)}`, 303);
  });
}
