// A school's questionnaire: the form is saved as drafts and resumed from the same link; each submission is a version
// with its receipt by mail. Corrections are accepted until the deadline; answers first sent after it are accepted,
// marked late and final. Reminders and escalations run as for every kind until the first submission.
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities';
import type { SchoolTask, TaskState, TaskStateOf } from '../../domain/school-task';
import { closeTask, installTaskHandlers, newTaskState, runDeadlineLadder } from '../../workflows/task-handlers';
import {
  assertWritable,
  fileVersionsUntilFinal,
  installDraftHandler,
  acceptVersion,
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
  setHandler(
    submitAnswersUpdate,
    (form): AnswersReceipt => {
      const answers = acceptableAnswers(state, form);
      return acceptVersion(state, state.questionnaire, (stamp) => ({ ...stamp, answers }));
    },
    {
      // Synchronous, as the SDK requires: answers that do not fit the questions never reach history or state.
      validator: (form) => void acceptableAnswers(state, form),
    },
  );
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
