// A region of the campaign tree: starts a batch workflow per municipality part, adds up their counts and passes
// them, and the office's withdrawal, along. It never sees a school.
import { condition, continueAsNew, setHandler } from '@temporalio/workflow';
import {
  allClosed,
  batchWorkflowId,
  regionWorkflowId,
  sumCounts,
  type BatchPlan,
  type CampaignLaunch,
  type TreeCounts,
} from '../domain/campaign-tree';
import type { DecreeRef, Withdrawal } from '../domain/school-task';
import { tree } from './activity-proxies';
import { branchProgressSignal, treeProgressQuery, withdrawCampaignSignal, type TreeProgress } from './definitions';
import { schoolBatchWorkflow, type SchoolBatchInput } from './school-batch';
import { historyIsLong, reportUpward, signalEachOpen, startChildren } from './tree-node';

export interface RegionInput {
  launch: CampaignLaunch;
  region: { code: string; name: string };
  clauses: string[];
  decree: DecreeRef;
  issuedAt: string;
  parentId: string;
  carried?: RegionCarried;
}

interface RegionCarried {
  batches?: BatchPlan[];
  started: number;
  byBatch: Record<string, TreeCounts>;
  withdrawal?: Withdrawal & { at: string };
  withdrawalSent: boolean;
  run: number;
}

export async function regionWorkflow(input: RegionInput): Promise<void> {
  const { launch, region } = input;
  const campaignId = launch.ref.campaignId;
  const regionId = regionWorkflowId(campaignId, region.code);
  const s: RegionCarried = input.carried ?? { started: 0, byBatch: {}, withdrawalSent: false, run: 1 };
  const counts = () => sumCounts(Object.values(s.byBatch));
  const expected = () => (s.batches ?? []).reduce((n, b) => n + b.schools, 0) * input.clauses.length;
  setHandler(treeProgressQuery, (): TreeProgress => ({
    campaignId,
    level: 'region',
    launchedAt: input.issuedAt,
    expectedTasks: expected(),
    expectedSchools: expected() / Math.max(1, input.clauses.length),
    counts: counts(),
    children: (s.batches ?? []).map((b) => {
      const id = batchWorkflowId(campaignId, b);
      return { id, code: `${b.municipalityCode}/${b.part}`, name: b.municipalityName, counts: s.byBatch[id] };
    }),
    withdrawn: s.withdrawal,
    consolidatedReports: [],
    run: s.run,
  }));
  setHandler(branchProgressSignal, ({ branchId, counts: c }) => void (s.byBatch[branchId] = c));
  setHandler(
    withdrawCampaignSignal,
    (withdrawal) => void (s.withdrawal ??= { ...withdrawal, at: new Date().toISOString() }),
  );
  const carryOn = () => continueAsNew<typeof regionWorkflow>({ ...input, carried: { ...s, run: s.run + 1 } });

  s.batches ??= await tree.regionBatches(launch.ref, region.code, launch.limits);
  while (s.started < s.batches.length) {
    const next = s.batches.slice(s.started, s.started + launch.limits.window);
    await startChildren(
      campaignId,
      next.map((batch) => ({
        workflow: schoolBatchWorkflow,
        workflowId: batchWorkflowId(campaignId, batch),
        args: [batchInput(input, regionId, batch)],
      })),
      next.length,
    );
    s.started += next.length;
    if (historyIsLong(launch.limits)) await carryOn();
  }
  let reported = '';
  for (;;) {
    await condition(
      () =>
        JSON.stringify(counts()) !== reported ||
        (s.withdrawal !== undefined && !s.withdrawalSent) ||
        historyIsLong(launch.limits),
    );
    if (s.withdrawal && !s.withdrawalSent) {
      s.withdrawalSent = true;
      await signalEachOpen(
        s.batches.map((b) => batchWorkflowId(campaignId, b)),
        withdrawCampaignSignal,
        { reason: s.withdrawal.reason },
      );
    }
    if (JSON.stringify(counts()) !== reported)
      reported = await reportUpward(input.parentId, regionId, counts, launch.limits.reportEveryMs);
    if (allClosed(counts(), expected()) && JSON.stringify(counts()) === reported) return;
    if (historyIsLong(launch.limits)) await carryOn();
  }
}

function batchInput(input: RegionInput, regionId: string, batch: BatchPlan): SchoolBatchInput {
  return {
    launch: input.launch,
    batch,
    clauses: input.clauses,
    decree: input.decree,
    issuedAt: input.issuedAt,
    parentId: regionId,
  };
}
