// POST /tasks/:taskId/extension — the school asks to move the due date, with a reason (an Update; its validator
// decides).
import type { FastifyInstance } from 'fastify';
import { requestExtensionUpdate } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { openTaskByLink } from './task-access';
import { updateTaskFromForm } from './task-update';

type Body = Record<string, string | undefined>;

export function registerTaskExtensionRequest(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Params: { taskId: string }; Body: Body }>('/tasks/:taskId/extension', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as Body;
    const state = await openTaskByLink(ctx, reply, taskId, body.t);
    if (!state) return reply;
    const payload = { newDue: body.newDue ?? '', reason: body.reason ?? '' };
    const send = () => ctx.client.workflow.getHandle(taskId).executeUpdate(requestExtensionUpdate, { args: [payload] });
    const refused = (extensionError: string) => ({ extensionValues: payload, extensionError });
    return updateTaskFromForm(ctx, reply, state, body.t!, send, refused, 'extension');
  });
}
