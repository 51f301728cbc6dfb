// What a questionnaire leaves in the auditor's journal: drafts, each version of the answers and its receipt, and each
// consolidated summary the office issued (by whom, over how many schools).
import { journalEvent } from '../../client/journal-events';
import { exchanged, sent, type KindJournal } from '../../client/journal-tables';

export const questionnaireJournal = {
  activities: {
    mailAnswersReceipt: ({ at, result }) => sent(at, 'mailAnswersReceipt', result),
    issueAnswersSummary: ({ at, input, result }) => [
      journalEvent({ ...at, clause: input?.clause ?? at.clause }, 'answers.summarised', {
        sha256: result.sha256,
        answered: result.answered ?? null,
        total: result.total ?? null,
        by: input?.requestedBy ?? null,
      }),
    ],
  },
  updates: {
    saveAnswersDraftUpdate: (at, call) => [journalEvent(at, 'draft.saved', exchanged(call))],
    submitAnswersUpdate: (at, call) => [journalEvent(at, 'answers.submitted', exchanged(call))],
  },
  // A task's start is its decree mail and its campaign's launch; the summary's document is its activity's event.
  workflows: { questionnaireWorkflow: 'none', answersSummaryWorkflow: 'none' },
} satisfies KindJournal;
