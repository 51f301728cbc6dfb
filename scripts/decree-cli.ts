// Command line for the office: `npm run decree -- stats import FILE --week 2024-W44 [--campaign FILE]`.
// Talks to the running system (the Temporal server of `npm start` by default; TEMPORAL_ADDRESS otherwise).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDocumentStore } from '../activities/documents/document-store';
import { statisticsDir } from '../activities/statistics/statistics-ledger';
import { importStatistics, type ImportOutcome } from '../client/import-statistics';
import { CampaignFileError, loadCampaignFile } from '../client/load-campaign';
import { loadConfig } from '../config/app-config';
import { documentsDir } from '../worker/activity-deps';

const USAGE = 'Использование: npm run decree -- stats import ФАЙЛ --week 2024-W44 [--campaign файл-кампании.yaml]';

export function describeOutcome(outcome: ImportOutcome): string {
  if (!outcome.ok) {
    const lines = outcome.problems.map((p) => `  - ${p.row ? `строка ${p.row}${p.column ? `, столбец «${p.column}»` : ''}: ` : ''}${p.message}`);
    return ['Файл не принят, ничего не изменено:', ...lines].join('\n');
  }
  const lines = [
    `Статистика за неделю ${outcome.entry.week} загружена: сопоставлено школ — ${outcome.matched}.`,
    outcome.missingSchools.length ? `Нет в файле: ${outcome.missingSchools.map((s) => s.name).join(', ')}.` : '',
    ...outcome.unmatchedRows.map((r) => `Строка ${r.row}: «${r.id}»${r.name ? ` (${r.name})` : ''} не найдена в списке школ кампании.`),
    outcome.analysisStarted ? `Анализ запущен: ${outcome.analysisWorkflowId}` : `Этот же файл уже анализировался: ${outcome.analysisWorkflowId}`,
  ];
  return lines.filter(Boolean).join('\n');
}

async function statsImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { week: { type: 'string' }, campaign: { type: 'string' } } });
  const file = positionals[0];
  if (!file || !values.week) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const campaign = loadCampaignFile(values.campaign ?? config.campaignFile);
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const deps = { client, taskQueue: config.temporal.taskQueue, store: createDocumentStore(documentsDir(config.dataDir)), statisticsDir: statisticsDir(config.dataDir) };
    const outcome = await importStatistics(deps, { campaign, week: values.week, filename: basename(file), bytes: readFileSync(file) });
    (outcome.ok ? console.log : console.error)(describeOutcome(outcome));
    return outcome.ok ? 0 : 1;
  } finally {
    await connection.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'stats' && argv[1] === 'import') return statsImport(argv.slice(2));
  console.error(USAGE);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    console.error(err instanceof CampaignFileError ? err.message : err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
