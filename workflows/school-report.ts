// Clause 1.9: the school's report by a set date. The form is saved as drafts and resumed from the same link;
// each submission is a version, rendered as a PDF and mailed to the office mailbox with the decree's mark.
// Corrections are accepted until the deadline; a report first sent after it is accepted and marked late.
import {
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  filedReportOf,
  parseSchoolReport,
  reportDraftSchema,
  type ReportVersion,
  type SchoolReport,
} from '../domain/school-report';
import type { SchoolTask, TaskState } from '../domain/school-task';
import { USER_ERRORS, type UserErrorType } from '../domain/user-errors';
import { documents, mail } from './activity-proxies';
import { reportFiledSignal, saveReportDraftUpdate, submitReportUpdate, type ReportReceipt } from './definitions';
import {
  closeTask,
  deadlineMs,
  installTaskHandlers,
  newTaskState,
  runDeadlineLadder,
  type TaskPublisher,
} from './task-handlers';

export async function schoolReportWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = newTaskState(task);
  const published = installTaskHandlers(state);
  installReportHandlers(state);
  const ladder = runDeadlineLadder(state, published); // reminders stop at the first submission

  let filed = 0;
  for (;;) {
    const versions = state.report!.versions;
    while (filed < versions.length) await fileVersion(state, versions[filed++]!, published);
    if (state.status === 'withdrawn' || (state.status === 'done' && !correctable(state))) break;
    const due = state.due;
    const wake = () => versions.length > filed || state.status === 'withdrawn' || state.due !== due;
    if (state.status === 'done') await condition(wake, Math.max(1, deadlineMs(state) - Date.now()));
    else await condition(wake);
  }
  await ladder;
  return closeTask(state, published, async () => undefined); // every version already had its receipt
}

function installReportHandlers(state: TaskState): void {
  setHandler(
    saveReportDraftUpdate,
    (input) => {
      state.report!.draft = reportDraftSchema().parse(input);
      state.report!.draftSavedAt = new Date().toISOString();
      return { savedAt: state.report!.draftSavedAt };
    },
    {
      validator: (input) => {
        writable(state);
        const parsed = reportDraftSchema().safeParse(input);
        if (!parsed.success) reject('InvalidDraft', parsed.error.issues.map((i) => i.message).join('; '));
      },
    },
  );
  setHandler(submitReportUpdate, (input): ReportReceipt => acceptVersion(state, acceptableReport(state, input)), {
    // Synchronous, as the SDK requires: an inconsistent report never reaches history or state.
    validator: (input) => void acceptableReport(state, input),
  });
}

function acceptVersion(state: TaskState, report: SchoolReport): ReportReceipt {
  const submittedAt = new Date().toISOString();
  const version: ReportVersion = {
    version: state.report!.versions.length + 1,
    submittedAt,
    late: Date.now() > deadlineMs(state),
    receiptNumber: uuid4().slice(0, 8).toUpperCase(),
    report,
  };
  state.report!.versions.push(version);
  state.report!.draft = undefined;
  state.receipt = { receiptNumber: version.receiptNumber, submittedAt };
  state.status = 'done';
  return { receiptNumber: version.receiptNumber, submittedAt, version: version.version, late: version.late };
}

/** Before the deadline a submitted report can still be corrected; a late one is final once filed. */
function correctable(state: TaskState): boolean {
  const latest = state.report!.versions.at(-1);
  return !latest || (!latest.late && Date.now() < deadlineMs(state));
}

function writable(state: TaskState): void {
  if (state.status === 'withdrawn') reject('TaskWithdrawn');
  if (state.status === 'done' && !correctable(state)) reject('CorrectionClosed');
}

function acceptableReport(state: TaskState, input: unknown): SchoolReport {
  writable(state);
  const parsed = parseSchoolReport(input);
  if (!parsed.ok) reject('InvalidReport', parsed.message);
  return parsed.value;
}

function reject(type: UserErrorType, detail?: string): never {
  throw ApplicationFailure.nonRetryable(detail ? `${USER_ERRORS[type]}: ${detail}` : USER_ERRORS[type], type);
}

/** Renders the version's PDF (hash into history), mails it to the office mailbox and the receipt to the school, tells
 * the campaign (or its batch). */
async function fileVersion(state: TaskState, version: ReportVersion, published: TaskPublisher): Promise<void> {
  const { task } = state;
  const document = await documents.renderSchoolReport({ task, version });
  version.documentSha256 = document.sha256;
  await Promise.all([mail.mailReportToOffice({ task, version }), mail.mailReportReceipt({ task, version })]);
  await published.settled(); // the consolidated edition this signal may bring reads the version from the read model
  // A tree's task tells its batch by reportsTo (batches now start tasks from an activity, so it may have no
  // parent); a task of the first shape has no reportsTo and tells its parent, the campaign.
  const counter = task.reportsTo ?? workflowInfo().parent?.workflowId;
  if (counter)
    await getExternalWorkflowHandle(counter).signal(
      reportFiledSignal,
      filedReportOf(task.clause.number, task.school, version),
    );
}
