// A batch sends its tasks' deadline steps: the steps are the ones each task would compute for itself, and a row
// owes a step only while the task is open, on the batch's due date, of that clause, and not sent the step yet.
import { MockActivityEnvironment } from '@temporalio/testing';
import { batchLadder, mailBatchDeadlineStep, owesStep } from '../../activities/campaign-tree/batch-deadline-steps';
import { planBatchWindow, type BatchWindow } from '../../activities/campaign-tree/campaign-tree-activities';
import type { ActivityDeps } from '../../activities/deps';
import { createTaskLinks } from '../../activities/links/task-links';
import { createTextRenderer } from '../../activities/texts/renderer';
import { campaignRegions } from '../../domain/campaign-tree';
import { ladderSteps } from '../../domain/deadline-ladder';
import { initialTaskState, type TaskState } from '../../domain/school-task';
import { generateRegionCampaign } from '../../examples/region/generate-region';

const campaign = generateRegionCampaign({ id: 'ladder-test', schools: 20, regions: 1, municipalities: 2, clauses: 3 });
const batch = campaignRegions(campaign, 10)[0]!.batches[0]!;
const decree = {
  kind: 'ПОСТАНОВЛЕНИЕ',
  number: '380',
  date: '2024-10-22',
  title: 'Об активации',
  sha256: 'a'.repeat(64),
};
const window: BatchWindow = {
  ref: { campaignId: campaign.id, sha256: 'b'.repeat(64) },
  batch,
  schoolsPerBatch: 10,
  offset: 0,
  limit: 2,
  decree,
  reportsTo: 'batch-x',
  ladderByBatch: true,
};
const deps = {
  campaigns: { load: async () => ({ campaign, clauseTexts: {} }) },
  tasks: { recordOpened: async () => undefined },
} as unknown as ActivityDeps;

it("gives every clause the steps its tasks would compute, and marks the window's tasks as left to the batch", async () => {
  const tasks = await planBatchWindow(deps, window);
  const ladders = await batchLadder(deps, window.ref);
  expect(ladders.map((l) => l.clause)).toEqual([...new Set(tasks.map((t) => t.clause.number))]);
  for (const task of tasks) {
    const ladder = ladders.find((l) => l.clause === task.clause.number)!;
    expect(ladder.due).toBe(task.due);
    expect(ladder.steps).toEqual(ladderSteps(task.due, task.ladder));
    expect(task.ladderByBatch).toBe(true);
  }
  const olderWindow: BatchWindow = { ...window, ladderByBatch: undefined };
  expect((await planBatchWindow(deps, olderWindow)).some((t) => 'ladderByBatch' in t)).toBe(false);
});

it("owes a step only while open, on the batch's due date and clause, and not sent yet", async () => {
  const [task] = await planBatchWindow(deps, window);
  const [ladder] = await batchLadder(deps, window.ref);
  const step = ladder!.steps[0]!;
  const sweep = { clause: task!.clause.number, due: task!.due, step };
  const open: TaskState = initialTaskState(task!);
  expect(owesStep(open, sweep)).toBe(true);
  expect(owesStep({ ...open, status: 'done' }, sweep)).toBe(false);
  expect(owesStep({ ...open, status: 'withdrawn' }, sweep)).toBe(false);
  expect(owesStep({ ...open, due: '2099-01-01' }, sweep)).toBe(false); // extended: the task sends its new date's steps
  expect(owesStep({ ...open, sentSteps: [{ ...step, sentAt: step.at, recipient: 'x@example.org' }] }, sweep)).toBe(
    false,
  );
  expect(owesStep(open, { ...sweep, clause: 'другой' })).toBe(false);
  // A task of an older batch sends its own.
  expect(owesStep({ ...open, task: { ...task!, ladderByBatch: undefined } } as TaskState, sweep)).toBe(false);
});

