// The whole system for a benchmark, as `npm start` runs it: a file-backed dev server (with its SQLite pragmas),
// the embedded PostgreSQL, the embedded SMTP sink, the worker and the web server, in fresh directories and ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { loadConfig, type AppConfig } from '../../config/app-config';
import { startSmtpSink, type SmtpSink } from '../../mail-sink/smtp-sink';
import { startApp, type RunningApp } from '../../scripts/lib/app';
import { startDebianPostgres } from '../../scripts/lib/debian-postgres';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server';
import { freePort } from '../../test/support/free-port';

export interface BenchSystem {
  app: RunningApp;
  /** The SMTP sink: the app's embedded one, or the bench's own when the worker runs apart. */
  sink: SmtpSink;
  config: AppConfig;
  devServer: DevServer;
  dataDir: string;
  /** The worker's own process when it runs apart (`npm run worker`), else undefined: it is in this process. */
  workerPid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Where the worker runs. `in-process`: with the web server, the sink and the clients, as `npm start` runs them.
 * `apart`: in a process of its own, as `npm run worker` runs it on a worker machine, so its memory is its own.
 */
export type WorkerPlacement = 'in-process' | 'apart';

/** BENCH_WORKER, for the benches that measure the worker's memory: `apart` unless it says `in-process`. */
export function workerPlacementFromEnv(): WorkerPlacement {
  const placement = process.env.BENCH_WORKER ?? 'apart';
  if (placement !== 'apart' && placement !== 'in-process')
    throw new Error(`BENCH_WORKER: expected apart or in-process, got ${placement}`);
  return placement;
}

/**
 * BENCH_STORE=postgres15 puts the store on a throwaway Debian PostgreSQL cluster instead of the embedded PGlite,
 * to see which of a bench's figures the embedded database limits (docs/performance.md).
 */
async function benchStore(): Promise<{ env: Record<string, string>; stop(): void }> {
  const choice = process.env.BENCH_STORE ?? 'embedded';
  if (choice === 'embedded') return { env: {}, stop: () => undefined };
  if (choice !== 'postgres15') throw new Error(`BENCH_STORE: expected embedded or postgres15, got ${choice}`);
  const server = startDebianPostgres(await freePort());
  // An external store means several processes may sign links, so the configuration asks for a shared secret.
  return { env: { DATABASE_URL: server.url, LINK_SECRET: randomBytes(32).toString('hex') }, stop: () => server.stop() };
}

export async function startBenchSystem(
  name: string,
  env: Record<string, string> = {},
  worker: WorkerPlacement = 'in-process',
): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), `decree-bench-${name}-`));
  const devPort = await freePort();
  const store = await benchStore();
  const devServer = await startDevServer({
    cliPath: ensureTemporalCli(),
    ip: '127.0.0.1',
    port: devPort,
    dbFile: join(dataDir, 'temporal.db'),
    logFile: join(dataDir, 'temporal.log'),
  });
  // Apart, the sink is the bench's own (the embedded one belongs to the all-in-one process) and both processes send to
  // it.
  const ownSink = worker === 'apart' ? await startSmtpSink(join(dataDir, 'outbox'), await freePort()) : undefined;
  const vars: Record<string, string> = {
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_TASK_QUEUE: `bench-${name}`,
    WEB_PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    LAUNCH_EXAMPLE: 'false',
    ...store.env,
    ...env,
    ...(ownSink ? { SMTP_URL: `smtp://127.0.0.1:${ownSink.port}` } : { SMTP_SINK_PORT: String(await freePort()) }),
  };
  const config = loadConfig({ ...process.env, ...vars });
  const app = await startApp(config, ownSink ? { role: 'web', embeddedStore: 'host', print: () => undefined } : {});
  // The worker's process shares DATA_DIR, so it reads the same generated link secret and finds the embedded store's
  // port.
  const workerProcess = ownSink ? await startWorkerProcess({ ...vars, LINK_SECRET: config.linkSecret }) : undefined;
  return {
    app,
    sink: ownSink ?? app.sink!,
    config,
    devServer,
    dataDir,
    workerPid: workerProcess?.pid,
    async stop() {
      await stopProcess(workerProcess);
      await app.stop();
      await ownSink?.close();
      await devServer.stop();
      store.stop();
    },
  };
}

/**
 * The worker process's V8 heap limit, apart: `--max-old-space-size`, as the README runs `npm run worker` (Temporal's
 * advice for a worker under a memory budget; the workflow threads inherit it). BENCH_WORKER_HEAP_MIB sets another,
 * `default` leaves V8's own (about 4 GiB on 24 GiB).
 */
const workerHeapMiB = workerHeapFromEnv(process.env.BENCH_WORKER_HEAP_MIB || '384');

/** For a bench's figures: the heap limit its worker ran with. */
export function workerHeapLabel(placement: WorkerPlacement): number | 'V8 default' {
  return placement === 'apart' && workerHeapMiB !== undefined ? workerHeapMiB : 'V8 default';
}

function workerHeapFromEnv(value: string): number | undefined {
  if (value === 'default') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`BENCH_WORKER_HEAP_MIB: expected MiB or default, got ${value}`);
  return Number(value);
}

