import type { DocumentStore } from './documents/document-store';
import type { TaskLinks } from './links/task-links';
import type { Mailer } from './mail/mailer';
import type { TextRenderer } from './texts/renderer';

/** What activities need from the outside world; the worker passes real ones, unit tests small fakes. */
export interface ActivityDeps {
  renderer: TextRenderer;
  store: DocumentStore;
  mailer: Mailer;
  links: TaskLinks;
  /** Domain part of generated Message-IDs. */
  mailDomain: string;
  /** Where the imported weeks of statistics are listed (the figures themselves are in the store). */
  statisticsDir: string;
  /** Base of links to the web app in mails (office pages). */
  publicBaseUrl: string;
}
