// The worker: workflow code bundled from workflows/, activities built over real dependencies.
import { join } from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { NativeConnection, Runtime, Worker, type Logger } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import type { WorkerSizing } from '../config/app-config';
import { treeTaskQueue } from '../domain/campaign-tree';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Cache and concurrency of each worker; the SDK's defaults when absent. */
  sizing?: { tasks: WorkerSizing; tree: WorkerSizing };
}

/**
 * The workflow code, as the worker and every replay (tests, the auditor's check) bundle it: all workflows, and the
 * modules preloaded once per workflow thread and shared by its workflows (see workflows/shared-modules.ts).
 */
export const WORKFLOW_CODE = {
  workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
  bundlerOptions: { preloadModules: [join(__dirname, '..', 'workflows', 'shared-modules.ts')] },
};

/** The campaign's two workers, in one process: run and shut down together. */
export interface CampaignWorkers {
  /** The campaign's task queue: school tasks, weekly statistics, campaigns of the old shape. */
  tasks: Worker;
  /** The tree's queue (treeTaskQueue): campaign, regions and batches, with a cache tasks cannot evict them from. */
  tree: Worker;
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The workflow bundle, built on a thread of its own: webpack's heap (about 75 MiB resident) goes with the thread
 * instead of staying in the worker's process for its whole life. Plain JavaScript, so any loader (tsx, jest) runs it.
 * The bundler's report comes back to `logger` (the worker's log file under `npm start` and `npm run worker`).
 */
export function bundleWorkflowsApart(logger: Logger = Runtime.instance().logger): Promise<{ code: string }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { bundleWorkflowCode } = require(workerData.sdk);
    const forward = (level) => (message, meta) => parentPort.postMessage({ log: { level, message: String(message), meta: meta && JSON.parse(JSON.stringify(meta)) } });
    const logger = { log: (level, message, meta) => forward(level.toLowerCase())(message, meta), trace: forward('trace'), debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
    bundleWorkflowCode({ ...workerData.options, logger }).then(({ code }) => parentPort.postMessage({ code }));`;
  const options = { workflowsPath: WORKFLOW_CODE.workflowsPath, ...WORKFLOW_CODE.bundlerOptions };
  const thread = new Thread(source, {
    eval: true,
    workerData: { sdk: require.resolve('@temporalio/worker'), options },
  });
  return new Promise((resolve, reject) => {
    thread.on(
      'message',
      (message: {
        code?: string;
        log?: { level: BundlerLogLevel; message: string; meta?: Record<string, unknown> };
      }) => {
        if (message.log) logger[message.log.level](message.log.message, message.log.meta);
        if (message.code === undefined) return;
        resolve({ code: message.code });
        void thread.terminate(); // whatever webpack left behind (caches, timers) ends with it
      },
    );
    thread.once('error', reject);
    thread.once('exit', (exitCode) =>
      reject(new Error(`the workflow bundle's thread ended (${exitCode}) without a bundle`)),
    );
  });
}

type BundlerLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Both workers run the same bundle (built once) and the same activities; each polls its own queue. */
export async function createCampaignWorkers(o: WorkerOptions): Promise<CampaignWorkers> {
  const workflowBundle = await bundleWorkflowsApart();
  const activities = createActivities(o.deps);
  const common = { connection: o.connection, namespace: o.namespace, workflowBundle, activities };
  const tasks = await Worker.create({ ...common, taskQueue: o.taskQueue, ...o.sizing?.tasks });
  const tree = await Worker.create({ ...common, taskQueue: treeTaskQueue(o.taskQueue), ...o.sizing?.tree });
  return {
    tasks,
    tree,
    run: async () => void (await Promise.all([tasks.run(), tree.run()])),
    // The SDK may already be draining a worker (on SIGINT): shut down only what still runs.
    shutdown: () => [tasks, tree].forEach((w) => w.getState() === 'RUNNING' && w.shutdown()),
  };
}
