// GET /documents/:sha256 — a stored document by its hash; the name in the URL is the proof of its content.
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { sendPage } from '../page';

export function registerDocumentDownload(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { sha256: string } }>('/documents/:sha256', async (req, reply) => {
    const content = ctx.store.get(req.params.sha256);
    if (!content) return sendPage(reply, ctx, 'link-refused', { message: 'Документ с такой контрольной суммой не найден' }, 404);
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="${req.params.sha256}.pdf"`)
      .header('X-Content-SHA256', req.params.sha256)
      .send(content);
  });
}
