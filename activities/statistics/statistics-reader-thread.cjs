// The thread that reads statistics files for statistics-reader.ts, one request at a time. Plain CommonJS so it
// starts the same under tsx, jest and plain node; tsx compiles the TypeScript it requires.
/* eslint-disable @typescript-eslint/no-require-imports */
require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const { previewStatisticsFile } = require('./parse-statistics-file.ts');

parentPort.on('message', ({ id, bytes, filename, config, roster }) => {
  previewStatisticsFile(bytes, filename, config, roster).then(
    (result) => parentPort.postMessage({ id, result }),
    (err) => parentPort.postMessage({ id, crashed: String((err && err.stack) || err) }),
  );
});
