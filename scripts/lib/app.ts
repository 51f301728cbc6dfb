// The application on one machine: worker, web server and (when embedded) the SMTP sink, over a Temporal server.
// Used by `npm start` and by the integration tests, so the tests run what users run.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { startSmtpSink, type SmtpSink } from '../../mail-sink/smtp-sink';
import { createStatisticsReader } from '../../activities/statistics/statistics-reader';
import { createWebServer } from '../../web/server';
import { createActivityDeps } from '../../worker/activity-deps';
import { createCampaignWorker } from '../../worker/create-worker';

export interface RunningApp {
  client: Client;
  worker: Worker;
  web: FastifyInstance;
  sink?: SmtpSink;
  webUrl: string;
  stop(): Promise<void>;
}

export async function startApp(config: AppConfig, options: { temporalUiUrl?: string } = {}): Promise<RunningApp> {
  const sink = config.smtp.embeddedSinkPort !== undefined ? await startSmtpSink(join(config.dataDir, 'outbox'), config.smtp.embeddedSinkPort) : undefined;
  const deps = createActivityDeps(config);
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCampaignWorker({ connection: nativeConnection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, deps });
  const workerRun = worker.run();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const statistics = { taskQueue: config.temporal.taskQueue, statisticsDir: deps.statisticsDir, reader: createStatisticsReader() };
  const web = await createWebServer({ client, links: deps.links, store: deps.store, renderer: deps.renderer, sink, temporalUiUrl: options.temporalUiUrl, statistics });
  await web.listen({ host: config.web.host, port: config.web.port });
  const stop = async () => {
    await web.close();
    await statistics.reader.close();
    if (worker.getState() === 'RUNNING') worker.shutdown(); // the SDK may already be draining on SIGINT
    await workerRun;
    await connection.close();
    await nativeConnection.close();
    deps.mailer.close();
    await sink?.close();
  };
  return { client, worker, web, sink, webUrl: config.web.publicBaseUrl, stop };
}
