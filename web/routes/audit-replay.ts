// The auditor's replay page: the last check that the campaign's histories agree with the current workflow code,
// and a button to run one now. A replay reads histories and changes no campaign state, so the auditor may start it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { replayCampaign, type ReplayReport } from '../../client/audit-replay';
import { formatRuDateTime } from '../../domain/dates';
import { campaignWorkflowId } from '../../domain/ids';
import { jsonColumn } from '../../store/database';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { tooMany } from '../sign-in';

export const REPLAYS_PER_ACCOUNT_PER_HOUR = 6;

type Params = { Params: { campaignId: string } };

export function registerAuditReplay(app: FastifyInstance, ctx: WebContext): void {
  // One replay per campaign at a time in this process; its progress is shown while it runs.
  const running = new Map<string, { done: number; total: number; by: string }>();

  const lastReport = async (campaignId: string): Promise<ReplayReport | undefined> => {
    const row = await ctx.store.db
      .selectFrom('replay_reports')
      .select('report')
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    return row ? jsonColumn<ReplayReport>(row.report) : undefined;
  };

  app.get<Params>('/audit/campaigns/:campaignId/replay', async (req, reply) => {
    const { campaignId } = req.params;
    const report = await lastReport(campaignId);
    const view = report && {
      ...report,
      finishedRu: formatRuDateTime(new Date(report.finishedAt), 'Europe/Moscow'),
      ok: report.failures.length === 0,
    };
    return sendPage(reply, ctx, 'audit-replay', { campaignId, report: view, running: running.get(campaignId) });
  });

  // A replay reads every history of a campaign: a few an hour per account, for campaigns that exist.
  const perAccount = {
    rateLimit: {
      max: REPLAYS_PER_ACCOUNT_PER_HOUR,
      timeWindow: 3_600_000,
      keyGenerator: (req: FastifyRequest) => `replay:${req.staff?.account.id ?? req.ip}`,
      errorResponseBuilder: () =>
        tooMany(
          `Вы уже запускали проверку ${REPLAYS_PER_ACCOUNT_PER_HOUR} раз за последний час. Новая не запущена; попробуйте позже.`,
        ),
    },
  };
  app.post<Params>('/audit/campaigns/:campaignId/replay', { config: perAccount }, async (req, reply) => {
    const { campaignId } = req.params;
    await ctx.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe(); // unknown: 404, and no report row
    if (!running.has(campaignId)) {
      const progress = { done: 0, total: 0, by: req.staff?.account.login ?? '' };
      running.set(campaignId, progress);
      void replayCampaign(ctx.client, campaignId, (done, total) => Object.assign(progress, { done, total }))
        .then((report) =>
          ctx.store.db
            .insertInto('replay_reports')
            .values({
              campaign_id: campaignId,
              report: JSON.stringify(report),
              finished_at: new Date(report.finishedAt),
            })
            .onConflict((oc) =>
              oc
                .column('campaign_id')
                .doUpdateSet({ report: JSON.stringify(report), finished_at: new Date(report.finishedAt) }),
            )
            .execute(),
        )
        .catch((err: Error) => app.log.error(err))
        .finally(() => running.delete(campaignId));
    }
    return reply.redirect(`/audit/campaigns/${encodeURIComponent(campaignId)}/replay`, 303);
  });
}
