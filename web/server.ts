// The web app: server-rendered pages that work in old and GOST browsers, no client-side framework.
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createCampaignFileReader } from '../client/campaign-file-reader';
import Fastify, { type FastifyInstance } from 'fastify';
import { enforceAccessClasses, enforceServedHost, servedHostNames } from './access';
import type { WebContext } from './context';
import { createDeliveryQueue, redeliverSubmissions, type DeliveryQueue } from './submission-delivery';
import { sendPage } from './page';
import { drainHandlersOnClose } from './running-handlers';
import { registerSignIn } from './sign-in';
import { registerAccountPassword } from './routes/account-password';
import { registerAccountsAdmin } from './routes/accounts-admin';
import { registerAuditTimeline } from './routes/audit-timeline';
import { registerAuditReplay } from './routes/audit-replay';
import { registerDocumentVerify } from './routes/document-verify';
import { PROBE_ROUTES, registerHealth } from './routes/health';
import { registerCampaignNew } from './routes/campaign-new';
import { registerCampaignPages } from './routes/campaign-progress';
import { registerCampaignStatistics } from './routes/campaign-statistics';
import { registerDocumentDownload } from './routes/document-download';
import { registerOutbox } from './routes/outbox';
import { registerOfficeTask } from './routes/office-task';
import { TASK_KIND_ROUTES } from './task-kind-routes';
import { registerTaskExtensionRequest } from './routes/task-extension-request';
import { registerTaskLinkRenew } from './routes/task-link-renew';
import { registerTaskOrder } from './routes/task-order';
import { registerTaskShow } from './routes/task-show';
import { registerTaskSubmit } from './routes/task-submit';

const WORKFLOW_GONE =
  'Задача или кампания не найдена либо уже закрыта (выполнена, отозвана или завершена). Действие не выполнено, ничего не изменено.';

export async function createWebServer(ctx: WebContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    trustProxy: ctx.trustedProxies?.length ? ctx.trustedProxies : false,
  });
  drainHandlersOnClose(app);
  ctx.measure?.(app);
  const deliveries = createDeliveryQueue();
  countRequestsInFlight(app, deliveries);
  await app.register(formbody);
  await app.register(multipart); // statistics files; limits are set where they are read
  enforceServedHost(
    app,
    servedHostNames(ctx.publicBaseUrl),
    (reply, message) => sendPage(reply, ctx, 'link-refused', { message }, 421),
    PROBE_ROUTES,
  );
  enforceAccessClasses(app, (reply, message) => sendPage(reply, ctx, 'link-refused', { message }, 403));
  await registerSignIn(app, ctx, ctx.signIn);

  app.addHook('onSend', async (_req, reply) => {
    // Task links carry a token in the URL: never leak it through Referer; no third-party resources at all.
    reply.header('Referrer-Policy', 'no-referrer');
    // A route may set a stricter policy of its own (a mail attachment: `sandbox`).
    if (!reply.hasHeader('Content-Security-Policy'))
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'",
      );
    // Task pages carry the link's token in the URL and in the form: no copy in any cache. Routes that may be
    // cached (none today) set their own header.
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Robots-Tag', 'noindex');
  });
  app.setErrorHandler((err, req, reply) => {
    app.log.error(err);
    const {
      statusCode: status = 500,
      publicMessage,
      code,
    } = err as { statusCode?: number; publicMessage?: string; code?: string };
    if (code?.startsWith('FST_CSRF_'))
      return sendPage(
        reply,
        ctx,
        'link-refused',
        {
          message:
            'Форма устарела или отправлена не со страницы системы. Откройте страницу заново и повторите; ничего не изменено.',
        },
        403,
      );
    // A task or campaign that is unknown or has closed meanwhile: the user's request, not our failure.
    if (err instanceof WorkflowNotFoundError)
      return sendPage(reply, ctx, 'link-refused', { message: WORKFLOW_GONE }, 404);
    // An error of ours, not of the request: the operator needs it, the user gets the page below.
    if (status >= 500)
      console.error(
        `[web] ${req.method} ${req.routeOptions.url ?? req.url}: ${err instanceof Error ? err.stack : String(err)}`,
      );
    const message =
      publicMessage ??
      (status < 500
        ? 'Запрос не понят сервером: проверьте ссылку и данные формы'
        : 'Внутренняя ошибка сервера. Попробуйте ещё раз через несколько минут; ваши данные не потеряны.');
    return sendPage(reply, ctx, 'link-refused', { message }, status);
  });
  app.setNotFoundHandler((_req, reply) =>
    sendPage(
      reply,
      ctx,
      'link-refused',
      { message: 'Такой страницы нет: проверьте адрес или откройте ссылку из письма заново.' },
      404,
    ),
  );
  registerHealth(app, ctx);
  registerTaskShow(app, ctx);
  registerTaskSubmit(app, ctx, deliveries);
  registerTaskExtensionRequest(app, ctx);
  for (const registerKindRoutes of Object.values(TASK_KIND_ROUTES)) registerKindRoutes?.(app, ctx, deliveries);
  registerTaskOrder(app, ctx);
  registerTaskLinkRenew(app, ctx);
  registerOfficeTask(app, ctx);
  const campaignFiles = createCampaignFileReader();
  app.addHook('onClose', async () => campaignFiles.close());
  registerCampaignNew(app, ctx, campaignFiles);
  registerCampaignPages(app, ctx);
  registerCampaignStatistics(app, ctx);
  registerDocumentDownload(app, ctx);
  registerOutbox(app, ctx);
  registerAccountsAdmin(app, ctx);
  registerAccountPassword(app, ctx);
  registerAuditTimeline(app, ctx);
  registerAuditReplay(app, ctx);
  registerDocumentVerify(app, ctx);
  const stopRedelivery = redeliverSubmissions(ctx, {
    afterMs: ctx.submissions.redeliverAfterMs,
    everyMs: Math.min(5_000, ctx.submissions.redeliverAfterMs),
  });
  app.addHook('onClose', async () => stopRedelivery());
  return app;
}

/** Every request, from its start until its response is sent or its connection closes (once, whichever comes first). */
function countRequestsInFlight(app: FastifyInstance, deliveries: DeliveryQueue): void {
  app.addHook('onRequest', (_req, reply, done) => {
    deliveries.pageStarted();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      deliveries.pageEnded();
    };
    reply.raw.once('finish', end).once('close', end);
    done();
  });
}
