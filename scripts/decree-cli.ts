// Command line for the office:
// npm run decree -- stats check FILE [--campaign FILE] [--week 2024-W44] [--json] (no server needed, stores nothing)
//   npm run decree -- stats import FILE --week 2024-W44 [--campaign FILE] [--accept-partial] [--replace REASON]
//   npm run decree -- launch FILE [--no-watch]   (stores the campaign file, launches it, shows the launch's progress)
//   npm run decree -- preview FILE --out decree.pdf   (the decree PDF of a campaign file; no server needed)
// npm run decree -- audit timeline CAMPAIGN_ID [--task TASK_ID] --format json|csv|pdf --out FILE (from Temporal
// history)
//   npm run decree -- audit verify-document FILE.pdf [--json]   (exit 0 only when the PDF is one the system issued)
//   npm run decree -- audit replay CAMPAIGN_ID [--json]   (every history of the campaign against the current code)
//   npm run decree -- backup --out FILE   /   restore FILE   (documents and statistics ledgers of the store)
//   npm run decree -- accounts add|reset-password|disable LOGIN …   (scripts/cli/accounts-cli.ts)
// The import talks to the running system (the Temporal server of `npm start` by default; TEMPORAL_ADDRESS otherwise).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { describeOutcome, describePreview } from '../client/describe-statistics-preview';
import { importStatistics, previewUpload } from '../client/import-statistics';
import { CampaignFileError, loadCampaignFile } from '../client/load-campaign';
import { loadConfig } from '../config/app-config';
import { senderProblem } from '../domain/mail-senders';
import { ensureSearchAttributes } from '../config/search-attributes-registration';
import { launchCampaign } from '../client/launch-campaign';
import { describeLaunch, watchLaunch } from '../client/launch-progress';
import type * as StoreModule from '../store/open-store';
import type * as BackupModule from '../store/backup';
import type * as DecreeModule from '../activities/documents/render-decree';
import type * as TextsModule from '../activities/texts/renderer';
import type * as VerifyModule from '../client/verify-document';
import type * as WorkerModule from '@temporalio/worker';
import type * as ReplayModule from '../client/audit-replay';
import type * as AccountsModule from './cli/accounts-cli';
import { connectTemporal } from './lib/temporal-client';
import { EXPORT_FORMATS, exportTimeline, type ExportFormat } from '../client/audit-exports';
import { campaignTimeline } from '../client/audit-timeline';
import { writeCampaignJournal, type StreamedFormat } from '../client/journal-export';
import type { Client } from '@temporalio/client';
import { ACCOUNTS_USAGE } from './cli/accounts-usage';

// Each command loads what it needs when it runs: the CLI starts fast, and an export does not carry the worker,
// the PDF renderer and the store's driver in its memory.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by the command that needs it */
const lazy = {
  store: () => require('../store/open-store') as typeof StoreModule,
  backup: () => require('../store/backup') as typeof BackupModule,
  decree: () => require('../activities/documents/render-decree') as typeof DecreeModule,
  texts: () => require('../activities/texts/renderer') as typeof TextsModule,
  verify: () => require('../client/verify-document') as typeof VerifyModule,
  worker: () => require('@temporalio/worker') as typeof WorkerModule,
  replay: () => require('../client/audit-replay') as typeof ReplayModule,
  accounts: () => require('./cli/accounts-cli') as typeof AccountsModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */
const openStore: typeof StoreModule.openStore = (...args) => lazy.store().openStore(...args);

const USAGE = [
  'Использование:',
  '  npm run decree -- stats check ФАЙЛ [--campaign файл-кампании.yaml] [--week 2024-W44] [--json]',
  '  npm run decree -- stats import ФАЙЛ --week 2024-W44 [--campaign файл-кампании.yaml] [--accept-partial] [--replace ПРИЧИНА]',
  '  npm run decree -- launch файл-кампании.yaml [--no-watch]',
  '  npm run decree -- preview файл-кампании.yaml --out постановление.pdf',
  '  npm run decree -- audit timeline КАМПАНИЯ [--task ЗАДАЧА] --format json|csv|pdf --out ФАЙЛ',
  '  npm run decree -- audit verify-document ФАЙЛ.pdf [--json]',
  '  npm run decree -- audit replay КАМПАНИЯ [--json]',
  '  npm run decree -- backup --out ФАЙЛ.jsonl.gz',
  '  npm run decree -- restore ФАЙЛ.jsonl.gz   (в пустое хранилище)',
  ...ACCOUNTS_USAGE,
].join('\n');

function readInput(file: string): { filename: string; bytes: Buffer } {
  try {
    return { filename: basename(file), bytes: readFileSync(file) };
  } catch (err) {
    throw new Error(
      `Не удалось прочитать файл статистики ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'файла нет' : (err as Error).message}`,
    );
  }
}

/** Exit 0 when the file would be imported as is, 1 otherwise; nothing is stored and no server is asked. */
async function statsCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { week: { type: 'string' }, campaign: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!positionals[0]) return usage();
  const campaign = loadCampaignFile(values.campaign ?? loadConfig().campaignFile);
  const preview = await previewUpload(campaign, { ...readInput(positionals[0]), week: values.week });
  console.log(values.json ? JSON.stringify(preview, null, 2) : describePreview(preview));
  return preview.ok ? 0 : 1;
}

