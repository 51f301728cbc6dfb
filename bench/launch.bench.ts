// `npm run bench`: benchmarks 1 and 5 of the region issue, on the whole system as `npm start` runs it.
// 1. Launch of a region (1,500 schools × 3 task clauses) until every task workflow runs and every decree mail is
//    accepted by the sink; baseline: as many no-op workflows started with client.workflow.start and completed on
//    the same server, in the same run. Goal: ratio ≤ 2.0.
// 5. The task page under 100 concurrent clients (autocannon on loopback, on a thread of its own): GET, POST of a
//    submission the workflow refuses (a full round trip through the Update validator), and POST of one accepted
//    submission per registration task. Goal: p99 < 200 ms.
// Writes bench-output/launch.json and bench-output/task-page-web.json.
import './support/bench-tmpdir';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { createTaskLinks } from '../activities/links/task-links';
import { launchCampaign } from '../client/launch-campaign';
import { campaignTreeProgress } from '../client/launch-watch';
import { generateRegionCampaign } from '../examples/region/generate-region';
import {
  acceptedMails,
  cpuShares,
  noopBaseline,
  percentile,
  runBench,
  writeBenchOutput,
  type BenchSystem,
} from './support/bench-system';

const p99 = (figures: number[]) =>
  Math.round(
    percentile(
      [...figures].sort((a, b) => a - b),
      99,
    ),
  );

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 1_500);
const CLAUSES = 3;

async function launch(system: BenchSystem): Promise<{ ms: number; tasks: number; mails: number }> {
  const campaign = generateRegionCampaign({
    id: 'bench-region',
    schools: SCHOOLS,
    regions: 1,
    municipalities: 24,
    clauses: CLAUSES,
  });
  const accepted = acceptedMails(system);
  const started = performance.now();
  await launchCampaign(
    { client: system.app.client, taskQueue: system.config.temporal.taskQueue, documents: system.app.store.documents },
    campaign,
  );
  for (;;) {
    const p = await campaignTreeProgress(system.app.client, campaign.id).catch(() => undefined);
    const mails = accepted.size;
    if (p && p.counts.started === SCHOOLS * CLAUSES && mails >= SCHOOLS)
      return { ms: performance.now() - started, tasks: p.counts.started, mails };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A request as bench/support/listed-requests.ts hands it to the clients' thread. */
interface ListedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Each request's time inside the web server, in the order the requests arrived: whether the slowest ones are the
 * first wave (100 clients connecting and sending at once) or spread over the run.
 */
function serverTimes(server: Server | undefined) {
  const times: number[] = [];
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    const at = times.push(NaN) - 1;
    const started = performance.now();
    res.once('finish', () => void (times[at] = performance.now() - started));
  };
  server?.on('request', onRequest);
  return () => {
    server?.off('request', onRequest);
    return byArrival(times);
  };
}

/** Times in the order the requests came (NaN: unfinished): the p99, the p99 without the first wave of 100, and where
 * the slowest 1% are. */
function byArrival(times: number[]) {
  const done = times.filter((t) => !Number.isNaN(t));
  if (done.length === 0) return undefined;
  const slowest = times
    .map((t, i) => [t, i] as const)
    .filter(([t]) => !Number.isNaN(t))
    .sort((a, b) => b[0] - a[0])
    .slice(0, Math.ceil(done.length / 100));
  const afterFirstWave = times.slice(100).filter((t) => !Number.isNaN(t));
  return {
    requests: done.length,
    p99Ms: p99(done),
    p99AfterFirst100Ms: afterFirstWave.length ? p99(afterFirstWave) : undefined,
    slowestInFirst100: slowest.filter(([, i]) => i < 100).length,
    slowestCount: slowest.length,
  };
}

/**
 * For a run of a fixed number of requests: each request's time as its client saw it, by the order it was sent
 * (bench/support/listed-responses.ts), to compare with the server's own times.
 */
function clientTimes(amount: number | undefined) {
  if (amount === undefined) return { request: {}, read: () => undefined };
  const file = join(mkdtempSync(join(tmpdir(), 'bench-client-times-')), 'times.json');
  process.env.BENCH_CLIENT_TIMES_FILE = file;
  process.env.BENCH_CLIENT_TIMES_EXPECTED = String(amount);
  return {
    request: { onResponse: join(__dirname, 'support', 'listed-responses.ts') },
    read() {
      delete process.env.BENCH_CLIENT_TIMES_FILE;
      let sent: [number, number][];
      try {
        sent = JSON.parse(readFileSync(file, 'utf8')) as [number, number][];
      } catch {
        return undefined; // fewer responses than requests (errors): the run's own figures say so
      } finally {
        rmSync(dirname(file), { recursive: true, force: true });
      }
      const times: number[] = [];
      for (const [n, ms] of sent) times[n] = ms;
      return byArrival(Array.from(times, (t) => t ?? NaN));
    },
  };
}

/**
 * How long the accepted POST's store round trip took, wrapped for the run: the statement that reads the task's row
 * and keeps the entry (batched per turn), to tell it from the rest of the request. The separate row reads and
 * INSERTs are counted too: a task with a row needs neither.
 */
function storeRoundTrips(store: BenchSystem['app']['store']) {
  const { tasks, submissions } = store;
  const original = {
    state: tasks.state,
    receive: submissions.receive,
    receiveIfAdmitted: submissions.receiveIfAdmitted,
  };
  const rowReads: number[] = [];
  const inserts: number[] = [];
  const admitted: number[] = [];
  const timed =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>, into: number[]) =>
    (...a: A) => {
      const started = performance.now();
      return f(...a).finally(() => into.push(performance.now() - started));
    };
  tasks.state = timed(original.state, rowReads);
  submissions.receive = timed(original.receive, inserts);
  submissions.receiveIfAdmitted = timed(original.receiveIfAdmitted, admitted);
  const figures = (times: number[]) => ({
    count: times.length,
    p99Ms: p99(times),
    maxMs: times.length ? Math.round(Math.max(...times)) : NaN,
  });
  return () => {
    tasks.state = original.state;
    submissions.receive = original.receive;
    submissions.receiveIfAdmitted = original.receiveIfAdmitted;
    return { readAndKeep: figures(admitted), rowReads: figures(rowReads), inserts: figures(inserts) };
  };
}

