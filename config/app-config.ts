// Configuration is one validated object, read from the environment once at start-up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  DATA_DIR: z.string().default('./data'),
  CAMPAIGN_FILE: z.string().default('examples/sergokala-380/campaign.yaml'),
  // Temporal's own variable names, so the same code runs against a cluster or Temporal Cloud.
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('decree-campaigns'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  SMTP_URL: z.string().url('SMTP_URL должен быть URL вида smtp://host:port').optional(),
  SMTP_SINK_PORT: port.default(2525),
  MAIL_DOMAIN: z.string().default('decree-campaigns.local'),
  WEB_HOST: z.string().default('127.0.0.1'),
  WEB_PORT: port.default(3000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  LINK_SECRET: z.string().min(32, 'LINK_SECRET должен быть не короче 32 символов').optional(),
  LAUNCH_EXAMPLE: bool.default(true),
});

export interface AppConfig {
  dataDir: string;
  campaignFile: string;
  temporal: { address: string; namespace: string; taskQueue: string; embedded: boolean; devPort: number; uiPort: number };
  smtp: { url: string; embeddedSinkPort?: number };
  mailDomain: string;
  web: { host: string; port: number; publicBaseUrl: string };
  linkSecret: string;
  launchExample: boolean;
}

/** For local runs the link secret is generated once into the data directory and kept there. */
function linkSecretFrom(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`Неверная конфигурация окружения:\n  ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    dataDir,
    campaignFile: resolve(e.CAMPAIGN_FILE),
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      embedded: e.TEMPORAL_ADDRESS === undefined,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    smtp: e.SMTP_URL ? { url: e.SMTP_URL } : { url: `smtp://127.0.0.1:${e.SMTP_SINK_PORT}`, embeddedSinkPort: e.SMTP_SINK_PORT },
    mailDomain: e.MAIL_DOMAIN,
    web: { host: e.WEB_HOST, port: e.WEB_PORT, publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://${e.WEB_HOST}:${e.WEB_PORT}` },
    linkSecret: linkSecretFrom(dataDir, e.LINK_SECRET),
    launchExample: e.LAUNCH_EXAMPLE,
  };
}
