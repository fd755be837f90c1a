'use strict';
// terminate() right after `new Worker`: the worker never runs ('online'
// and its code never happen) and exits with 0; terminating a running
// worker gives 1.
const { Worker } = require('worker_threads');

const early = new Worker('require("worker_threads").parentPort.postMessage("ran")', { eval: true });
early.on('online', () => console.log('early: online'));
early.on('message', (m) => console.log('early: message', m));
early.on('exit', (code) => {
  console.log('early: exit', code);
  const running = new Worker('require("worker_threads").parentPort.postMessage("up"); setInterval(() => {}, 1000)', { eval: true });
  running.on('message', async (m) => console.log('running:', m, 'terminate ->', await running.terminate()));
  running.on('exit', (c) => console.log('running: exit', c));
});
early.terminate().then((code) => console.log('early: terminate ->', code));
