// The auditor's timeline pages, per campaign and per task, read from Temporal history (client/audit-timeline.ts),
// with filters and the three exports. Read-only: the auditor's class admits no state change.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  EXPORT_FORMATS,
  exportTimeline,
  KIND_NAMES_RU,
  PDF_EVENT_LIMIT,
  type ExportFormat,
} from '../../client/audit-exports';
import { campaignTimeline, type TimelineFilter } from '../../client/audit-timeline';
import { JOURNAL_KINDS, type JournalKind } from '../../client/journal-events';
import { formatRuDate, formatRuDateTime, isRealIsoDate, localTimeToInstant } from '../../domain/dates';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { localToday } from '../../domain/task-standing';

type Query = Record<string, string | undefined>;
/** A page reads at most this many histories; past it the page says so and the CLI exports the whole campaign. */
export const PAGE_WORKFLOW_LIMIT = 300;
const PAGE_EVENT_LIMIT = 1_000;

/** The filter from the page's form; a malformed value is named, never silently dropped. */
export function timelineFilter(q: Query, timeZone: string): { filter: TimelineFilter; problem?: string } {
  const filter: TimelineFilter = {
    schoolId: q.school || undefined,
    clause: q.clause || undefined,
  };
  if (q.kind) {
    if (!JOURNAL_KINDS.includes(q.kind as JournalKind))
      return { filter, problem: `Вид события «${q.kind}» неизвестен` };
    filter.kinds = [q.kind as JournalKind];
  }
  if (q.escalated === '1') filter.kinds = ['escalation.sent'];
  for (const [key, hour, label] of [
    ['from', 0, 'Дата «с»'],
    ['to', 24, 'Дата «по»'],
  ] as const) {
    const value = q[key];
    if (!value) continue;
    if (!isRealIsoDate(value)) return { filter, problem: `${label}: укажите дату вида 2024-10-22` };
    filter[key] = localTimeToInstant(value, hour, timeZone);
  }
  return { filter };
}

/**
 * The campaign's overdue tasks (of one school, if asked) as the campaign page counts them: the read model holds the due
 * date in force, so an extended task is overdue only after its new date. One more than a page may read.
 */
async function overdueTasks(ctx: WebContext, campaignId: string, zone: string, schoolId?: string) {
  const filter = { overdueBefore: localToday(zone), ...(schoolId ? { schoolId } : {}) };
  return ctx.store.tasks.page(campaignId, filter, { limit: PAGE_WORKFLOW_LIMIT + 1, offset: 0 });
}

/** The campaign's zone, from one of its tasks in the read model: dates typed in the filter are local dates. */
async function campaignZone(ctx: WebContext, campaignId: string): Promise<string> {
  const anyTask = (await ctx.store.tasks.page(campaignId, {}, { limit: 1, offset: 0 })).rows[0]?.taskId;
  return (anyTask ? (await ctx.store.tasks.state(anyTask))?.task.timeZone : undefined) ?? 'Europe/Moscow';
}

async function answer(
  reply: FastifyReply,
  ctx: WebContext,
  who: string,
  campaignId: string,
  q: Query,
  zone: string,
  taskId?: string,
  taskHeading?: string,
) {
  const { filter, problem } = timelineFilter(q, zone);
  const title = taskId ? `Задача: ${taskHeading ?? taskId}` : `Кампания ${campaignId}`;
  const view = {
    campaignId,
    taskId,
    heading: title,
    query: q,
    kinds: JOURNAL_KINDS.map((k) => ({ value: k, name: KIND_NAMES_RU[k], selected: q.kind === k })),
  };
  if (problem) return sendPage(reply, ctx, 'audit-timeline', { ...view, error: problem }, 422);
  const overdue = q.overdue === '1' && !taskId ? await overdueTasks(ctx, campaignId, zone, filter.schoolId) : undefined;
  if (overdue) filter.taskIds = overdue.rows.map((r) => r.taskId);
  const timeline = await campaignTimeline(ctx.client, campaignId, { ...filter, taskId }, PAGE_WORKFLOW_LIMIT);
  const format = q.format as ExportFormat | undefined;
  if (format && EXPORT_FORMATS.includes(format)) {
    // An export for the case file is whole or not at all.
    if (timeline.truncated)
      return sendPage(
        reply,
        ctx,
        'audit-timeline',
        {
          ...view,
          error: `Отбор охватывает больше ${PAGE_WORKFLOW_LIMIT} процессов: сузьте его или выгрузите журнал командой npm run decree -- audit timeline ${campaignId} --format ${format} --out ФАЙЛ`,
        },
        422,
      );
    if (format === 'pdf' && timeline.events.length > PDF_EVENT_LIMIT)
      return sendPage(
        reply,
        ctx,
        'audit-timeline',
        {
          ...view,
          error: `В отборе ${timeline.events.length} событий, а PDF — не больше ${PDF_EVENT_LIMIT}: сузьте отбор или выгрузите CSV`,
        },
        422,
      );
    const file = await exportTimeline(timeline, format, title, who);
    const name = `zhurnal-${(taskId ?? campaignId).replace(/[^A-Za-z0-9._-]/g, '_')}.${file.extension}`;
    return reply.type(file.contentType).header('Content-Disposition', `attachment; filename="${name}"`).send(file.body);
  }
  const tz = timeline.timeZone ?? zone;
  const events = timeline.events.slice(0, PAGE_EVENT_LIMIT).map((e) => ({
    ...e,
    atRu: formatRuDateTime(new Date(e.at), tz),
    kindRu: KIND_NAMES_RU[e.kind],
    detailsJson: JSON.stringify(e.details),
  }));
  const exportQuery = new URLSearchParams(
    Object.entries(q).filter(([k, v]) => k !== 'format' && v) as [string, string][],
  ).toString();
  return sendPage(reply, ctx, 'audit-timeline', {
    ...view,
    // The overdue tasks themselves: one that nobody acted on since the launch has no event of its own.
    overdueTasks: overdue && {
      total: overdue.total,
      rows: overdue.rows.slice(0, PAGE_WORKFLOW_LIMIT).map((r) => ({ ...r, dueRu: formatRuDate(r.due) })),
    },
    events,
    total: timeline.events.length,
    cut: timeline.events.length > PAGE_EVENT_LIMIT,
    truncated: timeline.truncated,
    workflowLimit: PAGE_WORKFLOW_LIMIT,
    exportQuery,
  });
}

/** Who exports a journal: the signed-in account (the auditor's class always has one). */
const exporter = (req: FastifyRequest) => req.staff?.account.login ?? 'неизвестная учётная запись';

export function registerAuditTimeline(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { campaignId: string }; Querystring: Query }>('/audit/campaigns/:campaignId', async (req, reply) =>
    answer(reply, ctx, exporter(req), req.params.campaignId, req.query, await campaignZone(ctx, req.params.campaignId)),
  );
  app.get<{ Params: { taskId: string }; Querystring: Query }>('/audit/tasks/:taskId', async (req, reply) => {
    const state = await ctx.store.tasks.state(req.params.taskId);
    if (!state) return sendPage(reply, ctx, 'link-refused', { message: 'Задача не найдена' }, 404);
    const { task } = state;
    // People know a task by its school and clause; the workflow id stays on every event for the auditor.
    const heading = `${task.school.name}, п. ${task.clause.number} «${task.title}»`;
    return answer(reply, ctx, exporter(req), task.campaignId, req.query, task.timeZone, req.params.taskId, heading);
  });
}
