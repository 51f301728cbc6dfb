import { ensureTemporalCli } from './lib/temporal-cli';

console.log(`[temporal] CLI: ${ensureTemporalCli()}`);
