// Clause 1.9: the school's report by a set date. The form is saved as drafts and resumed from the same link;
// each submission is a version, rendered as a PDF and mailed to the office mailbox with the decree's mark.
// Corrections are accepted until the deadline; a report first sent after it is accepted and marked late.
import { getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import { filedReportOf, parseSchoolReport, reportDraftSchema, type ReportVersion, type SchoolReport } from './report';
import type { SchoolTask, TaskState, TaskStateOf } from '../../domain/school-task';
import { documents, mail } from '../../workflows/activity-proxies';
import { reportFiledSignal } from '../../workflows/definitions';
import { saveReportDraftUpdate, submitReportUpdate, type ReportReceipt } from './messages';
import {
  closeTask,
  installTaskHandlers,
  newTaskState,
  runDeadlineLadder,
  type TaskPublisher,
} from '../../workflows/task-handlers';
import {
  assertWritable,
  fileVersionsUntilFinal,
  installDraftHandler,
  acceptVersion,
  reject,
} from '../../workflows/versioned-submissions';

export async function schoolReportWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = newTaskState<'school-report'>(task);
  const published = installTaskHandlers(state);
  installReportHandlers(state);
  const ladder = runDeadlineLadder(state, published); // reminders stop at the first submission

  await fileVersionsUntilFinal(state, state.report, (version) => fileVersion(state, version, published));
  await ladder;
  return closeTask(state, published, async () => undefined); // every version already had its receipt
}

function installReportHandlers(state: TaskStateOf<'school-report'>): void {
  installDraftHandler(state, state.report, saveReportDraftUpdate, reportDraftSchema);
  setHandler(
    submitReportUpdate,
    (input): ReportReceipt => {
      const report = acceptableReport(state, input);
      return acceptVersion(state, state.report, (stamp): ReportVersion => ({ ...stamp, report }));
    },
    {
      // Synchronous, as the SDK requires: an inconsistent report never reaches history or state.
      validator: (input) => void acceptableReport(state, input),
    },
  );
}

const latestOf = (state: TaskStateOf<'school-report'>) => state.report!.versions.at(-1);

function acceptableReport(state: TaskStateOf<'school-report'>, input: unknown): SchoolReport {
  assertWritable(state, latestOf(state));
  const parsed = parseSchoolReport(input);
  if (!parsed.ok) reject('InvalidReport', parsed.message);
  return parsed.value;
}

/** Renders the version's PDF (hash into history), mails it to the office mailbox and the receipt to the school, tells
 * the campaign (or its batch). */
async function fileVersion(
  state: TaskStateOf<'school-report'>,
  version: ReportVersion,
  published: TaskPublisher,
): Promise<void> {
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
