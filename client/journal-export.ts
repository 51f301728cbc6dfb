// The CLI's CSV and JSON exports of a whole campaign's journal, streamed: a region has 4,500 task histories and the
// country 120,000, so no export holds the journal in memory. Each event goes to a spool file as it is read (one
// line of JSON) and only its sort key stays in memory; the keys are sorted, and the file is written in that order
// from the spool. Memory holds the keys and the few histories being read.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { CSV_HEAD, csvLine, jsonEvent, jsonHead, jsonTail } from './audit-exports';
import { byTime, journalOfRuns, listTimelineRuns, type TimelineFilter } from './audit-timeline';
import type { JournalEvent } from './journal-events';

export type StreamedFormat = 'csv' | 'json';

interface SpooledEvent {
  at: string;
  workflowId: string;
  eventId: number;
  offset: number;
  length: number;
}

/** Writes the journal to `outPath` in time order; returns how many histories and events it holds. */
export async function writeCampaignJournal(
  client: Client,
  campaignId: string,
  filter: TimelineFilter,
  format: StreamedFormat,
  outPath: string,
): Promise<{ histories: number; events: number }> {
  const spoolDir = mkdtempSync(join(tmpdir(), 'decree-journal-'));
  const spool = openSync(join(spoolDir, 'events.jsonl'), 'w+');
  try {
    const { runs } = await listTimelineRuns(client, campaignId, filter);
    const keys: SpooledEvent[] = [];
    let offset = 0;
    const { timeZone } = await journalOfRuns(client, runs, filter, (e) => {
      const line = Buffer.from(`${JSON.stringify(e)}\n`);
      writeSync(spool, line, 0, line.length, offset);
      keys.push({ at: e.at, workflowId: e.workflowId, eventId: e.eventId, offset, length: line.length });
      offset += line.length;
    });
    keys.sort(byTime);
    writeInOrder(spool, keys, format, outPath, { campaignId, timeZone: timeZone ?? 'Europe/Moscow' });
    return { histories: runs.length, events: keys.length };
  } finally {
    closeSync(spool);
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

function writeInOrder(
  spool: number,
  keys: SpooledEvent[],
  format: StreamedFormat,
  outPath: string,
  t: { campaignId: string; timeZone: string },
): void {
  const out = openSync(outPath, 'w');
  try {
    const write = (text: string) => writeSync(out, text);
    const events = spooled(spool, keys);
    if (format === 'csv') {
      write(CSV_HEAD);
      for (const e of events) write(csvLine(e, t.timeZone));
      return;
    }
    write(jsonHead(t.campaignId, new Date().toISOString()));
    let first = true;
    for (const e of events) {
      write(jsonEvent(e, first));
      first = false;
    }
    write(jsonTail(keys.length));
  } finally {
    closeSync(out);
  }
}

function* spooled(spool: number, keys: SpooledEvent[]): Generator<JournalEvent> {
  for (const k of keys) {
    const bytes = Buffer.alloc(k.length);
    readSync(spool, bytes, 0, k.length, k.offset);
    yield JSON.parse(bytes.toString('utf8')) as JournalEvent;
  }
}
