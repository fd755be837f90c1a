// Worker of ../worker_threads.js: reports what it sees, then echoes every
// message (with what it found out about the value) until 'bye'.
'use strict';
const { isMainThread, parentPort, workerData, threadId } = require('worker_threads');

parentPort.postMessage({
  isMainThread,
  threadId,
  argv: process.argv.slice(2),
  execArgvIsArray: Array.isArray(process.execArgv),
  filename: require('path').basename(__filename),
  isMain: require.main === module,
  env: process.env.NABI_WORKER_TEST,
  workerData,
  types: {
    date: workerData.date instanceof Date,
    map: workerData.map instanceof Map,
    set: workerData.map.get('k') instanceof Set,
    bytes: workerData.bytes instanceof Uint8Array,
    buffer: workerData.buffer instanceof ArrayBuffer,
    cycle: workerData.self === workerData,
    shared: workerData.pair[0] === workerData.pair[1],
  },
});

parentPort.on('message', (m) => {
  if (m === 'bye') {
    parentPort.postMessage('closing');
    parentPort.close();
    return;
  }
  if (m instanceof Uint8Array) {
    const before = Array.from(m);
    m[0] = 99; // a copy: the parent's array is unchanged
    parentPort.postMessage({ kind: 'bytes', before, after: m });
    return;
  }
  if (m instanceof Error) {
    parentPort.postMessage({ kind: 'error', name: m.name, message: m.message, isTypeError: m instanceof TypeError, hasStack: typeof m.stack === 'string' });
    return;
  }
  const kind = m === null ? 'null' : Array.isArray(m) ? 'array' : typeof m;
  parentPort.postMessage({ kind, echo: m });
});
