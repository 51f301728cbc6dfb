// The shape every form on a task page shares: send an Update; if its validator rejects, show the page again
// with the message and what was typed; otherwise Post/Redirect/Get, so a refresh does not act twice.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import type { TaskKind } from '../../domain/task-kinds';
import { formatRuDate } from '../../domain/dates';
import { USER_ERRORS } from '../../domain/user-errors';
import type { TaskState } from '../../domain/school-task';
import type { WebContext } from '../context';
import { sendPage } from '../page';
import { forgetRecentState, openTaskByLink, readTaskState } from './task-access';
import { taskPageTemplate, taskViewModel, type TaskForms } from './task-view-model';

/** What a page says at its top after an action succeeded, by key (a URL carries the key, never the text). */
export const NOTICES = {
  extension: (state: TaskState) => {
    const pending = state.extensions.find((e) => e.status === 'pending');
    return pending
      ? `Запрос на перенос срока до ${formatRuDate(pending.newDue)} отправлен в управление образования. ` +
          'Решение придёт на почту и появится на этой странице.'
      : undefined;
  },
} satisfies Record<string, (state: TaskState) => string | undefined>;
export type NoticeKey = keyof typeof NOTICES;

/** The Russian message of a rejected Update (validator or business failure), or undefined for other errors. */
export function rejectionMessage(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.message;
  if (err instanceof WorkflowNotFoundError) return USER_ERRORS.TaskAlreadyDone;
  return undefined;
}

export async function updateTaskFromForm(
  ctx: WebContext,
  reply: FastifyReply,
  state: TaskState,
  token: string,
  send: () => Promise<unknown>,
  onRejected: (message: string) => TaskForms,
  notice?: NoticeKey,
): Promise<FastifyReply> {
  const { taskId } = state.task;
  try {
    await send();
    forgetRecentState(ctx, taskId);
  } catch (err) {
    const message = rejectionMessage(err);
    if (!message) throw err;
    return sendRefusal(ctx, reply, state, token, onRejected(message));
  }
  const then = notice ? `&notice=${notice}` : '';
  return reply.redirect(`/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(token)}&fresh=1${then}`, 303);
}

/** The page again after the workflow refused a form: a refusal changed nothing, so the read model's state is shown. */
export async function sendRefusal(
  ctx: WebContext,
  reply: FastifyReply,
  state: TaskState,
  token: string,
  form: TaskForms,
): Promise<FastifyReply> {
  const current = (await readTaskState(ctx, state.task.taskId)) ?? state;
  return sendPage(reply, ctx, taskPageTemplate(current), taskViewModel(current, token, form), 422);
}

/** A form posted to a task of another kind (an old page, a hand-made request): refused without acting. */
/** The task behind a form's signed link, if it is of the form's kind; otherwise the refusal is already sent. */
export async function openTaskForForm(
  ctx: WebContext,
  reply: FastifyReply,
  taskId: string,
  token: string,
  kind: TaskKind,
): Promise<TaskState | undefined> {
  const state = await openTaskByLink(ctx, reply, taskId, token);
  if (!state || state.task.kind === kind) return state;
  sendPage(
    reply,
    ctx,
    'link-refused',
    { message: 'Эта форма не относится к данной задаче: откройте задачу по ссылке из письма' },
    404,
  );
  return undefined;
}

/** A parsed urlencoded form: a repeated name arrives as an array. */
export type FormBody = Record<string, unknown>;

/** A field's text as typed ('' when absent); of a repeated name, the first. */
export function formText(body: FormBody, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A checkbox: browsers send it only when ticked ("on"). */
export function isChecked(value: string): boolean {
  return value === 'on' || value === 'true';
}

/** The rows of a table form (`scope.0`, `scope.1`, …) in index order, gaps closed; missing cells are ''. */
export function formRows<K extends string>(body: FormBody, names: readonly K[]): Record<K, string>[] {
  const rows = new Map<number, Record<K, string>>();
  for (const key of Object.keys(body)) {
    const m = /^([A-Za-z]+)\.(\d{1,4})$/.exec(key);
    const name = m?.[1] as K | undefined;
    if (!m || !name || !names.includes(name)) continue;
    const index = Number(m[2]);
    const row = rows.get(index) ?? (Object.fromEntries(names.map((n) => [n, ''])) as Record<K, string>);
    row[name] = formText(body, key);
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}
