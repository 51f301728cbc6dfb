// The questionnaire's Updates: the school saves its form as a draft, or submits it (a correction is a new version).
import { defineUpdate } from '@temporalio/workflow';
import type { TaskReceipt } from '../../domain/school-task';
import type { QuestionnaireForm } from './questions';

export interface AnswersReceipt extends TaskReceipt {
  version: number;
  late: boolean;
}

export const saveAnswersDraftUpdate = defineUpdate<{ savedAt: string }, [QuestionnaireForm]>('saveAnswersDraft');
export const submitAnswersUpdate = defineUpdate<AnswersReceipt, [QuestionnaireForm]>('submitAnswers');
