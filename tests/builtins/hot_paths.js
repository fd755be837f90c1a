// The edges of the hot paths made cheaper for speed (EventEmitter#emit by
// argument count, the nextTick queue): what listeners and tick callbacks
// see must stay Node's.
'use strict';
const EventEmitter = require('node:events');
const log = (...a) => console.log(...a);

// emit: every argument count reaches the listener as passed, `this` is the
// emitter, and undefined arguments still count.
const e = new EventEmitter();
e.on('n', function (...args) { log('n', args.length, JSON.stringify(args), this === e); });
e.emit('n');
e.emit('n', 1);
e.emit('n', undefined);
e.emit('n', 1, 2);
e.emit('n', 1, 2, 3);
e.emit('n', 1, 2, 3, 4, 5);
// Two listeners: same arguments to each; one removed meanwhile still runs.
const m = new EventEmitter();
const second = (a, b) => log('second', a, b);
m.on('m', (a, b) => { log('first', a, b); m.removeListener('m', second); m.on('m', () => log('added late')); });
m.on('m', second);
log('emit two', m.emit('m', 'x', 'y'));
m.emit('m', 'again');
log('no listener', e.emit('none', 1, 2, 3));
// A listener's return value: ignored, even a thenable, unless captureRejections.
let thenRead = 0;
e.on('t', () => ({ get then() { thenRead++; return undefined; } }));
e.emit('t', 1);
log('then read without captureRejections', thenRead);
const cap = new EventEmitter({ captureRejections: true });
cap.on('r', async (a, b, c) => { throw new Error(`rejected ${a} ${b} ${c}`); });
cap.on('error', (err) => log('captured', err.message));
cap.emit('r', 1, 2, 3);
// 'error' with arguments, and errorMonitor seeing them all.
const er = new EventEmitter();
er.on(EventEmitter.errorMonitor, (...a) => log('monitor', a.length, a[0].message));
er.on('error', (...a) => log('error listener', a.length, a[1]));
er.emit('error', new Error('boom'), 'extra');

// nextTick: arguments as passed (undefined ones included), no `this`.
process.nextTick(function () { log('tick this', this === undefined, arguments.length); });
process.nextTick(function () { log('tick undefined arg', arguments.length); }, undefined);
for (let k = 1; k <= 5; k++) {
  const args = Array.from({ length: k }, (_, i) => i);
  process.nextTick((...a) => log('tick args', a.length, a.join(',')), ...args);
}
// Order: the whole tick queue (ticks queued meanwhile included) before
// promise jobs; a throwing tick does not lose the ones after it.
const order = [];
Promise.resolve().then(() => order.push('promise'));
process.nextTick(() => {
  order.push('t1');
  process.nextTick(() => order.push('t1-inner'));
  Promise.resolve().then(() => {
    order.push('promise from t1');
    process.nextTick(() => order.push('tick from promise'));
  });
});
process.nextTick(() => order.push('t2'));
let caught = 0;
process.once('uncaughtException', (err) => { caught++; order.push(`uncaught ${err.message}`); });
process.nextTick(() => { throw new Error('tick threw'); });
process.nextTick(() => order.push('after throw'));
setTimeout(() => {
  log('order', order.join(' | '), caught);
  // Many ticks, each queueing another while the queue stays long: all run,
  // in order.
  let ran = 0;
  let last = -1;
  let inOrder = true;
  const total = 20000;
  function step(i) {
    if (i !== last + 1) inOrder = false;
    last = i;
    ran++;
    if (i + 5000 < total) process.nextTick(step, i + 5000);
  }
  for (let i = 0; i < 5000; i++) process.nextTick(step, i);
  setTimeout(() => log('long queue', ran, inOrder ? 'in order' : 'out of order'), 1);
}, 1);
