// POST /tasks/:taskId/renew — from the page of an expired link: a fresh link goes to the address on file, never
// elsewhere.
import type { FastifyInstance } from 'fastify';
import { USER_ERRORS } from '../../domain/user-errors';
import { renewTaskLinkSignal } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { forgetRecentState, maskEmail, readTaskState } from './task-access';

export function registerTaskLinkRenew(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Params: { taskId: string }; Body: Record<string, string | undefined> }>(
    '/tasks/:taskId/renew',
    async (req, reply) => {
      const { taskId } = req.params;
      const token = (req.body ?? {}).t ?? '';
      const verdict = await ctx.links.verify(token, taskId);
      const state = !verdict.ok && verdict.genuine ? await readTaskState(ctx, taskId) : undefined;
      if (
        verdict.ok ||
        !verdict.genuine ||
        !state ||
        state.status !== 'open' ||
        verdict.genuine.version !== state.linkVersion
      ) {
        return sendPage(
          reply,
          ctx,
          'link-refused',
          { message: verdict.ok ? 'Ссылка ещё действует: откройте задачу по ней' : USER_ERRORS.LinkForged },
          403,
        );
      }
      await ctx.client.workflow.getHandle(taskId).signal(renewTaskLinkSignal, { requestedBy: 'assignee' });
      forgetRecentState(ctx, taskId);
      return sendPage(reply, ctx, 'link-renewed', { email: maskEmail(state.task.school.officer.email) });
    },
  );
}
