// worker_threads: Worker threads with workerData, messages both ways
// (structured clone), errors, exit codes, terminate(), ref/unref, and
// Node-API addons loaded in a worker and in the main thread. Workers run
// one at a time and only the main thread prints, so the output is ordered.
'use strict';
const assert = require('assert');
const path = require('path');
const { pathToFileURL } = require('url');
const { Worker, isMainThread, parentPort, workerData, threadId } = require('worker_threads');
const { load } = require('../conformance/common');

console.log('main thread:', { isMainThread, parentPort, workerData, threadId });

// Runs a worker to its end, printing its events; `onMessage(m, w)` may
// answer. Resolves with the exit code.
function run(label, w, onMessage = () => {}) {
  let online = false;
  w.on('online', () => { online = true; });
  w.on('message', (m) => {
    console.log(`${label} message:`, m);
    onMessage(m, w);
  });
  w.on('error', (e) => {
    if (e instanceof Error) console.log(`${label} error:`, e.constructor.name, e.name, e.message, e.code, Object.keys(e));
    else console.log(`${label} error (not an Error):`, e);
  });
  return new Promise((resolve) => {
    w.on('exit', (code) => {
      console.log(`${label} exit:`, code, 'online:', online, 'threadId now:', w.threadId);
      resolve(code);
    });
  });
}

const evalWorker = (code, options) => new Worker(code, { eval: true, ...options });

