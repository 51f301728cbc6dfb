// The questionnaire's routes. The school's form (POST /tasks/:taskId/answers): saved as a draft or submitted; the
// page checks the answers with the workflow's own function and shows every problem at once, so only a form that can
// pass goes to the workflow, whose validator still has the last word (withdrawn, correction closed).
// The office's table of answers across schools, its CSV and XLSX, and the consolidated PDF issued by a workflow.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { formatRuDateTime } from '../../domain/dates';
import { CampaignIdKey } from '../../domain/search-attributes';
import { localToday } from '../../domain/task-standing';
import { USER_ERRORS } from '../../domain/user-errors';
import type { WebContext } from '../../web/context';
import { sendPage } from '../../web/page';
import {
  formText,
  openTaskForForm,
  sendRefusal,
  updateTaskFromForm,
  type FormBody,
} from '../../web/routes/task-update';
import { answerLinesOf } from './answer-lines';
import { answersCsv, answersWorkbook, exportFileName } from './answers-export';
import { questionnaireFormOf } from './form';
import { keepAndDeliver } from '../../web/routes/kept-submission';
import type { DeliveryQueue } from '../../web/submission-delivery';
import { saveAnswersDraftUpdate } from './messages';
import { checkAnswers } from './questions';
import { ANSWER_STATUS_RU, answerCells, answerStatusOf, summariseAnswers } from './summary';
import { answersSummaryWorkflow } from './summary-workflow';

/** Lines of the office's table per page: a region's 1,500 schools are read a page at a time. */
const PAGE_SIZE = 100;

export function registerQuestionnaireRoutes(app: FastifyInstance, ctx: WebContext, deliveries: DeliveryQueue): void {
  app.post<{ Params: { taskId: string }; Body: FormBody }>('/tasks/:taskId/answers', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as FormBody;
    const token = formText(body, 't');
    const state = await openTaskForForm(ctx, reply, taskId, token, 'questionnaire');
    if (!state) return reply;
    const form = questionnaireFormOf(body, state.task.questions ?? []);
    const handle = ctx.client.workflow.getHandle(taskId);
    // Anything but an explicit submit saves a draft: Enter in a field must never send the answers.
    if (formText(body, 'action') !== 'submit') {
      const send = () => handle.executeUpdate(saveAnswersDraftUpdate, { args: [form] });
      return updateTaskFromForm(ctx, reply, state, token, send, (error) => ({ error, questionnaire: { form } }));
    }
    const checked = checkAnswers(state.task.questions ?? [], form);
    if (!checked.ok) {
      const error = `${USER_ERRORS.InvalidAnswers}: исправьте ${checked.problems.length === 1 ? 'ошибку' : 'ошибки'} ниже`;
      return sendRefusal(ctx, reply, state, token, { error, questionnaire: { form, problems: checked.problems } });
    }
    return keepAndDeliver(ctx, deliveries, reply, { state, token, input: form }, (error) => ({
      error,
      questionnaire: { form },
    }));
  });

  type OfficeRequest = {
    Params: { campaignId: string; clause: string };
    Querystring: { page?: string; issued?: string };
  };
  const base = '/campaigns/:campaignId/answers/:clause';

  app.get<OfficeRequest>(base, async (req, reply) => {
    const { campaignId, clause } = req.params;
    const { lines, sample } = await answerLinesOf(ctx.store.tasks, campaignId, clause);
    if (!sample) return notFound(ctx, reply);
    const questions = sample.task.questions ?? [];
    const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(req.query.page ?? '1', 10) || 1));
    const at = (iso: string) => formatRuDateTime(new Date(iso), sample.task.timeZone);
    const today = localToday(sample.task.timeZone);
    return sendPage(reply, ctx, 'questionnaire-answers', {
      campaignId,
      clause,
      task: sample.task,
      questions: questions.map((q, i) => ({ number: i + 1, text: q.text })),
      summary: summariseAnswers(questions, lines),
      answered: lines.filter((l) => l.latest).length,
      total: lines.filter((l) => l.status !== 'withdrawn').length,
      issued: /^[0-9a-f]{64}$/.test(req.query.issued ?? '') ? req.query.issued : undefined,
      lines: lines.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((l, i) => ({
        number: (page - 1) * PAGE_SIZE + i + 1,
        taskId: l.taskId,
        schoolName: l.schoolName,
        municipalityName: l.municipalityName,
        statusRu: ANSWER_STATUS_RU[answerStatusOf(l, today)],
        submittedAtRu: l.latest ? at(l.latest.submittedAt) : '',
        respondent: l.latest?.answers.respondent ?? '',
        cells: answerCells(questions, l.latest),
      })),
      pager:
        pages > 1
          ? { page, pages, previous: page > 1 ? page - 1 : undefined, next: page < pages ? page + 1 : undefined }
          : undefined,
    });
  });

  app.get<OfficeRequest>(`${base}/answers.csv`, async (req, reply) => {
    const { lines, sample } = await answerLinesOf(ctx.store.tasks, req.params.campaignId, req.params.clause);
    if (!sample) return notFound(ctx, reply);
    const name = exportFileName(sample.task, 'csv');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(answersCsv(sample.task, lines));
  });

  app.get<OfficeRequest>(`${base}/answers.xlsx`, async (req, reply) => {
    const { lines, sample } = await answerLinesOf(ctx.store.tasks, req.params.campaignId, req.params.clause);
    if (!sample) return notFound(ctx, reply);
    const name = exportFileName(sample.task, 'xlsx');
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(await answersWorkbook(sample.task, lines));
  });

  app.post<OfficeRequest>(`${base}/summary`, async (req, reply) => {
    const { campaignId, clause } = req.params;
    // One row tells whether the clause is a questionnaire; the summary's activity reads every school's answers.
    const { rows } = await ctx.store.tasks.page(campaignId, { clause }, { limit: 1, offset: 0 });
    if (rows[0]?.kind !== 'questionnaire') return notFound(ctx, reply);
    const by = req.staff?.account.login;
    const handle = await ctx.client.workflow
      .start(answersSummaryWorkflow, {
        // One per second at most: a double click issues one document.
        workflowId: `answers-summary-${campaignId}-${clause}-${Math.floor(Date.now() / 1000)}`,
        taskQueue: ctx.statistics.taskQueue,
        args: [{ campaignId, clause, ...(by ? { requestedBy: by } : {}) }],
        typedSearchAttributes: [{ key: CampaignIdKey, value: campaignId }],
      })
      .catch((err: unknown) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return ctx.client.workflow.getHandle(err.workflowId);
        throw err;
      });
    const issued = await handle.result();
    const page = `/campaigns/${encodeURIComponent(campaignId)}/answers/${encodeURIComponent(clause)}`;
    return reply.redirect(`${page}?issued=${issued.sha256}`, 303);
  });
}

function notFound(ctx: WebContext, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    ctx,
    'link-refused',
    { message: 'Анкета не найдена: в кампании нет такого пункта-анкеты' },
    404,
  );
}
