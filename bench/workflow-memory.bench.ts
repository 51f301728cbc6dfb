// `npm run bench`: what one cached task workflow costs the worker's memory (benchmark 6 of the region issue is the
// whole process; this is its largest part). Each measurement runs in a fresh process on its own dev server: COUNT
// school-task workflows opened and held in the worker's cache, against the same count of a baseline workflow that
// holds the same input and imports nothing of the product. Writes bench-output/workflow-memory.json.
import './support/bench-tmpdir';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeBenchOutput } from './support/bench-system';

const COUNT = Number(process.env.BENCH_CACHED_WORKFLOWS ?? 1_000);

interface Measurement {
  mode: string;
  count: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  kibPerWorkflow: number;
}

function measure(mode: 'task' | 'sleeping'): Measurement {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'support', 'cached-workflow-memory.ts')],
    {
      env: { ...process.env, MODE: mode, COUNT: String(COUNT) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 10 * 60_000,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

const baseline = measure('sleeping');
const task = measure('task');
const figures = {
  cachedWorkflows: COUNT,
  task,
  baseline,
  ratio: Number((task.kibPerWorkflow / baseline.kibPerWorkflow).toFixed(2)),
};
console.log(
  `cached task workflow: ${task.kibPerWorkflow} KiB each; baseline workflow: ${baseline.kibPerWorkflow} KiB; ratio ${figures.ratio}`,
);
writeBenchOutput('workflow-memory', figures);
