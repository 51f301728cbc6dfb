// `npm run bench:load`: benchmarks 3 and 6 of the region issue.
// 3. Deadline burst: 6,000 open tasks whose reminders fall due in the same minute; the lag between the due instant
//    and the sink accepting each reminder (p50, p99, max), none early, none twice. Goal: every one within 60 s.
//    Then how long until every task has recorded its reminder (its read-model row), since the batches send them.
// 6. The worker's resident memory with those 6,000 task workflows open (peak over launch and burst). Goal: ≤ 1 GiB.
//    The worker runs in a process of its own, as `npm run worker` runs it on a worker machine (with the README's
//    heap limit, BENCH_WORKER_HEAP_MIB), so the figure is the worker's and not the web server's, the sink's or the
//    bench's; BENCH_WORKER=in-process measures the one process of `npm start` instead (worker, web server, sink and
//    the bench's clients together).
// A reminder falls at the campaign's local hour; the bench picks the time zone whose next full hour is the first
// one at least LAUNCH_BUDGET away, so the burst comes as soon as the launch allows. Writes
// bench-output/deadline-burst.json.
import './support/bench-tmpdir';
import { launchCampaign } from '../client/launch-campaign';
import { campaignTreeProgress } from '../client/launch-watch';
import { campaignWorkflowId, schoolTaskWorkflowId } from '../domain/ids';
import { generateRegionCampaign } from '../examples/region/generate-region';
import type { TaskReadModel } from '../store/task-read-model';
import {
  percentile,
  runBench,
  writeBenchOutput,
  workerHeapLabel,
  workerPlacementFromEnv,
} from './support/bench-system';

const TASKS = Number(process.env.BENCH_BURST_TASKS ?? 6_000);
const WORKER = workerPlacementFromEnv();
const LAUNCH_BUDGET_MS = Number(process.env.BENCH_LAUNCH_BUDGET_MS ?? 6 * 60_000);
/** A full local hour falls on these UTC minutes in these zones (no daylight saving in any of them). */
const ZONES_BY_UTC_MINUTE: Record<number, string> = { 0: 'Europe/Moscow', 15: 'Asia/Kathmandu', 30: 'Asia/Kolkata' };

function burstInstant(now: number): { at: Date; timeZone: string } {
  for (let t = Math.ceil((now + LAUNCH_BUDGET_MS) / 900_000) * 900_000; ; t += 900_000) {
    const zone = ZONES_BY_UTC_MINUTE[new Date(t).getUTCMinutes()];
    if (zone) return { at: new Date(t), timeZone: zone };
  }
}

function localDateAndHour(at: Date, timeZone: string): { date: string; hour: number } {
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone }).format(at);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
  return { date, hour };
}

/** Rows whose task has recorded a step, read 500 at a time so the bench's reads stay small beside what it measures. */
async function countRecorded(tasks: TaskReadModel, taskIds: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < taskIds.length; i += 500)
    n += (await tasks.states(taskIds.slice(i, i + 500))).filter((state) => state.sentSteps.length > 0).length;
  return n;
}

