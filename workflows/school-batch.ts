// The leaf of the campaign tree: up to a hundred schools of one municipality. It starts their tasks a window at
// a time, mails each school the decree, then counts what its tasks report until every one has closed.
import { condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import {
  allClosed,
  batchWorkflowId,
  emptyCounts,
  type BatchPlan,
  type CampaignLaunch,
  type ClauseLadder,
} from '../domain/campaign-tree';
import type { LadderStep } from '../domain/deadline-ladder';
import type { DecreeRef, SchoolTask, TaskStatus, Withdrawal } from '../domain/school-task';
import { TASK_WORKFLOW_TYPES, type TaskWorkflowType } from '../domain/task-kinds';
import { questionnaireWorkflow } from '../kinds/questionnaire/workflow';
import { batchDeadline, mail, tree } from './activity-proxies';
import { chatMigrationWorkflow } from '../kinds/chat-migration/workflow';
import {
  reportFiledSignal,
  taskStatusSignal,
  treeProgressQuery,
  withdrawCampaignSignal,
  withdrawTaskSignal,
  type TreeProgress,
} from './definitions';
import { schoolReportWorkflow } from '../kinds/school-report/workflow';
import { schoolTaskWorkflow } from '../kinds/registration-deadline/workflow';
import { historyIsLong, reportUpward, signalEachOpen, startChildren } from './tree-node';

export interface SchoolBatchInput {
  launch: CampaignLaunch;
  batch: BatchPlan;
  /** The task clauses (number only): the batch expects schools × clauses tasks. */
  clauses: string[];
  decree: DecreeRef;
  issuedAt: string;
  parentId: string;
  /** What a previous run handed over (continue-as-new). */
  carried?: BatchCarried;
}

interface BatchCarried {
  /** Schools planned, started and mailed so far. */
  launched: number;
  taskIds: string[];
  /** Tasks no longer open, with their status. */
  closed: Record<string, { clause: string; status: TaskStatus }>;
  reportVersions: Record<string, number>;
  withdrawal?: Withdrawal & { at: string };
  withdrawalSent: boolean;
  mailed: number;
  run: number;
  /** The deadline steps this batch sends for its tasks (absent in batches started before it did). */
  ladder?: BatchLadder;
  /** Tasks done by statistics that may reopen until the given instant (their import may be undone). */
  holds?: Record<string, string>;
}

interface BatchLadder {
  /** Steps that fell due before the batch started are not sent, as a task skips those before it existed. */
  since: string;
  clauses: ClauseLadder[];
  /** `clause/step key` of each step sent to the batch. */
  sent: string[];
}

export async function schoolBatchWorkflow(input: SchoolBatchInput): Promise<void> {
  const { launch, batch } = input;
  const batchId = batchWorkflowId(launch.ref.campaignId, batch);
  const s: BatchCarried = input.carried ?? {
    launched: 0,
    taskIds: [],
    closed: {},
    reportVersions: {},
    withdrawalSent: false,
    mailed: 0,
    run: 1,
  };
  const expected = batch.schools * input.clauses.length;
  const counts = () => batchCounts(input, s, expected);
  setHandler(treeProgressQuery, (): TreeProgress => ({
    campaignId: launch.ref.campaignId,
    level: 'batch',
    launchedAt: input.issuedAt,
    expectedTasks: expected,
    expectedSchools: batch.schools,
    counts: counts(),
    children: [],
    withdrawn: s.withdrawal,
    consolidatedReports: [],
    run: s.run,
  }));
  setHandler(taskStatusSignal, ({ taskId, clauseNumber, status, holdUntil }) => {
    if (status !== 'open') s.closed[taskId] = { clause: clauseNumber, status };
    else delete s.closed[taskId]; // reopened: its import was undone
    if (holdUntil && status === 'done') s.holds = { ...s.holds, [taskId]: holdUntil };
    else if (s.holds?.[taskId]) delete s.holds[taskId];
  });
  setHandler(
    reportFiledSignal,
    (report) => void (s.reportVersions[report.clauseNumber] = (s.reportVersions[report.clauseNumber] ?? 0) + 1),
  );
  setHandler(
    withdrawCampaignSignal,
    (withdrawal) => void (s.withdrawal ??= { ...withdrawal, at: new Date().toISOString() }),
  );

  // Decided once, in the batch's first run: its tasks learn it from their input and leave those steps to it.
  if (!input.carried && patched('batch-owned-ladder'))
    s.ladder = { since: new Date().toISOString(), clauses: await tree.batchLadder(launch.ref), sent: [] };

  let reported = '';
  while (s.launched < batch.schools) {
    await launchWindow(input, s, batchId);
    reported = await reportUpward(input.parentId, batchId, counts, 0);
    if (historyIsLong(launch.limits))
      await continueAsNew<typeof schoolBatchWorkflow>({ ...input, carried: { ...s, run: s.run + 1 } });
  }
  const ladder = runBatchLadder(input, s);
  for (;;) {
    const woken = () =>
      JSON.stringify(counts()) !== reported ||
      (s.withdrawal !== undefined && !s.withdrawalSent) ||
      historyIsLong(launch.limits);
    // A task done by statistics may still reopen: the batch stays to count it until then, and wakes when the hold
    // passes, to tell its parent (whose counts carry the hold too, so no level ends before).
    const held = latestHold(s);
    if (held && patched('batch-waits-for-reversible-completions'))
      await condition(woken, Math.max(1, Date.parse(held) - Date.now()));
    else await condition(woken);
    if (s.withdrawal && !s.withdrawalSent) await withdrawOpenTasks(s, s.withdrawal);
    if (JSON.stringify(counts()) !== reported)
      reported = await reportUpward(input.parentId, batchId, counts, launch.limits.reportEveryMs);
    if (allClosed(counts(), expected) && JSON.stringify(counts()) === reported) return;
    if (historyIsLong(launch.limits)) {
      await condition(ladder.idle); // a step being sent is finished and marked before the next run takes over
      await continueAsNew<typeof schoolBatchWorkflow>({ ...input, carried: { ...s, run: s.run + 1 } });
    }
  }
}

/** A withdrawn campaign holds for nothing: an undone import cannot reopen its tasks (the page refuses it). */
function latestHold(s: BatchCarried): string | undefined {
  if (s.withdrawal) return undefined;
  const holds = Object.values(s.holds ?? {}).filter((until) => Date.parse(until) > Date.now());
  return holds.sort().at(-1);
}

/** Plans the next window of schools (their first read-model rows included), starts their tasks, mails the decree. */
async function launchWindow(input: SchoolBatchInput, s: BatchCarried, batchId: string): Promise<void> {
  const { launch, batch, decree } = input;
  const window = {
    ref: launch.ref,
    batch,
    schoolsPerBatch: launch.limits.schoolsPerBatch,
    offset: s.launched,
    limit: Math.min(launch.limits.window, batch.schools - s.launched),
    decree,
    reportsTo: batchId,
    ...(s.ladder && { ladderByBatch: true as const }),
  };
  if (patched('tasks-started-by-activity')) {
    // The tasks are not children: their inputs stay out of this history, which holds their ids only.
    s.taskIds.push(...(await tree.startWindowTasks(window)).taskIds);
  } else {
    const tasks = await tree.planBatchWindow(window);
    await startChildren(
      launch.ref.campaignId,
      tasks.map((t) => ({ workflow: workflowFor(t), workflowId: t.taskId, args: [t] })),
      tasks.length,
    );
    s.taskIds.push(...tasks.map((t) => t.taskId));
  }
  await Promise.all(
    Array.from({ length: window.limit }, (_, i) =>
      mail.mailDecreeToWindow({ ...window, offset: window.offset + i, limit: 1, issuedAt: input.issuedAt }),
    ),
  );
  s.mailed += window.limit;
  s.launched += window.limit;
}

/** The workflow of each kind, by the one table that names them (the activity starts tasks by these names). */
const TASK_WORKFLOWS = {
  schoolTaskWorkflow,
  chatMigrationWorkflow,
  schoolReportWorkflow,
  questionnaireWorkflow,
} satisfies Record<TaskWorkflowType, typeof schoolTaskWorkflow>;

function workflowFor(task: SchoolTask): typeof schoolTaskWorkflow {
  return TASK_WORKFLOWS[TASK_WORKFLOW_TYPES[task.kind]];
}

type DueStep = { clause: string; due: string; step: LadderStep };

/**
 * The deadline steps of the batch's tasks, from when every task has started: sleep until the next, mail it to
 * the batch, repeat, until the campaign is withdrawn (the batch ends when its tasks have closed).
 */
function runBatchLadder(input: SchoolBatchInput, s: BatchCarried): { idle: () => boolean } {
  let sending = false;
  const run = async (ladder: BatchLadder) => {
    for (let next = nextLadderStep(ladder); next && !s.withdrawal; next = nextLadderStep(ladder)) {
      if (await condition(() => s.withdrawal !== undefined, Math.max(1, Date.parse(next.step.at) - Date.now()))) return;
      sending = true;
      await sendLadderStep(input, ladder, next);
      sending = false;
    }
  };
  if (s.ladder) void run(s.ladder);
  return { idle: () => !sending };
}

/** The earliest step of any clause not yet sent, among those since the batch started. */
function nextLadderStep(ladder: BatchLadder | undefined): DueStep | undefined {
  if (!ladder) return undefined;
  const pending = ladder.clauses.flatMap(({ clause, due, steps }) =>
    steps
      .filter((step) => step.at >= ladder.since && !ladder.sent.includes(`${clause}/${step.key}`))
      .map((step) => ({ clause, due, step })),
  );
  return pending.sort((a, b) => a.step.at.localeCompare(b.step.at))[0];
}

/** One activity mails the step to every task of the batch that still owes it, and tells each task. */
async function sendLadderStep(
  input: SchoolBatchInput,
  ladder: BatchLadder,
  { clause, due, step }: DueStep,
): Promise<void> {
  await batchDeadline.mailBatchDeadlineStep({
    ref: input.launch.ref,
    batch: input.batch,
    schoolsPerBatch: input.launch.limits.schoolsPerBatch,
    clause,
    due,
    step,
  });
  ladder.sent.push(`${clause}/${step.key}`);
}

async function withdrawOpenTasks(s: BatchCarried, withdrawal: Withdrawal): Promise<void> {
  s.withdrawalSent = true;
  const open = s.taskIds.filter((id) => !s.closed[id]);
  await signalEachOpen(open, withdrawTaskSignal, { reason: withdrawal.reason });
}

function batchCounts(input: SchoolBatchInput, s: BatchCarried, expected: number) {
  const c = emptyCounts();
  c.schools = input.batch.schools;
  c.mailed = s.mailed;
  c.started = s.taskIds.length;
  c.total = expected;
  for (const clause of input.clauses)
    c.byClause[clause] = {
      total: input.batch.schools,
      done: 0,
      withdrawn: 0,
      reportVersions: s.reportVersions[clause] ?? 0,
    };
  for (const { clause, status } of Object.values(s.closed)) {
    const k = status === 'done' ? 'done' : 'withdrawn';
    c[k] += 1;
    c.byClause[clause]![k] += 1;
  }
  const held = latestHold(s);
  if (held) c.heldUntil = held;
  return c;
}
