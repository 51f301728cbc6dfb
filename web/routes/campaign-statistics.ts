// Office page of a campaign's weekly statistics: upload a week's file (CSV or XLSX), read its preview (what was
// matched, what was not), confirm, and download the weekly reports. A refused file is listed with every problem and
// changes nothing; nothing is analysed before the office has confirmed the preview.
import type { MultipartFile } from '@fastify/multipart';
import {
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FIELD_LABELS, describeProblem } from '../../client/describe-statistics-preview';
import { localToday } from '../../domain/task-standing';
import { importStatistics, REPLACE_REASON_MIN, previewUpload } from '../../client/import-statistics';
import type { Campaign } from '../../domain/campaign-schema';
import { formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId, schoolTaskWorkflowId, weeklyAnalysisWorkflowId } from '../../domain/ids';
import { clausesCompletedBy } from '../../domain/statistics-analysis';
import { isoWeekOf, previousIsoWeek } from '../../domain/iso-week';
import { CampaignIdKey, visibilityValue } from '../../domain/search-attributes';
import { campaignTreeProgress } from '../../client/launch-watch';
import type { LedgerEntry } from '../../store/statistics-ledger';
import { statisticsImportUndoWorkflow } from '../../workflows';
import { verdictOf, type StatisticsPreview } from '../../domain/statistics-preview';
import type { StatisticsFileProblem } from '../../domain/weekly-statistics';
import { campaignDefinitionQuery, campaignRefQuery } from '../../workflows/definitions';
import type { WeeklyAnalysisOutcome } from '../../workflows/weekly-statistics';
import type { WebContext } from '../context';
import { isCsrfRefusal, partsAfterToken } from '../multipart-csrf';
import { sendPage } from '../page';

type CampaignRequest = FastifyRequest<{ Params: { campaignId: string }; Querystring: { undone?: string } }>;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A tree campaign's file from the store by the hash its workflow holds; an older campaign's from its workflow. */
async function campaignOf(ctx: WebContext, campaignId: string): Promise<Campaign | undefined> {
  const handle = ctx.client.workflow.getHandle(campaignWorkflowId(campaignId));
  try {
    const ref = await handle.query(campaignRefQuery);
    return (await ctx.campaigns.load(ref)).campaign;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    if (!(err instanceof QueryNotRegisteredError)) throw err;
  }
  return handle.query(campaignDefinitionQuery);
}

interface AnalysisRow {
  workflowId: string;
  week: string;
  status: string;
  startedRu: string;
  reportSha256?: string;
  indicatorPercent?: number;
}

/** The newest completed weekly analysis of a campaign, for its page: one visibility list, one result. */
export async function latestAnalysis(
  ctx: WebContext,
  campaignId: string,
  timeZone: string,
): Promise<AnalysisRow | undefined> {
  let newest: { workflowId: string; week: string; startTime: Date } | undefined;
  for await (const wf of ctx.client.workflow.list({
    query: `WorkflowType = 'weeklyAnalysisWorkflow' AND CampaignId = ${visibilityValue(campaignId)} AND ExecutionStatus = 'Completed'`,
  })) {
    const week = /-(\d{4}-W\d{2})-/.exec(wf.workflowId)?.[1] ?? '';
    if (!newest || week > newest.week) newest = { workflowId: wf.workflowId, week, startTime: wf.startTime };
  }
  if (!newest) return undefined;
  const outcome = await ctx.client.workflow.getHandle<() => Promise<WeeklyAnalysisOutcome>>(newest.workflowId).result();
  return {
    workflowId: newest.workflowId,
    week: outcome.week,
    status: 'COMPLETED',
    startedRu: formatRuDateTime(newest.startTime, timeZone),
    reportSha256: outcome.reportSha256,
    indicatorPercent: outcome.indicatorPercent,
  };
}

async function analyses(ctx: WebContext, campaign: Campaign): Promise<AnalysisRow[]> {
  const rows: AnalysisRow[] = [];
  const query = `WorkflowType = 'weeklyAnalysisWorkflow' AND CampaignId = '${campaign.id}'`;
  for await (const wf of ctx.client.workflow.list({ query })) {
    const outcome =
      wf.status.name === 'COMPLETED'
        ? await ctx.client.workflow.getHandle<() => Promise<WeeklyAnalysisOutcome>>(wf.workflowId).result()
        : undefined;
    rows.push({
      workflowId: wf.workflowId,
      week: outcome?.week ?? /-(\d{4}-W\d{2})-/.exec(wf.workflowId)?.[1] ?? '',
      status: wf.status.name,
      startedRu: formatRuDateTime(wf.startTime, campaign.timeZone),
      reportSha256: outcome?.reportSha256,
      indicatorPercent: outcome?.indicatorPercent,
    });
  }
  return rows.sort((a, b) => b.week.localeCompare(a.week));
}

