// The journal bench's baseline, in a process of its own like the CLI it is compared with: list the campaign's
// workflows and read every history exactly as the journal export does (same listing, same parallel reads), keeping
// nothing. Prints one JSON line: histories, history events, milliseconds.
import { listTimelineRuns, readHistories } from '../../client/audit-timeline';
import { loadConfig } from '../../config/app-config';
import { connectTemporal } from '../../scripts/lib/temporal-client';

async function main(): Promise<void> {
  const started = performance.now();
  const { client, connection } = await connectTemporal(loadConfig());
  try {
    const { runs } = await listTimelineRuns(client, process.argv[2]!);
    let events = 0;
    await readHistories(client, runs, (_run, history) => void (events += history.length));
    console.log(JSON.stringify({ histories: runs.length, events, ms: Math.round(performance.now() - started) }));
  } finally {
    await connection.close();
  }
}

void main();
