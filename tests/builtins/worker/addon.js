// Worker of ../worker_threads.js: loads C fixtures the main thread loads
// too. Each load gets an env of its own (instance data is per env); the
// worker's instance data is finalized when it exits.
'use strict';
const { parentPort } = require('worker_threads');
const { load } = require('../../conformance/common');

const misc = load('misc');
const asyncAddon = load('async');

(async () => {
  const before = misc.touch();
  misc.setData('worker');
  const after = misc.touch();
  const doubled = await asyncAddon.double(21, 5);
  let calls = 0;
  await new Promise((resolve) => {
    globalThis.__tsfnDone = resolve;
    asyncAddon.fromThreads(() => { calls++; }, 2, 3, 0);
  });
  parentPort.postMessage({ before, after, doubled, tsfnCalls: calls });
  // Exit (and finalize, which prints) only once the parent printed this.
  parentPort.once('message', () => parentPort.close());
})();
