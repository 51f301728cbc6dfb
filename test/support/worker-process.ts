// A campaign worker in a process of its own, so a test can SIGKILL it mid-activity, as a crash would.
// Spawn it as `node --import tsx worker-process.ts` (tsx's own CLI forks a grandchild a kill would miss).
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config/app-config';
import { connectTemporal } from '../../scripts/lib/app';
import { openStore } from '../../store/open-store';
import { createActivityDeps } from '../../worker/activity-deps';
import { createCampaignWorkers } from '../../worker/create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.store, 'host-if-absent');
  const connection = await NativeConnection.connect(config.temporal.connection);
  const { client } = await connectTemporal(config);
  const workers = await createCampaignWorkers({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: createActivityDeps(config, store, client),
  });
  const running = workers.run();
  process.stdout.write('worker ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
