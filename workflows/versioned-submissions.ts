// What the kinds that keep versions of a submission share (the 1.9 report, the questionnaire): a version filed in
// time may be corrected until the deadline, one filed after it is final, a withdrawn task takes nothing, and a
// refusal carries the Russian message the school reads.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import type { TaskState } from '../domain/school-task';
import { USER_ERRORS, type UserErrorType } from '../domain/user-errors';
import { deadlineMs } from './task-handlers';

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

/** A new version's receipt number and times: late when filed after the deadline. */
export function newVersionStamp(state: TaskState, number: number, receiptNumber: string) {
  const submittedAt = new Date().toISOString();
  return { version: number, submittedAt, late: Date.now() > deadlineMs(state), receiptNumber };
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
