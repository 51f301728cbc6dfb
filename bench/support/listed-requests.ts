// autocannon's worker thread requires this file (a function cannot cross into the thread): each call hands out
// the next request of the JSON list that BENCH_REQUESTS_FILE names, in turn across all the thread's connections.
// With BENCH_CLIENT_TIMES_FILE set, each request's number and send time go into its connection's context, for
// listed-responses.ts to time it as the client saw it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

// Each entry is a ListedRequest of launch.bench.ts (method, path, headers, body), laid over autocannon's request.
const listed = JSON.parse(readFileSync(process.env.BENCH_REQUESTS_FILE!, 'utf8')) as Record<string, unknown>[];
const timed = Boolean(process.env.BENCH_CLIENT_TIMES_FILE);
let next = 0;

function setupRequest(request: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown> {
  const n = next++;
  if (timed) context.benchSent = { n, at: performance.now() };
  return { ...request, ...listed[n % listed.length] };
}

export = setupRequest;
