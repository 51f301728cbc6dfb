// A school's questionnaire: the form is saved as drafts and resumed from the same link; each submission is a version
// with its receipt by mail. Corrections are accepted until the deadline; answers first sent after it are accepted,
// marked late and final. Reminders and escalations run as for every kind until the first submission.
import { proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities';
import type { SchoolTask, TaskState, TaskStateOf } from '../../domain/school-task';
import {
  closeTask,
  installTaskHandlers,
  newTaskState,
  recordAcceptedSubmission,
  runDeadlineLadder,
} from '../../workflows/task-handlers';
import {
  assertWritable,
  fileVersionsUntilFinal,
  installDraftHandler,
  newVersionStamp,
  reject,
} from '../../workflows/versioned-submissions';
import { saveAnswersDraftUpdate, submitAnswersUpdate, type AnswersReceipt } from './messages';
import { checkAnswers, questionnaireFormSchema, type Answers, type QuestionnaireForm } from './questions';

const { mailAnswersReceipt } = proxyActivities<Pick<CampaignActivities, 'mailAnswersReceipt'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

export async function questionnaireWorkflow(task: SchoolTask): Promise<TaskState> {
  const state = newTaskState<'questionnaire'>(task);
  const published = installTaskHandlers(state);
  installAnswerHandlers(state);
  const ladder = runDeadlineLadder(state, published); // reminders stop at the first submission

  await fileVersionsUntilFinal(state, state.questionnaire, (version) =>
    mailAnswersReceipt({ task, version }).then(() => undefined),
  );
  await ladder;
  return closeTask(state, published, async () => undefined); // every version had its receipt
}

function installAnswerHandlers(state: TaskStateOf<'questionnaire'>): void {
  installDraftHandler(state, state.questionnaire, saveAnswersDraftUpdate, questionnaireFormSchema);
  setHandler(submitAnswersUpdate, (form) => acceptVersion(state, acceptableAnswers(state, form)), {
    // Synchronous, as the SDK requires: answers that do not fit the questions never reach history or state.
    validator: (form) => void acceptableAnswers(state, form),
  });
}

function acceptVersion(state: TaskStateOf<'questionnaire'>, answers: Answers): AnswersReceipt {
  const questionnaire = state.questionnaire!;
  const stamp = newVersionStamp(state, questionnaire.versions.length + 1, uuid4().slice(0, 8).toUpperCase());
  questionnaire.versions.push({ ...stamp, answers });
  questionnaire.draft = undefined;
  state.receipt = { receiptNumber: stamp.receiptNumber, submittedAt: stamp.submittedAt };
  state.status = 'done';
  recordAcceptedSubmission(state);
  return { ...state.receipt, version: stamp.version, late: stamp.late };
}

const latestOf = (state: TaskStateOf<'questionnaire'>) => state.questionnaire!.versions.at(-1);

function acceptableAnswers(state: TaskStateOf<'questionnaire'>, form: QuestionnaireForm): Answers {
  assertWritable(state, latestOf(state));
  const shape = questionnaireFormSchema().safeParse(form);
  if (!shape.success) reject('InvalidAnswers', shape.error.issues.map((i) => i.message).join('; '));
  const checked = checkAnswers(state.task.questions ?? [], shape.data);
  if (!checked.ok) reject('InvalidAnswers', checked.problems.map((p) => p.message).join('; '));
  return checked.value;
}
