// Real dependencies of the activities, from the validated configuration.
import { join } from 'node:path';
import type { ActivityDeps } from '../activities/deps';
import { createDocumentStore } from '../activities/documents/document-store';
import { createTaskLinks } from '../activities/links/task-links';
import { createMailer } from '../activities/mail/mailer';
import { createTextRenderer } from '../activities/texts/renderer';
import { statisticsDir } from '../activities/statistics/statistics-ledger';
import type { AppConfig } from '../config/app-config';

export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}

export function createActivityDeps(config: AppConfig): ActivityDeps {
  return {
    renderer: createTextRenderer(),
    store: createDocumentStore(documentsDir(config.dataDir)),
    mailer: createMailer(config.smtp.url),
    links: createTaskLinks(config.linkSecret, config.web.publicBaseUrl),
    statisticsDir: statisticsDir(config.dataDir),
    mailDomain: config.mailDomain,
    publicBaseUrl: config.web.publicBaseUrl,
  };
}
