// Micro benchmarks of the JS hot paths every server phase goes through:
// EventEmitter#emit with 0, 1 and 3 arguments (one listener, and two),
// process.nextTick (a batch of ticks, and a chain of ticks), and a
// Readable piped into a Writable in small chunks, and making a Readable,
// a Writable and a Duplex. Prints JSON, each figure
// in nanoseconds of CPU time per operation (best of three rounds).
'use strict';
const { EventEmitter } = require('events');
const { Readable, Writable, Duplex } = require('stream');

// CPU time (ms) rather than wall time: on a machine shared by many
// processes the wall clock mostly measures waiting for a CPU.
function now() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// The best of three rounds: on a loaded machine a round may lose the CPU.
function time(n, fn) {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = now();
    fn(n);
    best = Math.min(best, now() - t0);
  }
  return Math.round((best * 1e6) / n);
}

const out = {};
const one = new EventEmitter();
let sink = 0;
one.on('e', function (a, b, c) { sink += arguments.length; });
const two = new EventEmitter();
two.on('e', () => { sink++; });
two.on('e', () => { sink++; });
const n = 300000;
out.emit0 = time(n, (k) => { for (let i = 0; i < k; i++) one.emit('e'); });
out.emit1 = time(n, (k) => { for (let i = 0; i < k; i++) one.emit('e', i); });
out.emit3 = time(n, (k) => { for (let i = 0; i < k; i++) one.emit('e', i, 2, 3); });
out.emit1x2 = time(n, (k) => { for (let i = 0; i < k; i++) two.emit('e', i); });
out.emitNone = time(n, (k) => { for (let i = 0; i < k; i++) one.emit('other', i); });
const s = 30000;
const keep = [];
out.newReadable = time(s, (k) => { for (let i = 0; i < k; i++) keep[i & 15] = new Readable(); });
out.newWritable = time(s, (k) => { for (let i = 0; i < k; i++) keep[i & 15] = new Writable(); });
out.newDuplex = time(s, (k) => { for (let i = 0; i < k; i++) keep[i & 15] = new Duplex(); });

function ticksBatch(k, done) {
  const t0 = now();
  let left = k;
  const cb = () => { if (--left === 0) done(now() - t0); };
  for (let i = 0; i < k; i++) process.nextTick(cb);
}
function ticksChain(k, done) {
  const t0 = now();
  let left = k;
  const cb = (x) => { if (--left === 0) done(now() - t0); else process.nextTick(cb, x); };
  process.nextTick(cb, 1);
}
function pipe(k, done) {
  const chunk = Buffer.from('hello world, a small chunk');
  let i = 0;
  const r = new Readable({ read() { while (i < k) { i++; if (!this.push(chunk)) return; } this.push(null); } });
  let got = 0;
  const w = new Writable({ write(c, enc, cb) { got += c.length; cb(); } });
  const t0 = now();
  w.on('finish', () => done(now() - t0));
  r.pipe(w);
}
// A batch of 20k ticks queued at once (Array#shift made it quadratic), a
// chain of 200k.
const b = 20000;
const m = 200000;
const p = 50000;
const rounds = [];
function round(done) {
  const r = {};
  ticksBatch(b, (ms) => {
    r.tickBatch = (ms * 1e6) / b;
    ticksChain(m, (ms2) => {
      r.tickChain = (ms2 * 1e6) / m;
      pipe(p, (ms3) => {
        r.pipeChunk = (ms3 * 1e6) / p;
        rounds.push(r);
        done();
      });
    });
  });
}
round(() => round(() => round(() => {
  for (const k of Object.keys(rounds[0])) out[k] = Math.round(Math.min(...rounds.map((r) => r[k])));
  out.sink = sink > 0;
  console.log(JSON.stringify(out));
})));
