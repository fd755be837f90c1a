// An external buffer made in a worker is freed when the worker exits, and
// not before: the worker's script does not run until the code that created
// it has returned, so the check right after `new Worker()` is deterministic.
'use strict';
const path = require('path');
const { Worker } = require('worker_threads');
const addon = path.join(process.env.NABI_FIXTURE_DIR, 'node_api.node');
const { getFreeCallCount } = require(addon);

const runs = [];
for (let i = 0; i < 5; i++) {
  const w = new Worker(`require(${JSON.stringify(addon)})`, { eval: true });
  runs.push(getFreeCallCount());
  runs.push(new Promise((resolve) => w.on('exit', resolve)));
}
console.log('free calls right after new Worker():', runs.filter((r) => typeof r === 'number').join(' '));
Promise.all(runs.filter((r) => typeof r !== 'number')).then(() => {
  console.log('free calls after every worker exited:', getFreeCallCount());
});
