// A regional campaign through the tree over simulated working days: reminders and escalations reach the right
// people, and the counts and a withdrawal travel the tree. The batches here never continue as new: on the Java
// time-skipping server a child that completes after its parent continued as new makes the server take time locks
// it holds for minutes (measured: 148 within 15 s; none with no continue-as-new), so simulated time stops. Counts
// and completions across continue-as-new are tested on the real dev server (region-campaign.int.test.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { launchCampaign } from '../../client/launch-campaign';
import { batchWorkflowId, campaignRegions, type TreeLimits } from '../../domain/campaign-tree';
import { ladderSteps } from '../../domain/deadline-ladder';
import { campaignWorkflowId, schoolTaskWorkflowId } from '../../domain/ids';
import type { SchoolTask } from '../../domain/school-task';
import { workingCalendar } from '../../domain/working-days';
import { generateRegionCampaign } from '../../examples/region/generate-region';
import { submitTaskUpdate, taskStateQuery, treeProgressQuery, type TreeProgress } from '../../workflows/definitions';
import { TEST_OUTPUT_DIR } from '../support/pdf-text';
import { moscowToday, sleepUntil, useTimeSkippingRig } from '../support/time-skipping';
import { WORKFLOW_CODE } from '../../worker/create-worker';

const HOUR = 3600_000;
const limits: TreeLimits = { schoolsPerBatch: 4, window: 2, historyEvents: 4_000, reportEveryMs: 1_000 };
const rigOf = useTimeSkippingRig();

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('reminders and an escalation reach the right people; counts and a withdrawal travel the tree', () => (async () => {
  const due = workingCalendar().addWorkingDays(await moscowToday(rigOf().env), 5);
  const base = generateRegionCampaign({ id: 'region-timeskip', schools: 20, regions: 2, municipalities: 2, clauses: 1 });
  const campaign = { ...base, decree: { ...base.decree, clauses: base.decree.clauses.map((c) => (c.task ? { ...c, task: { ...c.task, due } } : c)) } };
  const clause = campaign.decree.clauses.find((c) => c.task)!.number;
  const root = rigOf().env.client.workflow.getHandle(campaignWorkflowId(campaign.id));
  await launchCampaign({ client: rigOf().env.client, taskQueue: rigOf().taskQueue, documents: rigOf().store.documents }, campaign, limits);
  await until(() => root.query(treeProgressQuery), (p) => p.counts.started === 20 && p.counts.mailed === 20);

  const [early, late] = [campaign.schools[0]!, campaign.schools[1]!].map((s) => rigOf().env.client.workflow.getHandle(schoolTaskWorkflowId(campaign.id, s.id, clause)));
  await early!.executeUpdate(submitTaskUpdate, { args: [{ staffTotal: 20, staffRegistered: 20, officerName: 'Иванова А.А.', confirm: true }] });
  const task: SchoolTask = (await late!.query(taskStateQuery)).task;
  const steps = ladderSteps(due, task.ladder);
  const firstEscalation = steps.find((s) => s.kind === 'escalation')!;
  await sleepUntil(rigOf().env, firstEscalation.at, HOUR);

  const mails = rigOf().sink.messages().filter((m) => m.messageId.includes(task.taskId) && !m.messageId.includes('decree'));
  expect(mails.map((m) => m.envelopeTo[0])).toEqual([task.school.officer.email, task.school.officer.email, task.school.officer.email, task.school.head.email]);
  expect(rigOf().sink.messages().filter((m) => m.messageId.includes(`${early!.workflowId}.`) && !m.subject.startsWith('Квитанция'))).toHaveLength(0);

  const batch = campaignRegions(campaign, limits.schoolsPerBatch)[0]!.batches[0]!;
  const batchProgress: TreeProgress = await rigOf().env.client.workflow.getHandle(batchWorkflowId(campaign.id, batch)).query(treeProgressQuery);
  expect(batchProgress.counts).toMatchObject({ total: 4, started: 4, mailed: 4, done: 1 });
  const p = await until(() => root.query(treeProgressQuery), (v) => v.counts.done === 1);
  expect(p.counts).toMatchObject({ total: 20, started: 20, mailed: 20, done: 1, withdrawn: 0 });
  const lateState = await late!.query(taskStateQuery);
  expect(lateState.sentSteps.map((s) => s.kind)).toEqual(['reminder', 'reminder', 'reminder', 'escalation']);
  // The task page reads the read model: each step's activity wrote it there, with the same send time as history.
  const row = await until(() => rigOf().store.tasks.state(task.taskId), (v) => v?.sentSteps.length === 4);
  expect(row!.sentSteps).toEqual(lateState.sentSteps);
  // One local activity per step mailed it and wrote the row, in the workflow task its timer woke: no activity task
  // for the step, and no write of its own after it.
  const events = (await late!.fetchHistory()).events!;
  const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled).not.toContain('mailDeadlineStepRecorded');
  expect(scheduled).not.toContain('recordTaskState');
  expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(4);

  await root.signal('withdrawCampaign', { reason: 'конец проверки' });
  const final = (await root.result()) as TreeProgress;
  expect(final.counts).toMatchObject({ done: 1, withdrawn: 19 });
  // The late task's whole history replays; kept for test/fixtures/histories (the v6 reminders' shape).
  await late!.result();
  const history = await late!.fetchHistory();
  await Worker.runReplayHistory(WORKFLOW_CODE, history, late!.workflowId);
  mkdirSync(join(TEST_OUTPUT_DIR, 'histories'), { recursive: true });
  writeFileSync(join(TEST_OUTPUT_DIR, 'histories', `${late!.workflowId}.json`), historyToJSON(history));
})(), 300_000);
