// The batch's share of the deadline ladder: the steps of each clause's due date, and one activity that mails a
// step to every task of the batch still owing it, then tells each task what was sent. A region's 6,000 reminders
// of one minute are then sixty activities, not 6,000 workflow tasks.
import { Context } from '@temporalio/activity';
import { taskClauses } from '../../domain/campaign-clauses';
import { batchSchools, type BatchPlan, type CampaignRef, type ClauseLadder } from '../../domain/campaign-tree';
import { ladderSteps, type LadderStep } from '../../domain/deadline-ladder';
import { schoolTaskWorkflowId } from '../../domain/ids';
import type { SentStep, TaskState } from '../../domain/school-task';
import { ladderPolicyFor } from '../../domain/school-task-plan';
import type { ActivityDeps } from '../deps';
import { mailDeadlineStep } from '../mail/mail-deadline-step';
import type { MailRecord } from '../mail/mailer';
import { deadlineStepSentSignal } from '../../workflows/definitions';

/** Every task clause's steps for its due date: a few per clause, whatever the number of schools. */
export async function batchLadder(deps: ActivityDeps, ref: CampaignRef): Promise<ClauseLadder[]> {
  const { campaign } = await deps.campaigns.load(ref);
  return taskClauses(campaign).map((clause) => ({
    clause: clause.number,
    due: clause.task.due,
    steps: ladderSteps(clause.task.due, ladderPolicyFor(campaign, clause)),
  }));
}

export interface BatchDeadlineStep {
  ref: CampaignRef;
  batch: BatchPlan;
  schoolsPerBatch: number;
  clause: string;
  due: string;
  step: LadderStep;
}

/** Whether this row still owes the step: open, still on the date the batch reminds of, not sent yet. */
export function owesStep(state: TaskState, s: Pick<BatchDeadlineStep, 'clause' | 'due' | 'step'>): boolean {
  return (
    state.task.ladderByBatch === true &&
    state.task.clause.number === s.clause &&
    state.status === 'open' &&
    state.due === s.due &&
    !state.sentSteps.some((sent) => sent.key === s.step.key)
  );
}

const SENDS_AT_ONCE = 8;

/**
 * Mails the step to each task of the batch that owes it, then signals each task the step it was sent. Each group's
 * rows are read just before its mails, so a task that closed while earlier groups were mailed gets none (the row
 * trails the task's own state by one write: the only window left for a step crossing a submission). Heartbeats
 * the tasks done, so a retry skips them; one mailed but not yet signalled goes again with the same Message-ID.
 * A task whose send failed does not stop the others; the attempt fails at the end and retries only it.
 * Each mail's record travels in its signal, so the task's history is its journal entry; a task that closed between
 * the mail and the signal has no history to record it in, so the result keeps those (a few at most).
 */
export async function mailBatchDeadlineStep(
  deps: ActivityDeps,
  input: BatchDeadlineStep,
): Promise<{ sent: number; skipped: number; unsignalled: MailRecord[] }> {
  const { campaign } = await deps.campaigns.load(input.ref);
  const before = progressBefore();
  const done = new Set(before.done);
  const unsignalled: MailRecord[] = before.unsignalled;
  const taskIds = batchSchools(campaign, input.batch, input.schoolsPerBatch).map((school) =>
    schoolTaskWorkflowId(campaign.id, school.id, input.clause),
  );
  const pending = taskIds.filter((id) => !done.has(id));
  Context.current().heartbeat([...done, ...unsignalled]);
  let sent = 0;
  const failures: string[] = [];
  for (let i = 0; i < pending.length; i += SENDS_AT_ONCE) {
    const owing = (await deps.tasks.states(pending.slice(i, i + SENDS_AT_ONCE))).filter((state) =>
      owesStep(state, input),
    );
    const outcomes = await Promise.allSettled(
      owing.map(async (state) => {
        const mailed = await mailDeadlineStep(deps, {
          task: state.task,
          step: input.step,
          due: state.due,
          earlierSteps: state.sentSteps,
          linkVersion: state.linkVersion,
        });
        const mail = { messageId: mailed.messageId, subject: mailed.subject };
        const step: SentStep = { ...input.step, sentAt: new Date().toISOString(), recipient: mailed.recipient, mail };
        if (!(await deps.signalTask(state.task.taskId, deadlineStepSentSignal, step))) unsignalled.push(mailed);
        done.add(state.task.taskId);
        sent += 1;
      }),
    );
    outcomes.forEach(
      (o, k) => o.status === 'rejected' && failures.push(`${owing[k]!.task.taskId}: ${(o.reason as Error).message}`),
    );
    Context.current().heartbeat([...done, ...unsignalled]);
  }
  // One school's refused address must not hold back the batch: the others are sent, and only it is retried.
  if (failures.length > 0)
    throw new Error(
      `step ${input.step.key} not sent to ${failures.length} task(s), retried: ${failures.slice(0, 3).join('; ')}`,
    );
  return { sent, skipped: taskIds.length - done.size, unsignalled };
}

/** What a previous attempt did (its last heartbeat): the tasks it mailed, and the mails no task could record. */
function progressBefore(): { done: string[]; unsignalled: MailRecord[] } {
  const details: unknown = Context.current().info.heartbeatDetails;
  const items: unknown[] = Array.isArray(details) ? details : [];
  return {
    done: items.filter((d): d is string => typeof d === 'string'),
    unsignalled: items.filter((d): d is MailRecord => typeof d === 'object' && d !== null && 'messageId' in d),
  };
}
