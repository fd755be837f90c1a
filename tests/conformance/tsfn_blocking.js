// Blocking threadsafe calls from 2 native threads through a queue of 4:
// producers wait for room instead of failing, and every call arrives.
'use strict';
const assert = require('assert');
const { load } = require('./common');
const a = load('async');

let sum = 0;
globalThis.__tsfnDone = () => {
  assert.strictEqual(sum, 1000);
  console.log('blocking calls through a queue of 4: all arrived');
};
a.fromThreads((n) => { sum += n; }, 2, 500, 4);
