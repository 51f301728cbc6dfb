// Office page of one task: its ladder history, extension requests to decide, withdrawal, resending the link. The
// auditor sees the page without its forms; every action names the signed-in login in the signal history keeps.
import type { FastifyInstance } from 'fastify';
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { forKind, type KindTable, type TaskState } from '../../domain/school-task';
import { answersInWords } from '../../kinds/questionnaire/form';
import { isOverdue, localToday } from '../../domain/task-standing';
import { decideExtensionUpdate, renewTaskLinkSignal, withdrawTaskSignal } from '../../workflows/definitions';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { tooMany } from '../sign-in';
import { readTaskState } from './task-access';
import { rejectionMessage } from './task-update';

type Body = Record<string, string | undefined>;
export const RESENDS_PER_TASK_PER_HOUR = 3;

function officeView(state: TaskState, notice?: { error?: string; ok?: string }) {
  const tz = state.task.timeZone;
  return {
    state,
    ...notice,
    open: state.status === 'open',
    overdue: isOverdue(state, localToday(tz)),
    dueRu: formatRuDate(state.due),
    originalDueRu: formatRuDate(state.task.due),
    sentSteps: state.sentSteps.map((s) => ({
      ...s,
      sentAtRu: formatRuDateTime(new Date(s.sentAt), tz),
      isReminder: s.kind === 'reminder',
    })),
    extensions: state.extensions.map((e) => ({
      ...e,
      newDueRu: formatRuDate(e.newDue),
      previousDueRu: formatRuDate(e.previousDue),
      requestedAtRu: formatRuDateTime(new Date(e.requestedAt), tz),
      pending: e.status === 'pending',
    })),
    ...forKind(OFFICE_PARTS, state, tz),
  };
}

/** Each kind's own part of the office's task page. */
const OFFICE_PARTS = {
  'registration-deadline': () => ({}),
  'chat-migration': (state) => ({
    checklist: state.checklist && {
      ...state.checklist,
      migrated: state.checklist.chats.filter((c) => c.migrated).length,
    },
  }),
  'school-report': (state, tz) => ({
    reportVersions: state.report?.versions
      .map((v) => ({
        ...v,
        submittedAtRu: formatRuDateTime(new Date(v.submittedAt), tz),
        classes: v.report.classes.length,
      }))
      .reverse(),
  }),
  questionnaire: (state, tz) => {
    const latest = state.questionnaire?.versions.at(-1);
    return {
      answers: {
        versions: (state.questionnaire?.versions ?? []).length,
        draftSaved: state.questionnaire?.draftSavedAt !== undefined,
        latest: latest && {
          ...latest,
          submittedAtRu: formatRuDateTime(new Date(latest.submittedAt), tz),
          inWords: answersInWords(state.task.questions ?? [], latest.answers),
        },
      },
    };
  },
} satisfies KindTable<[tz: string], object>;

export function registerOfficeTask(app: FastifyInstance, ctx: WebContext): void {
  const show = async (
    taskId: string,
    reply: Parameters<typeof sendPage>[0],
    notice?: { error?: string; ok?: string },
    status = 200,
  ) => {
    const state = await readTaskState(ctx, taskId, { fresh: true }); // the office acts on what the workflow holds now
    if (!state) return sendPage(reply, ctx, 'link-refused', { message: 'Задача не найдена' }, 404);
    return sendPage(reply, ctx, 'office-task', officeView(state, notice), status);
  };
  app.get<{ Params: { taskId: string } }>('/office/tasks/:taskId', (req, reply) => show(req.params.taskId, reply));

  app.post<{ Params: { taskId: string }; Body: Body }>('/office/tasks/:taskId/extension', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const decision = {
      requestId: body.requestId ?? '',
      approve: body.decision === 'approve',
      comment: body.comment ?? '',
      by: req.staff?.account.login,
    };
    try {
      await ctx.client.workflow.getHandle(req.params.taskId).executeUpdate(decideExtensionUpdate, { args: [decision] });
    } catch (err) {
      const message = rejectionMessage(err);
      if (!message) throw err;
      return show(req.params.taskId, reply, { error: message }, 422);
    }
    return reply.redirect(`/office/tasks/${encodeURIComponent(req.params.taskId)}`, 303);
  });

  app.post<{ Params: { taskId: string }; Body: Body }>('/office/tasks/:taskId/withdraw', async (req, reply) => {
    const reason = ((req.body ?? {}) as Body).reason?.trim() ?? '';
    if (reason.length < 3) return show(req.params.taskId, reply, { error: 'Укажите причину отзыва задачи' }, 422);
    await ctx.client.workflow
      .getHandle(req.params.taskId)
      .signal(withdrawTaskSignal, { reason, by: req.staff?.account.login });
    return reply.redirect(`/office/tasks/${encodeURIComponent(req.params.taskId)}`, 303);
  });

  // Each resend mails the school and voids its links: a few per task per hour, whoever asks.
  app.post<{ Params: { taskId: string } }>(
    '/office/tasks/:taskId/resend-link',
    {
      config: {
        rateLimit: {
          max: RESENDS_PER_TASK_PER_HOUR,
          timeWindow: 3_600_000,
          keyGenerator: (req) => `resend:${(req.params as { taskId: string }).taskId}`,
          errorResponseBuilder: () =>
            tooMany(
              `Ссылку по этой задаче уже отправляли ${RESENDS_PER_TASK_PER_HOUR} раза за последний час. Новая ссылка не отправлена; попробуйте позже.`,
            ),
        },
      },
    },
    async (req, reply) => {
      await ctx.client.workflow
        .getHandle(req.params.taskId)
        .signal(renewTaskLinkSignal, { requestedBy: 'office', by: req.staff?.account.login });
      return show(req.params.taskId, reply, {
        ok: 'Новая ссылка отправлена исполнителю; прежние ссылки больше не действуют.',
      });
    },
  );
}
