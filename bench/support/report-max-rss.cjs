// Preloaded (node --require) into a bench's child process: at exit it writes the process's peak resident memory
// to the file MAX_RSS_FILE names, so the bench measures the CLI as a user runs it.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload */
process.once('exit', () => {
  if (process.env.MAX_RSS_FILE)
    require('node:fs').writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS));
});
