// Every route's access class, in one table. The server refuses to start with a route the table does not name, so
// a new route cannot slip out unclassified. `school` routes check the task's signed link themselves
// (task-access.ts); `office` and `auditor` have no sign-in yet (issue 13): until then the server is meant for
// loopback or behind the office's own gate. What is enforced for every class now: no state change from another site.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type AccessClass = 'public' | 'school' | 'office' | 'auditor';

export const ROUTE_ACCESS: Record<string, AccessClass> = {
  'GET /': 'office',
  'GET /campaigns/:campaignId': 'office',
  'GET /campaigns/:campaignId/progress.json': 'office',
  'POST /campaigns/:campaignId/withdraw': 'office',
  'GET /campaigns/:campaignId/statistics': 'office',
  'POST /campaigns/:campaignId/statistics': 'office',
  'POST /campaigns/:campaignId/statistics/confirm': 'office',
  'GET /office/tasks/:taskId': 'office',
  'POST /office/tasks/:taskId/extension': 'office',
  'POST /office/tasks/:taskId/resend-link': 'office',
  'POST /office/tasks/:taskId/withdraw': 'office',
  'GET /documents/:sha256': 'office',
  'GET /outbox': 'office',
  'GET /outbox/:id': 'office',
  'GET /outbox/:id/attachments/:index': 'office',
  'GET /tasks/:taskId': 'school',
  'POST /tasks/:taskId': 'school',
  'POST /tasks/:taskId/chats': 'school',
  'POST /tasks/:taskId/extension': 'school',
  'POST /tasks/:taskId/report': 'school',
  'POST /tasks/:taskId/renew': 'school',
  'GET /tasks/:taskId/order.pdf': 'school',
};

/** HEAD answers as GET does (fastify adds it to every GET route). */
export function accessClassOf(method: string, url: string): AccessClass | undefined {
  return ROUTE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A form posted from another site (a page that auto-submits it in the officer's browser) changes nothing.
 * Browsers that send Sec-Fetch-Site are judged by it alone: our pages send `Referrer-Policy: no-referrer`, under
 * which Chromium posts our own forms with `Origin: null`. Older browsers are judged by a real Origin's host.
 */
export function isCrossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * The host names the server answers to: the one in PUBLIC_BASE_URL and loopback's. A DNS-rebinding page reaches a
 * server on loopback under the attacker's own name, so any other Host is refused before a route runs.
 */
export function servedHostNames(publicBaseUrl: string): ReadonlySet<string> {
  return new Set([new URL(publicBaseUrl).hostname, '127.0.0.1', 'localhost', '[::1]']);
}

export function enforceServedHost(app: FastifyInstance, hosts: ReadonlySet<string>, refuse: (reply: FastifyReply, message: string) => FastifyReply): void {
  app.addHook('onRequest', async (req, reply) => {
    if (hosts.has(req.hostname.toLowerCase())) return;
    return refuse(reply, 'Запрос отклонён: адрес сервера в запросе не принадлежит системе. Откройте страницу по адресу из письма; ничего не изменено.');
  });
}

export function enforceAccessClasses(app: FastifyInstance, refuse: (reply: FastifyReply, message: string) => FastifyReply): void {
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!accessClassOf(method, route.url)) throw new Error(`route ${method} ${route.url} has no access class in web/access.ts`);
    }
  });
  app.addHook('onRequest', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || !isCrossSite(req)) return;
    return refuse(reply, 'Запрос отклонён: форма отправлена с другого сайта. Откройте страницу системы заново и отправьте форму с неё; ничего не изменено.');
  });
}