/**
 * 100 clients on a thread of their own: in this thread they would take the event loop from the web server they
 * measure (in one run here: server-side p99 118 ms, measured by the clients 249 ms). Each request is the next of
 * `listed`.
 */
async function loadTest(
  title: string,
  listed: ListedRequest[],
  options: { url: string; amount?: number; server?: Server },
) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-requests-'));
  const file = join(dir, 'requests.json');
  writeFileSync(file, JSON.stringify(listed));
  process.env.BENCH_REQUESTS_FILE = file; // the thread gets this process's environment as it starts
  // The web server shares its event loop with the worker's activities: how late that loop ran during the load.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // Garbage collection stops that loop too: its pauses during the load, to tell them from the requests' own work.
  const gcPauses: number[] = [];
  const gc = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  // A run is 15 s, or a fixed number of requests (`amount`): autocannon refuses both at once, and an undefined one.
  const serverSide = serverTimes(options.server);
  const clientSide = clientTimes(options.amount);
  const cpu = cpuShares();
  const result = await autocannon({
    connections: 100,
    workers: 1,
    ...(options.amount === undefined ? { duration: 15 } : { amount: options.amount }),
    url: options.url,
    requests: [
      {
        setupRequest: join(__dirname, 'support', 'listed-requests.ts'),
        ...clientSide.request,
      } as unknown as autocannon.Request,
    ],
  });
  const server = serverSide();
  const cpuPerSecond = cpu();
  const clients = clientSide.read();
  loopDelay.disable();
  gc.disconnect();
  const heapUsedMiB = Math.round(process.memoryUsage().heapUsed / 1048576);
  const gcFigures = {
    heapUsedMiB,
    count: gcPauses.length,
    totalMs: Math.round(gcPauses.reduce((a, b) => a + b, 0)),
    maxMs: Math.round(Math.max(0, ...gcPauses)),
  };
  rmSync(dir, { recursive: true, force: true });
  const loopP99Ms = Math.round(loopDelay.percentile(99) / 1e6);
  console.log(
    `${title}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}; event loop delay p99 ${loopP99Ms} ms, max ${Math.round(loopDelay.max / 1e6)} ms; GC ${gcFigures.count} pauses, ${gcFigures.totalMs} ms in all, max ${gcFigures.maxMs} ms, heap ${heapUsedMiB} MiB`,
  );
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  console.log(`  status codes: ${JSON.stringify(statuses)}`);
  console.log(
    `  CPU seconds per second: ${Object.entries(cpuPerSecond)
      .map(([name, share]) => `${name} ${share}`)
      .join(', ')}`,
  );
  if (server)
    console.log(
      `  in the server: p99 ${server.p99Ms} ms; after the first 100 arrivals ${server.p99AfterFirst100Ms} ms; of the slowest ${server.slowestCount}, ${server.slowestInFirst100} among the first 100 arrivals`,
    );
  if (clients)
    console.log(
      `  at the clients, by the order sent: p99 ${clients.p99Ms} ms; after the first 100 sent ${clients.p99AfterFirst100Ms} ms; of the slowest ${clients.slowestCount}, ${clients.slowestInFirst100} among the first 100 sent`,
    );
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    statuses,
    total: result.requests.total,
    eventLoopDelayP99Ms: loopP99Ms,
    gcPauses: gcFigures,
    server,
    clients,
    cpuPerSecond,
  };
}

