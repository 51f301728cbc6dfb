// The attestation task (clause 1.2): its submission is the shared attestation Update (the journal's general table),
// its receipt the shared receipt mail; its workflow's start is its decree mail and its campaign's launch.
import type { KindJournal } from '../../client/journal-tables';

export const registrationJournal = {
  activities: {},
  updates: {},
  workflows: { schoolTaskWorkflow: 'none' },
} satisfies KindJournal;
