// The thread that reads campaign files for campaign-file-reader.ts, one request at a time. Plain CommonJS so it
// starts the same under tsx, jest and plain node; tsx compiles the TypeScript it requires.
/* eslint-disable @typescript-eslint/no-require-imports */
require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const { CampaignFileError, parseCampaign } = require('./load-campaign.ts');

const utf8 = new TextDecoder('utf-8');

parentPort.on('message', ({ id, bytes, name }) => {
  try {
    parentPort.postMessage({ id, result: { campaign: parseCampaign(utf8.decode(bytes), name) } });
  } catch (err) {
    if (err instanceof CampaignFileError) parentPort.postMessage({ id, result: { problems: err.problems } });
    else parentPort.postMessage({ id, crashed: String((err && err.stack) || err) });
  }
});
