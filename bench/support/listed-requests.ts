// autocannon's worker thread requires this file (a function cannot cross into the thread): each call hands out
// the next request of the JSON list that BENCH_REQUESTS_FILE names, in turn across all the thread's connections.
import { readFileSync } from 'node:fs';

// Each entry is a ListedRequest of launch.bench.ts (method, path, headers, body), laid over autocannon's request.
const listed = JSON.parse(readFileSync(process.env.BENCH_REQUESTS_FILE!, 'utf8')) as Record<string, unknown>[];
let next = 0;

function setupRequest(request: Record<string, unknown>): Record<string, unknown> {
  return { ...request, ...listed[next++ % listed.length] };
}

export = setupRequest;
