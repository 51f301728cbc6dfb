// Real dependencies of the activities, from the validated configuration and the opened store.
import type { SignalDefinition } from '@temporalio/common';
import type { ActivityDeps } from '../activities/deps';
import { createTaskLinks } from '../activities/links/task-links';
import { createMailer } from '../activities/mail/mailer';
import { createTextRenderer } from '../activities/texts/renderer';
import { createCampaignFiles } from '../activities/campaign-tree/campaign-files';
import type { AppConfig } from '../config/app-config';
import type { Store } from '../store/open-store';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import type { SchoolTask } from '../domain/school-task';
import { openTaskSearchAttributes } from '../domain/search-attributes';
import { TASK_WORKFLOW_TYPES } from '../domain/task-kinds';

/** A signal to a closed workflow fails with not-found, like one that never ran: both mean «nothing to complete». */
export async function signalOpenTask<T>(
  client: Client,
  taskId: string,
  signal: SignalDefinition<[T]>,
  arg: T,
): Promise<boolean> {
  try {
    await client.workflow.getHandle(taskId).signal(signal, arg);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** A task's workflow, started once: an id that already ran is refused, so a retried start never runs it twice. */
export async function startTaskWorkflow(client: Client, task: SchoolTask, taskQueue: string): Promise<boolean> {
  try {
    await client.workflow.start(TASK_WORKFLOW_TYPES[task.kind], {
      taskQueue,
      workflowId: task.taskId,
      args: [task],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: openTaskSearchAttributes(task),
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

export function createActivityDeps(config: AppConfig, store: Store, client: Client): ActivityDeps {
  const renderer = createTextRenderer();
  return {
    renderer,
    campaigns: createCampaignFiles(store.documents, renderer),
    tasks: store.tasks,
    signalTask: (taskId, signal, arg) => signalOpenTask(client, taskId, signal, arg),
    startTask: (task, taskQueue) => startTaskWorkflow(client, task, taskQueue),
    store: store.documents,
    ledger: store.ledger,
    mailer: createMailer(config.smtp.url, config.mailSenders),
    links: createTaskLinks(config.linkSecret, config.web.publicBaseUrl),
    mailDomain: config.mailDomain,
    publicBaseUrl: config.web.publicBaseUrl,
    issued: store.issued,
  };
}
