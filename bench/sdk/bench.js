// Call-overhead benchmark: the same functions written with nabi-sdk, plain C
// Node-API, napi-rs 3 and neon 1. Run through `bench/sdk/run.sh` (builds all
// four, then `node bench/sdk/bench.js <dir with the .node files>`).
'use strict';
const path = require('node:path');
const dir = path.resolve(process.argv[2] || path.join(__dirname, 'out'));

// BENCH_EXTRA=a,b also loads a.node and b.node (say, a saved build of the
// SDK addon to compare against), as columns of their own.
const extra = (process.env.BENCH_EXTRA || '').split(',').filter(Boolean);
const impls = {};
for (const name of ['c', 'nabi', 'napirs', 'neon', ...extra]) {
  try {
    impls[name] = require(path.join(dir, `${name}.node`));
  } catch (e) {
    console.error(`skipping ${name}: ${e.message}`);
  }
}

const buf = Buffer.alloc(1024);
const obj = { x: 1, y: 2, z: 3 };
const str = 'hello, benchmark';

function cases(m, name) {
  const counter = name === 'neon' ? m.counterNew() : new m.Counter();
  const incr = name === 'neon' ? () => m.counterIncr(counter) : () => counter.incr();
  return {
    'noop()': () => m.noop(),
    'add(f64, f64)': (i) => m.add(i, 1),
    'byte slice length': () => m.sliceLen(buf),
    'string in -> string out': () => m.greet(str),
    'object {x,y,z} in/out (serde)': () => m.scale(obj),
    'class method call': incr,
  };
}

const ITER = Number(process.env.BENCH_ITER || 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);

// A fresh copy of the timing loop per case and implementation, with
// distinct source text (V8 shares compiled code between functions of
// identical source): one shared loop would see every case's callee, go
// megamorphic, and charge that to all but the first case measured.
//
// Time is the process's CPU time (user + system, process.cpuUsage), not the
// wall clock: on a shared machine the wall clock also counts the time other
// processes hold the core. And the implementations take turns round by
// round, so a change in the machine's load falls on all of them alike.
const LOOP = `
  let sink = 0;
  const t0 = process.cpuUsage();
  for (let i = 0; i < ITER; i++) sink += f(i) ? 1 : 0;
  const d = process.cpuUsage(t0);
  if (sink === -1) console.log(sink);
  return ((d.user + d.system) * 1000) / ITER;`;
let loops = 0;
function timer(f) {
  const loop = new Function('f', 'ITER', 'process', `/* loop ${++loops} */${LOOP}`);
  loop(f, Math.min(ITER, 100_000), process); // warm-up
  return () => loop(f, ITER, process);
}
function measure(fs) {
  const timers = Object.entries(fs).map(([name, f]) => [name, timer(f)]);
  const best = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, t] of timers) best[name] = Math.min(best[name] ?? Infinity, t());
  }
  return best;
}

// Self-check: every implementation computes the same thing.
for (const [name, m] of Object.entries(impls)) {
  const c = cases(m, name);
  const ok = m.add(1, 2) === 3 && m.sliceLen(buf) === 1024 && m.greet('a') === 'a!' &&
    JSON.stringify(m.scale(obj)) === '{"x":2,"y":4,"z":6}' && c['class method call']() === 1;
  if (!ok) throw new Error(`${name}: wrong results`);
}

const names = Object.keys(impls);
if (names.length === 0) throw new Error(`no benchmark addons in ${dir}: run bench/sdk/run.sh`);
const results = {};
const perImpl = Object.fromEntries(names.map((name) => [name, cases(impls[name], name)]));
for (const k of Object.keys(perImpl[names[0]])) {
  results[k] = measure(Object.fromEntries(names.map((name) => [name, perImpl[name][k]])));
}
const jsNoop = () => undefined;
const jsBase = measure({ js: () => jsNoop() }).js;

const cols = { c: 'C Node-API', nabi: 'nabi-sdk', napirs: 'napi-rs 3', neon: 'neon 1' };
const lines = [];
lines.push(`| case (ns/call, CPU time, best of ${ROUNDS} x ${ITER}) | ${names.map((n) => cols[n] || n).join(' | ')} | target | met? |`);
lines.push(`|---|${names.map(() => '---:').join('|')}|---|---|`);
for (const [k, r] of Object.entries(results)) {
  let target = '';
  let met = '';
  if (r.c !== undefined && r.nabi !== undefined) {
    if (k === 'noop()' || k === 'add(f64, f64)') {
      target = 'C + 2 ns';
      met = r.nabi <= r.c + 2 ? 'yes' : 'no';
    } else if (k === 'byte slice length') {
      target = 'C + 5 ns';
      met = r.nabi <= r.c + 5 ? 'yes' : 'no';
    } else if (k.startsWith('string')) {
      target = '<= C';
      met = r.nabi <= r.c ? 'yes' : 'no';
    } else if (k.startsWith('object') && r.neon !== undefined) {
      target = '<= neon';
      met = r.nabi <= r.neon ? 'yes' : 'no';
    } else if (k.startsWith('class')) {
      target = '<= 1.2x C';
      met = `${r.nabi <= 1.2 * r.c ? 'yes' : 'no'} (${(r.nabi / r.c).toFixed(2)}x)`;
    }
  }
  lines.push(`| ${k} | ${names.map((n) => r[n].toFixed(1)).join(' | ')} | ${target} | ${met} |`);
}
lines.push('');
lines.push(`JS-to-JS call of an empty function in the same loop: ${jsBase.toFixed(1)} ns/call.`);
console.log(lines.join('\n'));
