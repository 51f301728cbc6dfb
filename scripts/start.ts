// `npm start`: the whole system on one machine, with the example campaign for decree №380.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeLaunch, watchLaunch } from '../client/launch-progress';
import { sendWorkerLogToFile, temporalMetricsAddress } from './lib/worker-log';
import { launchCampaign } from '../client/launch-campaign';
import { CampaignFileError, loadCampaignFile } from '../client/load-campaign';
import { loadConfig } from '../config/app-config';
import { senderProblem } from '../domain/mail-senders';
import { campaignWarnings } from '../domain/campaign-warnings';
import { startApp } from './lib/app';
import { ensureTemporalCli } from './lib/temporal-cli';
import { devServerOptionsOf, startDevServer, type DevServer } from './lib/temporal-dev-server';

function temporalUiLine(devServer: DevServer | undefined, address: string): string {
  if (!devServer) return `(внешний сервер ${address})`;
  if (!devServer.uiUrl) return 'выключен (TEMPORAL_UI=on включает его на этой машине разработчика)';
  return `${devServer.uiUrl} — без входа и без проверки адреса: только для разработки, не открывайте его там, где работают с настоящими данными`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const campaign = config.launchExample ? loadCampaignFile(config.campaignFile) : undefined;
  const sender = campaign && senderProblem(config.mailSenders, campaign.office.sender.email);
  if (sender) throw new CampaignFileError(config.campaignFile, [sender]);
  for (const warning of campaign ? campaignWarnings(campaign) : []) console.warn(`[start] Внимание: ${warning}`);
  let devServer: DevServer | undefined;
  if (config.temporal.embedded) {
    console.log('[start] Starting the Temporal dev server…');
    devServer = await startDevServer(devServerOptionsOf(config, ensureTemporalCli()));
  }
  mkdirSync(config.dataDir, { recursive: true });
  const workerLog = join(config.dataDir, 'worker.log');
  sendWorkerLogToFile(workerLog, temporalMetricsAddress(config));
  const firstSignIn: string[] = [];
  // Printed the moment the account exists (and again in the summary): a later failure must not lose it.
  const app = await startApp(config, {
    temporalUiUrl: devServer?.uiUrl,
    print: (line) => {
      console.log(`[start] ${line}`);
      firstSignIn.push(line);
    },
  });
  let launched: { workflowId: string; launched: boolean } | undefined;
  if (campaign)
    launched = await launchCampaign(
      { client: app.client, taskQueue: config.temporal.taskQueue, documents: app.store.documents },
      campaign,
    );
  console.log(`
  Веб-приложение:     ${app.webUrl}/
  Ход кампании:       ${campaign ? `${app.webUrl}/campaigns/${campaign.id}` : '—'}
  Исходящая почта:    ${app.sink ? `${app.webUrl}/outbox` : `(SMTP: ${config.smtp.url})`}
  Вход сотрудников:   ${app.webUrl}/sign-in${firstSignIn.length ? `\n  ${firstSignIn.join('\n  ')}` : ' (учётные записи — у администратора, /admin/accounts)'}
  Temporal UI:        ${temporalUiLine(devServer, config.temporal.address)}
  Данные:             ${config.dataDir}
  Хранилище:          ${app.store.describe}
  Журнал исполнителя: ${workerLog}
  Остановить: Ctrl-C
`);
  if (campaign && launched) {
    console.log(
      launched.launched
        ? `[start] Кампания ${campaign.id} запущена, идёт рассылка:`
        : `[start] Кампания ${campaign.id} уже запущена, продолжается:`,
    );
    console.log(describeLaunch(await watchLaunch(app.client, campaign.id)));
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('[start] Stopping…');
    await app.stop();
    await devServer?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof CampaignFileError ? err.message : err);
  process.exit(1);
});
