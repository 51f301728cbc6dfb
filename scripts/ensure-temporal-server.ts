// Builds (once, cached) the Temporal Server and temporal-sql-tool the several-machines test runs: `npm test` calls it
// before jest, so a fresh machine's first build happens here, not inside a test's time limit.
import { ensureTemporalServer } from './lib/temporal-server';

console.log(`[temporal] Server: ${ensureTemporalServer().server}`);
