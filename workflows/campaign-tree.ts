// The root of the campaign tree: renders the decree, starts a workflow per region, keeps the regions' counts (the
// campaign's live numbers), forwards a withdrawal, and issues clause 1.9's consolidated editions from the read model.
import { condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  allClosed,
  assertTreeLimits,
  regionWorkflowId,
  sumCounts,
  type CampaignLaunch,
  type CampaignOutline,
  type TreeCounts,
} from '../domain/campaign-tree';
import { localTimeToInstant } from '../domain/dates';
import type { DecreeRef, Withdrawal } from '../domain/school-task';
import { TasksDoneKey } from '../domain/search-attributes';
import { tree } from './activity-proxies';
import {
  branchProgressSignal,
  campaignRefQuery,
  treeProgressQuery,
  withdrawCampaignSignal,
  type ConsolidatedEdition,
  type TreeProgress,
} from './definitions';
import { regionWorkflow, type RegionInput } from './region';
import { historyIsLong, signalEachOpen, startChildren } from './tree-node';

export interface CampaignTreeInput extends CampaignLaunch {
  carried?: CampaignCarried;
}

interface CampaignCarried {
  outline?: CampaignOutline;
  decreeSha256?: string;
  launchedAt: string;
  started: number;
  byRegion: Record<string, TreeCounts>;
  withdrawal?: Withdrawal & { at: string };
  withdrawalSent: boolean;
  editions: ConsolidatedEdition[];
  /** Report versions each clause's latest edition covered (-1: the edition at the deadline is still due). */
  seen: Record<string, number>;
  tasksDone: number;
  run: number;
}

export async function campaignTree(input: CampaignTreeInput): Promise<TreeProgress> {
  const { ref, limits } = input;
  assertTreeLimits(limits);
  const s: CampaignCarried = input.carried ?? {
    launchedAt: workflowInfo().startTime.toISOString(),
    started: 0,
    byRegion: {},
    withdrawalSent: false,
    editions: [],
    seen: {},
    tasksDone: 0,
    run: 1,
  };
  const counts = () => sumCounts(Object.values(s.byRegion));
  setHandler(treeProgressQuery, () => progressOf(s, counts()));
  setHandler(campaignRefQuery, () => ref);
  setHandler(branchProgressSignal, ({ branchId, counts: c }) => void (s.byRegion[branchId] = c));
  setHandler(
    withdrawCampaignSignal,
    (withdrawal) => void (s.withdrawal ??= { ...withdrawal, at: new Date().toISOString() }),
  );
  // Handlers first, so a withdrawal during the launch is recorded and forwarded once the regions exist.
  const carryOn = () => continueAsNew<typeof campaignTree>({ ...input, carried: { ...s, run: s.run + 1 } });

  const outline = (s.outline ??= await tree.campaignOutline(ref, limits));
  s.decreeSha256 ??= (await tree.renderCampaignDecree(ref)).sha256;
  const decree: DecreeRef = { ...outline.decree, sha256: s.decreeSha256 };
  const clauses = outline.clauses.map((c) => c.number);
  for (const c of reportClauses(outline))
    s.seen[c.number] ??= Date.parse(s.launchedAt) >= deadlineOf(outline, c) ? 0 : -1;
  while (s.started < outline.regions.length) {
    const next = outline.regions.slice(s.started, s.started + limits.window);
    await startChildren(
      ref.campaignId,
      next.map((region) => ({
        workflow: regionWorkflow,
        workflowId: regionWorkflowId(ref.campaignId, region.code),
        args: [regionInput(input, s, decree, clauses, region)],
      })),
      next.length,
    );
    s.started += next.length;
    if (historyIsLong(limits)) await carryOn();
  }
  const expected = outline.schools * clauses.length;
  for (;;) {
    const next = nextDeadline(outline, s);
    const wake = () =>
      (s.withdrawal !== undefined && !s.withdrawalSent) ||
      editionsDue(outline, s, counts()).length > 0 ||
      counts().done !== s.tasksDone ||
      allClosed(counts(), expected) ||
      historyIsLong(limits);
    await (next === undefined ? condition(wake) : condition(wake, Math.max(1, next - Date.now())));
    if (s.withdrawal && !s.withdrawalSent) await forwardWithdrawal(s, outline, ref.campaignId);
    for (const clause of editionsDue(outline, s, counts())) await issueEdition(input, s, clause, counts());
    if (counts().done !== s.tasksDone)
      upsertSearchAttributes([{ key: TasksDoneKey, value: (s.tasksDone = counts().done) }]);
    if (allClosed(counts(), expected) && editionsDue(outline, s, counts()).length === 0) return progressOf(s, counts());
    if (historyIsLong(limits)) await carryOn();
  }
}

