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
import {
  submitTaskUpdate,
  taskStateQuery,
  treeProgressQuery,
  type TreeProgress,
  withdrawCampaignSignal,
} from '../../workflows/definitions';
import { TEST_OUTPUT_DIR } from '../support/pdf-text';
import { HOUR, moscowToday, SMALL_TREE, sleepUntil, until, useTimeSkippingRig } from '../support/time-skipping';
import { WORKFLOW_CODE } from '../../worker/create-worker';

const limits: TreeLimits = SMALL_TREE;
const rigOf = useTimeSkippingRig();

it(
  'reminders and an escalation reach the right people; counts and a withdrawal travel the tree',
  () =>
    (async () => {
      const due = workingCalendar().addWorkingDays(await moscowToday(rigOf().env), 5);
      const base = generateRegionCampaign({
        id: 'region-timeskip',
        schools: 20,
        regions: 2,
        municipalities: 2,
        clauses: 1,
      });
      const campaign = {
        ...base,
        decree: {
          ...base.decree,
          clauses: base.decree.clauses.map((c) => (c.task ? { ...c, task: { ...c.task, due } } : c)),
        },
      };
      const clause = campaign.decree.clauses.find((c) => c.task)!.number;
      const root = rigOf().env.client.workflow.getHandle(campaignWorkflowId(campaign.id));
      await launchCampaign(
        { client: rigOf().env.client, taskQueue: rigOf().taskQueue, documents: rigOf().store.documents },
        campaign,
        limits,
      );
      await until(
        () => root.query(treeProgressQuery),
        (p) => p.counts.started === 20 && p.counts.mailed === 20,
      );

      const [early, late] = [campaign.schools[0]!, campaign.schools[1]!].map((s) =>
        rigOf().env.client.workflow.getHandle(schoolTaskWorkflowId(campaign.id, s.id, clause)),
      );
      await early!.executeUpdate(submitTaskUpdate, {
        args: [{ staffTotal: 20, staffRegistered: 20, officerName: 'Иванова А.А.', confirm: true }],
      });
      const task: SchoolTask = (await late!.query(taskStateQuery)).task;
      const steps = ladderSteps(due, task.ladder);
      const firstEscalation = steps.find((s) => s.kind === 'escalation')!;
      await sleepUntil(rigOf().env, firstEscalation.at, HOUR);

      const mails = rigOf()
        .sink.messages()
        .filter((m) => m.messageId.includes(task.taskId) && !m.messageId.includes('decree'));
      expect(mails.map((m) => m.envelopeTo[0])).toEqual([
        task.school.officer.email,
        task.school.officer.email,
        task.school.officer.email,
        task.school.head.email,
      ]);
      expect(
        rigOf()
          .sink.messages()
          .filter((m) => m.messageId.includes(`${early!.workflowId}.`) && !m.subject.startsWith('Квитанция')),
      ).toHaveLength(0);

      const batch = campaignRegions(campaign, limits.schoolsPerBatch)[0]!.batches[0]!;
      const batchProgress: TreeProgress = await rigOf()
        .env.client.workflow.getHandle(batchWorkflowId(campaign.id, batch))
        .query(treeProgressQuery);
      expect(batchProgress.counts).toMatchObject({ total: 4, started: 4, mailed: 4, done: 1 });
      const p = await until(
        () => root.query(treeProgressQuery),
        (v) => v.counts.done === 1,
      );
      expect(p.counts).toMatchObject({ total: 20, started: 20, mailed: 20, done: 1, withdrawn: 0 });
      const lateState = await late!.query(taskStateQuery);
      expect(lateState.sentSteps.map((s) => s.kind)).toEqual(['reminder', 'reminder', 'reminder', 'escalation']);
      // The task page reads the read model: the task wrote each step the batch told it of, with the send time.
      const row = await until(
        () => rigOf().store.tasks.state(task.taskId),
        (v) => v?.sentSteps.length === 4,
      );
      expect(row!.sentSteps).toEqual(lateState.sentSteps);
      // The batch sent the steps (one activity per step for its four schools) and signalled each task what it sent;
      // the task sent none itself.
      const events = (await late!.fetchHistory()).events!;
      const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(scheduled.filter((name) => name.startsWith('mailDeadlineStep'))).toEqual([]);
      expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(
        0,
      );
      expect(
        events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'deadlineStepSent'),
      ).toHaveLength(4);
      const lateBatch = rigOf().env.client.workflow.getHandle(task.reportsTo!);
      const batchEvents = (await lateBatch.fetchHistory()).events!;
      const batchSteps = batchEvents.flatMap((e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'mailBatchDeadlineStep' ? [e] : [],
      );
      expect(batchSteps).toHaveLength(4);

      await root.signal(withdrawCampaignSignal, { reason: 'конец проверки' });
      const final = (await root.result()) as TreeProgress;
      expect(final.counts).toMatchObject({ done: 1, withdrawn: 19 });
      // The late task's and its batch's whole histories replay; kept for test/fixtures/histories (v7: the batch's
      // ladder).
      await late!.result();
      await lateBatch.result();
      mkdirSync(join(TEST_OUTPUT_DIR, 'histories'), { recursive: true });
      for (const handle of [late!, lateBatch]) {
        const history = await handle.fetchHistory();
        await Worker.runReplayHistory(WORKFLOW_CODE, history, handle.workflowId);
        writeFileSync(join(TEST_OUTPUT_DIR, 'histories', `${handle.workflowId}.json`), historyToJSON(history));
      }
    })(),
  300_000,
);