async function statsImport(args: string[]): Promise<number> {
  const options = {
    week: { type: 'string' },
    campaign: { type: 'string' },
    'accept-partial': { type: 'boolean' },
    replace: { type: 'string' },
  } as const;
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  if (!positionals[0] || !values.week) return usage();
  const config = loadConfig();
  const campaign = loadCampaignFile(values.campaign ?? config.campaignFile);
  const input = readInput(positionals[0]);
  const { client, connection } = await connectTemporal(config);
  const store = await openStore(config.store, 'host-if-absent');
  try {
    const deps = { client, taskQueue: config.temporal.taskQueue, documents: store.documents, ledger: store.ledger };
    const outcome = await importStatistics(deps, {
      campaign,
      week: values.week,
      ...input,
      acceptPartial: values['accept-partial'] ? 'cli' : undefined,
      importedBy: `командная строка (${userInfo().username})`,
      ...(values.replace !== undefined ? { replace: { reason: values.replace } } : {}),
    });
    (outcome.status === 'imported' ? console.log : console.error)(describeOutcome(outcome));
    return outcome.status === 'imported' ? 0 : 1;
  } finally {
    await store.close();
    await connection.close();
  }
}

/** Exit 0 once every task runs and every decree mail is accepted; 1 when the launch stalls (the cause is printed). */
async function launch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'no-watch': { type: 'boolean' } },
  });
  if (!positionals[0]) return usage();
  const config = loadConfig();
  const campaign = loadCampaignFile(positionals[0]);
  const sender = senderProblem(config.mailSenders, campaign.office.sender.email);
  if (sender) throw new CampaignFileError(positionals[0], [sender]);
  const { client, connection } = await connectTemporal(config);
  await ensureSearchAttributes(connection, config.temporal.namespace).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  const store = await openStore(config.store, 'host-if-absent');
  try {
    const { workflowId, launched } = await launchCampaign(
      { client, taskQueue: config.temporal.taskQueue, documents: store.documents },
      campaign,
      undefined,
      `командная строка (${userInfo().username})`,
    );
    console.log(
      launched
        ? `Кампания ${campaign.id} запущена (${workflowId}): школ — ${campaign.schools.length}.`
        : `Кампания ${campaign.id} уже запущена (${workflowId}); показываю её ход.`,
    );
    if (values['no-watch']) return 0;
    const summary = await watchLaunch(client, campaign.id);
    (summary.complete ? console.log : console.error)(describeLaunch(summary));
    return summary.complete ? 0 : 1;
  } finally {
    await store.close();
    await connection.close();
  }
}