async function pageData(
  ctx: WebContext,
  campaign: Campaign,
  extra: { problems?: StatisticsFileProblem[]; [key: string]: unknown } = {},
) {
  const today = localToday(campaign.timeZone);
  return {
    campaign,
    configured: Boolean(campaign.statistics),
    defaultWeek: previousIsoWeek(isoWeekOf(today)),
    imports: (await ctx.store.ledger(campaign.id).entries()).reverse().map((e) => ({
      ...e,
      importedAtRu: formatRuDateTime(new Date(e.importedAt), campaign.timeZone),
      undoneAtRu: e.undone && formatRuDateTime(new Date(e.undone.at), campaign.timeZone),
    })),
    analyses: await analyses(ctx, campaign),
    ...extra,
    problems: extra.problems?.map(describeProblem),
  };
}

/** Fields of the upload form; anything else, or more of it, is not an upload but an attack on the server. */
const UPLOAD_LIMITS = {
  fileSize: MAX_FILE_BYTES,
  files: 1,
  fields: 5,
  parts: 6,
  fieldSize: 200,
  fieldNameSize: 40,
  headerPairs: 20,
};
const TOO_LARGE = `Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ или форма повреждена при передаче.`;

class UploadRefused extends Error {}

/** The week field and the file, in whatever order the browser sends them. */
async function readUpload(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ week: string; file?: { filename: string; bytes: Buffer } }> {
  let week = '';
  let file: { filename: string; bytes: Buffer } | undefined;
  for await (const part of partsAfterToken(app, req, reply, { limits: UPLOAD_LIMITS })) {
    if (part.type === 'file') file = { filename: part.filename, bytes: await (part as MultipartFile).toBuffer() };
    else if (part.valueTruncated) throw new UploadRefused(`Поле «${part.fieldname}» формы слишком длинное.`);
    else if (part.fieldname === 'week') week = String(part.value ?? '').trim();
  }
  return { week, file: file && file.bytes.length > 0 ? file : undefined };
}

/** A body larger than any upload is refused from its header, before a byte of it is read. */
function declaredTooLarge(req: FastifyRequest): boolean {
  return Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES + 64 * 1024;
}

type UndoRequest = FastifyRequest<{ Params: { campaignId: string }; Body: { sha256?: string; reason?: string } }>;

/** Why this import cannot be undone, in the office's words; undefined when it can. */
async function undoProblem(
  ctx: WebContext,
  campaignId: string,
  entry: LedgerEntry | undefined,
  reason: string,
): Promise<string | undefined> {
  if (!entry) return 'Такой загрузки нет в этой кампании: обновите страницу.';
  if (entry.undone) return `Загрузка за неделю ${entry.week} уже отменена.`;
  if (reason.length < 5)
    return 'Укажите причину отмены (не короче 5 символов): её получат школы, задачи которых откроются снова.';
  const progress = await campaignTreeProgress(ctx.client, campaignId);
  if (progress?.withdrawn) return 'Кампания отозвана: её задачи не открываются снова.';
  return undefined;
}

type ConfirmRequest = FastifyRequest<{
  Params: { campaignId: string };
  Body: { week?: string; file?: string; filename?: string; replaceReason?: string };
}>;

