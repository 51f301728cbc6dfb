// Every route's access class, in one table. The server refuses to start with a route the table does not name, so
// a new route cannot slip out unclassified. `school` routes check the task's signed link themselves
// (task-access.ts); the staff classes need a signed-in account whose role the class admits (web/sign-in.ts).
// What is enforced for every class: only our host names, and no state change from another site.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../store/accounts';

/**
 * public: anyone (sign-in). school: one task, by its signed link. auditor: reads (office, auditor and admin may);
 * a mutating route may never be of this class. office: acts on campaigns and tasks. admin: manages accounts.
 * staff: any signed-in account (sign-out). review: work an auditor may start that changes no campaign (a replay).
 */
export type AccessClass = 'public' | 'school' | 'auditor' | 'office' | 'admin' | 'staff' | 'review';

export const ROLES_OF_CLASS: Record<Exclude<AccessClass, 'public' | 'school'>, readonly StaffRole[]> = {
  auditor: ['auditor', 'office', 'admin'],
  office: ['office', 'admin'],
  admin: ['admin'],
  staff: ['auditor', 'office', 'admin'],
  review: ['auditor', 'office', 'admin'],
};

export const ROUTE_ACCESS: Record<string, AccessClass> = {
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /sign-out': 'staff',
  'GET /account/password': 'staff',
  'POST /account/password': 'staff',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /verify': 'public',
  'GET /verify/:code': 'public',
  'POST /verify': 'public',
  'GET /': 'auditor',
  'GET /campaigns/new': 'office',
  'POST /campaigns/new': 'office',
  'GET /campaigns/new/:campaignId/:sha256': 'office',
  'GET /campaigns/new/:campaignId/:sha256/decree.pdf': 'office',
  'POST /campaigns/new/:campaignId/:sha256/launch': 'office',
  'GET /campaigns/:campaignId': 'auditor',
  'GET /campaigns/:campaignId/progress.json': 'auditor',
  'POST /campaigns/:campaignId/withdraw': 'office',
  'GET /campaigns/:campaignId/statistics': 'auditor',
  'POST /campaigns/:campaignId/statistics': 'office',
  'POST /campaigns/:campaignId/statistics/confirm': 'office',
  'POST /campaigns/:campaignId/statistics/undo': 'office',
  'GET /campaigns/:campaignId/answers/:clause': 'auditor',
  'GET /campaigns/:campaignId/answers/:clause/answers.csv': 'auditor',
  'GET /campaigns/:campaignId/answers/:clause/answers.xlsx': 'auditor',
  'POST /campaigns/:campaignId/answers/:clause/summary': 'office',
  'GET /office/tasks/:taskId': 'auditor',
  'POST /office/tasks/:taskId/extension': 'office',
  'POST /office/tasks/:taskId/resend-link': 'office',
  'POST /office/tasks/:taskId/withdraw': 'office',
  'GET /documents/:sha256': 'auditor',
  // The outbox holds every school's task links, and a link completes a task: office only, not the auditor.
  'GET /outbox': 'office',
  'GET /outbox/:id': 'office',
  'GET /outbox/:id/attachments/:index': 'office',
  'GET /audit/campaigns/:campaignId': 'auditor',
  'GET /audit/tasks/:taskId': 'auditor',
  'GET /audit/campaigns/:campaignId/replay': 'auditor',
  'POST /audit/campaigns/:campaignId/replay': 'review',
  'GET /admin/accounts': 'admin',
  'POST /admin/accounts': 'admin',
  'POST /admin/accounts/:accountId/disable': 'admin',
  'GET /tasks/:taskId': 'school',
  'POST /tasks/:taskId': 'school',
  'POST /tasks/:taskId/chats': 'school',
  'POST /tasks/:taskId/extension': 'school',
  'POST /tasks/:taskId/report': 'school',
  'POST /tasks/:taskId/answers': 'school',
  'POST /tasks/:taskId/renew': 'school',
  'GET /tasks/:taskId/order.pdf': 'school',
  'GET /tasks/:taskId/documents/:sha256': 'school',
};

/** Whether an account of this role may use a route of this class (public and school need no account). */
export function roleMayUse(role: StaffRole | undefined, cls: AccessClass): boolean {
  if (cls === 'public' || cls === 'school') return true;
  return role !== undefined && ROLES_OF_CLASS[cls].includes(role);
}

/** HEAD answers as GET does (fastify adds it to every GET route). */
export function accessClassOf(method: string, url: string): AccessClass | undefined {
  return ROUTE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/** `anyHost`: routes a balancer's probe reaches by the machine's address (they tell only «up» or «ready»). */
export function enforceServedHost(
  app: FastifyInstance,
  hosts: ReadonlySet<string>,
  refuse: (reply: FastifyReply, message: string) => FastifyReply,
  anyHost: ReadonlySet<string> = new Set(),
): void {
  app.addHook('onRequest', async (req, reply) => {
    if (hosts.has(req.hostname.toLowerCase())) return;
    if (req.method === 'GET' && anyHost.has(req.routeOptions.url ?? '')) return;
    return refuse(
      reply,
      'Запрос отклонён: адрес сервера в запросе не принадлежит системе. Откройте страницу по адресу из письма; ничего не изменено.',
    );
  });
}

const routeLists = new WeakMap<FastifyInstance, { method: string; url: string; cls: AccessClass }[]>();

/** Every route the server registered, with its class: what a test walks to prove none is left open. */
export function registeredRoutes(app: FastifyInstance): readonly { method: string; url: string; cls: AccessClass }[] {
  return routeLists.get(app) ?? [];
}

export function enforceAccessClasses(
  app: FastifyInstance,
  refuse: (reply: FastifyReply, message: string) => FastifyReply,
): void {
  const routes: { method: string; url: string; cls: AccessClass }[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const cls = accessClassOf(method, route.url);
      if (!cls) throw new Error(`route ${method} ${route.url} has no access class in web/access.ts`);
      if (cls === 'auditor' && !SAFE_METHODS.has(method))
        throw new Error(`route ${method} ${route.url} changes state: it cannot be of the auditor's class`);
      routes.push({ method, url: route.url, cls });
    }
  });
  app.addHook('onRequest', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || !isCrossSite(req)) return;
    return refuse(
      reply,
      'Запрос отклонён: форма отправлена с другого сайта. Откройте страницу системы заново и отправьте форму с неё; ничего не изменено.',
    );
  });
}
