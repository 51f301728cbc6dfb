// The outbox of the embedded SMTP sink: every message the system sent, for the local demo.
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context';
import { formatRuDateTime } from '../../domain/dates';
import { sendPage } from '../page';

// The sink serves every campaign on this machine; its stamps are shown in Moscow time, as the office reads them.
const withLocalTime = <T extends { receivedAt: string }>(m: T) => ({
  ...m,
  receivedRu: formatRuDateTime(new Date(m.receivedAt), 'Europe/Moscow'),
});

export function registerOutbox(app: FastifyInstance, ctx: WebContext): void {
  const sink = ctx.sink;
  if (!sink) return;
  app.get('/outbox', async (_req, reply) =>
    sendPage(reply, ctx, 'outbox', { messages: sink.messages().reverse().map(withLocalTime) }),
  );

  app.get<{ Params: { id: string } }>('/outbox/:id', async (req, reply) => {
    const message = sink.message(req.params.id);
    if (!message) return sendPage(reply, ctx, 'link-refused', { message: 'Письмо не найдено' }, 404);
    return sendPage(reply, ctx, 'outbox-message', {
      message: withLocalTime(message),
      attachments: message.attachments.map((a, index) => ({ ...a, index })),
    });
  });

  app.get<{ Params: { id: string; index: string } }>('/outbox/:id/attachments/:index', async (req, reply) => {
    const attachment = await sink.attachment(req.params.id, Number(req.params.index));
    if (!attachment) return sendPage(reply, ctx, 'link-refused', { message: 'Вложение не найдено' }, 404);
    // The sender chose the content type: an HTML attachment served inline would run on our origin. A download only.
    return reply
      .type('application/octet-stream')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header('Content-Security-Policy', 'sandbox')
      .send(attachment.content);
  });
}