export function registerCampaignStatistics(app: FastifyInstance, ctx: WebContext): void {
  app.get('/campaigns/:campaignId/statistics', async (req: CampaignRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    return sendPage(
      reply,
      ctx,
      'statistics',
      await pageData(ctx, campaign, {
        undoStarted: /^\d{4}-W\d{2}$/.test(req.query.undone ?? '') ? req.query.undone : undefined,
      }),
    );
  });

  // Upload: read and match the file, show the preview; nothing is imported until the office confirms it.
  app.post('/campaigns/:campaignId/statistics', async (req: CampaignRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    const refuse = async (message: string, status: number, extra: object = {}) =>
      sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { ...extra, problems: [{ message }] }), status);
    if (declaredTooLarge(req)) return refuse(TOO_LARGE, 413);
    let upload: Awaited<ReturnType<typeof readUpload>>;
    try {
      upload = await readUpload(app, req, reply);
    } catch (err) {
      if (isCsrfRefusal(err)) throw err;
      return refuse(err instanceof UploadRefused ? err.message : TOO_LARGE, 413);
    }
    if (!upload.file) return refuse('Выберите файл статистики (CSV или XLSX).', 422, { week: upload.week });
    const preview = await previewUpload(campaign, { week: upload.week, ...upload.file }, ctx.statistics.reader);
    const verdict = verdictOf(preview);
    const closes = verdict === 'refused' ? [] : await tasksTheImportCloses(ctx, campaign, preview);
    const view = {
      week: upload.week,
      filename: upload.file.filename,
      preview: previewView(campaign, preview),
      verdict,
      closes,
    };
    if (verdict === 'refused')
      return sendPage(
        reply,
        ctx,
        'statistics',
        await pageData(ctx, campaign, { ...view, problems: preview.problems }),
        422,
      );
    // Kept by its hash until confirmed, so the confirmation imports exactly the bytes the office previewed.
    const { sha256 } = await ctx.store.documents.put(upload.file.bytes, 'application/octet-stream');
    return sendPage(
      reply,
      ctx,
      'statistics',
      await pageData(ctx, campaign, { ...view, confirm: { fileSha256: sha256 } }),
    );
  });

  // Undo an import the office got wrong: a workflow of its own (its input names who and why) marks the version
  // undone and reopens what its analysis closed; the page answers with a 303, so a reload undoes nothing twice.
  app.post('/campaigns/:campaignId/statistics/undo', async (req: UndoRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    const { sha256 = '', reason = '' } = req.body ?? {};
    const entry = (await ctx.store.ledger(campaign.id).entries()).find((e) => e.sha256 === sha256);
    const problem = await undoProblem(ctx, campaign.id, entry, reason.trim());
    if (problem || !entry)
      return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { undoProblem: problem }), 422);
    const analysisWorkflowId = weeklyAnalysisWorkflowId(campaign.id, entry.week, entry.sha256);
    const request = {
      campaignId: campaign.id,
      week: entry.week,
      statisticsSha256: entry.sha256,
      analysisWorkflowId,
      reason: reason.trim(),
      at: new Date().toISOString(),
      ...(req.staff ? { by: req.staff.account.login } : {}),
    };
    await ctx.client.workflow
      .start(statisticsImportUndoWorkflow, {
        workflowId: `stats-undo-${analysisWorkflowId}`,
        taskQueue: ctx.statistics.taskQueue,
        args: [request],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: CampaignIdKey, value: campaign.id }],
      })
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      });
    return reply.redirect(
      `/campaigns/${encodeURIComponent(campaign.id)}/statistics?undone=${encodeURIComponent(entry.week)}`,
      303,
    );
  });

  app.post('/campaigns/:campaignId/statistics/confirm', async (req: ConfirmRequest, reply) => {
    const campaign = await campaignOf(ctx, req.params.campaignId);
    if (!campaign) return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
    const { week = '', file = '', filename = 'statistics', replaceReason } = req.body ?? {};
    const bytes = await ctx.store.documents.get(file);
    if (!bytes)
      return sendPage(
        reply,
        ctx,
        'statistics',
        await pageData(ctx, campaign, {
          week,
          problems: [{ message: 'Файл для подтверждения не найден: загрузите его снова.' }],
        }),
        422,
      );
    const outcome = await importStatistics(
      { client: ctx.client, documents: ctx.store.documents, ledger: ctx.store.ledger, ...ctx.statistics },
      {
        ...{ campaign, week, filename, bytes, acceptPartial: 'office-page', importedBy: req.staff?.account.login },
        ...(replaceReason !== undefined ? { replace: { reason: replaceReason } } : {}),
      },
    );
    // Imported already (the confirmation posted again, F5): nothing happens; a replacement is asked for on purpose.
    if (outcome.status === 'already-imported') {
      const existing = {
        ...outcome.existing,
        importedAtRu: formatRuDateTime(new Date(outcome.existing.importedAt), campaign.timeZone),
      };
      const reasonProblem =
        replaceReason !== undefined ? `Укажите причину замены (не короче ${REPLACE_REASON_MIN} символов).` : undefined;
      const replace = { existing, week, file, filename, reasonProblem, reason: replaceReason ?? '' };
      return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { week, replace }), 409);
    }
    if (outcome.status !== 'imported')
      return sendPage(
        reply,
        ctx,
        'statistics',
        await pageData(ctx, campaign, { week, filename, problems: outcome.preview.problems }),
        422,
      );
    return sendPage(reply, ctx, 'statistics', await pageData(ctx, campaign, { imported: outcome }));
  });
}

/**
 * The open tasks the import will close (clause 1.2 at 100%, as the campaign file says): listed before the office
 * confirms, since a confirmed import closes them and the schools are told.
 */
async function tasksTheImportCloses(
  ctx: WebContext,
  campaign: Campaign,
  preview: StatisticsPreview,
): Promise<{ clause: string; school: string }[]> {
  const config = campaign.statistics;
  if (!config) return [];
  const candidates = preview.schools.flatMap((s) =>
    clausesCompletedBy(config, { schoolId: s.schoolId, ...s.figures }).map((clause) => ({
      clause,
      school: s.name,
      taskId: schoolTaskWorkflowId(campaign.id, s.schoolId, clause),
    })),
  );
  const open = new Set(
    (await ctx.store.tasks.states(candidates.map((c) => c.taskId)))
      .filter((t) => t.status === 'open')
      .map((t) => t.task.taskId),
  );
  return candidates.filter((c) => open.has(c.taskId)).map(({ clause, school }) => ({ clause, school }));
}

/** The preview as the page shows it: figures in Russian notation, fields under their Russian names. */
function previewView(campaign: Campaign, preview: StatisticsPreview) {
  return {
    ...preview,
    rosterSize: campaign.schools.length,
    columns: Object.entries(preview.columns).map(([field, header]) => ({
      field: FIELD_LABELS[field] ?? field,
      header,
    })),
    problems: preview.problems.map(describeProblem),
    warnings: preview.warnings.map(describeProblem),
  };
}
