// What the kinds that keep versions of a submission share (the 1.9 report, the questionnaire): a version filed in
// time may be corrected until the deadline, one filed after it is final, a withdrawn task takes nothing, and a
// refusal carries the Russian message the school reads.
import { ApplicationFailure } from '@temporalio/workflow';
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
