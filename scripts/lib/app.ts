// The application's roles over a Temporal server and the store: worker, web server and (when embedded) the SMTP sink.
// `npm start` runs them all in one process (startApp); `npm run worker` and `npm run web` run one each. The
// integration tests use the same functions, so the tests run what users run.
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { ensureSearchAttributes } from '../../config/search-attributes-registration';
import { startSmtpSink, type SmtpSink } from '../../mail-sink/smtp-sink';
import { createStatisticsReader } from '../../activities/statistics/statistics-reader';
import { upgradeDataDir } from '../../store/data-dir-upgrade';
import { openStore, type EmbeddedRole, type Store } from '../../store/open-store';
import { createWebServer } from '../../web/server';
import { createAppMetrics, measuredInbox, measuredMailer, measureRequests, startMetricsServer } from './app-metrics';
import { ensureFirstAdmin } from './first-admin';
import { connectTemporal } from './temporal-client';

export { connectTemporal } from './temporal-client';
import { createActivityDeps } from '../../worker/activity-deps';
import { createCampaignWorkers, type CampaignWorkers } from '../../worker/create-worker';

export interface RunningApp {
  client: Client;
  /** The tasks' worker and the tree's, in this process (absent for the web role). */
  workers?: CampaignWorkers;
  web?: FastifyInstance;
  sink?: SmtpSink;
  store: Store;
  webUrl: string;
  stop(): Promise<void>;
}

export type Role = 'all' | 'worker' | 'web';

/** Address, TLS and API key from Temporal's configuration; a refused connection names the server. */

/** print: where the first admin's generated password goes (the console by default; never the worker's log). */
type StartOptions = {
  temporalUiUrl?: string;
  role?: Role;
  embeddedStore?: EmbeddedRole;
  print?: (line: string) => void;
};

export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const role = options.role ?? 'all';
  const store = await openStore(config.store, options.embeddedStore ?? (role === 'all' ? 'host' : 'connect'));
  try {
    return await startRoles(config, options, role, store);
  } catch (err) {
    await store.close(); // a port taken or a server refusing: the embedded database does not outlive the failed start
    throw err;
  }
}

async function startRoles(config: AppConfig, options: StartOptions, role: Role, store: Store): Promise<RunningApp> {
  // One process moves an older DATA_DIR into the store: the one that runs everything on this machine.
  if (role === 'all') {
    const upgrade = await upgradeDataDir(config.dataDir, store);
    if (upgrade.moved) console.log(`[store] ${upgrade.summary}`);
  }
  // The embedded sink belongs to the all-in-one process; extra roles send to it (or to SMTP_URL).
  const sink =
    role === 'all' && config.smtp.embeddedSinkPort !== undefined
      ? await startSmtpSink(join(config.dataDir, 'outbox'), config.smtp.embeddedSinkPort)
      : undefined;
  const { client, connection } = await connectTemporal(config);
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  if (added.length)
    console.log(
      `[temporal] В пространстве имён «${config.temporal.namespace}» заведены атрибуты поиска: ${added.join(', ')}`,
    );
  const nativeConnection = role !== 'web' ? await NativeConnection.connect(config.temporal.connection) : undefined;
  // Activities that start and signal workflows use the worker's connection (the SDK's core), not the client's
  // JavaScript gRPC stack on the main thread, which the mails and the web already keep busy.
  const metrics = config.metrics.port !== undefined ? createAppMetrics() : undefined;
  if (metrics) store.submissions = measuredInbox(store.submissions, metrics);
  const deps = createActivityDeps(
    config,
    store,
    nativeConnection ? new Client({ connection: nativeConnection, namespace: config.temporal.namespace }) : client,
  );
  if (metrics) deps.mailer = measuredMailer(deps.mailer, metrics);
  const metricsServer = metrics
    ? await startMetricsServer(metrics, config.metrics.host, config.metrics.port!)
    : undefined;
  let workers: CampaignWorkers | undefined;
  let workerRun: Promise<void> | undefined;
  if (nativeConnection) {
    workers = await createCampaignWorkers({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps,
      sizing: config.worker,
    });
    workerRun = workers.run();
  }
  const statistics = { taskQueue: config.temporal.taskQueue, reader: createStatisticsReader() };
  let web: FastifyInstance | undefined;
  if (role !== 'worker') {
    await ensureFirstAdmin(store, config.signIn, options.print);
    const signIn = {
      secret: config.linkSecret,
      secureCookies: config.signIn.secureCookies,
      sessionHours: config.signIn.sessionHours,
      attemptsPerMinute: config.signIn.attemptsPerMinute,
    };
    web = await createWebServer({
      signIn,
      client,
      links: deps.links,
      store,
      renderer: deps.renderer,
      campaigns: deps.campaigns,
      sink,
      temporalUiUrl: options.temporalUiUrl,
      statistics,
      publicBaseUrl: config.web.publicBaseUrl,
      mailSenders: config.mailSenders,
      measure: metrics && ((app) => measureRequests(app, metrics)),
      trustedProxies: config.web.trustedProxies,
      submissions: config.web.submissions,
    });
    await web.listen({ host: config.web.host, port: config.web.port });
  }
  const stop = async () => {
    await web?.close();
    await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
    await statistics.reader.close();
    workers?.shutdown();
    await workerRun;
    await connection.close();
    await nativeConnection?.close();
    deps.mailer.close();
    await sink?.close();
    await store.close();
  };
  return { client, workers, web, sink, store, webUrl: config.web.publicBaseUrl, stop };
}