async function taskPageLoad(system: BenchSystem) {
  const links = createTaskLinks(system.config.linkSecret, system.app.webUrl);
  const ids = Array.from(
    { length: 200 },
    (_, i) => `task-bench-region-s${String(((i * 7) % SCHOOLS) + 1).padStart(5, '0')}-1.2`,
  );
  const issued = new Date();
  const paths = await Promise.all(
    ids.map(async (id) => `/tasks/${id}?t=${await links.sign(id, issued, new Date(Date.now() + 86_400_000))}`),
  );
  const get = await loadTest(
    'GET task page',
    paths.map((path) => ({ method: 'GET', path })),
    { url: system.app.webUrl, server: system.app.web?.server },
  );
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const refused = await loadTest(
    'POST refused submission',
    paths.map((path) => {
      const token = new URL(path, 'http://x').searchParams.get('t')!;
      return {
        method: 'POST',
        headers: form,
        path: path.split('?')[0]!,
        body: new URLSearchParams({
          t: token,
          staffTotal: '40',
          staffRegistered: '41',
          officerName: 'Нагрузкин Н.Н.',
          confirm: 'on',
        }).toString(),
      };
    }),
    { url: system.app.webUrl, server: system.app.web?.server },
  );
  // Every request completes a different task through its Update: as many requests as registration tasks.
  const all = await Promise.all(
    Array.from({ length: SCHOOLS }, async (_, n) => {
      const id = `task-bench-region-s${String(n + 1).padStart(5, '0')}-1.2`;
      return { id, token: await links.sign(id, issued, new Date(Date.now() + 86_400_000)) };
    }),
  );
  const roundTrips = storeRoundTrips(system.app.store);
  const accepted = await loadTest(
    'POST accepted submission',
    all.map(({ id, token }) => ({
      method: 'POST',
      headers: form,
      path: `/tasks/${id}`,
      body: new URLSearchParams({
        t: token,
        staffTotal: '40',
        staffRegistered: '40',
        officerName: 'Нагрузкин Н.Н.',
        confirm: 'on',
      }).toString(),
    })),
    { url: system.app.webUrl, server: system.app.web?.server, amount: all.length },
  );
  const storeFigures = roundTrips();
  const { readAndKeep, rowReads, inserts } = storeFigures;
  console.log(
    `  its store round trip: the row read and the entry kept in one statement, p99 ${readAndKeep.p99Ms} ms (max ${readAndKeep.maxMs}) over ${readAndKeep.count}; separate row reads ${rowReads.count}, INSERTs ${inserts.count}`,
  );
  // The page may answer «received» before the workflow has: every submission must still be applied, and when.
  const loadEnded = Date.now();
  let applied = 0;
  let appliedAfterMs = NaN;
  while (Date.now() < loadEnded + 10 * 60_000) {
    applied = (
      await system.app.store.tasks.page('bench-region', { clause: '1.2', status: 'done' }, { limit: 1, offset: 0 })
    ).total;
    if (applied === all.length) {
      appliedAfterMs = Date.now() - loadEnded;
      break;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  console.log(
    `  accepted submissions applied by their workflows: ${applied} of ${all.length}, ${Math.round(appliedAfterMs / 1000)} s after the last answer`,
  );
  const post = {
    refused,
    accepted: { ...accepted, store: storeFigures, applied, appliedAfterLastAnswerMs: appliedAfterMs },
  };
  return { get, post };
}

runBench('launch', async (system, memory) => {
  const launched = await launch(system);
  const baselineMs = await noopBaseline(system, SCHOOLS * CLAUSES);
  const ratio = launched.ms / baselineMs;
  console.log(
    `launch: ${SCHOOLS} schools × ${CLAUSES} clauses in ${(launched.ms / 1000).toFixed(1)} s; ${SCHOOLS * CLAUSES} no-op workflows in ${(baselineMs / 1000).toFixed(1)} s; ratio ${ratio.toFixed(2)} (goal ≤ 2.0)`,
  );
  writeBenchOutput('launch', {
    schools: SCHOOLS,
    clauses: CLAUSES,
    launchMs: Math.round(launched.ms),
    baselineMs: Math.round(baselineMs),
    ratio: Number(ratio.toFixed(2)),
    goal: 2.0,
    met: ratio <= 2.0,
    peakRssMiB: memory.peakMiB(),
  });
  const web = await taskPageLoad(system);
  writeBenchOutput('task-page-web', {
    connections: 100,
    durationS: 15,
    ...web,
    goalP99Ms: 200,
    met: web.get.p99 < 200 && web.post.refused.p99 < 200 && web.post.accepted.p99 < 200,
  });
});
