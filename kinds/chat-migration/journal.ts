// What a 1.3 checklist leaves in the auditor's journal: each update of the list and the weekly nudges.
import { journalEvent } from '../../client/journal-events';
import { exchanged, sent, type KindJournal } from '../../client/journal-tables';

export const chatMigrationJournal = {
  activities: {
    mailChatNudge: ({ at, result }) => sent(at, 'mailChatNudge', result),
  },
  updates: {
    updateChatChecklistUpdate: (at, call) => [journalEvent(at, 'checklist.updated', exchanged(call))],
  },
  // A task's start is its decree mail and its campaign's launch.
  workflows: { chatMigrationWorkflow: 'none' },
} satisfies KindJournal;
