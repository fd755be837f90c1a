// Loads the fixture (NABI_FIXTURE) in a worker, which calls its `start()`
// (if any) and exits, then runs the misuse in the main thread (run.js):
// for misuses of an env whose teardown finished.
const { Worker } = require('worker_threads');
const fixture = JSON.stringify(process.env.NABI_FIXTURE);
const w = new Worker(
  `const a = require(${fixture}); if (a.start) { a.start(); process.exit(0); }`,
  { eval: true },
);
w.on('exit', () => require('./run.js'));
