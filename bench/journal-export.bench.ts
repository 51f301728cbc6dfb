// `npm run bench:load`: the auditor's journal of a region (1,500 schools × 3 clauses: 4,500 task histories and the
// tree's), launched and withdrawn, exported by the CLI as CSV, as an auditor runs it (`npm run decree -- audit
// timeline … --format csv`).
// Baseline, in the same run: a process that lists the same workflows and reads the same histories the same way,
// keeping nothing. Goals: the export takes at most 1.5× the baseline's time, and its process peaks under 512 MiB.
// Writes bench-output/journal-export.json.
import './support/bench-tmpdir';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchCampaign } from '../client/launch-campaign';
import { campaignTreeProgress } from '../client/launch-watch';
import { campaignWorkflowId } from '../domain/ids';
import { generateRegionCampaign } from '../examples/region/generate-region';
import { withdrawCampaignSignal, type TreeProgress } from '../workflows/definitions';
import { runBench, writeBenchOutput, type BenchSystem } from './support/bench-system';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 1_500);
const CLAUSES = 3;
const CAMPAIGN = 'bench-journal';

/** Launched, then withdrawn: every task's history then holds its withdrawal and its mail, as a closed campaign's do. */
async function launchAndWithdrawRegion(system: BenchSystem): Promise<void> {
  const campaign = generateRegionCampaign({
    id: CAMPAIGN,
    schools: SCHOOLS,
    regions: 1,
    municipalities: 24,
    clauses: CLAUSES,
  });
  await launchCampaign(
    { client: system.app.client, taskQueue: system.config.temporal.taskQueue, documents: system.app.store.documents },
    campaign,
  );
  await until(system, (p) => p.counts.started === SCHOOLS * CLAUSES && p.counts.mailed === SCHOOLS);
  await system.app.client.workflow
    .getHandle(campaignWorkflowId(CAMPAIGN))
    .signal(withdrawCampaignSignal, { reason: 'проверка журнала', by: 'bench' });
  await until(system, (p) => p.counts.withdrawn === SCHOOLS * CLAUSES);
}

async function until(system: BenchSystem, ok: (p: TreeProgress) => boolean): Promise<void> {
  for (;;) {
    const p = await campaignTreeProgress(system.app.client, CAMPAIGN).catch(() => undefined);
    if (p && ok(p)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Runs a TypeScript entry point as its own process with the system's configuration; its time, peak memory and
 * output. */
function timed(
  system: BenchSystem,
  entry: string,
  args: string[],
): Promise<{ ms: number; maxRssMiB: number; stdout: string }> {
  const rssFile = join(tmpdir(), `max-rss-${Math.random().toString(36).slice(2)}`);
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: system.config.temporal.address,
    DATA_DIR: system.dataDir,
    MAX_RSS_FILE: rssFile,
  };
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', join(__dirname, 'support', 'report-max-rss.cjs'), '--import', 'tsx', entry, ...args],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${entry} exited with ${code}: ${stdout}`));
      resolve({ ms, maxRssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024), stdout });
    }),
  );
}

runBench('journal', async (system) => {
  await launchAndWithdrawRegion(system);
  const out = join(tmpdir(), 'journal.csv');
  // Baseline and export alternate twice; each figure is the better of its two runs (the server's caches warm once).
  const runs: { baseline: number; baselineRss: number; exportMs: number; rss: number }[] = [];
  let read = { histories: 0, events: 0 };
  for (let i = 0; i < 2; i++) {
    const baseline = await timed(system, join(__dirname, 'support', 'read-campaign-histories.ts'), [CAMPAIGN]);
    read = JSON.parse(baseline.stdout.trim().split('\n').at(-1)!) as typeof read;
    const exported = await timed(system, join(__dirname, '..', 'scripts', 'decree-cli.ts'), [
      'audit',
      'timeline',
      CAMPAIGN,
      '--format',
      'csv',
      '--out',
      out,
    ]);
    runs.push({
      baseline: Math.round(baseline.ms),
      baselineRss: baseline.maxRssMiB,
      exportMs: Math.round(exported.ms),
      rss: exported.maxRssMiB,
    });
  }
  const baselineMs = Math.min(...runs.map((r) => r.baseline));
  const exportMs = Math.min(...runs.map((r) => r.exportMs));
  const peakMiB = Math.max(...runs.map((r) => r.rss));
  const lines = readFileSync(out, 'utf8').split('\r\n').length - 2;
  const ratio = exportMs / baselineMs;
  console.log(
    `journal: ${read.histories} histories (${read.events} history events) → ${lines} journal events, ${Math.round(statSync(out).size / 2 ** 20)} MiB of CSV`,
  );
  console.log(
    `  export ${(exportMs / 1000).toFixed(1)} s, reading alone ${(baselineMs / 1000).toFixed(1)} s: ratio ${ratio.toFixed(2)} (goal ≤ 1.5); export peak ${peakMiB} MiB (goal < 512; reading alone ${Math.max(...runs.map((r) => r.baselineRss))} MiB)`,
  );
  writeBenchOutput('journal-export', {
    schools: SCHOOLS,
    histories: read.histories,
    historyEvents: read.events,
    journalEvents: lines,
    exportMs: Math.round(exportMs),
    baselineMs: Math.round(baselineMs),
    ratio: Number(ratio.toFixed(2)),
    peakRssMiB: peakMiB,
    goals: { ratio: 1.5, peakRssMiB: 512 },
    met: ratio <= 1.5 && peakMiB < 512,
    runs,
  });
});
