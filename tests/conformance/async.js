// Async work and threadsafe functions.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const a = load('async');

(async () => {
  assert.strictEqual(await a.double(21, 0), 42);
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => a.double(i, 1)));
  assert.deepStrictEqual(many, Array.from({ length: 20 }, (_, i) => i * 2));
  console.log('async work: ok');

  // Threadsafe function called from 4 native threads x 2500.
  let sum = 0;
  await new Promise((resolve) => {
    globalThis.__tsfnDone = resolve;
    a.fromThreads((n) => { sum += n; }, 4, 2500, 0);
  });
  assert.strictEqual(sum, 10000);
  console.log('threadsafe calls from 4 threads: all arrived');

  let calls = 0;
  const states = a.states((...args) => { calls++; assert.strictEqual(args.length, 0); });
  console.log('tsfn states:', JSON.stringify(states));
  await new Promise((r) => setTimeout(r, 20));
  console.log('calls delivered before abort:', calls);

  // Fill the pool (4 threads by default), then cancel a queued item.
  const busy = [a.double(1, 200), a.double(2, 200), a.double(3, 200), a.double(4, 200)];
  const [cancelStatus, cancelled] = a.queueThenCancel(0);
  console.log('cancel queued work:', cancelStatus);
  await assert.rejects(cancelled, (s) => s === status.cancelled);
  await Promise.all(busy);
  console.log('cancelled completion: ok');
  const running = a.startLong(300);
  // Wait until a pool thread has picked it up.
  while (!a.longStarted()) await new Promise((r) => setTimeout(r, 5));
  console.log('cancel running work:', a.cancelLong());
  assert.strictEqual(await running, 24690);

  assert.strictEqual(a.unreffed(() => {}), status.ok);
  console.log('null args:', JSON.stringify(a.nullArgs()));

  process.on('uncaughtException', (err) => {
    console.log('uncaught from complete:', err.code, err.message);
  });
  a.throwInComplete();
})();