function regionInput(
  input: CampaignTreeInput,
  s: CampaignCarried,
  decree: DecreeRef,
  clauses: string[],
  region: { code: string; name: string },
): RegionInput {
  return {
    launch: { ref: input.ref, limits: input.limits },
    region: { code: region.code, name: region.name },
    clauses,
    decree,
    issuedAt: s.launchedAt,
    parentId: workflowInfo().workflowId,
  };
}

async function forwardWithdrawal(s: CampaignCarried, outline: CampaignOutline, campaignId: string): Promise<void> {
  s.withdrawalSent = true;
  await signalEachOpen(
    outline.regions.map((r) => regionWorkflowId(campaignId, r.code)),
    withdrawCampaignSignal,
    { reason: s.withdrawal!.reason },
  );
}

function reportClauses(outline: CampaignOutline) {
  return outline.clauses.filter((c) => c.kind === 'school-report');
}

/** Clause 1.9's deadline in the issuer's zone: the first edition is issued then. */
function deadlineOf(outline: CampaignOutline, clause: CampaignOutline['clauses'][number]): number {
  return localTimeToInstant(clause.due, clause.dueHour ?? 24, outline.timeZone).getTime();
}

function nextDeadline(outline: CampaignOutline, s: CampaignCarried): number | undefined {
  return reportClauses(outline)
    .filter((c) => s.seen[c.number] === -1)
    .map((c) => deadlineOf(outline, c))
    .sort((a, b) => a - b)[0];
}

/** After the deadline: an edition whenever the filed versions differ from what the latest edition covered. */
function editionsDue(outline: CampaignOutline, s: CampaignCarried, counts: TreeCounts): string[] {
  return reportClauses(outline)
    .filter(
      (c) =>
        Date.now() >= deadlineOf(outline, c) && (counts.byClause[c.number]?.reportVersions ?? 0) !== s.seen[c.number],
    )
    .map((c) => c.number);
}

async function issueEdition(
  input: CampaignTreeInput,
  s: CampaignCarried,
  clauseNumber: string,
  counts: TreeCounts,
): Promise<void> {
  s.seen[clauseNumber] = counts.byClause[clauseNumber]?.reportVersions ?? 0;
  const edition = s.editions.filter((e) => e.clauseNumber === clauseNumber).length + 1;
  const generatedAt = new Date().toISOString();
  const issued = await tree.issueConsolidatedEdition({ ref: input.ref, clauseNumber, edition, generatedAt });
  s.editions.push({
    clauseNumber,
    edition,
    at: generatedAt,
    sha256: issued.sha256,
    submitted: issued.submitted,
    total: issued.total,
  });
}

function progressOf(s: CampaignCarried, counts: TreeCounts): TreeProgress {
  const outline = s.outline;
  const clauses = outline?.clauses.length ?? 0;
  return {
    campaignId: workflowInfo().workflowId.replace(/^campaign-/, ''),
    level: 'campaign',
    timeZone: outline?.timeZone,
    decreeSha256: s.decreeSha256,
    ...(outline ? { decree: outline.decree } : {}),
    launchedAt: s.launchedAt,
    expectedTasks: (outline?.schools ?? 0) * clauses,
    expectedSchools: outline?.schools ?? 0,
    counts,
    clauses: outline?.clauses.map((c) => ({ number: c.number, title: c.title, due: c.due, kind: c.kind })),
    children: (outline?.regions ?? []).map((r) => ({
      id: regionWorkflowId(outline!.campaignId, r.code),
      code: r.code,
      name: r.name,
      counts: s.byRegion[regionWorkflowId(outline!.campaignId, r.code)],
    })),
    withdrawn: s.withdrawal,
    consolidatedReports: s.editions,
    run: s.run,
  };
}
