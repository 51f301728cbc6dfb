// What a 1.9 report leaves in the auditor's journal: each version's PDF, its mail to the office, its receipt.
import { journalEvent } from '../../client/journal-events';
import { exchanged, sent, type KindJournal } from '../../client/journal-tables';

export const schoolReportJournal = {
  activities: {
    renderSchoolReport: ({ at, input, result }) => [
      journalEvent(at, 'report.rendered', { sha256: result.sha256, version: input?.version?.version ?? null }),
    ],
    mailReportToOffice: ({ at, result }) => sent(at, 'mailReportToOffice', result),
    mailReportReceipt: ({ at, result }) => sent(at, 'mailReportReceipt', result),
  },
  updates: {
    saveReportDraftUpdate: (at, call) => [journalEvent(at, 'draft.saved', exchanged(call))],
    submitReportUpdate: (at, call) => [journalEvent(at, 'report.submitted', exchanged(call))],
  },
  // A task's start is its decree mail and its campaign's launch.
  workflows: { schoolReportWorkflow: 'none' },
} satisfies KindJournal;
