// The journal read from recorded histories of every shape the product has run (test/fixtures/histories): every
// activity, signal, Update, marker and workflow type in them is known to the journal's tables, every event fits its
// schema, and the mails of every shape (activity, local activity, a batch's signal) appear with their recipients.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { journalEventSchema, journalMessageIds } from '../../client/journal-events';
import { journalOfHistory } from '../../client/journal-of-history';

const dir = join(__dirname, '..', 'fixtures', 'histories');
const journals = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    return { file: f, ...journalOfHistory(f.replace(/\.json$/, ''), history.events ?? []) };
  });
const journalOf = (file: string) => journals.find((j) => j.file === file)!;

it('knows every name in every recorded history', () => {
  expect(journals.flatMap((j) => j.unmapped)).toEqual([]);
});

it('gives every event the shape its kind declares, and a Russian summary', () => {
  for (const j of journals) {
    for (const e of j.events) {
      expect(journalEventSchema.safeParse(e).error).toBeUndefined();
      expect(e.summary).toMatch(/[А-Яа-я]/);
    }
  }
});

it('finds a reminder sent by a local activity in its marker, with its Message-ID and step', () => {
  const steps = journalOf('task-region-timeskip-s00002-1.2.v6-step-local-activity.json').events.filter(
    (e) => e.kind === 'reminder.sent' || e.kind === 'escalation.sent',
  );
  expect(steps.length).toBeGreaterThan(0);
  expect(steps[0]).toMatchObject({
    kind: 'reminder.sent',
    details: {
      messageId: expect.stringContaining('reminder-3_'),
      to: ['sferum.s2@school.example'],
      step: { offsetWorkingDays: -3 },
    },
  });
});

it('finds a step a batch sent in the task it signalled (older signals carry no Message-ID)', () => {
  const steps = journalOf('task-region-timeskip-s00002-1.2.v7-batch-ladder.json').events.filter(
    (e) => e.kind === 'reminder.sent' || e.kind === 'escalation.sent',
  );
  expect(steps.map((e) => e.kind)).toContain('escalation.sent');
  expect(steps.every((e) => e.details.to.length === 1)).toBe(true);
});

it('lists the Message-IDs of the mails a campaign sent, once each', () => {
  const ids = journalMessageIds(journalOf('campaign-sergokala-380-2024.v2.json').events);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
});
