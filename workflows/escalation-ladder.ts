// The reminder and escalation loop every task runs: sleep until the next step of the ladder, send it, repeat.
// It wakes early when the task closes (never a reminder after done) or when the due date moves (extension).
import { condition } from '@temporalio/workflow';
import { ladderSteps, type LadderPolicy, type LadderStep } from '../domain/deadline-ladder';

export interface LadderControl {
  policy: LadderPolicy;
  isClosed(): boolean;
  due(): string;
  wasSent(key: string): boolean;
  /** Another workflow (the task's batch) sends the steps of this due date. */
  sentElsewhere(due: string): boolean;
  send(step: LadderStep): Promise<void>;
}

export async function escalationLadder(ctl: LadderControl): Promise<void> {
  let due = ctl.due();
  // Steps that fell due before the task existed, or before its due date last moved, are not sent:
  // a task launched late, or extended, is not flooded with catch-up mail.
  let since = new Date().toISOString();
  while (!ctl.isClosed()) {
    if (ctl.due() !== due) {
      due = ctl.due();
      since = new Date().toISOString();
    }
    const interrupted = () => ctl.isClosed() || ctl.due() !== due;
    const next = ctl.sentElsewhere(due)
      ? undefined
      : ladderSteps(due, ctl.policy).find((s) => s.at >= since && !ctl.wasSent(s.key));
    if (!next) {
      await condition(interrupted);
      continue;
    }
    const woke = await condition(interrupted, Math.max(1, Date.parse(next.at) - Date.now()));
    if (woke || interrupted()) continue;
    await ctl.send(next);
  }
}
