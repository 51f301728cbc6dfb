// What the journal's tables are typed by, and the helpers their entries share: each kind's folder holds its own
// entries (kinds/*/journal.ts), which client/journal-of-history.ts gathers into tables the compiler holds complete.
import type { CampaignActivities } from '../activities';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type * as definitions from '../workflows/definitions';
import type * as workflowTypes from '../workflows';
import { journalEvent, type JournalEvent, type JournalPlace } from './journal-events';

/** What history keeps of a sent mail (MailRecord); older histories may lack a field. */
export interface RecordedMail {
  messageId?: string;
  to?: string[];
  subject?: string;
  attachments?: { filename: string; sha256: string }[];
}
export type Records = RecordedMail | { mails?: RecordedMail[] } | null | undefined | void;

function mailsOf(result: Records): RecordedMail[] {
  if (!result) return [];
  if ('mails' in result) return result.mails ?? [];
  return 'messageId' in result && result.messageId ? [result] : [];
}

export const sent = (at: JournalPlace, activity: string, result: Records): JournalEvent[] =>
  mailsOf(result).flatMap((m) =>
    m.messageId
      ? [
          journalEvent(at, 'mail.sent', {
            messageId: m.messageId,
            to: m.to ?? [],
            subject: m.subject ?? null,
            attachments: m.attachments ?? [],
            activity,
          }),
        ]
      : [],
  );

export type Step = { key: string; kind: 'reminder' | 'escalation'; offsetWorkingDays: number; to: string };
const stepOf = (s: Step): Step => ({ key: s.key, kind: s.kind, offsetWorkingDays: s.offsetWorkingDays, to: s.to });

export function stepMailed(
  at: JournalPlace,
  step: Step,
  mail: { messageId?: string; to?: string[]; subject?: string; attachments?: RecordedMail['attachments'] },
): JournalEvent {
  const details = {
    messageId: mail.messageId ?? null,
    to: mail.to ?? [],
    subject: mail.subject ?? null,
    attachments: mail.attachments ?? [],
    step: stepOf(step),
  };
  return step.kind === 'escalation'
    ? journalEvent(at, 'escalation.sent', details)
    : journalEvent(at, 'reminder.sent', details);
}

type Activity = keyof CampaignActivities;
type ActivityCall<K extends Activity> = {
  at: JournalPlace;
  input: Parameters<CampaignActivities[K]>[0];
  result: Awaited<ReturnType<CampaignActivities[K]>>;
};
export type ActivityJournal = { [K in Activity]: ((call: ActivityCall<K>) => JournalEvent[]) | 'none' };

type Definitions = typeof definitions;
// `any` only to match a definition of any arguments: the tables below are typed from each one's own.
/* eslint-disable @typescript-eslint/no-explicit-any */
type SignalName = {
  [K in keyof Definitions]: Definitions[K] extends SignalDefinition<any[], string> ? K : never;
}[keyof Definitions];
type UpdateName = {
  [K in keyof Definitions]: Definitions[K] extends UpdateDefinition<any, any[], string> ? K : never;
}[keyof Definitions];
/* eslint-enable @typescript-eslint/no-explicit-any */
type SignalArg<K extends SignalName> = Definitions[K] extends SignalDefinition<infer A, string> ? A[0] : never;
type UpdateCall<K extends UpdateName> =
  Definitions[K] extends UpdateDefinition<infer R, infer A, string> ? { submitted: A[0]; result: R } : never;
export type SignalJournal = { [K in SignalName]: ((at: JournalPlace, arg: SignalArg<K>) => JournalEvent[]) | 'none' };
export type UpdateJournal = { [K in UpdateName]: ((at: JournalPlace, call: UpdateCall<K>) => JournalEvent[]) | 'none' };

export const exchanged = (call: { submitted: unknown; result: unknown }) => ({
  submitted: call.submitted,
  result: call.result ?? null,
});

/** Who started a campaign or an import is in its first run's input; a continued run is the same launch. */
export type StartInput = {
  launchedBy?: string;
  importedBy?: string;
  week?: string;
  statisticsSha256?: string;
  ref?: { sha256?: string };
  reason?: string;
  by?: string;
  analysisWorkflowId?: string;
};
export type WorkflowJournal = {
  [K in keyof typeof workflowTypes]: ((at: JournalPlace, input: StartInput) => JournalEvent[]) | 'none';
};

/** A kind's own entries, gathered into the full tables by journal-of-history.ts. */
export interface KindJournal {
  activities: Partial<ActivityJournal>;
  updates: Partial<UpdateJournal>;
  workflows: Partial<WorkflowJournal>;
}
