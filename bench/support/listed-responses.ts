// autocannon's worker thread requires this file as a request's onResponse: the time of each request as its client
// saw it (from its setup, which for a connection's first request includes connecting), by the order it was sent.
// Written once to BENCH_CLIENT_TIMES_FILE when BENCH_CLIENT_TIMES_EXPECTED responses have come.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_CLIENT_TIMES_FILE;
const expected = Number(process.env.BENCH_CLIENT_TIMES_EXPECTED);
const times: [number, number][] = [];

function onResponse(_status: number, _body: unknown, context: Record<string, unknown>): void {
  const sent = context.benchSent as { n: number; at: number } | undefined;
  if (!file || !sent) return;
  times.push([sent.n, performance.now() - sent.at]);
  if (times.length === expected) writeFileSync(file, JSON.stringify(times));
}

export = onResponse;
