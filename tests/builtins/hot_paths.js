// The edges of the hot paths made cheaper for speed (EventEmitter#emit,
// the nextTick queue, a Readable's buffer read from an index): what
// listeners, tick callbacks and readers see must stay Node's.
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

// A Readable's buffer: taken chunks leave null slots before
// `bufferIndex` (readableBuffer shows them), dropped once the buffer
// empties or more than 1024 are taken; unshift reuses a taken slot.
{
  const { Readable } = require('node:stream');
  const r = new Readable({ read() {} });
  for (let i = 0; i < 1100; i++) r.push('c' + (i % 10));
  for (let i = 0; i < 1030; i++) r.read(2);
  log('after 1030 reads', r.readableBuffer.length, r._readableState.bufferIndex, r.readableLength);
  r.unshift('zz');
  log('unshift', r.readableBuffer.length, r._readableState.bufferIndex, String(r.read(3)));
  const o = new Readable({ objectMode: true, read() {} });
  o.push({ a: 1 }); o.push({ b: 2 }); o.push({ c: 3 });
  log('obj', JSON.stringify(o.read()), o.readableBuffer.length, o._readableState.bufferIndex, o.readableLength);
  o.unshift({ z: 0 });
  log('obj unshift', o.readableBuffer.length, o._readableState.bufferIndex, JSON.stringify(o.read()), JSON.stringify(o.read()));
  const e = new Readable({ read() {} });
  e.push('héllo'); e.push('wörld'); e.push('!!');
  log('read 3', String(e.read(3)));
  e.setEncoding('utf8');
  log('after setEncoding', e.readableBuffer.length, e._readableState.bufferIndex, JSON.stringify(e.read(4)), JSON.stringify(e.read()));
  const all = new Readable({ read() {} });
  all.push('ab'); all.push('cd'); all.push('ef');
  log('one', String(all.read(2)), 'rest', String(all.read()), all.readableBuffer.length, all._readableState.bufferIndex);
}

// nextTick: arguments as passed (undefined ones included), no `this`.
process.nextTick(function () { log('tick this', this === undefined, arguments.length); });
process.nextTick(function () { log('tick undefined arg', arguments.length); }, undefined);
for (let k = 1; k <= 5; k++) {
  const args = Array.from({ length: k }, (_, i) => i);
  process.nextTick((...a) => log('tick args', a.length, a.join(',')), ...args);
}
// Order: the whole tick queue (ticks queued meanwhile included) before
// promise jobs.
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
// (Not a throwing tick: Node runs the ticks after it only after the next
// callback, a timer if one is due, so the order depends on timing.)
setTimeout(() => {
  log('order', order.join(' | '));
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