const { at, timeZone } = burstInstant(Date.now());
const { date, hour } = localDateAndHour(at, timeZone);
const base = generateRegionCampaign({ id: 'bench-burst', schools: TASKS, regions: 2, municipalities: 30, clauses: 1 });
// The due date is the burst's local date (a working day by override), reminded on the day itself, at that hour.
const campaign = {
  ...base,
  timeZone,
  deadlines: { ...base.deadlines, localHour: hour, remindBeforeWorkingDays: [0] },
  calendar: { extraNonWorking: [], extraWorking: [date] },
  decree: {
    ...base.decree,
    date: date < base.decree.date ? date : base.decree.date,
    clauses: base.decree.clauses.map((c) =>
      c.task ? { ...c, task: { ...c.task, due: date, deadlines: undefined } } : c,
    ),
  },
};
const clause = campaign.decree.clauses.find((c) => c.task)!.number;
console.log(`burst at ${at.toISOString()} (${date} ${hour}:00 ${timeZone}), ${TASKS} tasks`);
runBench(
  'burst',
  async (system, memory) => {
    const reminders = new Map<string, number[]>();
    system.sink.onMessage((m) => {
      if (!m.messageId.includes('.reminder')) return;
      reminders.set(m.messageId, [...(reminders.get(m.messageId) ?? []), Date.now()]);
    });
    const launchStart = performance.now();
    await launchCampaign(
      { client: system.app.client, taskQueue: system.config.temporal.taskQueue, documents: system.app.store.documents },
      campaign,
    );
    let launchMs = 0;
    for (;;) {
      const p = await campaignTreeProgress(system.app.client, campaign.id).catch(() => undefined);
      if (p && p.counts.started === TASKS && p.counts.mailed === TASKS) break;
      if (Date.now() > at.getTime())
        throw new Error(
          `the launch did not finish before the burst (${p?.counts.started ?? 0} of ${TASKS} tasks started)`,
        );
      await new Promise((r) => setTimeout(r, 500));
    }
    launchMs = performance.now() - launchStart;
    const openRssMiB = memory.nowMiB();
    const launchPeakMiB = memory.peakMiB();
    // Where this process's resident memory is: V8's heap, buffers outside it, or neither (native: the SDK's core, its
    // caches).
    const usage = process.memoryUsage();
    const benchProcessMiB = Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, Math.round(v / 1048576)]));
    console.log(
      `this process with ${TASKS} open tasks (MiB; ${WORKER === 'apart' ? 'web server, sink and bench; the worker apart' : 'the worker too'}): ${JSON.stringify(benchProcessMiB)}`,
    );
    console.log(
      `launched in ${(launchMs / 1000).toFixed(0)} s; worker rss (${WORKER}) with ${TASKS} open tasks ${openRssMiB} MiB; waiting ${Math.round((at.getTime() - Date.now()) / 1000)} s for the burst`,
    );
    const deadline = at.getTime() + 10 * 60_000;
    while (reminders.size < TASKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 5_000)); // a reminder sent twice would arrive now
    // The batches send the reminders and tell each task afterwards: when has every task recorded its step (its row)?
    const taskIds = campaign.schools.map((school) => schoolTaskWorkflowId(campaign.id, school.id, clause));
    let recordedByTasks = 0;
    let recordedMs = NaN;
    const burstPeakMiB = memory.peakMiB(); // until the last reminder; the tasks then record theirs
    while (Date.now() < at.getTime() + 15 * 60_000) {
      recordedByTasks = await countRecorded(system.app.store.tasks, taskIds);
      if (recordedByTasks === TASKS) {
        recordedMs = Date.now() - at.getTime();
        break;
      }
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const arrivals = [...reminders.values()];
    const lags = arrivals.map((times) => times[0]! - at.getTime()).sort((a, b) => a - b);
    const figures = {
      tasks: TASKS,
      burstAt: at.toISOString(),
      timeZone,
      launchMs: Math.round(launchMs),
      received: reminders.size,
      early: lags.filter((l) => l < 0).length,
      twice: arrivals.filter((t) => t.length > 1).length,
      lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? NaN },
      recordedByTasks,
      allRecordedAfterMs: recordedMs,
      goalLagMs: 60_000,
      metLag: reminders.size === TASKS && (lags.at(-1) ?? Infinity) <= 60_000,
      worker: {
        placement: WORKER,
        heapMiB: workerHeapLabel(WORKER),
        rssWithOpenTasksMiB: openRssMiB,
        benchProcessMiB,
        peakRssMiB: memory.peakMiB(),
        launchPeakRssMiB: launchPeakMiB,
        burstPeakRssMiB: burstPeakMiB,
        goalMiB: 1024,
        met: memory.peakMiB() <= 1024,
        maxCachedWorkflows: system.config.worker.tasks.maxCachedWorkflows,
        treeMaxCachedWorkflows: system.config.worker.tree.maxCachedWorkflows,
      },
    };
    console.log(JSON.stringify(figures, null, 2));
    writeBenchOutput('deadline-burst', figures);
    await system.app.client.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .signal('withdrawCampaign', { reason: 'конец замера' });
  },
  undefined,
  WORKER,
);
