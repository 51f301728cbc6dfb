// `npm run bench`: a school's task page while an office account posts campaign files made to harm (issue 30):
// 100,000 schools in 31 MB of JSON (refused for its size of roster after parsing), a deeply nested YAML and an
// alias bomb, back to back, uploaded as files by a process of their own (so the poster's own work is not counted
// against the server's event loop). The files are parsed on a capped thread, so the page should not notice.
// Baseline: the same clients on the same page in the same run, with nothing posted. Goal: p99 under 200 ms.
import './support/bench-tmpdir';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchCampaign } from '../client/launch-campaign';
import { parseCampaign } from '../client/load-campaign';
import { signIn } from '../test/support/staff-session';
import { percentile, startBenchSystem, writeBenchOutput } from './support/bench-system';

const CLIENTS = 8;
const SECONDS = 30;
const EXAMPLE = readFileSync(join(__dirname, '..', 'examples', 'sergokala-380', 'campaign.yaml'), 'utf8');

function hostileFiles(): { name: string; source: string }[] {
  const example = parseCampaign(EXAMPLE);
  const school = example.schools[0]!;
  const crowd = {
    ...example,
    id: 'hostile-crowd',
    schools: Array.from({ length: 100_000 }, (_, i) => ({
      ...school,
      id: `s${i}`,
      statsId: `s${i}`,
      name: `${school.name} ${i}`,
    })),
  };
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    laughs.push(
      `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
        .fill(`*${'abcdefghij'[i - 1]}`)
        .join(',')}]`,
    );
  return [
    { name: 'nested YAML', source: `x: ${'['.repeat(4 * 1024 * 1024)}` },
    { name: 'alias bomb', source: laughs.join('\n') },
    { name: '100,000 schools, JSON', source: JSON.stringify(crowd) },
    { name: '100,000 schools, YAML', source: `# hostile\n${JSON.stringify(crowd)}` },
  ];
}

/** Latencies of GET on the page by `CLIENTS` clients for `SECONDS`, while `alongside` runs. */
async function measure(url: string, alongside: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  const client = async () => {
    while (Date.now() < until) {
      const start = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`the task page answered ${res.status}`);
      times.push(performance.now() - start);
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, client), alongside()]);
  return times.sort((a, b) => a - b);
}

/** The uploads, from a child process: each file in turn as a multipart file part, until the given instant. */
function postFromAnotherProcess(
  url: string,
  cookie: string,
  csrf: string,
  files: { name: string; path: string }[],
  until: number,
  statuses: string[],
): Promise<void> {
  const script = `
    const { readFileSync } = require('node:fs');
    const files = JSON.parse(process.env.FILES).map((f) => ({ ...f, bytes: readFileSync(f.path) }));
    (async () => {
      for (let i = 0; Date.now() < Number(process.env.UNTIL); i++) {
        const f = files[i % files.length];
        const body = new FormData();
        body.append('file', new Blob([f.bytes]), 'campaign.yaml');
        const res = await fetch(process.env.URL, { method: 'POST', body, headers: { cookie: process.env.COOKIE, 'x-csrf-token': process.env.CSRF } });
        await res.arrayBuffer();
        console.log(f.name + ': ' + res.status);
      }
    })();`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, URL: url, COOKIE: cookie, CSRF: csrf, FILES: JSON.stringify(files), UNTIL: String(until) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => statuses.push(...d.split('\n').filter(Boolean)));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the poster exited with ${code}`)))),
  );
}

async function main(): Promise<void> {
  const system = await startBenchSystem('hostile-file');
  try {
    const { app } = system;
    await launchCampaign(
      { client: app.client, taskQueue: system.config.temporal.taskQueue, documents: app.store.documents },
      parseCampaign(EXAMPLE),
    );
    const deadline = Date.now() + 60_000;
    let mail = system.sink.messages().find((m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ'));
    while (!mail && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      mail = system.sink.messages().find((m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ'));
    }
    const link = /(http:\/\/\S+\/tasks\/\S+-1\.2\?t=[A-Za-z0-9._-]+)/.exec(mail!.text)![1]!;
    await app.store.accounts.create({ login: 'bench-office', role: 'office', password: 'bench-office-password-1' });
    const office = await signIn(app.webUrl, 'bench-office', 'bench-office-password-1');
    const dir = mkdtempSync(join(tmpdir(), 'decree-hostile-'));
    const files = hostileFiles().map((f, i) => {
      const path = join(dir, `hostile-${i}.yaml`);
      writeFileSync(path, f.source);
      return { name: f.name, path };
    });
    const refusals: string[] = [];
    const post = (until: number) =>
      postFromAnotherProcess(`${app.webUrl}/campaigns/new`, office.cookieHeader(), office.csrf, files, until, refusals);
    await measure(link, async () => undefined); // warm-up
    const baseline = await measure(link, async () => undefined);
    const hostile = await measure(link, () => post(Date.now() + SECONDS * 1000));
    const figures = {
      clients: CLIENTS,
      seconds: SECONDS,
      baseline: { requests: baseline.length, p50: percentile(baseline, 50), p99: percentile(baseline, 99) },
      hostile: {
        requests: hostile.length,
        p50: percentile(hostile, 50),
        p99: percentile(hostile, 99),
        filesPosted: refusals.length,
        statuses: [...new Set(refusals)],
      },
    };
    console.log(`task page GET, ${CLIENTS} clients × ${SECONDS} s (files parsed on the capped thread):`);
    console.log(
      `  nothing posted: p50 ${figures.baseline.p50.toFixed(0)} ms, p99 ${figures.baseline.p99.toFixed(0)} ms (${baseline.length} requests)`,
    );
    console.log(
      `  hostile campaign files posted back to back (${refusals.length}: ${figures.hostile.statuses.join(', ')}): p50 ${figures.hostile.p50.toFixed(0)} ms, p99 ${figures.hostile.p99.toFixed(0)} ms; p99 ratio ${(figures.hostile.p99 / figures.baseline.p99).toFixed(2)}× (goal: p99 < 200 ms)`,
    );
    writeBenchOutput('hostile-campaign-file', figures);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await system.stop();
  }
}

void main();
