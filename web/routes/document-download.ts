// Stored documents by hash; the name in the URL is the proof of its content. Office staff and auditors reach any
// office document; a school reaches, through its task's link, only the documents of that task.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CAMPAIGN_MEDIA_TYPE } from '../../activities/campaign-tree/campaign-files';
import type { StoredDocumentKind } from '../../activities/documents/document-verification';
import { forKind, type KindTable, type TaskState } from '../../domain/school-task';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink } from './task-access';

const NOT_FOUND = 'Документ с такой контрольной суммой не найден';

/** What a saved file is called, in Latin letters every browser and mail program keeps. */
const FILE_STEMS: Record<StoredDocumentKind, string> = {
  decree: 'postanovlenie',
  'school-report': 'otchet-shkoly',
  'consolidated-report': 'svodnyi-otchet',
  'weekly-report': 'ezhenedelnyi-otchet',
  'questionnaire-summary': 'svodka-otvetov',
};

/** «otchet-shkoly-<campaign>-<school>-1a2b3c4d.pdf»: a person knows it in their downloads; the hash prefix tells
 * versions apart. A PDF no activity issued (none today) keeps its hash. */
async function issuedFileName(ctx: WebContext, sha256: string): Promise<string> {
  const [issued] = await ctx.store.issued.byHash(sha256);
  if (!issued) return `${sha256}.pdf`;
  const parts = [FILE_STEMS[issued.kind], issued.campaignId, issued.schoolId, sha256.slice(0, 8)];
  return `${parts
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

async function sendStoredDocument(reply: FastifyReply, ctx: WebContext, sha256: string): Promise<FastifyReply> {
  const stored = await ctx.store.documents.find(sha256);
  // A campaign file holds every school's contacts: it is read by the system, never downloaded by hash.
  if (!stored || stored.mediaType === CAMPAIGN_MEDIA_TYPE)
    return sendPage(reply, ctx, 'link-refused', { message: NOT_FOUND }, 404);
  // Only what was stored as a PDF is served as one; anything else (an uploaded file) only as a download.
  const pdf = stored.mediaType === 'application/pdf';
  const name = pdf ? await issuedFileName(ctx, sha256) : sha256;
  return reply
    .type(pdf ? 'application/pdf' : 'application/octet-stream')
    .header('Content-Disposition', `${pdf ? 'inline' : 'attachment'}; filename="${name}"`)
    .header('X-Content-SHA256', sha256)
    .send(stored.content);
}

/** The documents each kind's task issued to its school (a 1.9 report's versions). */
const KIND_DOCUMENTS = {
  'registration-deadline': () => [],
  'chat-migration': () => [],
  'school-report': (state) =>
    (state.report?.versions ?? []).flatMap((v) => (v.documentSha256 ? [v.documentSha256] : [])),
  questionnaire: () => [],
} satisfies KindTable<[], string[]>;

/** The documents a school may open through its task's link: the decree and its kind's own. */
export function documentsOfTask(state: TaskState): Set<string> {
  return new Set([state.task.decree.sha256, ...forKind<[], string[]>(KIND_DOCUMENTS, state)]);
}

export function registerDocumentDownload(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { sha256: string } }>('/documents/:sha256', async (req, reply) =>
    sendStoredDocument(reply, ctx, req.params.sha256),
  );
  app.get<{ Params: { taskId: string; sha256: string }; Querystring: { t?: string } }>(
    '/tasks/:taskId/documents/:sha256',
    async (req, reply) => {
      const state = await openTaskByLink(ctx, reply, req.params.taskId, req.query.t, { recent: true });
      if (!state) return reply;
      if (!documentsOfTask(state).has(req.params.sha256))
        return sendPage(reply, ctx, 'link-refused', { message: NOT_FOUND }, 404);
      return sendStoredDocument(reply, ctx, req.params.sha256);
    },
  );
}
