// Public: anyone holding a PDF of ours checks it, by the code printed on it or by uploading the file. The answer
// is «genuine», with the history event that produced it, or «unknown»; it never serves the document itself.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DOCUMENT_KIND_NAMES_RU, normalizeCode } from '../../activities/documents/document-verification';
import { confirmInHistory, verifyDocument, type ProducedBy } from '../../client/verify-document';
import { formatRuDateTime } from '../../domain/dates';
import type { WebContext } from '../context';
import { formToken, sendPage } from '../page';
import { tooMany } from '../sign-in';

const MAX_PDF_BYTES = 30 * 1024 * 1024;
const LIMITS = { fileSize: MAX_PDF_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 100, fieldNameSize: 20, headerPairs: 20 };
const throttled = { rateLimit: { max: 30, timeWindow: 60_000, errorResponseBuilder: () => tooMany('Слишком много проверок с этого адреса. Подождите минуту.') } };

const described = (p: ProducedBy) => ({ ...p, documentRu: DOCUMENT_KIND_NAMES_RU[p.document], atRu: formatRuDateTime(new Date(p.at), 'Europe/Moscow') });

export function registerDocumentVerify(app: FastifyInstance, ctx: WebContext): void {
  const page = (reply: FastifyReply, data: object, status = 200) => sendPage(reply, ctx, 'verify', { csrf: formToken(reply), ...data }, status);

  app.get<{ Querystring: { code?: string } }>('/verify', { config: throttled }, async (req, reply) => {
    if (!req.query.code) return page(reply, {});
    const code = normalizeCode(req.query.code);
    if (!code) return page(reply, { error: 'Код проверки — 10 знаков (латинские буквы и цифры), например 7K2QD-M9XWA.', typed: req.query.code }, 422);
    return reply.redirect(`/verify/${code}`, 303);
  });

  app.get<{ Params: { code: string } }>('/verify/:code', { config: throttled }, async (req, reply) => {
    const code = normalizeCode(req.params.code);
    const entry = code ? await ctx.store.issued.byCode(code) : undefined;
    const producedBy = entry ? await confirmInHistory(ctx.client, entry) : undefined;
    if (!producedBy) return page(reply, { code: req.params.code, unknownCode: true }, 404);
    return page(reply, { code, byCode: { ...described(producedBy), sha256: entry!.sha256 } });
  });

  app.post<{ Querystring: { code?: string } }>('/verify', { config: throttled }, async (req, reply) => {
    let bytes: Buffer | undefined;
    try {
      for await (const part of req.parts({ limits: LIMITS })) {
        if (part.type === 'file') bytes = await (part as MultipartFile).toBuffer();
      }
    } catch {
      return page(reply, { error: `Файл больше ${MAX_PDF_BYTES / 1024 / 1024} МБ или форма повреждена при передаче.` }, 413);
    }
    if (!bytes?.length) return page(reply, { error: 'Выберите PDF-файл документа.' }, 422);
    const result = await verifyDocument(ctx.client, ctx.store.issued, bytes);
    const expected = req.query.code ? normalizeCode(req.query.code) : undefined;
    // A genuine file that is not the one the code names (another school's report) is not what the holder asked about.
    const matchesCode = !expected || result.producedBy?.code === expected;
    return page(reply, { checked: { ...result, genuine: result.genuine && matchesCode, producedBy: result.producedBy && described(result.producedBy), otherCode: result.genuine && !matchesCode, expected } }, result.genuine && matchesCode ? 200 : 404);
  });
}
