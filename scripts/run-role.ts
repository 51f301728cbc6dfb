// `npm run worker` / `npm run web`: one role of the application in its own process, against a shared Temporal
// (cluster, Cloud, or the dev server of a running `npm start`) and a shared PostgreSQL (DATABASE_URL, or the
// embedded one of a running `npm start`). Run as many of each as the load needs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { treeTaskQueue } from '../domain/campaign-tree';
import { sendWorkerLogToFile, temporalMetricsAddress } from './lib/worker-log';
import { startApp, type Role } from './lib/app';

async function main(role: Role): Promise<void> {
  const config = loadConfig();
  if (role === 'worker') {
    mkdirSync(config.dataDir, { recursive: true });
    sendWorkerLogToFile(join(config.dataDir, 'worker.log'), temporalMetricsAddress(config));
  }
  const app = await startApp(config, { role });
  console.log(
    role === 'web'
      ? `[web] Веб-сервер: http://${config.web.host}:${config.web.port}/ (ссылки в письмах: ${config.web.publicBaseUrl}); Temporal ${config.temporal.address}; хранилище: ${app.store.describe}`
      : `[worker] Исполнитель очередей ${config.temporal.taskQueue} и ${treeTaskQueue(config.temporal.taskQueue)}: Temporal ${config.temporal.address}; хранилище: ${app.store.describe}; журнал: ${join(config.dataDir, 'worker.log')}`,
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

const role = process.argv[2];
if (role !== 'worker' && role !== 'web') {
  console.error('Использование: tsx scripts/run-role.ts worker|web');
  process.exit(2);
}
main(role).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
