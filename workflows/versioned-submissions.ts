// What the kinds that keep versions of a submission share (the 1.9 report, the questionnaire): a version filed in
// time may be corrected until the deadline, one filed after it is final, a withdrawn task takes nothing, and a
// refusal carries the Russian message the school reads.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler, uuid4 } from '@temporalio/workflow';
import type { z } from 'zod';
import type { TaskReceipt, TaskState } from '../domain/school-task';
import { USER_ERRORS, type UserErrorType } from '../domain/user-errors';
import { deadlineMs, recordAcceptedSubmission } from './task-handlers';

/** Before the deadline a version filed in time can still be corrected; a late one is final once filed. */
export function correctable(state: TaskState, latest: { late: boolean } | undefined): boolean {
  return !latest || (!latest.late && Date.now() < deadlineMs(state));
}

/** Throws the refusal a draft or a version gets when the task no longer takes one. */
export function assertWritable(state: TaskState, latest: { late: boolean } | undefined): void {
  if (state.status === 'withdrawn') reject('TaskWithdrawn');
  if (state.status === 'done' && !correctable(state, latest)) reject('CorrectionClosed');
}

export function reject(type: UserErrorType, detail?: string): never {
  throw ApplicationFailure.nonRetryable(detail ? `${USER_ERRORS[type]}: ${detail}` : USER_ERRORS[type], type);
}

/** What every version carries: its number, when it came, whether after the deadline, its receipt. */
export interface VersionStamp {
  version: number;
  submittedAt: string;
  late: boolean;
  receiptNumber: string;
}

/** The task takes a new version (the draft it was typed from is done with) and is done; returns its receipt. */
export function acceptVersion<Version extends VersionStamp>(
  state: TaskState,
  part: Versioned<unknown, Version>,
  make: (stamp: VersionStamp) => Version,
): TaskReceipt & { version: number; late: boolean } {
  const stamp: VersionStamp = {
    version: part.versions.length + 1,
    submittedAt: new Date().toISOString(),
    late: Date.now() > deadlineMs(state),
    receiptNumber: uuid4().slice(0, 8).toUpperCase(),
  };
  part.versions.push(make(stamp));
  part.draft = undefined;
  state.receipt = { receiptNumber: stamp.receiptNumber, submittedAt: stamp.submittedAt };
  state.status = 'done';
  recordAcceptedSubmission(state);
  return { ...state.receipt, version: stamp.version, late: stamp.late };
}

/** A kind's own part of the state: the form as last typed and every version submitted. */
export interface Versioned<Draft, Version extends { late: boolean }> {
  draft?: Draft;
  draftSavedAt?: string;
  versions: Version[];
}

/** Saves the form as typed, to resume from the same link, while the task still takes a version. */
export function installDraftHandler<Draft, Input>(
  state: TaskState,
  part: Versioned<Draft, { late: boolean }>,
  update: UpdateDefinition<{ savedAt: string }, [Input]>,
  schema: () => z.ZodType<Draft>,
): void {
  setHandler(
    update,
    (input) => {
      part.draft = schema().parse(input);
      part.draftSavedAt = new Date().toISOString();
      return { savedAt: part.draftSavedAt };
    },
    {
      validator: (input) => {
        assertWritable(state, part.versions.at(-1));
        const parsed = schema().safeParse(input);
        if (!parsed.success) reject('InvalidDraft', parsed.error.issues.map((i) => i.message).join('; '));
      },
    },
  );
}

/**
 * Files each version as it comes (its document, its mails), until the task is withdrawn, or done with a version that
 * can no longer be corrected (late, or the deadline has passed). An extension moves that deadline.
 */
export async function fileVersionsUntilFinal<Version extends { late: boolean }>(
  state: TaskState,
  part: Versioned<unknown, Version>,
  file: (version: Version) => Promise<void>,
): Promise<void> {
  let filed = 0;
  const { versions } = part;
  for (;;) {
    while (filed < versions.length) await file(versions[filed++]!);
    if (state.status === 'withdrawn' || (state.status === 'done' && !correctable(state, versions.at(-1)))) return;
    const due = state.due;
    const wake = () => versions.length > filed || state.status === 'withdrawn' || state.due !== due;
    if (state.status === 'done') await condition(wake, Math.max(1, deadlineMs(state) - Date.now()));
    else await condition(wake);
  }
}
