// The questionnaire's activities: the receipt of each version (the school's copy of its answers) and the consolidated
// summary across schools, issued as a verifiable PDF.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { SchoolTask } from '../../domain/school-task';
import type { ActivityDeps } from '../../activities/deps';
import { issuePdf, withVerification } from '../../activities/documents/document-verification';
import { renderPdf } from '../../activities/documents/pdf-printer';
import { stepRecipient } from '../../activities/mail/mail-deadline-step';
import { fromOffice, renderMailParts } from '../../activities/mail/mail-parts';
import { sendRecorded, type MailRecord } from '../../activities/mail/mailer';
import { answersInWords } from './form';
import type { AnswersVersion } from './questions';
import { answerLinesOf } from './answer-lines';
import { answersSummaryDefinition } from './summary-pdf';

export interface AnswersVersionRef {
  task: SchoolTask;
  version: AnswersVersion;
}

/** What the summary covers: one clause of one campaign, and who asked for it. */
export interface AnswersSummaryRequest {
  campaignId: string;
  clause: string;
  requestedBy?: string;
}

export interface IssuedSummary {
  sha256: string;
  answered: number;
  total: number;
}

export function questionnaireActivities(deps: ActivityDeps) {
  return {
    mailAnswersReceipt: (ref: AnswersVersionRef) => mailAnswersReceipt(deps, ref),
    issueAnswersSummary: (request: AnswersSummaryRequest) => issueAnswersSummary(deps, request),
  };
}

async function mailAnswersReceipt(deps: ActivityDeps, { task, version }: AnswersVersionRef): Promise<MailRecord> {
  const context = {
    task,
    version,
    answers: answersInWords(task.questions ?? [], version.answers),
    submittedAtRu: formatRuDateTime(new Date(version.submittedAt), task.timeZone),
    dueRu: formatRuDate(task.due),
  };
  return sendRecorded(deps.mailer, {
    messageId: messageIdFor(task.taskId, `answers.v${version.version}.receipt`, deps.mailDomain),
    from: fromOffice(task.office),
    to: [stepRecipient(task, 'assignee').email],
    ...renderMailParts(deps.renderer, 'answers-receipt', context),
  });
}

async function issueAnswersSummary(deps: ActivityDeps, request: AnswersSummaryRequest): Promise<IssuedSummary> {
  const { lines, sample } = await answerLinesOf(deps.tasks, request.campaignId, request.clause);
  if (!sample) throw new Error(`campaign ${request.campaignId} has no tasks of clause ${request.clause}`);
  const stored = await issuePdf(deps, { kind: 'questionnaire-summary', campaignId: request.campaignId }, (v) =>
    renderPdf(
      withVerification(
        answersSummaryDefinition({
          task: sample.task,
          questions: sample.task.questions ?? [],
          lines,
          asOf: v?.issuedAt ?? new Date(),
        }),
        v,
      ),
    ),
  );
  return { sha256: stored.sha256, answered: lines.filter((l) => l.latest).length, total: lines.length };
}
