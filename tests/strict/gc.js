// Runs with --expose-gc: the fixture's misuse (run.js's output), then
// collections and loop turns, so its finalizers run.
const [status, message] = require(process.env.NABI_FIXTURE).run();
console.log(`status=${status}`);
console.log(`message=${message}`);
(async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  console.log('continued');
})();
