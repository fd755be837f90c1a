// Call-overhead benchmark: the same functions written with nabi-sdk, plain C
// Node-API, napi-rs 3 and neon 1. Run through `bench/sdk/run.sh` (builds all
// four, then `node bench/sdk/bench.js <dir with the .node files>`).
'use strict';
const path = require('node:path');
const dir = path.resolve(process.argv[2] || path.join(__dirname, 'out'));

const impls = {};
for (const name of ['c', 'nabi', 'napirs', 'neon']) {
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

// A fresh copy of the timing loop per case, with distinct source text (V8
// shares compiled code between functions of identical source): one shared
// loop would see every case's callee, go megamorphic, and charge that to all
// but the first case measured.
const LOOP = `
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITER; i++) sink += f(i) ? 1 : 0;
    const ns = Number(process.hrtime.bigint() - t0) / ITER;
    if (ns < best) best = ns;
  }
  if (sink === -1) console.log(sink);
  return best;`;
let loops = 0;
function measure(f) {
  const loop = new Function('f', 'ITER', 'ROUNDS', 'process', `/* case ${++loops} */${LOOP}`);
  loop(f, Math.min(ITER, 100_000), 1, process); // warm-up
  return loop(f, ITER, ROUNDS, process);
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
for (const name of names) {
  const c = cases(impls[name], name);
  for (const [k, f] of Object.entries(c)) {
    (results[k] ||= {})[name] = measure(f);
  }
}
const jsNoop = () => undefined;
const jsBase = measure(() => jsNoop());

const cols = { c: 'C Node-API', nabi: 'nabi-sdk', napirs: 'napi-rs 3', neon: 'neon 1' };
const lines = [];
lines.push(`| case (ns/call, best of ${ROUNDS} x ${ITER}) | ${names.map((n) => cols[n]).join(' | ')} | target | met? |`);
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
    } else if (k.startsWith('string') || k.startsWith('object')) {
      const best = Math.min(r.napirs ?? Infinity, r.neon ?? Infinity);
      target = '<= min(napi-rs, neon)';
      met = r.nabi <= best ? 'yes' : 'no';
    }
  }
  lines.push(`| ${k} | ${names.map((n) => r[n].toFixed(1)).join(' | ')} | ${target} | ${met} |`);
}
lines.push('');
lines.push(`JS-to-JS call of an empty function in the same loop: ${jsBase.toFixed(1)} ns/call.`);
console.log(lines.join('\n'));
