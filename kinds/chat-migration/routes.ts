// POST /tasks/:taskId/chats — clause 1.3's checklist of chats (and 1.5's confirmation); each save is an Update
// that names chats by id, so progress accumulates; the workflow refuses what does not hold, with a Russian message.
import type { FastifyInstance } from 'fastify';
import { keepAndDeliver } from '../../web/routes/kept-submission';
import type { DeliveryQueue } from '../../web/submission-delivery';
import type { WebContext } from '../../web/context';
import { formRows, formText, isChecked, openTaskForForm, type FormBody } from '../../web/routes/task-update';
import type { ChecklistForm } from './page';

const CHAT_ROW_FIELDS = ['id', 'scope', 'oldMessenger', 'newChat', 'migrated', 'remove'] as const;

const isBlank = (s: string) => s.trim() === '';

/** The checklist update as typed: checkboxes as booleans; new rows (no id) left empty or marked «удалить» dropped. */
export function checklistUpdateFromForm(body: FormBody): ChecklistForm {
  const chats = formRows(body, CHAT_ROW_FIELDS)
    .map((r) => ({
      ...(isBlank(r.id) ? {} : { id: r.id.trim() }),
      scope: r.scope,
      oldMessenger: r.oldMessenger,
      newChat: r.newChat,
      migrated: isChecked(r.migrated),
      remove: isChecked(r.remove),
    }))
    // A listed chat always goes back (the workflow matches it by id); a new row only when it holds something.
    .filter(
      (c) =>
        c.id !== undefined ||
        (!c.remove && (c.migrated || !isBlank(c.scope) || !isBlank(c.oldMessenger) || !isBlank(c.newChat))),
    );
  return {
    chats,
    noForeignMessengerLeft: isChecked(formText(body, 'noForeignMessengerLeft')),
    officerName: formText(body, 'officerName'),
  };
}

export function registerTaskChats(app: FastifyInstance, ctx: WebContext, deliveries: DeliveryQueue): void {
  app.post<{ Params: { taskId: string }; Body: FormBody }>('/tasks/:taskId/chats', async (req, reply) => {
    const { taskId } = req.params;
    const body = (req.body ?? {}) as FormBody;
    const token = formText(body, 't');
    const state = await openTaskForForm(ctx, reply, taskId, token, 'chat-migration');
    if (!state) return reply;
    const typed = checklistUpdateFromForm(body);
    return keepAndDeliver(ctx, deliveries, reply, { state, token, input: typed }, (error) => ({
      checklist: typed,
      error,
    }));
  });
}
