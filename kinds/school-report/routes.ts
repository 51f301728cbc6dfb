// POST /tasks/:taskId/report — clause 1.9's report form: saved as a draft or submitted (also a correction);
// the workflow's Update validator has the last word, its Russian message is shown over what was typed.
import type { FastifyInstance } from 'fastify';
import type { ReportDraft } from './report';
import type { DeliveryQueue } from '../../web/submission-delivery';
import { keepAndDeliver } from '../../web/routes/kept-submission';
import { saveReportDraftUpdate } from './messages';
import type { WebContext } from '../../web/context';
import {
  formRows,
  formText,
  isChecked,
  openTaskForForm,
  updateTaskFromForm,
  type FormBody,
} from '../../web/routes/task-update';
import { REPORT_FIELDS, REPORT_ROW_FIELDS } from './page';

const isBlank = (s: string | undefined) => s === undefined || s.trim() === '';

/** The form as typed, for a draft: strings kept, the checkbox as 'on' or '', rows with nothing in them dropped. */
export function reportDraftFromForm(body: FormBody): ReportDraft {
  const classes = formRows(body, REPORT_ROW_FIELDS)
    .map((row) => ({ ...row, chatOnPlatform: isChecked(row.chatOnPlatform) ? 'on' : '' }))
    .filter((row) => REPORT_ROW_FIELDS.some((f) => !isBlank(row[f])));
  return { classes, fields: Object.fromEntries(REPORT_FIELDS.map((f) => [f, formText(body, f)])) };
}

/** The submit payload (schoolReportSchema coerces the numbers). */
export function reportFromForm(body: FormBody) {
  const { classes, fields } = reportDraftFromForm(body);
  // Blank → undefined, not '': zod coerces '' to 0, and a blank count must be an error, never a zero.
  const orUndefined = (s: string | undefined) => (isBlank(s) ? undefined : s);
  return {
    classes: classes.map((c) => ({
      className: c.className ?? '',
      classTeacher: c.classTeacher ?? '',
      chatOnPlatform: c.chatOnPlatform === 'on',
      members: orUndefined(c.members),
      chatCreated: orUndefined(c.chatCreated),
    })),
    staffTotal: orUndefined(fields.staffTotal),
    staffActivated: orUndefined(fields.staffActivated),
    studentsTotal: orUndefined(fields.studentsTotal),
    studentsActivated: orUndefined(fields.studentsActivated),
    interaction: fields.interaction ?? '',
    officerName: fields.officerName ?? '',
    officerPosition: orUndefined(fields.officerPosition),
  };
}

export function registerTaskReport(app: FastifyInstance, ctx: WebContext, deliveries: DeliveryQueue): void {
  app.post<{ Params: { taskId: string }; Body: FormBody }>('/tasks/:taskId/report', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as FormBody;
    const token = formText(body, 't');
    const state = await openTaskForForm(ctx, reply, taskId, token, 'school-report');
    if (!state) return reply;
    const typed = reportDraftFromForm(body);
    const refused = (error: string) => ({ report: typed, error });
    // Anything but an explicit submit saves a draft: Enter in a field must never file the report.
    if (formText(body, 'action') === 'submit')
      return keepAndDeliver(ctx, deliveries, reply, { state, token, input: reportFromForm(body) }, refused);
    const send = () => ctx.client.workflow.getHandle(taskId).executeUpdate(saveReportDraftUpdate, { args: [typed] });
    return updateTaskFromForm(ctx, reply, state, token, send, refused);
  });
}
