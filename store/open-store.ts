// The store every process opens from the configuration: a PostgreSQL server when DATABASE_URL is set, else the
// embedded one under DATA_DIR. The process that hosts the embedded server (`npm start`, or a CLI run while nothing
// else runs) serves it on loopback; every other process connects to it like to any server.
import type { AppConfig } from '../config/app-config';
import { migrateToLatest, openDatabase, redactedUrl, waitForDatabase, type StoreDb } from './database';
import { createAccounts, type Accounts } from './accounts';
import { createIssuedDocuments, type IssuedDocuments } from './issued-documents';
import { createDocumentStore, type DocumentStore } from './document-store';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { createStatisticsLedger, type StatisticsLedger } from './statistics-ledger';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle';
import { createSubmissionInbox, type SubmissionInbox } from './submission-inbox';
import { createTaskReadModel, type TaskReadModel } from './task-read-model';

export interface Store {
  db: StoreDb;
  documents: DocumentStore;
  ledger(campaignId: string): StatisticsLedger;
  tasks: TaskReadModel;
  /** Office, auditor and admin accounts with their sessions. */
  accounts: Accounts;
  /** Failed sign-ins per login, shared by every web server. */
  signInThrottle: SignInThrottle;
  /** Every PDF issued, by its verification code and hash. */
  issued: IssuedDocuments;
  /** Task-page submissions kept until their workflow has answered. */
  submissions: SubmissionInbox;
  /** What this process is connected to, for the start-up banner (no password). */
  describe: string;
  close(): Promise<void>;
}

export type EmbeddedRole = 'host' | 'connect' | 'host-if-absent';

export function storeOver(db: StoreDb, describe: string, close: () => Promise<void>): Store {
  const documents = createDocumentStore(db);
  return {
    db,
    documents,
    ledger: (campaignId) => createStatisticsLedger(db, documents, campaignId),
    tasks: createTaskReadModel(db),
    accounts: createAccounts(db),
    signInThrottle: createSignInThrottle(db),
    issued: createIssuedDocuments(db),
    submissions: createSubmissionInbox(db),
    describe,
    close,
  };
}

export async function openStore(config: AppConfig['store'], role: EmbeddedRole): Promise<Store> {
  let embedded: EmbeddedPostgres | undefined;
  if (config.embedded && role === 'host')
    embedded = await startEmbeddedPostgres({ dir: config.embeddedDir, port: config.embeddedPort });
  if (config.embedded && role === 'host-if-absent' && !(await answers(config.url))) {
    embedded = await startEmbeddedPostgres({ dir: config.embeddedDir, port: config.embeddedPort });
  }
  const url = embedded?.url ?? config.url;
  const db = openDatabase(url);
  try {
    await waitForDatabase(db, url, role === 'connect' && config.embedded ? 5_000 : 30_000);
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await embedded?.stop();
    const hint =
      config.embedded && role === 'connect'
        ? ' Встроенный PostgreSQL работает внутри `npm start`: запустите его или задайте DATABASE_URL.'
        : '';
    throw new Error(`${(err as Error).message}${hint}`);
  }
  const describe = embedded
    ? `встроенный PostgreSQL (PGlite) ${config.embeddedDir}, ${redactedUrl(url)}`
    : `PostgreSQL ${redactedUrl(url)}`;
  return storeOver(db, describe, async () => {
    await db.destroy();
    await embedded?.stop();
  });
}

async function answers(url: string): Promise<boolean> {
  const probe = openDatabase(url, { maxConnections: 1 });
  try {
    await waitForDatabase(probe, url, 0);
    return true;
  } catch {
    return false;
  } finally {
    await probe.destroy();
  }
}
