// Configuration is one validated object, read from the environment once at start-up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import type { MailSenders } from '../domain/mail-senders';
import { embeddedPostgresUrl } from '../store/embedded-postgres-address';
import { loadTemporalConnection } from './temporal-connection';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  DATA_DIR: z.string().default('./data'),
  CAMPAIGN_FILE: z.string().default('examples/sergokala-380/campaign.yaml'),
  // Temporal's own variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, the TOML
  // profile) are read by @temporalio/envconfig in temporal-connection.ts, so the same code runs on a cluster.
  TEMPORAL_TASK_QUEUE: z.string().default('decree-campaigns'),
  TEMPORAL_DEV_PORT: port.default(7233),
  // The dev server's Web UI has no sign-in and answers any Host header (a DNS-rebinding page in the office's
  // browser could read every history and signal workflows): off unless asked for, for a developer's machine.
  TEMPORAL_UI: z.enum(['on', 'off'], { error: 'TEMPORAL_UI: on или off' }).default('off'),
  TEMPORAL_UI_PORT: port.default(8233),
  SMTP_URL: z.string().url('SMTP_URL должен быть URL вида smtp://host:port').optional(),
  SMTP_SINK_PORT: port.default(2525),
  MAIL_DOMAIN: z.string().default('decree-campaigns.local'),
  // The sender of every mail (default no-reply@MAIL_DOMAIN), and the addresses or @domains a campaign file may name
  // as its sender: with a real SMTP server only these; with the embedded sink (mail stays on this machine) any.
  MAIL_FROM: z.email('MAIL_FROM должен быть адресом электронной почты').optional(),
  MAIL_FROM_ALLOWED: z.string().optional(),
  WEB_HOST: z.string().default('127.0.0.1'),
  WEB_PORT: port.default(3000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  // How long a submission's page waits for the workflow's answer before it says «received» (the receipt follows).
  WEB_SUBMISSION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(100),
  // A kept submission that no web process has had answered for this long is delivered again.
  WEB_SUBMISSION_REDELIVER_AFTER_MS: z.coerce.number().int().min(1_000).default(60_000),
  LINK_SECRET: z.string().min(32, 'LINK_SECRET должен быть не короче 32 символов').optional(),
  LAUNCH_EXAMPLE: bool.default(true),
  // The first admin's password when the store has no account yet; for local runs it is generated and printed once.
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD должен быть не короче 12 символов').optional(),
  SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(8),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  // Prometheus: this process's metrics on METRICS_PORT, the Temporal SDK's (workers) on TEMPORAL_METRICS_PORT; unset:
  // off.
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  TEMPORAL_METRICS_PORT: port.optional(),
  // The reverse proxies in front of the web servers (addresses or CIDRs, comma-separated): only from them is
  // X-Forwarded-For believed, so the client's own address is what sign-in throttling counts.
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const list = v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const bad = list.find((a) => {
        const [ip, bits, more] = a.split('/');
        return more !== undefined || !isIP(ip!) || (bits !== undefined && !/^\d{1,3}$/.test(bits));
      });
      if (bad)
        ctx.addIssue({ code: 'custom', message: `TRUSTED_PROXIES: «${bad}» — не адрес и не сеть вида 10.0.0.0/8` });
      return list;
    }),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL должен быть URL вида postgres://пользователь:пароль@сервер:5432/база')
    .optional(),
  EMBEDDED_POSTGRES_PORT: port.default(5433),
  // Worker sizing (docs/performance.md has the measurements behind the defaults).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(600),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  // The campaign tree's worker: the country's tree is about 600 workflows (1 + 85 regions + 510 batches).
  WORKER_TREE_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  WORKER_TREE_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(10),
  WORKER_TREE_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(50),
});

export interface WorkerSizing {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
}

export interface AppConfig {
  dataDir: string;
  campaignFile: string;
  temporal: {
    address: string;
    /** Address, TLS, API key, gRPC metadata: for NativeConnection (worker) and Connection (client) alike. */
    connection: NativeConnectionOptions & { address: string };
    namespace: string;
    taskQueue: string;
    embedded: boolean;
    devPort: number;
    /** The dev server's Web UI port; absent (headless) unless TEMPORAL_UI=on. */
    uiPort?: number;
  };
  /** The tasks' worker (the campaign's task queue) and the tree's (its own queue, see treeTaskQueue). */
  worker: { tasks: WorkerSizing; tree: WorkerSizing };
  /** PostgreSQL beside Temporal: a configured server, or the embedded one under DATA_DIR served on loopback. */
  store: { url: string; embedded: boolean; embeddedDir: string; embeddedPort: number };
  smtp: { url: string; embeddedSinkPort?: number };
  mailDomain: string;
  mailSenders: MailSenders;
  web: {
    host: string;
    port: number;
    publicBaseUrl: string;
    trustedProxies: string[];
    submissions: { waitMs: number; redeliverAfterMs: number };
  };
  signIn: {
    exposed: boolean;
    adminPassword?: string;
    sessionHours: number;
    attemptsPerMinute: number;
    secureCookies: boolean;
  };
  linkSecret: string;
  launchExample: boolean;
  metrics: { host: string; port?: number; temporalPort?: number };
}

