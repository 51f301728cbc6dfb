// The worker: workflow code bundled from workflows/, activities built over real dependencies.
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Cache and concurrency; the SDK's defaults when absent. */
  sizing?: { maxCachedWorkflows: number; maxConcurrentWorkflowTaskExecutions: number; maxConcurrentActivityTaskExecutions: number };
}

export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');

export function createCampaignWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(o.deps),
    ...o.sizing,
  });
}
