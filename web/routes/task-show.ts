// GET /tasks/:taskId?t=… shows the task; it never changes anything, so mail scanners that prefetch links are harmless.
import type { FastifyInstance } from 'fastify';
import { formatRuDateTime } from '../../domain/dates';
import type { TaskState } from '../../domain/school-task';
import type { InboxEntry } from '../../store/submission-inbox';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { openTaskByLink, readTaskState } from './task-access';
import { NOTICES, type NoticeKey } from './task-update';
import { taskPageTemplate, taskViewModel } from './task-view-model';

export function registerTaskShow(app: FastifyInstance, ctx: WebContext): void {
  app.get<{
    Params: { taskId: string };
    Querystring: { t?: string; fresh?: string; received?: string; notice?: string };
  }>('/tasks/:taskId', async (req, reply) => {
    const { taskId } = req.params;
    // After a form is sent (Post/Redirect/Get) the page asks the workflow: the read model may be a moment behind.
    const fresh = req.query.fresh === '1';
    const state = await openTaskByLink(ctx, reply, taskId, req.query.t, { fresh, recent: true });
    if (!state) return reply;
    // Only once the link has passed: a submission kept for this very task (a link reaches its own task's only).
    const entry = req.query.received ? await ctx.store.submissions.get(req.query.received) : undefined;
    const kept = entry?.taskId === taskId ? entry : undefined;
    // Answered since the redirect: the workflow shows it, the row may not yet.
    const shown =
      kept?.outcome === 'accepted' && !fresh ? ((await readTaskState(ctx, taskId, { fresh: true })) ?? state) : state;
    return sendPage(reply, ctx, taskPageTemplate(shown), {
      ...taskViewModel(shown, req.query.t!),
      ...receivedSubmission(shown, kept),
      notice: noticeOf(shown, req.query.notice),
    });
  });
}

/** A submission kept but not yet answered by the workflow: the page says so instead of offering the form again. */
function receivedSubmission(
  state: TaskState,
  entry: InboxEntry | undefined,
): { received?: { atRu: string }; error?: string } {
  // A correction (a report, answers) is sent to a task already done: its entry is shown whatever the status.
  if (!entry || (state.status !== 'open' && entry.update === undefined)) return {};
  if (entry.outcome === 'refused') return { error: entry.message ?? undefined };
  return entry.outcome === null ? { received: { atRu: formatRuDateTime(entry.receivedAt, state.task.timeZone) } } : {};
}

/** The success a redirect names, in words only if the task shows it (a stale or typed key says nothing). */
function noticeOf(state: TaskState, key: string | undefined): string | undefined {
  return key && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey](state) : undefined;
}