async function main() {
  // workerData, argv, env, messages both ways
  const data = {
    n: 1,
    list: [1, 'two', { three: 3 }, null, undefined, true],
    date: new Date(0),
    map: new Map([['k', new Set([1, 2])]]),
    bytes: new Uint8Array([1, 2, 3]),
    buffer: new Uint8Array([4, 5]).buffer,
    big: 12345678901234567890n,
    nested: { deep: { deeper: [[1], [2, [3]]] } },
  };
  data.self = data;
  const shared = { s: 1 };
  data.pair = [shared, shared];
  const echo = new Worker(path.join(__dirname, 'worker', 'echo.js'), {
    workerData: data,
    argv: ['--flag', 7],
    env: { NABI_WORKER_TEST: 'from the parent' },
  });
  console.log('echo threadId:', echo.threadId);
  const bytes = new Uint8Array([1, 2, 3]);
  let step = 0;
  const code = await run('echo', echo, (m, w) => {
    if (step++ !== 0) return;
    w.postMessage('text');
    w.postMessage(42.5);
    w.postMessage(null);
    w.postMessage([1, [2, { three: new Date(86400000) }]]);
    w.postMessage({ map: new Map([[1, 'one']]), set: new Set(['a']), when: new Date(0), re: /x+/g });
    w.postMessage(new TypeError('sent as a message'));
    w.postMessage(bytes);
    bytes[1] = 77; // after posting: the worker got a copy
    // Holes and an array's other properties survive; symbols are refused.
    const extra = [1, 2];
    extra.note = 'kept';
    w.postMessage([1, , 3]);
    w.postMessage(extra);
    for (const v of [Symbol('alone'), { inner: Symbol('inside') }, [Symbol('in an array')]]) {
      try {
        w.postMessage(v);
      } catch (e) {
        console.log('not cloned:', e.name, e.message, e.code);
      }
    }
    w.postMessage('bye');
  });
  console.log('echo done:', code, Array.from(bytes));

  // relative path (to the current directory) and file URL
  await run('relative', new Worker('./worker/echo.js', { workerData: { map: new Map([['k', new Set()]]), pair: [] }, env: {} }), (m, w) => {
    if (m.isMainThread === false) w.postMessage('bye');
  });
  await run('url', new Worker(pathToFileURL(path.join(__dirname, 'worker', 'echo.js')), { workerData: { map: new Map([['k', new Set()]]), pair: [] }, env: {} }), (m, w) => {
    if (m.isMainThread === false) w.postMessage('bye');
  });

  // uncaught errors: the Worker emits 'error', then 'exit' with 1
  await run('throw', evalWorker('const e = new RangeError("bad range"); e.code = "E_BAD"; throw e;'));
  await run('throw later', evalWorker('setTimeout(() => { throw new TypeError("later"); }, 5);'));
  await run('rejection', evalWorker('Promise.reject(new Error("rejected"));'));
  await run('throw value', evalWorker('throw 42;'));
  await run('caught', evalWorker(`
    process.on('uncaughtException', (e) => require('worker_threads').parentPort.postMessage('caught ' + e.message));
    setTimeout(() => { throw new Error('handled'); }, 1);`));

  // exit codes
  await run('exit 3', evalWorker(`
    const { parentPort } = require('worker_threads');
    parentPort.postMessage('before exit');
    process.exit(3);
    parentPort.postMessage('after exit (never sent)');`));
  await run('exit in callback', evalWorker('setTimeout(() => { process.exit(5); require("worker_threads").parentPort.postMessage("not sent"); }, 1);'));
  await run('exitCode', evalWorker('process.exitCode = 4;'));
  await run('natural', evalWorker('let x = 0; for (let i = 0; i < 1000; i++) x += i; require("worker_threads").parentPort.postMessage(x);'));

  // terminate(): an idle worker, a busy one, one already gone
  const idle = evalWorker('setInterval(() => {}, 1000); require("worker_threads").parentPort.postMessage("ready");');
  let idleTerminated;
  const idleExit = run('idle', idle, (m, w) => { idleTerminated = w.terminate(); });
  console.log('idle exit code:', await idleExit, 'terminate() resolved with:', await idleTerminated);
  const busy = evalWorker('require("worker_threads").parentPort.postMessage("spinning"); for (;;) {}');
  let busyTerminated;
  await run('busy', busy, (m, w) => { busyTerminated = w.terminate(); });
  console.log('busy terminate() resolved with:', await busyTerminated);
  console.log('terminate after exit:', await busy.terminate());
  busy.postMessage('ignored after exit');

  // messages keep their order; a worker may start workers of its own
  let rounds = 0;
  const pong = evalWorker(`
    const { parentPort } = require('worker_threads');
    parentPort.on('message', (n) => (n < 500 ? parentPort.postMessage(n + 1) : parentPort.close()));`);
  pong.on('message', (n) => { rounds++; pong.postMessage(n + 1); });
  pong.postMessage(0);
  await new Promise((resolve) => pong.on('exit', resolve));
  console.log('ping-pong rounds:', rounds);
  await run('nested', evalWorker(`
    const { Worker, parentPort, threadId } = require('worker_threads');
    const inner = new Worker('const wt = require("worker_threads"); wt.parentPort.postMessage({ inner: wt.threadId, isMainThread: wt.isMainThread })', { eval: true });
    inner.on('message', (m) => parentPort.postMessage({ outer: threadId, from: m }));
    inner.on('exit', (code) => parentPort.postMessage({ innerExit: code }));`));
  const once = evalWorker('const { parentPort } = require("worker_threads"); parentPort.once("message", (m) => parentPort.postMessage("got " + m));');
  once.postMessage('a');
  once.postMessage('b');
  await run('once', once);
  await run('missing file', new Worker('./worker/does-not-exist.js'));
  for (const bad of ['echo.js', 42, { href: 'https://example.com/w.js', protocol: 'https:' }]) {
    try {
      new Worker(bad);
    } catch (e) {
      console.log('bad filename:', e.code, e.constructor.name);
    }
  }

  // Node-API: the main thread and a worker each load the same addons
  const misc = load('misc');
  misc.setData('main');
  console.log('main touch:', misc.touch());
  await run('addon', new Worker(path.join(__dirname, 'worker', 'addon.js')), (m, w) => w.postMessage('printed'));
  console.log('main touch after the worker:', misc.touch());
  await run('hooks', new Worker(path.join(__dirname, 'worker', 'hooks.js')), (m, w) => w.postMessage('printed'));

  // An unref'd worker does not keep the process alive (it is stopped at exit).
  const forever = evalWorker('setInterval(() => {}, 1000);');
  forever.ref();
  forever.unref();
  forever.on('exit', () => console.log('forever exited (not printed: the process ends first)'));
  console.log('done');
}

main().catch((e) => {
  console.log('FAILED', e);
  process.exit(1);
});
