// Command line for the office:
//   npm run decree -- stats check FILE [--campaign FILE] [--week 2024-W44] [--json]   (no server needed, stores nothing)
//   npm run decree -- stats import FILE --week 2024-W44 [--campaign FILE] [--accept-partial]
// The import talks to the running system (the Temporal server of `npm start` by default; TEMPORAL_ADDRESS otherwise).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDocumentStore } from '../activities/documents/document-store';
import { statisticsDir } from '../activities/statistics/statistics-ledger';
import { describeOutcome, describePreview } from '../client/describe-statistics-preview';
import { importStatistics, previewUpload } from '../client/import-statistics';
import { CampaignFileError, loadCampaignFile } from '../client/load-campaign';
import { loadConfig } from '../config/app-config';
import { documentsDir } from '../worker/activity-deps';

const USAGE = [
  'Использование:',
  '  npm run decree -- stats check ФАЙЛ [--campaign файл-кампании.yaml] [--week 2024-W44] [--json]',
  '  npm run decree -- stats import ФАЙЛ --week 2024-W44 [--campaign файл-кампании.yaml] [--accept-partial]',
].join('\n');

function readInput(file: string): { filename: string; bytes: Buffer } {
  try {
    return { filename: basename(file), bytes: readFileSync(file) };
  } catch (err) {
    throw new Error(`Не удалось прочитать файл статистики ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'файла нет' : (err as Error).message}`);
  }
}

/** Exit 0 when the file would be imported as is, 1 otherwise; nothing is stored and no server is asked. */
async function statsCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { week: { type: 'string' }, campaign: { type: 'string' }, json: { type: 'boolean' } } });
  if (!positionals[0]) return usage();
  const campaign = loadCampaignFile(values.campaign ?? loadConfig().campaignFile);
  const preview = await previewUpload(campaign, { ...readInput(positionals[0]), week: values.week });
  console.log(values.json ? JSON.stringify(preview, null, 2) : describePreview(preview));
  return preview.ok ? 0 : 1;
}

async function statsImport(args: string[]): Promise<number> {
  const options = { week: { type: 'string' }, campaign: { type: 'string' }, 'accept-partial': { type: 'boolean' } } as const;
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  if (!positionals[0] || !values.week) return usage();
  const config = loadConfig();
  const campaign = loadCampaignFile(values.campaign ?? config.campaignFile);
  const input = readInput(positionals[0]);
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const deps = { client, taskQueue: config.temporal.taskQueue, store: createDocumentStore(documentsDir(config.dataDir)), statisticsDir: statisticsDir(config.dataDir) };
    const outcome = await importStatistics(deps, { campaign, week: values.week, ...input, acceptPartial: values['accept-partial'] ? 'cli' : undefined });
    (outcome.status === 'imported' ? console.log : console.error)(describeOutcome(outcome));
    return outcome.status === 'imported' ? 0 : 1;
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
  return usage();
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    console.error(err instanceof CampaignFileError ? err.message : err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
