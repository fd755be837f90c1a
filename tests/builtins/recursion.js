// Runaway recursion is a catchable RangeError, not a dead process — in plain
// calls, through native frames (call/apply, getters, JSON reviver), and in a
// worker.
'use strict';
const { Worker } = require('node:worker_threads');

function report(label, fn) {
  try {
    fn();
    console.log(label, 'returned');
  } catch (e) {
    console.log(label, e instanceof RangeError, e.message);
  }
}

report('plain', function f() { return f() + 1; });
report('call', function g() { return g.call(null) + 1; });
const o = { get x() { return this.x + 1; } };
report('getter', () => o.x);
report('reviver', function h() { return JSON.parse('[1]', () => h()); });
report('still fine', () => 1);

new Worker('function f() { return f() + 1 } try { f() } catch (e) { console.log("worker", e instanceof RangeError) }', { eval: true })
  .on('exit', (code) => console.log('worker exit', code));
