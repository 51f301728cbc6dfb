// Office page of a campaign's weekly statistics: upload a week's file (CSV or XLSX), see what was matched,
// and download the weekly reports. A refused file is listed with every problem and changes nothing.
import type { MultipartFile } from '@fastify/multipart';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createStatisticsLedger } from '../../activities/statistics/statistics-ledger';
import { importStatistics, type ImportOutcome } from '../../client/import-statistics';
import type { Campaign } from '../../domain/campaign-schema';
import { formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId } from '../../domain/ids';
import { isoWeekOf, previousIsoWeek } from '../../domain/iso-week';
import { campaignDefinitionQuery } from '../../workflows/definitions';
import type { WeeklyAnalysisOutcome } from '../../workflows/weekly-statistics';
import type { WebContext } from '../context';
import { sendPage } from '../page';

type CampaignRequest = FastifyRequest<{ Params: { campaignId: string } }>;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

async function campaignOf(ctx: WebContext, campaignId: string): Promise<Campaign | undefined> {
  try {
    return await ctx.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignDefinitionQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

interface AnalysisRow { workflowId: string; week: string; status: string; startedRu: string; reportSha256?: string; indicatorPercent?: number }

async function analyses(ctx: WebContext, campaign: Campaign): Promise<AnalysisRow[]> {
  const rows: AnalysisRow[] = [];
  const query = `WorkflowType = 'weeklyAnalysisWorkflow' AND CampaignId = '${campaign.id}'`;
  for await (const wf of ctx.client.workflow.list({ query })) {
    const outcome = wf.status.name === 'COMPLETED' ? await ctx.client.workflow.getHandle<() => Promise<WeeklyAnalysisOutcome>>(wf.workflowId).result() : undefined;
    rows.push({ workflowId: wf.workflowId, week: outcome?.week ?? /-(\d{4}-W\d{2})-/.exec(wf.workflowId)?.[1] ?? '', status: wf.status.name, startedRu: formatRuDateTime(wf.startTime, campaign.timeZone), reportSha256: outcome?.reportSha256, indicatorPercent: outcome?.indicatorPercent });
  }
  return rows.sort((a, b) => b.week.localeCompare(a.week));
}

async function pageData(ctx: WebContext, campaign: Campaign, extra: object = {}) {
  const ledger = createStatisticsLedger(ctx.statistics.statisticsDir, ctx.store, campaign.id);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: campaign.timeZone }).format(new Date());
  return {
    campaign,
    configured: Boolean(campaign.statistics),
    defaultWeek: previousIsoWeek(isoWeekOf(today)),
    imports: ledger.entries().reverse().map((e) => ({ ...e, importedAtRu: formatRuDateTime(new Date(e.importedAt), campaign.timeZone) })),
    analyses: await analyses(ctx, campaign),
    ...extra,
  };
}

/** The week field and the file, in whatever order the browser sends them. */
async function readUpload(req: FastifyRequest): Promise<{ week: string; file?: { filename: string; bytes: Buffer } }> {
  let week = '';
  let file: { filename: string; bytes: Buffer } | undefined;
  for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } })) {
    if (part.type === 'file') file = { filename: part.filename, bytes: await (part as MultipartFile).toBuffer() };
    else if (part.fieldname === 'week') week = String(part.value ?? '').trim();
  }
  return { week, file: file && file.bytes.length > 0 ? file : undefined };
}

export function registerCampaignStatistics(app: FastifyInstance, ctx: WebContext): void {
  app.get('/campaigns/:campaignId/statistics', async (req: CampaignRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign));
  });

  app.post('/campaigns/:campaignId/statistics', async (req: CampaignRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    let upload: Awaited<ReturnType<typeof readUpload>>;
    try {
      upload = await readUpload(req);
    } catch {
      return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { problems: [{ message: `Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ или повреждён при передаче.` }] }), 413);
    }
    if (!upload.file) return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { week: upload.week, problems: [{ message: 'Выберите файл статистики (CSV или XLSX).' }] }), 422);
    const outcome: ImportOutcome = await importStatistics({ client: ctx.client, store: ctx.store, ...ctx.statistics }, { campaign, week: upload.week, filename: upload.file.filename, bytes: upload.file.bytes });
    if (!outcome.ok) return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { week: upload.week, filename: upload.file.filename, problems: outcome.problems }), 422);
    return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { imported: outcome }));
  });
}
