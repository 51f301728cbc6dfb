// GET /documents/:sha256 — a stored document by its hash; the name in the URL is the proof of its content.
import type { FastifyInstance } from 'fastify';
import { CAMPAIGN_MEDIA_TYPE } from '../../activities/campaign-tree/campaign-files';
import type { WebContext } from '../context';
import { sendPage } from '../page';

export function registerDocumentDownload(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { sha256: string } }>('/documents/:sha256', async (req, reply) => {
    const stored = await ctx.store.documents.find(req.params.sha256);
    // A campaign file holds every school's contacts: it is read by the system, never downloaded by hash.
    if (!stored || stored.mediaType === CAMPAIGN_MEDIA_TYPE) return sendPage(reply, ctx, 'link-refused', { message: 'Документ с такой контрольной суммой не найден' }, 404);
    // Only what was stored as a PDF is served as one; anything else (an uploaded file) only as a download.
    const pdf = stored.mediaType === 'application/pdf';
    return reply
      .type(pdf ? 'application/pdf' : 'application/octet-stream')
      .header('Content-Disposition', `${pdf ? 'inline' : 'attachment'}; filename="${req.params.sha256}${pdf ? '.pdf' : ''}"`)
      .header('X-Content-SHA256', req.params.sha256)
      .send(stored.content);
  });
}
