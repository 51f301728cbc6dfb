// Office pages: the campaigns and each campaign's progress (tasks done per school and clause).
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId, weeklyStatisticsScheduleId } from '../../domain/ids';
import { campaignProgressQuery, withdrawCampaignSignal, type CampaignProgress } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { campaignTreeProgress } from '../../client/launch-watch';
import { campaignName, stallCache, treeView, type CampaignPageQuery } from './campaign-tree-view';
import { sendPage } from '../page';

async function campaignIds(ctx: WebContext): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of ctx.client.workflow.list({ query: `WorkflowType = 'campaignWorkflow'` }))
    ids.push(wf.workflowId.replace(/^campaign-/, ''));
  return [...new Set(ids)].sort();
}

/** Each campaign with its decree's name (a campaign launched before the tree, or not answering, shows its id). */
async function campaignList(ctx: WebContext): Promise<{ id: string; name: string }[]> {
  return Promise.all(
    (await campaignIds(ctx)).map(async (id) => {
      const tree = await campaignTreeProgress(ctx.client, id).catch(() => undefined);
      return { id, name: campaignName(tree, id) };
    }),
  );
}

function progressView(p: CampaignProgress, ctx: WebContext) {
  const percent = p.total ? Math.round((p.done / p.total) * 100) : 0;
  const byClause = [...new Set(p.tasks.map((t) => t.clauseNumber))].map((clause) => {
    const rows = p.tasks.filter((t) => t.clauseNumber === clause);
    return {
      clause,
      title: rows[0]?.title,
      dueRu: rows[0] ? formatRuDate(rows[0].due) : '',
      total: rows.length,
      done: rows.filter((r) => r.status === 'done').length,
    };
  });
  const tasks = p.tasks.map((t) => ({
    ...t,
    dueRu: formatRuDate(t.due),
    doneAtRu: t.doneAt ? formatRuDateTime(new Date(t.doneAt), p.timeZone) : '',
  }));
  const consolidated = (p.consolidatedReports ?? []).map((e) => ({
    ...e,
    atRu: formatRuDateTime(new Date(e.at), p.timeZone),
  }));
  return { progress: p, donePercent: percent, byClause, tasks, consolidated, temporalUiUrl: ctx.temporalUiUrl };
}

/** A withdrawn campaign's weekly analysis stops too (paused, not deleted: its history stays readable). */
async function pauseWeeklySchedule(ctx: WebContext, campaignId: string, reason: string): Promise<void> {
  try {
    await ctx.client.schedule.getHandle(weeklyStatisticsScheduleId(campaignId)).pause(`Кампания отозвана: ${reason}`);
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

export function registerCampaignPages(app: FastifyInstance, ctx: WebContext): void {
  const stalls = stallCache(ctx);
  app.get('/', async (_req, reply) =>
    sendPage(reply, ctx, 'home', {
      campaigns: await campaignList(ctx),
      outbox: Boolean(ctx.sink),
      temporalUiUrl: ctx.temporalUiUrl,
    }),
  );

  app.get<{ Params: { campaignId: string }; Querystring: CampaignPageQuery }>(
    '/campaigns/:campaignId',
    async (req, reply) => {
      let tree;
      try {
        tree = await campaignTreeProgress(ctx.client, req.params.campaignId);
      } catch (err) {
        // The root does not answer (its workflow task fails): the page says why instead of a bare error.
        const problems = await stalls(req.params.campaignId);
        return sendPage(
          reply,
          ctx,
          'campaign-stalled',
          {
            campaignId: req.params.campaignId,
            problems,
            error: (err as Error).message,
            temporalUiUrl: ctx.temporalUiUrl,
          },
          503,
        );
      }
      if (tree) return sendPage(reply, ctx, 'campaign-tree', await treeView(ctx, tree, req.query, stalls));
      try {
        const progress = await ctx.client.workflow
          .getHandle(campaignWorkflowId(req.params.campaignId))
          .query(campaignProgressQuery);
        return sendPage(reply, ctx, 'campaign', progressView(progress, ctx));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          return sendPage(reply, ctx, 'link-refused', { message: 'Кампания не найдена' }, 404);
        throw err;
      }
    },
  );

  app.post<{ Params: { campaignId: string }; Body: Record<string, string | undefined> }>(
    '/campaigns/:campaignId/withdraw',
    async (req, reply) => {
      const reason = (req.body ?? {}).reason?.trim() ?? '';
      if (reason.length < 3)
        return sendPage(reply, ctx, 'link-refused', { message: 'Укажите причину отзыва кампании' }, 422);
      await ctx.client.workflow
        .getHandle(campaignWorkflowId(req.params.campaignId))
        .signal(withdrawCampaignSignal, { reason, by: req.staff?.account.login });
      await pauseWeeklySchedule(ctx, req.params.campaignId, reason);
      return reply.redirect(`/campaigns/${encodeURIComponent(req.params.campaignId)}`, 303);
    },
  );

  app.get<{ Params: { campaignId: string } }>(
    '/campaigns/:campaignId/progress.json',
    async (req) =>
      (await campaignTreeProgress(ctx.client, req.params.campaignId)) ??
      ctx.client.workflow.getHandle(campaignWorkflowId(req.params.campaignId)).query(campaignProgressQuery),
  );
}
