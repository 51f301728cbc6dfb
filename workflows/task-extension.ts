// Перенос срока: the school requests a new due date, the office decides; approval moves the due date in state,
// which wakes the escalation ladder to recompute its timers (no restart of the workflow).
import { ApplicationFailure, setHandler, uuid4 } from '@temporalio/workflow';
import {
  extensionDecisionSchema,
  extensionRequestSchema,
  type ExtensionDecision,
  type ExtensionRequest,
  type TaskState,
} from '../domain/school-task';
import { USER_ERRORS } from '../domain/user-errors';
import { workingCalendar } from '../domain/working-days';
import { mail } from './activity-proxies';
import { decideExtensionUpdate, requestExtensionUpdate } from './definitions';

function reject(type: keyof typeof USER_ERRORS, detail?: string): never {
  throw ApplicationFailure.nonRetryable(detail ? `${USER_ERRORS[type]}: ${detail}` : USER_ERRORS[type], type);
}

function validRequest(state: TaskState, input: unknown): ExtensionRequest {
  if (state.status !== 'open') reject('TaskClosed');
  if (state.extensions.some((e) => e.status === 'pending')) reject('ExtensionPending');
  const parsed = extensionRequestSchema().safeParse(input);
  if (!parsed.success) reject('InvalidExtension', [...new Set(parsed.error.issues.map((i) => i.message))].join('; '));
  const { newDue } = parsed.data;
  if (newDue <= state.due)
    reject('InvalidExtension', `новый срок должен быть позже текущего (${state.due.split('-').reverse().join('.')})`);
  if (!workingCalendar(state.task.ladder.calendar).isWorkingDay(newDue))
    reject('InvalidExtension', 'новый срок приходится на нерабочий день');
  return parsed.data;
}

function validDecision(state: TaskState, input: unknown): ExtensionDecision {
  const parsed = extensionDecisionSchema().safeParse(input);
  if (!parsed.success) reject('InvalidExtension', parsed.error.issues.map((i) => i.message).join('; '));
  if (!state.extensions.some((e) => e.id === parsed.data.requestId && e.status === 'pending'))
    reject('ExtensionNotPending');
  if (state.status !== 'open') reject('TaskClosed');
  return parsed.data;
}

export function installExtensionHandlers(state: TaskState): void {
  setHandler(
    requestExtensionUpdate,
    async (input) => {
      const request = {
        ...validRequest(state, input),
        id: uuid4().slice(0, 8),
        previousDue: state.due,
        requestedAt: new Date().toISOString(),
        status: 'pending' as const,
      };
      state.extensions.push(request);
      await mail.mailExtensionRequested({ task: state.task, request });
      return request;
    },
    { validator: (input) => void validRequest(state, input) },
  );
  setHandler(
    decideExtensionUpdate,
    async (input) => {
      const decision = validDecision(state, input);
      const record = state.extensions.find((e) => e.id === decision.requestId)!;
      Object.assign(record, {
        status: decision.approve ? 'approved' : 'rejected',
        decidedAt: new Date().toISOString(),
        comment: decision.comment,
      });
      if (decision.approve) state.due = record.newDue;
      await mail.mailExtensionDecided({ task: state.task, record });
      return record;
    },
    { validator: (input) => void validDecision(state, input) },
  );
}
