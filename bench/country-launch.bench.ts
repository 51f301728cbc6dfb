// `npm run bench:load`: benchmark 2 of the region issue. The country: 40,000 schools × 1 task clause in 85 regions,
// launched end to end on this machine. Time to every task running and every decree mail accepted, the largest
// history any workflow of the tree had (every run, from visibility: goal under 10% of Temporal's limits, 5,120
// events and 5 MB), and the worker's peak memory: in a process of its own as `npm run worker` runs it, or with
// BENCH_WORKER=in-process in the one process of `npm start` (worker, web server and sink). Writes
// bench-output/country-launch.json.
import './support/bench-tmpdir';
import { launchCampaign } from '../client/launch-campaign';
import { campaignTreeProgress } from '../client/launch-watch';
import { campaignWorkflowId } from '../domain/ids';
import { generateRegionCampaign } from '../examples/region/generate-region';
import {
  acceptedMails,
  runBench,
  writeBenchOutput,
  workerHeapLabel,
  workerPlacementFromEnv,
} from './support/bench-system';

const SCHOOLS = Number(process.env.BENCH_COUNTRY_SCHOOLS ?? 40_000);
/** On a shared machine the run may be cut short: the figures reached by then are written, marked incomplete. */
const DEADLINE_MS = Number(process.env.BENCH_COUNTRY_DEADLINE_MS ?? 90 * 60_000);
const WORKER = workerPlacementFromEnv();

const campaign = generateRegionCampaign({
  id: 'bench-country',
  schools: SCHOOLS,
  regions: 85,
  municipalities: 6,
  clauses: 1,
});
runBench(
  'country',
  async (system, memory) => {
    const accepted = acceptedMails(system);
    const started = performance.now();
    await launchCampaign(
      { client: system.app.client, taskQueue: system.config.temporal.taskQueue, documents: system.app.store.documents },
      campaign,
    );
    let lastLog = 0;
    let reached = { tasks: 0, mails: 0 };
    for (;;) {
      const p = await campaignTreeProgress(system.app.client, campaign.id).catch(() => undefined);
      reached = { tasks: p?.counts.started ?? reached.tasks, mails: accepted.size };
      if (p && p.counts.started === SCHOOLS && accepted.size >= SCHOOLS) break;
      if (performance.now() - started > DEADLINE_MS) break;
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        console.log(
          `${Math.round((performance.now() - started) / 1000)} s: tasks ${p?.counts.started ?? 0}, mails ${accepted.size}, worker rss ${memory.nowMiB()} MiB`,
        );
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const launchMs = performance.now() - started;
    let largest = { workflowId: '', events: 0, bytes: 0 };
    let runs = 0;
    const query = `CampaignId = '${campaign.id}' AND WorkflowType IN ('campaignWorkflow', 'regionWorkflow', 'schoolBatchWorkflow')`;
    for await (const wf of system.app.client.workflow.list({ query })) {
      runs += 1;
      // The dev server's list leaves the sizes at 0; describe reads them from the run itself.
      const info = (await system.app.client.workflow.getHandle(wf.workflowId, wf.runId).describe()).raw
        .workflowExecutionInfo;
      const events = Number(info?.historyLength ?? 0);
      const bytes = Number(info?.historySizeBytes ?? 0);
      if (events > largest.events || bytes > largest.bytes)
        largest = {
          workflowId: wf.workflowId,
          events: Math.max(events, largest.events),
          bytes: Math.max(bytes, largest.bytes),
        };
    }
    const figures = {
      schools: SCHOOLS,
      clauses: 1,
      complete: reached.tasks === SCHOOLS && reached.mails >= SCHOOLS,
      reached,
      launchMs: Math.round(launchMs),
      tasksPerSecond: Math.round(reached.tasks / (launchMs / 1000)),
      mailsPerSecond: Math.round(reached.mails / (launchMs / 1000)),
      treeRuns: runs,
      largestHistory: largest,
      goal: { events: 5_120, bytes: 5 * 1024 * 1024 },
      // Not measured is not met: a size of 0 means the server gave none.
      met: largest.events > 0 ? largest.events < 5_120 && largest.bytes < 5 * 1024 * 1024 : undefined,
      worker: WORKER,
      workerHeapMiB: workerHeapLabel(WORKER),
      peakRssMiB: memory.peakMiB(),
    };
    console.log(JSON.stringify(figures, null, 2));
    writeBenchOutput('country-launch', figures);
    await system.app.client.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .signal('withdrawCampaign', { reason: 'конец замера' });
  },
  250,
  WORKER,
);
