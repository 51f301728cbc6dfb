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

/**
 * The workflow code, as the worker and every replay (tests, the auditor's check) bundle it: all workflows, and the
 * modules preloaded once per workflow thread and shared by its workflows (see workflows/shared-modules.ts).
 */
export const WORKFLOW_CODE = {
  workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
  bundlerOptions: { preloadModules: [join(__dirname, '..', 'workflows', 'shared-modules.ts')] },
};

export function createCampaignWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...WORKFLOW_CODE,
    activities: createActivities(o.deps),
    ...o.sizing,
  });
}
