import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { CampaignFiles } from '../activities/campaign-tree/campaign-files';
import type { StatisticsReader } from '../activities/statistics/statistics-reader';
import type { TaskLinks } from '../activities/links/task-links';
import type { TextRenderer } from '../activities/texts/renderer';
import type { MailSenders } from '../domain/mail-senders';
import type { SmtpSink } from '../mail-sink/smtp-sink';
import type { Store } from '../store/open-store';
import type { SignInSettings } from './sign-in';

/** What the web routes need; built once at start-up and passed down. */
export interface WebContext {
  client: Client;
  links: TaskLinks;
  /** Documents, statistics ledgers and the other tables beside Temporal. */
  store: Store;
  renderer: TextRenderer;
  /** Campaign files by the hash a tree campaign's workflow holds. */
  campaigns: CampaignFiles;
  /** Present when the embedded SMTP sink runs: enables the outbox pages. */
  sink?: SmtpSink;
  temporalUiUrl?: string;
  /** PUBLIC_BASE_URL: links in mails point here, and its host is one the server answers to. */
  publicBaseUrl: string;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); empty: the peer's address is the client's. */
  trustedProxies?: string[];
  /** Measures every answered request (Prometheus, when METRICS_PORT is set). */
  measure?: (app: FastifyInstance) => void;
  /** The senders a campaign file may name (MAIL_FROM_ALLOWED). */
  mailSenders: MailSenders;
  signIn: SignInSettings;
  /**
   * A submission's page waits `waitMs` for the workflow's answer, then says it was received; a kept submission no
   * process has answered for `redeliverAfterMs` is delivered again.
   */
  submissions: { waitMs: number; redeliverAfterMs: number };
  /** Where an uploaded week of statistics goes and which task queue analyses it. */
  statistics: { taskQueue: string; reader: StatisticsReader };
}
