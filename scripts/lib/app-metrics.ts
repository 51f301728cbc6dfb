// Prometheus metrics of a process, on a port of its own (METRICS_PORT) so the public web port never serves them:
// requests by route and status with their latency (web), kept and delivered school submissions (web), mails sent
// and failed (worker). The Temporal SDK's own metrics (workflow and activity task latencies, slots, polls) are served
// by its Rust core on TEMPORAL_METRICS_PORT (scripts/lib/worker-log.ts). prom-client is the Node client Prometheus
// lists; each process has its own registry, never the library's global one.
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Mailer } from '../../activities/mail/mailer';
import type { SubmissionInbox } from '../../store/submission-inbox';

export interface AppMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  submissions: Counter<'event'>;
  mails: Counter<'outcome'>;
}

export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'decree_' });
  return {
    registry,
    requests: new Counter({
      name: 'decree_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'decree_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    submissions: new Counter({
      name: 'decree_school_submissions_total',
      help: 'School submissions kept, and answered by their workflow (accepted or refused)',
      labelNames: ['event'],
      registers: [registry],
    }),
    mails: new Counter({
      name: 'decree_mails_total',
      help: 'Mails handed to the SMTP server, and attempts it refused or that failed',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** Each answered request: its route pattern (never the raw URL, which carries task ids and tokens). */
export function measureRequests(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
}

export function measuredMailer(mailer: Mailer, metrics: AppMetrics): Mailer {
  return {
    async send(mail) {
      try {
        const sent = await mailer.send(mail);
        metrics.mails.inc({ outcome: 'sent' });
        return sent;
      } catch (err) {
        metrics.mails.inc({ outcome: 'failed' });
        throw err;
      }
    },
    close: () => mailer.close(),
  };
}

export function measuredInbox(inbox: SubmissionInbox, metrics: AppMetrics): SubmissionInbox {
  return {
    ...inbox,
    async receive(entry) {
      await inbox.receive(entry);
      metrics.submissions.inc({ event: 'kept' });
    },
    async receiveIfAdmitted(entry, admission) {
      const result = await inbox.receiveIfAdmitted(entry, admission);
      if (result.kept) metrics.submissions.inc({ event: 'kept' });
      return result;
    },
    async settle(id, outcome, message) {
      await inbox.settle(id, outcome, message);
      metrics.submissions.inc({ event: outcome });
    },
  };
}

export async function startMetricsServer(metrics: AppMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return server;
}
