// Real dependencies of the activities, from the validated configuration and the opened store.
import type { ActivityDeps } from '../activities/deps';
import { createTaskLinks } from '../activities/links/task-links';
import { createMailer } from '../activities/mail/mailer';
import { createTextRenderer } from '../activities/texts/renderer';
import { createCampaignFiles } from '../activities/campaign-tree/campaign-files';
import type { AppConfig } from '../config/app-config';
import type { Store } from '../store/open-store';

export function createActivityDeps(config: AppConfig, store: Store): ActivityDeps {
  const renderer = createTextRenderer();
  return {
    renderer,
    campaigns: createCampaignFiles(store.documents, renderer),
    tasks: store.tasks,
    store: store.documents,
    ledger: store.ledger,
    mailer: createMailer(config.smtp.url),
    links: createTaskLinks(config.linkSecret, config.web.publicBaseUrl),
    mailDomain: config.mailDomain,
    publicBaseUrl: config.web.publicBaseUrl,
  };
}