async function backup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) return usage();
  const store = await openStore(loadConfig().store, 'host-if-absent');
  try {
    const counts = await lazy.backup().backupStore(store, values.out);
    console.log(
      `Резервная копия хранилища записана в ${values.out}: документов — ${counts.documents}, недель статистики — ${counts.statisticsWeeks}, учётных записей — ${counts.accounts}, ответов школ — ${counts.submissions}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function restore(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (!positionals[0]) return usage();
  const store = await openStore(loadConfig().store, 'host-if-absent');
  try {
    const counts = await lazy.backup().restoreStore(store, positionals[0]);
    console.log(
      `Хранилище восстановлено из ${positionals[0]}: документов — ${counts.documents} (все проверены по SHA-256), недель статистики — ${counts.statisticsWeeks}, учётных записей — ${counts.accounts}, ответов школ — ${counts.submissions}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** The decree as the schools will get it, from the campaign file alone: to read before launching. */
async function preview(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (!positionals[0] || !values.out) return usage();
  const campaign = loadCampaignFile(positionals[0]);
  const { renderDecreePdf } = lazy.decree();
  const { createTextRenderer } = lazy.texts();
  const pdf = await renderDecreePdf(campaign, createTextRenderer());
  writeFileSync(values.out, pdf);
  console.log(
    `Проект постановления № ${campaign.decree.number} записан в ${values.out} (${Math.round(pdf.length / 1024)} КБ). Кампания не запущена.`,
  );
  return 0;
}

/** The auditor's timeline from Temporal history, for the case file or a spreadsheet. */
async function auditTimeline(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { task: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  });
  const format = values.format as ExportFormat;
  if (!positionals[0] || !values.out || !EXPORT_FORMATS.includes(format)) return usage();
  const { client, connection } = await connectTemporal(loadConfig());
  try {
    if (format !== 'pdf') return await streamTimeline(client, positionals[0], values.task, format, values.out);
    const timeline = await campaignTimeline(client, positionals[0], { taskId: values.task });
    if (timeline.events.length === 0)
      throw new Error(
        `В истории Temporal нет событий ${values.task ? `задачи ${values.task}` : `кампании ${positionals[0]}`}: проверьте идентификатор.`,
      );
    const file = await exportTimeline(
      timeline,
      format,
      values.task ? `Задача ${values.task}` : `Кампания ${positionals[0]}`,
      `командная строка (${userInfo().username})`,
    );
    writeFileSync(values.out, file.body);
    console.log(`Журнал событий (${timeline.events.length}) записан в ${values.out}.`);
    return 0;
  } finally {
    await connection.close();
  }
}

/** CSV and JSON stream from the histories to the file (a region's journal never sits in memory whole). */
async function streamTimeline(
  client: Client,
  campaignId: string,
  taskId: string | undefined,
  format: StreamedFormat,
  out: string,
): Promise<number> {
  // Written beside the target and moved into place: a failed export leaves no half file under the name asked for.
  const partial = `${out}.partial`;
  try {
    const { events, histories } = await writeCampaignJournal(client, campaignId, { taskId }, format, partial);
    if (events === 0)
      throw new Error(
        `В истории Temporal нет событий ${taskId ? `задачи ${taskId}` : `кампании ${campaignId}`}: проверьте идентификатор.`,
      );
    renameSync(partial, out);
    console.log(`Журнал событий (${events}, процессов ${histories}) записан в ${out}.`);
    return 0;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Exit 0 only when the PDF is genuine: its hash is indexed as issued and the issuing activity's history records it. */
async function auditVerifyDocument(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (!positionals[0]) return usage();
  let bytes: Buffer;
  try {
    bytes = readFileSync(positionals[0]);
  } catch (err) {
    throw new Error(
      `Не удалось прочитать ${positionals[0]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'файла нет' : (err as Error).message}`,
    );
  }
  const config = loadConfig();
  const { client, connection } = await connectTemporal(config);
  const store = await openStore(config.store, 'host-if-absent');
  try {
    const { verifyDocument } = lazy.verify();
    const result = await verifyDocument(client, store.issued, bytes);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else if (result.genuine)
      console.log(
        `Документ подлинный: сформирован ${result.producedBy!.at} процессом ${result.producedBy!.workflowId} (событие ${result.producedBy!.eventId}, код ${result.producedBy!.code}). SHA-256 ${result.sha256}.`,
      );
    else
      console.log(
        `Документ системе неизвестен: файла с SHA-256 ${result.sha256} система не выпускала (он изменён или выпущен не ею).`,
      );
    return result.genuine ? 0 : 1;
  } finally {
    await store.close();
    await connection.close();
  }
}

/** Exit 0 when every history of the campaign replays against the current workflow code. */
async function auditReplay(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (!positionals[0]) return usage();
  const { DefaultLogger, Runtime } = lazy.worker();
  const { replayCampaign, replayProgressLine } = lazy.replay();
  // The replayer's own log (bundle report) must not mix with the report on stdout.
  Runtime.install({ logger: new DefaultLogger('WARN', (e) => process.stderr.write(`[replay] ${e.message}\n`)) });
  const { client, connection } = await connectTemporal(loadConfig());
  try {
    const report = await replayCampaign(client, positionals[0], (done, total) =>
      process.stderr.write(`\r${replayProgressLine(done, total)}`),
    );
    process.stderr.write('\n');
    if (report.workflows === 0)
      throw new Error(`У кампании ${positionals[0]} нет процессов в Temporal: проверьте идентификатор.`);
    const { workflows, replayed, failures } = report;
    if (values.json) console.log(JSON.stringify({ workflows, replayed, failures }, null, 2));
    else
      console.log(
        failures.length
          ? `Истории не согласуются с кодом: ${failures.length} из ${replayed}.\n${failures.map((f) => `  ${f.workflowId}: ${f.error}`).join('\n')}`
          : `Все истории кампании (${replayed}) воспроизводятся текущим кодом процессов без расхождений.`,
      );
    return failures.length ? 1 : 0;
  } finally {
    await connection.close();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'stats' && argv[1] === 'check') return statsCheck(argv.slice(2));
  if (argv[0] === 'stats' && argv[1] === 'import') return statsImport(argv.slice(2));
  if (argv[0] === 'launch') return launch(argv.slice(1));
  if (argv[0] === 'preview') return preview(argv.slice(1));
  if (argv[0] === 'audit' && argv[1] === 'timeline') return auditTimeline(argv.slice(2));
  if (argv[0] === 'audit' && argv[1] === 'replay') return auditReplay(argv.slice(2));
  if (argv[0] === 'audit' && argv[1] === 'verify-document') return auditVerifyDocument(argv.slice(2));
  if (argv[0] === 'backup') return backup(argv.slice(1));
  if (argv[0] === 'restore') return restore(argv.slice(1));
  if (argv[0] === 'accounts') return lazy.accounts().accountsCommand(argv.slice(1));
  return usage();
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof CampaignFileError ? err.message : err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
