// Worker of ../worker_threads.js: libuv work on the worker's own loop
// (napi_get_uv_event_loop), and env cleanup hooks that run when it exits.
'use strict';
const { parentPort } = require('worker_threads');
const { load } = require('../../conformance/common');

const napi = load('node_api');
napi.uvTriple(14).then((tripled) => {
  napi.addHooks();
  parentPort.postMessage({ tripled });
  parentPort.once('message', () => parentPort.close());
});
