// Loads the C addon built next to this file and uses it. Runs the same
// under `node hello.js` and `nabi hello.js`.
const addon = require('./build/hello.node');

console.log(addon.greet('nabi'));
const counter = new addon.Counter();
counter.increment();
counter.increment();
console.log(`counter: ${counter.count} (instanceof Counter: ${counter instanceof addon.Counter})`);
try {
  addon.greet(42);
} catch (e) {
  console.log(`${e.name} [${e.code}]: ${e.message}`);
}
