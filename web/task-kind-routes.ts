// Each kind's own routes on the task page and for the office. A kind without any (the attestation) is completed by
// POST /tasks/:taskId, the kept-submission path every kind's page shares (routes/task-submit.ts).
import type { FastifyInstance } from 'fastify';
import type { TaskKind } from '../domain/task-kinds';
import { registerTaskChats } from '../kinds/chat-migration/routes';
import { registerQuestionnaireRoutes } from '../kinds/questionnaire/routes';
import { registerTaskReport } from '../kinds/school-report/routes';
import type { WebContext } from './context';
import type { DeliveryQueue } from './submission-delivery';

export const TASK_KIND_ROUTES = {
  'registration-deadline': undefined,
  'chat-migration': registerTaskChats,
  'school-report': registerTaskReport,
  questionnaire: registerQuestionnaireRoutes,
} satisfies Record<TaskKind, ((app: FastifyInstance, ctx: WebContext, deliveries: DeliveryQueue) => void) | undefined>;
