// Runs the Node-API micro-benchmarks in this process and prints JSON:
// { case: ns/op }. Used by run.sh under node and nabi in one invocation.
'use strict';
const path = require('path');
const addon = require(path.join(__dirname, 'build', 'bench.node'));

const now = () => Number(process.hrtime.bigint());
// Best of three runs after a warm-up; `iterations` sized for ~0.1-0.3 s.
function best(fn) {
  fn();
  let min = Infinity;
  for (let i = 0; i < 3; i++) min = Math.min(min, fn());
  return Number(min.toFixed(2));
}

function jsLoop(f, n) {
  return () => {
    const start = now();
    for (let i = 0; i < n; i++) f();
    return (now() - start) / n;
  };
}

const results = {
  'object create+set+get': best(() => addon.objectOps(200000)),
  'string create+read': best(() => addon.stringOps(200000)),
  'array fill (per element)': best(() => addon.arrayFill(5000)),
  'array of 16 fill (per element)': best(() => addon.arrayFill16(100000)),
  'C -> JS call': best(() => addon.callJs(() => 0, 200000)),
  'number add': best(() => addon.numberAdd(500000)),
  'JS -> native no-op call': best(jsLoop(addon.noop, 1000000)),
};
try {
  // nabi only: the same loop over a plain QuickJS C function, the floor.
  const { noop } = require('nabi:internal');
  results['raw QuickJS C function call'] = best(jsLoop(noop, 1000000));
} catch {}
// Async work round trip (queue -> complete -> promise) and threadsafe
// function throughput (calls/s from one native thread, in us per call).
(async () => {
  const trip = async (n) => {
    const start = now();
    for (let i = 0; i < n; i++) await addon.asyncNoop();
    return (now() - start) / n;
  };
  await trip(200);
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, await trip(2000));
  results['async work round trip'] = Number(best.toFixed(1));
  const flood = (n) => new Promise((resolve) => {
    let seen = 0;
    const start = now();
    addon.tsfnFlood(() => {
      if (++seen === n) resolve((now() - start) / n);
    }, n);
  });
  await flood(10000);
  best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, await flood(200000));
  results['threadsafe call (per call)'] = Number(best.toFixed(1));
  // References: seconds for n created, weakened, deleted (linear growth wanted).
  for (const n of [250000, 500000, 1000000]) {
    results[`references ${n / 1000}k (s)`] = Number(addon.references(n).reduce((a, b) => a + b).toFixed(3));
  }
  console.log(JSON.stringify(results));
})();
