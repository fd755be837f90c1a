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
  'C -> JS call': best(() => addon.callJs(() => 0, 200000)),
  'number add': best(() => addon.numberAdd(500000)),
  'JS -> native no-op call': best(jsLoop(addon.noop, 1000000)),
};
try {
  // nabi only: the same loop over a plain QuickJS C function, the floor.
  const { noop } = require('nabi:internal');
  results['raw QuickJS C function call'] = best(jsLoop(noop, 1000000));
} catch {}
console.log(JSON.stringify(results));