/** `npm run worker` with the given variables; resolves once it says it polls its queues. */
function startWorkerProcess(vars: Record<string, string>): Promise<ChildProcess> {
  const heap = workerHeapMiB ? [`--max-old-space-size=${workerHeapMiB}`] : [];
  const child = spawn(
    process.execPath,
    [...heap, '--import', 'tsx', join(__dirname, '..', '..', 'scripts', 'run-role.ts'), 'worker'],
    { env: { ...process.env, ...vars }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('[worker]')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killLater = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killLater);
}

/** Starts `count` no-op workflows with client.workflow.start (at most `parallel` at a time) and waits for all. */
export async function noopBaseline(system: BenchSystem, count: number, parallel = 64): Promise<number> {
  const taskQueue = `${system.config.temporal.taskQueue}-noop`;
  const worker = await Worker.create({
    connection: system.app.workers!.tasks.options.connection!,
    taskQueue,
    workflowsPath: join(__dirname, '..', 'workflows', 'noop.ts'),
  });
  const running = worker.run();
  const started = performance.now();
  let next = 0;
  const client = system.app.client;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const handle = await client.workflow.start('noopWorkflow', {
          taskQueue,
          workflowId: `noop-${process.pid}-${i}`,
        });
        await handle.result();
      }
    }),
  );
  const ms = performance.now() - started;
  worker.shutdown();
  await running;
  return ms;
}

export interface MemorySampler {
  peakMiB(): number;
  nowMiB(): number;
  stop(): void;
}

/** Resident memory of a process, from /proc (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kib ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples the resident memory of the worker's process: this one (worker, web server, sink and clients) or its own. */
export function memorySampler(everyMs = 100, pid = process.pid): MemorySampler {
  const rss = () => (pid === process.pid ? process.memoryUsage().rss : rssOf(pid));
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), everyMs);
  return {
    peakMiB: () => Math.round(peak / 1048576),
    nowMiB: () => Math.round(rss() / 1048576),
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds used so far by a process (user + system), from /proc; undefined once it is gone. */
function processCpuSeconds(
  pid: number,
  file = `/proc/${pid}/stat`,
): { name: string; ppid: number; seconds: number } | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // Clock ticks of 1/100 s (Linux's USER_HZ): utime and stime are the 12th and 13th fields after the name.
    return {
      name: stat.slice(stat.indexOf('(') + 1, close),
      ppid: Number(fields[1]),
      seconds: (Number(fields[11]) + Number(fields[12])) / 100,
    };
  } catch {
    return undefined;
  }
}

/** This process and every process below it (the dev server, the embedded database), by pid. */
function processTree(): Map<number, { name: string; seconds: number }> {
  const tree = processesBelow(process.pid);
  // The main thread apart: the event loop the web server, the worker's activities and the sink share.
  const main = processCpuSeconds(process.pid, `/proc/${process.pid}/task/${process.pid}/stat`);
  if (main) tree.set(-1, { name: 'main thread', seconds: main.seconds });
  return tree;
}

function processesBelow(root: number): Map<number, { name: string; seconds: number }> {
  const all = new Map<number, { name: string; ppid: number; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const p = Number.isInteger(pid) ? processCpuSeconds(pid) : undefined;
    if (p) all.set(pid, p);
  }
  const tree = new Map<number, { name: string; seconds: number }>();
  const visit = (pid: number) => {
    const p = all.get(pid);
    if (!p || tree.has(pid)) return;
    tree.set(pid, { name: p.name, seconds: p.seconds });
    for (const [child, c] of all) if (c.ppid === pid) visit(child);
  };
  visit(root);
  return tree;
}

/**
 * How busy each process of the system was over a stretch (CPU seconds per second of wall time; 2.0 is both
 * cores): which one a load waits for. `this process` holds the worker, the web server, the sink and the clients'
 * thread; its main thread is reported apart.
 */
export function cpuShares(): () => Record<string, number> {
  const started = performance.now();
  const before = processTree();
  return () => {
    const wall = (performance.now() - started) / 1000;
    const shares: Record<string, number> = {};
    for (const [pid, p] of processTree()) {
      const label =
        pid === process.pid ? 'this process' : pid === -1 ? `${p.name} of this process` : `${p.name} ${pid}`;
      shares[label] = Math.round(((p.seconds - (before.get(pid)?.seconds ?? 0)) / wall) * 100) / 100;
    }
    return shares;
  };
}

/** The p-th percentile of figures sorted ascending (nearest rank); NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function writeBenchOutput(name: string, figures: object): void {
  const dir = join(__dirname, '..', '..', 'bench-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ machine: machine(), store: process.env.BENCH_STORE ?? 'embedded', at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Message-IDs the sink accepted, counted as they arrive (listing the sink's folder would cost the worker time). */
export function acceptedMails(system: BenchSystem): Set<string> {
  const ids = new Set<string>();
  system.sink.onMessage((m) => ids.add(m.messageId));
  return ids;
}

/** One bench on a fresh system: memory sampled throughout, the system stopped however it ends, the exit code set. */
export function runBench(
  name: string,
  body: (system: BenchSystem, memory: MemorySampler) => Promise<void>,
  sampleEveryMs?: number,
  worker: WorkerPlacement = 'in-process',
): void {
  const main = async () => {
    const system = await startBenchSystem(name, {}, worker);
    const memory = memorySampler(sampleEveryMs, system.workerPid);
    try {
      await body(system, memory);
    } finally {
      memory.stop();
      await system.stop();
    }
  };
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
