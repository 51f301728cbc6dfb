// Public: anyone holding a PDF of ours checks it, by the code printed on it or by uploading the file. The answer
// is «genuine», with the history event that produced it, or «unknown»; it never serves the document itself.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCUMENT_KIND_NAMES_RU, normalizeCode } from '../../activities/documents/document-verification';
import { confirmInHistory, verifyDocumentHash, type ProducedBy } from '../../client/verify-document';
import { formatRuDateTime } from '../../domain/dates';
import type { WebContext } from '../context';
import { isCsrfRefusal, partsAfterToken } from '../multipart-csrf';
import { formToken, sendPage } from '../page';
import { tooMany } from '../sign-in';

/** Above the largest PDF the system issues (the country's consolidated edition); a larger file cannot be ours. */
const MAX_PDF_BYTES = 30 * 1024 * 1024;
/** Checks at once on one web server; each reads one history, and the rest of the site must stay quick. */
export const MAX_CONCURRENT_CHECKS = 4;
const LIMITS = {
  fileSize: MAX_PDF_BYTES,
  files: 1,
  fields: 3,
  parts: 4,
  fieldSize: 100,
  fieldNameSize: 20,
  headerPairs: 20,
};
const throttled = {
  rateLimit: {
    max: 30,
    timeWindow: 60_000,
    errorResponseBuilder: () => tooMany('Слишком много проверок с этого адреса. Подождите минуту.'),
  },
};

const described = (p: ProducedBy) => ({
  ...p,
  documentRu: DOCUMENT_KIND_NAMES_RU[p.document],
  atRu: formatRuDateTime(new Date(p.at), 'Europe/Moscow'),
});

export function registerDocumentVerify(app: FastifyInstance, ctx: WebContext): void {
  const page = (reply: FastifyReply, data: object, status = 200) =>
    sendPage(reply, ctx, 'verify', { csrf: formToken(reply), ...data }, status);
  let checking = 0;

  app.get<{ Querystring: { code?: string } }>('/verify', { config: throttled }, async (req, reply) => {
    if (!req.query.code) return page(reply, {});
    const code = normalizeCode(req.query.code);
    if (!code)
      return page(
        reply,
        { error: 'Код проверки — 10 знаков (латинские буквы и цифры), например 7K2QD-M9XWA.', typed: req.query.code },
        422,
      );
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
    if (checking >= MAX_CONCURRENT_CHECKS) {
      return page(
        reply,
        { error: 'Сейчас проверяется много документов одновременно. Повторите через минуту; ничего не сохранено.' },
        503,
      );
    }
    checking++;
    try {
      const uploaded = await hashUpload(app, req, reply);
      if ('error' in uploaded) return page(reply, { error: uploaded.error }, uploaded.status);
      const result = await verifyDocumentHash(ctx.client, ctx.store.issued, uploaded.sha256);
      const expected = req.query.code ? normalizeCode(req.query.code) : undefined;
      // A genuine file that is not the one the code names (another school's report) is not what the holder asked about.
      const matchesCode = !expected || result.producedBy?.code === expected;
      return page(
        reply,
        {
          checked: {
            ...result,
            genuine: result.genuine && matchesCode,
            producedBy: result.producedBy && described(result.producedBy),
            otherCode: result.genuine && !matchesCode,
            expected,
          },
        },
        result.genuine && matchesCode ? 200 : 404,
      );
    } finally {
      checking--;
    }
  });
}

/** The upload's SHA-256, computed as its bytes arrive: a check holds a chunk in memory, never the file. */
async function hashUpload(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ sha256: string } | { error: string; status: number }> {
  let sha256: string | undefined;
  try {
    for await (const part of partsAfterToken(app, req, reply, { limits: LIMITS })) {
      if (part.type !== 'file') continue;
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of part.file) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      if (part.file.truncated) throw new Error('too large');
      if (size) sha256 = hash.digest('hex');
    }
  } catch (err) {
    if (isCsrfRefusal(err)) throw err;
    return {
      error: `Файл больше ${MAX_PDF_BYTES / 1024 / 1024} МБ (таких документов система не выпускает) или форма повреждена при передаче.`,
      status: 413,
    };
  }
  return sha256 ? { sha256 } : { error: 'Выберите PDF-файл документа.', status: 422 };
}