describe('mailBatchDeadlineStep', () => {
  const steps = async () => (await batchLadder(deps, window.ref))[0]!;

  /** The batch's first clause: rows in memory, a mailer that refuses one address, signals and heartbeats recorded. */
  async function rig(refuse?: string, closedBeforeSignal?: string) {
    const tasks = await planBatchWindow(deps, { ...window, limit: 10 });
    const rows = new Map(tasks.map((t) => [t.taskId, initialTaskState(t)]));
    const sent: string[] = [];
    const signalled: string[] = [];
    const stepDeps = {
      ...deps,
      tasks: { states: async (ids: string[]) => ids.flatMap((id) => rows.get(id) ?? []) },
      renderer: createTextRenderer(),
      links: createTaskLinks('x'.repeat(32), 'http://127.0.0.1:3000'),
      mailDomain: 'example.org',
      mailer: {
        send: async (m: { to: string[]; messageId: string }) => {
          if (m.to[0] === refuse) throw new Error('550 mailbox unavailable');
          sent.push(m.messageId);
          return { messageId: m.messageId, accepted: m.to };
        },
        close: () => undefined,
      },
      signalTask: async (taskId: string) => {
        if (taskId === closedBeforeSignal) return false;
        signalled.push(taskId);
        return true;
      },
    } as unknown as ActivityDeps;
    return { tasks, rows, sent, signalled, stepDeps };
  }

  it('mails each open task of the clause once, skips closed ones, and signals each task it mailed', async () => {
    const {
      due,
      clause,
      steps: [step],
    } = await steps();
    const { tasks, rows, sent, signalled, stepDeps } = await rig();
    const ofClause = tasks.filter((t) => t.clause.number === clause);
    rows.get(ofClause[0]!.taskId)!.status = 'done';
    const env = new MockActivityEnvironment();
    const result = await env.run(mailBatchDeadlineStep, stepDeps, {
      ref: window.ref,
      batch,
      schoolsPerBatch: 10,
      clause,
      due,
      step: step!,
    });
    expect(result).toEqual({ sent: ofClause.length - 1, skipped: 10 - ofClause.length + 1, unsignalled: [] });
    expect([...signalled].sort()).toEqual(
      ofClause
        .slice(1)
        .map((t) => t.taskId)
        .sort(),
    ); // sent 8 at a time: any order
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('sends to the rest when one address is refused, fails the attempt, and a retry sends only the refused one', async () => {
    const {
      due,
      clause,
      steps: [step],
    } = await steps();
    const { tasks, signalled, stepDeps } = await rig();
    const ofClause = tasks.filter((t) => t.clause.number === clause);
    const refused = ofClause[1]!;
    const refusing = (await rig(refused.school.officer.email)).stepDeps;
    const heartbeats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const input = { ref: window.ref, batch, schoolsPerBatch: 10, clause, due, step: step! };
    await expect(
      env.run(mailBatchDeadlineStep, { ...refusing, signalTask: stepDeps.signalTask }, input),
    ).rejects.toThrow(/not sent to 1 task/);
    expect([...signalled].sort()).toEqual(
      ofClause
        .filter((t) => t !== refused)
        .map((t) => t.taskId)
        .sort(),
    );
    signalled.length = 0;
    const retry = new MockActivityEnvironment({ heartbeatDetails: heartbeats.at(-1) });
    expect(await retry.run(mailBatchDeadlineStep, stepDeps, input)).toMatchObject({ sent: 1 });
    expect(signalled).toEqual([refused.taskId]);
  });

  it('keeps the mail of a task that closed before its signal, across a retry: the journal still finds it', async () => {
    const {
      due,
      clause,
      steps: [step],
    } = await steps();
    const { tasks } = await rig();
    const ofClause = tasks.filter((t) => t.clause.number === clause);
    const [closing, refused] = [ofClause[0]!, ofClause[1]!];
    const { stepDeps: refusing } = await rig(refused.school.officer.email, closing.taskId);
    const heartbeats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const input = { ref: window.ref, batch, schoolsPerBatch: 10, clause, due, step: step! };
    await expect(env.run(mailBatchDeadlineStep, refusing, input)).rejects.toThrow(/not sent to 1 task/);
    const { stepDeps } = await rig(undefined, closing.taskId);
    const result = (await new MockActivityEnvironment({ heartbeatDetails: heartbeats.at(-1) }).run(
      mailBatchDeadlineStep,
      stepDeps,
      input,
    )) as Awaited<ReturnType<typeof mailBatchDeadlineStep>>;
    expect(result.sent).toBe(1);
    expect(result.unsignalled).toEqual([
      expect.objectContaining({
        to: [closing.school.officer.email],
        messageId: expect.stringContaining(closing.taskId),
      }),
    ]);
  });
});
