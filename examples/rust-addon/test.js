// Run with `node test.js` or `nabi test.js` after `./build.sh`.
'use strict';
const assert = require('node:assert');
const addon = require('./index.js');

assert.strictEqual(addon.add(1, 2), 3);
assert.throws(() => addon.add(1, 'two'), {
  name: 'TypeError',
  message: 'argument 2 (`b`): expected a number, got string',
});

assert.strictEqual(addon.parsePort('8080'), 8080);
assert.throws(() => addon.parsePort('http'), { name: 'RangeError', code: 'E_PORT' });

// A missing optional field comes back as null.
assert.deepStrictEqual(addon.retry({ name: 'backup', retries: 2 }), { name: 'backup', tags: null, retries: 3 });

const t = new addon.Tally(5);
assert.ok(t instanceof addon.Tally);
assert.strictEqual(t.bump(), 6);
assert.strictEqual(t.count, 6);

addon.sumOfSquares(1000).then((v) => {
  assert.strictEqual(v, 333833500);
  console.log('rust-addon example: ok');
});
