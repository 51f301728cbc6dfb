// GET /tasks/:taskId/order.pdf?t=… — the school's draft order (проект приказа) appointing the person responsible
// for the platform, filled from the decree. A GET only shows: no process changes and nothing is stored (a stored
// copy per GET would let anyone with a link fill the store); the hash in the header names the bytes sent.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { schoolOrderDefinition, type SchoolOrderInput } from '../../activities/documents/school-order-layout';
import type { SchoolTask } from '../../domain/school-task';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink } from './task-access';

/** The calendar date (ISO) at an instant in the task's zone: the order is dated as the school sees the day. */
export function localIsoDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The layout's input, or undefined when the decree has no clause on the responsible person to cite. */
export function schoolOrderInput(task: SchoolTask, generatedFor: string): SchoolOrderInput | undefined {
  const basis = task.orderBasis;
  if (!basis) return undefined;
  const { kind, number, date, title } = task.decree;
  return {
    school: { name: task.school.name, head: task.school.head },
    platform: basis.platform,
    decree: { kind, number, date, title, issuer: basis.issuer },
    clauseNumber: basis.clauseNumber,
    clauseText: basis.clauseText,
    generatedFor,
  };
}

/** ASCII only: a header value must not carry Cyrillic or quotes. */
export function orderFileName(schoolId: string): string {
  return `prikaz-otvetstvennyj-${schoolId.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`;
}

export function registerTaskOrder(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { taskId: string }; Querystring: { t?: string } }>(
    '/tasks/:taskId/order.pdf',
    async (req, reply) => {
      const state = await openTaskByLink(ctx, reply, req.params.taskId, req.query.t, { recent: true });
      if (!state) return reply;
      const input = schoolOrderInput(state.task, localIsoDate(new Date(), state.task.timeZone));
      if (!input)
        return sendPage(
          reply,
          ctx,
          'link-refused',
          { message: 'Проект приказа для этой задачи не подготовлен: в постановлении нет пункта об ответственном' },
          404,
        );
      const pdf = await renderPdf(schoolOrderDefinition(input));
      return (
        reply
          .type('application/pdf')
          .header('Content-Disposition', `inline; filename="${orderFileName(state.task.school.id)}"`)
          .header('X-Content-SHA256', createHash('sha256').update(pdf).digest('hex'))
          // The URL carries the task link's token: no shared cache may keep the response.
          .header('Cache-Control', 'private, no-store')
          .send(pdf)
      );
    },
  );
}
