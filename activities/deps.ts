import type { SignalDefinition } from '@temporalio/common';
import type { DocumentStore } from '../store/document-store';
import type { IssuedDocuments } from '../store/issued-documents';
import type { StatisticsLedger } from '../store/statistics-ledger';
import type { SchoolTask } from '../domain/school-task';
import type { TaskReadModel } from '../store/task-read-model';
import type { CampaignFiles } from './campaign-tree/campaign-files';
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
  /** The imported weeks of a campaign's statistics (the figures themselves are documents in the store). */
  ledger(campaignId: string): StatisticsLedger;
  /** Campaign files by hash (the tree's workflows carry only the hash). */
  campaigns: CampaignFiles;
  /** Task states for the pages, written as tasks change. */
  tasks: TaskReadModel;
  /**
   * Sends a signal to a task workflow from an activity (for fan-outs too wide for one workflow's history);
   * false when the task is closed or was never started.
   */
  signalTask<T>(taskId: string, signal: SignalDefinition<[T]>, arg: T): Promise<boolean>;
  /**
   * Starts a task's workflow on the given task queue with the task as its input; false when a workflow with the
   * task's id already ran or runs (a retried activity), which is never started again.
   */
  startTask(task: SchoolTask, taskQueue: string): Promise<boolean>;
  /** Base of links to the web app in mails (office pages) and of the verification link on every issued PDF. */
  publicBaseUrl: string;
  /** Issued PDFs by verification code (absent in unit tests: documents are then stored without a code). */
  issued?: IssuedDocuments;
}
