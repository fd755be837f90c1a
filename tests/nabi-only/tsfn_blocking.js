// Blocking threadsafe calls from 2 native threads through a queue of 4:
// producers wait for room instead of failing, and every call arrives.
// Not in the differential suite: Node 20 sometimes deadlocks on exactly this
// (blocking calls into a bounded queue), which made the comparison flaky.
'use strict';
const assert = require('assert');
const a = require(process.env.NABI_FIXTURE);

let sum = 0;
globalThis.__tsfnDone = () => {
  assert.strictEqual(sum, 1000);
  console.log('blocking calls through a queue of 4: all arrived');
};
a.fromThreads((n) => { sum += n; }, 2, 500, 4);
