// Worker of ../worker_terminate_native.js: loops over slow native calls.
'use strict';
const { parentPort } = require('worker_threads');
const { load } = require('../../conformance/common');

const addon = load('async');
parentPort.postMessage('looping');
for (;;) addon.sleepMs(5);
