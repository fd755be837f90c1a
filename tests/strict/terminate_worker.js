// Loads the fixture (NABI_FIXTURE) in a worker, which calls its `start()`
// (queueing async work whose execute sleeps 300 ms), then terminates that
// worker from this thread while the work runs on the thread pool, then
// runs the misuse in the main thread (run.js).
const { Worker } = require('worker_threads');
const fixture = JSON.stringify(process.env.NABI_FIXTURE);
const w = new Worker(
  `const a = require(${fixture}); a.start(+(process.env.NABI_WORKS || 1));
   require('worker_threads').parentPort.postMessage('started');
   setInterval(() => {}, 1000);`,
  { eval: true },
);
w.on('message', () => setTimeout(() => w.terminate(), 50));
w.on('exit', (code) => {
  console.log(`worker exit ${code}`);
  require('./run.js');
});
