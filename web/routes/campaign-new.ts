// Launch from the browser: the office uploads or pastes a campaign file, sees every problem with its field path,
// reads the decree as the schools will get it, and only then launches. The file is kept by its hash between the
// steps, so what is launched is exactly what was previewed.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderDecreePdf } from '../../activities/documents/render-decree';
import type { CampaignFileReader } from '../../client/campaign-file-reader';
import { MAX_CAMPAIGN_FILE_BYTES } from '../../client/load-campaign';
import { launchCampaign } from '../../client/launch-campaign';
import { taskClauses } from '../../domain/campaign-clauses';
import type { Campaign } from '../../domain/campaign-schema';
import { formatRuDate } from '../../domain/dates';
import { senderProblem } from '../../domain/mail-senders';
import { campaignWorkflowId } from '../../domain/ids';
import type { WebContext } from '../context';
import { isCsrfRefusal, partsAfterToken } from '../multipart-csrf';
import { sendPage } from '../page';

const MAX_FILE_BYTES = MAX_CAMPAIGN_FILE_BYTES;
const MAX_PASTED_BYTES = 2 * 1024 * 1024;
const LIMITS = {
  fileSize: MAX_FILE_BYTES,
  files: 1,
  fields: 3,
  parts: 4,
  fieldSize: MAX_PASTED_BYTES,
  fieldNameSize: 40,
  headerPairs: 20,
};
/** Pasted text is shown again with its problems, so the office corrects it in place; a large file is not. */
const ECHO_LIMIT = 256 * 1024;

type DraftParams = { Params: { campaignId: string; sha256: string } };

async function readCampaignSource(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ bytes: Buffer; name: string; pasted?: string } | { refused: string }> {
  let pasted = '';
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    for await (const part of partsAfterToken(app, req, reply, { limits: LIMITS })) {
      if (part.type === 'file') {
        const bytes = await (part as MultipartFile).toBuffer();
        if (bytes.length) file = { name: part.filename, bytes };
      } else if (part.valueTruncated)
        return { refused: `Вставленный текст длиннее ${MAX_PASTED_BYTES / 1024 / 1024} МБ: загрузите его файлом.` };
      else if (part.fieldname === 'source') pasted = String(part.value ?? '');
    }
  } catch (err) {
    if (isCsrfRefusal(err)) throw err;
    return { refused: `Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ или форма повреждена при передаче.` };
  }
  if (file) return { bytes: file.bytes, name: `Файл «${file.name}»` };
  if (pasted.trim()) return { bytes: Buffer.from(pasted), name: 'Вставленный текст', pasted };
  return { refused: 'Выберите файл кампании (YAML или JSON) или вставьте его текст.' };
}

function summaryOf(campaign: Campaign) {
  const clauses = taskClauses(campaign);
  const regions = new Set(campaign.schools.map((s) => s.region?.code).filter(Boolean));
  return {
    id: campaign.id,
    decree: campaign.decree,
    decreeDateRu: formatRuDate(campaign.decree.date),
    schools: campaign.schools.length,
    regions: regions.size,
    clauses: clauses.map((c) => ({ number: c.number, dueRu: formatRuDate(c.task.due) })),
    tasks: clauses.length * campaign.schools.length,
  };
}

async function launchedAlready(ctx: WebContext, campaignId: string): Promise<boolean> {
  try {
    await ctx.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
    return true;
  } catch {
    return false;
  }
}

export function registerCampaignNew(app: FastifyInstance, ctx: WebContext, reader: CampaignFileReader): void {
  const draft = async (req: FastifyRequest<DraftParams>, reply: FastifyReply): Promise<Campaign | undefined> => {
    try {
      const { campaign } = await ctx.campaigns.load({ campaignId: req.params.campaignId, sha256: req.params.sha256 });
      if (campaign.id === req.params.campaignId) return campaign;
    } catch {
      // missing or not a campaign file: refused below
    }
    sendPage(reply, ctx, 'link-refused', { message: 'Проект кампании не найден: загрузите файл кампании снова.' }, 404);
    return undefined;
  };

  app.get('/campaigns/new', (_req, reply) => sendPage(reply, ctx, 'campaign-new', {}));
  app.post('/campaigns/new', async (req, reply) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES + 64 * 1024)
      return sendPage(
        reply,
        ctx,
        'campaign-new',
        { problems: [`Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ.`] },
        413,
      );
    const read = await readCampaignSource(app, req, reply);
    if ('refused' in read) return sendPage(reply, ctx, 'campaign-new', { problems: [read.refused] }, 422);
    const reading = await reader.read(read.bytes, read.name);
    const problems =
      'problems' in reading
        ? reading.problems
        : [senderProblem(ctx.mailSenders, reading.campaign.office.sender.email)].filter((p) => p !== undefined);
    if ('problems' in reading || problems.length) {
      // Pasted text comes back to be corrected in place; a file's text only when small (and decoded only then).
      const echo = read.pasted ?? (read.bytes.length <= ECHO_LIMIT ? read.bytes.toString('utf8') : undefined);
      return sendPage(
        reply,
        ctx,
        'campaign-new',
        { problems, name: read.name, source: echo && echo.length <= ECHO_LIMIT ? echo : undefined },
        422,
      );
    }
    const ref = await ctx.campaigns.put(reading.campaign);
    return reply.redirect(`/campaigns/new/${encodeURIComponent(ref.campaignId)}/${ref.sha256}`, 303);
  });
  app.get<DraftParams>('/campaigns/new/:campaignId/:sha256', async (req, reply) => {
    const campaign = await draft(req, reply);
    if (!campaign) return reply;
    return sendPage(reply, ctx, 'campaign-new', {
      draft: { ...summaryOf(campaign), sha256: req.params.sha256, launched: await launchedAlready(ctx, campaign.id) },
    });
  });
  app.get<DraftParams>('/campaigns/new/:campaignId/:sha256/decree.pdf', async (req, reply) => {
    const campaign = await draft(req, reply);
    if (!campaign) return reply;
    const pdf = await renderDecreePdf(campaign, ctx.renderer);
    return reply
      .type('application/pdf')
      .header(
        'Content-Disposition',
        `inline; filename="proekt-postanovleniya-${campaign.decree.number.replace(/[^0-9A-Za-z.-]/g, '_')}.pdf"`,
      )
      .send(pdf);
  });
  app.post<DraftParams>('/campaigns/new/:campaignId/:sha256/launch', async (req, reply) => {
    const campaign = await draft(req, reply);
    if (!campaign) return reply;
    const sender = senderProblem(ctx.mailSenders, campaign.office.sender.email);
    if (sender) return sendPage(reply, ctx, 'campaign-new', { problems: [sender] }, 422);
    await launchCampaign(
      { client: ctx.client, taskQueue: ctx.statistics.taskQueue, documents: ctx.store.documents },
      campaign,
      undefined,
      req.staff?.account.login,
    );
    return reply.redirect(`/campaigns/${encodeURIComponent(campaign.id)}`, 303);
  });
}
