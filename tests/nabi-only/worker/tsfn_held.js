// Worker of ../worker_tsfn_memory.js: a native thread keeps calling a
// threadsafe function until the worker is terminated.
'use strict';
const { parentPort } = require('worker_threads');

let told = false;
require(process.env.NABI_FIXTURE).untilClosing(() => {
  if (!told) parentPort.postMessage('running');
  told = true;
});
