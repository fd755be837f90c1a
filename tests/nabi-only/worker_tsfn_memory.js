// Terminating workers whose native threads still hold threadsafe functions
// frees what each worker had: memory stays flat over many cycles. Node 24
// passes this script too (Node 20 aborts in it); NABI_FIXTURE is
// fixtures/c/async.c built.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');

// Loaded here too, so the addon stays mapped while the native threads of
// terminated workers finish (Node unloads an addon with its last env).
require(process.env.NABI_FIXTURE);

const rssKb = () => Number(/VmRSS:\s*(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);

async function cycle() {
  const w = new Worker(path.join(__dirname, 'worker/tsfn_held.js'));
  await new Promise((resolve) => w.once('message', resolve));
  await w.terminate();
}

(async () => {
  for (let i = 0; i < 5; i++) await cycle();
  const before = rssKb();
  const cycles = 25;
  for (let i = 0; i < cycles; i++) await cycle();
  const grown = rssKb() - before;
  // A leaked worker costs more than a megabyte; allocator noise is far less.
  assert.ok(grown < cycles * 512, `RSS grew ${grown} kB over ${cycles} worker cycles`);
  console.log(`${cycles} workers holding threadsafe functions terminated: memory flat`);
})();
