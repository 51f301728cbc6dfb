// The leaf of the campaign tree: up to a hundred schools of one municipality. It starts their tasks a window at
// a time, mails each school the decree, then counts what its tasks report until every one has closed.
import { condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import { allClosed, batchWorkflowId, emptyCounts, type BatchPlan, type CampaignLaunch } from '../domain/campaign-tree';
import type { DecreeRef, SchoolTask, TaskStatus, Withdrawal } from '../domain/school-task';
import { TASK_WORKFLOW_TYPES } from '../domain/task-kinds';
import { mail, tree } from './activity-proxies';
import { chatMigrationWorkflow } from './chat-migration';
import { reportFiledSignal, taskStatusSignal, treeProgressQuery, withdrawCampaignSignal, withdrawTaskSignal, type TreeProgress } from './definitions';
import { schoolReportWorkflow } from './school-report';
import { schoolTaskWorkflow } from './school-task';
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
}

export async function schoolBatchWorkflow(input: SchoolBatchInput): Promise<void> {
  const { launch, batch } = input;
  const batchId = batchWorkflowId(launch.ref.campaignId, batch);
  const s: BatchCarried = input.carried ?? { launched: 0, taskIds: [], closed: {}, reportVersions: {}, withdrawalSent: false, mailed: 0, run: 1 };
  const expected = batch.schools * input.clauses.length;
  const counts = () => batchCounts(input, s, expected);
  setHandler(treeProgressQuery, (): TreeProgress => ({
    campaignId: launch.ref.campaignId, level: 'batch', launchedAt: input.issuedAt, expectedTasks: expected, expectedSchools: batch.schools,
    counts: counts(), children: [], withdrawn: s.withdrawal, consolidatedReports: [], run: s.run,
  }));
  setHandler(taskStatusSignal, ({ taskId, clauseNumber, status }) => {
    if (status !== 'open') s.closed[taskId] = { clause: clauseNumber, status };
  });
  setHandler(reportFiledSignal, (report) => void (s.reportVersions[report.clauseNumber] = (s.reportVersions[report.clauseNumber] ?? 0) + 1));
  setHandler(withdrawCampaignSignal, (withdrawal) => void (s.withdrawal ??= { ...withdrawal, at: new Date().toISOString() }));

  let reported = '';
  while (s.launched < batch.schools) {
    await launchWindow(input, s, batchId);
    reported = await reportUpward(input.parentId, batchId, counts, 0);
    if (historyIsLong(launch.limits)) await continueAsNew<typeof schoolBatchWorkflow>({ ...input, carried: { ...s, run: s.run + 1 } });
  }
  for (;;) {
    await condition(() => JSON.stringify(counts()) !== reported || (s.withdrawal !== undefined && !s.withdrawalSent) || historyIsLong(launch.limits));
    if (s.withdrawal && !s.withdrawalSent) await withdrawOpenTasks(s, s.withdrawal);
    if (JSON.stringify(counts()) !== reported) reported = await reportUpward(input.parentId, batchId, counts, launch.limits.reportEveryMs);
    if (allClosed(counts(), expected) && JSON.stringify(counts()) === reported) return;
    if (historyIsLong(launch.limits)) await continueAsNew<typeof schoolBatchWorkflow>({ ...input, carried: { ...s, run: s.run + 1 } });
  }
}

/** Plans the next window of schools (their first read-model rows included), starts their tasks, mails the decree. */
async function launchWindow(input: SchoolBatchInput, s: BatchCarried, batchId: string): Promise<void> {
  const { launch, batch, decree } = input;
  const window = { ref: launch.ref, batch, schoolsPerBatch: launch.limits.schoolsPerBatch, offset: s.launched, limit: Math.min(launch.limits.window, batch.schools - s.launched), decree, reportsTo: batchId };
  if (patched('tasks-started-by-activity')) {
    // The tasks are not children: their inputs stay out of this history, which holds their ids only.
    s.taskIds.push(...(await tree.startWindowTasks(window)).taskIds);
  } else {
    const tasks = await tree.planBatchWindow(window);
    await startChildren(launch.ref.campaignId, tasks.map((t) => ({ workflow: workflowFor(t), workflowId: t.taskId, args: [t] })), tasks.length);
    s.taskIds.push(...tasks.map((t) => t.taskId));
  }
  await Promise.all(Array.from({ length: window.limit }, (_, i) => mail.mailDecreeToWindow({ ...window, offset: window.offset + i, limit: 1, issuedAt: input.issuedAt })));
  s.mailed += window.limit;
  s.launched += window.limit;
}

/** The workflow of each kind, by the one table that names them (the activity starts tasks by these names). */
const TASK_WORKFLOWS = { schoolTaskWorkflow, chatMigrationWorkflow, schoolReportWorkflow };

function workflowFor(task: SchoolTask): typeof schoolTaskWorkflow {
  return TASK_WORKFLOWS[TASK_WORKFLOW_TYPES[task.kind]];
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
  for (const clause of input.clauses) c.byClause[clause] = { total: input.batch.schools, done: 0, withdrawn: 0, reportVersions: s.reportVersions[clause] ?? 0 };
  for (const { clause, status } of Object.values(s.closed)) {
    const k = status === 'done' ? 'done' : 'withdrawn';
    c[k] += 1;
    c.byClause[clause]![k] += 1;
  }
  return c;
}