function mailSendersFrom(fallback: string, listed: string | undefined, sinkOnly: boolean): MailSenders {
  const allowed = [fallback, ...(listed ?? '').split(',')].map((a) => a.trim().toLowerCase()).filter(Boolean);
  const bad = allowed.find((a) => !/^[^@\s]*@[^@\s]+\.[^@\s]+$/.test(a));
  if (bad)
    throw new Error(
      `Неверная конфигурация окружения:\n  MAIL_FROM_ALLOWED: «${bad}» — не адрес и не домен вида @example.org`,
    );
  return { any: sinkOnly && listed === undefined, allowed: [...new Set(allowed)], fallback };
}

/** For local runs the link secret is generated once into the data directory and kept there. */
function linkSecretFrom(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * A web server reachable from the network must be reached over TLS (the cookies and task links travel in it) and
 * must not depend on a secret generated on one disk: refused otherwise. (The first admin's password is checked when
 * the store is open: see ensureFirstAdmin.)
 */
export function exposedWebProblem(host: string, publicBaseUrl: string, linkSecret?: string): string | undefined {
  if (LOOPBACK_HOSTS.has(host)) return undefined;
  const missing = [
    publicBaseUrl.startsWith('https://') ? undefined : 'PUBLIC_BASE_URL с https://',
    linkSecret ? undefined : 'LINK_SECRET',
  ].filter(Boolean);
  return missing.length
    ? `сервер открыт в сеть (${host}), а вход сотрудников не настроен: задайте ${missing.join(', ')}. Для работы на этой машине оставьте WEB_HOST=127.0.0.1.`
    : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`Неверная конфигурация окружения:\n  ${problems}`);
  }
  const e = parsed.data;
  // Several machines share one store: a secret generated on each would make one web server refuse another's links.
  if (e.DATABASE_URL && !e.LINK_SECRET)
    throw new Error(
      'Неверная конфигурация окружения:\n  LINK_SECRET: задан внешний PostgreSQL (DATABASE_URL), значит процессов может быть несколько — задайте LINK_SECRET (не короче 32 символов), одинаковый на всех серверах.',
    );
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? `http://${e.WEB_HOST}:${e.WEB_PORT}`;
  const exposureProblem = exposedWebProblem(e.WEB_HOST, publicBaseUrl, e.LINK_SECRET);
  if (exposureProblem) throw new Error(`Неверная конфигурация окружения:\n  WEB_HOST: ${exposureProblem}`);
  const dataDir = resolve(e.DATA_DIR);
  const temporal = loadTemporalConnection(env);
  const embedded = !temporal.connectionOptions.address;
  const address = temporal.connectionOptions.address ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`;
  return {
    dataDir,
    campaignFile: resolve(e.CAMPAIGN_FILE),
    temporal: {
      address,
      connection: { ...temporal.connectionOptions, address },
      namespace: temporal.namespace ?? 'default',
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      embedded,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI === 'on' ? e.TEMPORAL_UI_PORT : undefined,
    },
    worker: {
      tasks: {
        maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      },
      tree: {
        maxCachedWorkflows: e.WORKER_TREE_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: e.WORKER_TREE_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: e.WORKER_TREE_MAX_CONCURRENT_ACTIVITIES,
      },
    },
    smtp: e.SMTP_URL
      ? { url: e.SMTP_URL }
      : { url: `smtp://127.0.0.1:${e.SMTP_SINK_PORT}`, embeddedSinkPort: e.SMTP_SINK_PORT },
    mailDomain: e.MAIL_DOMAIN,
    mailSenders: mailSendersFrom(e.MAIL_FROM ?? `no-reply@${e.MAIL_DOMAIN}`, e.MAIL_FROM_ALLOWED, !e.SMTP_URL),
    web: {
      host: e.WEB_HOST,
      port: e.WEB_PORT,
      publicBaseUrl,
      trustedProxies: e.TRUSTED_PROXIES,
      submissions: { waitMs: e.WEB_SUBMISSION_WAIT_MS, redeliverAfterMs: e.WEB_SUBMISSION_REDELIVER_AFTER_MS },
    },
    signIn: {
      exposed: !LOOPBACK_HOSTS.has(e.WEB_HOST),
      adminPassword: e.ADMIN_PASSWORD,
      sessionHours: e.SESSION_HOURS,
      attemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
      secureCookies: publicBaseUrl.startsWith('https:'),
    },
    store: {
      url: e.DATABASE_URL ?? embeddedPostgresUrl(join(dataDir, 'postgres'), e.EMBEDDED_POSTGRES_PORT),
      embedded: e.DATABASE_URL === undefined,
      embeddedDir: join(dataDir, 'postgres'),
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
    },
    linkSecret: linkSecretFrom(dataDir, e.LINK_SECRET),
    launchExample: e.LAUNCH_EXAMPLE,
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT, temporalPort: e.TEMPORAL_METRICS_PORT },
  };
}
