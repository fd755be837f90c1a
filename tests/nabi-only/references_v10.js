// Node-API 10 modules may reference values of every type; at count 0 only
// objects and symbols stay reachable (weakly; a Symbol.for() symbol is never
// collected). Node 20 cannot load a module declaring version 10 (it
// crashes), so this runs under nabi only, against the output of Node 24 and
// 26 (runtime/tests/napi10.rs).
'use strict';
const assert = require('assert');
const r = require(process.env.NABI_FIXTURE);
const status = { ok: 0 };

const obj = { o: 1 };
const sym = Symbol('local');
const values = [[obj, 'object'], [sym, 'symbol'], [Symbol.for('registered'), 'registered symbol'], [42, 'number'],
  ['text', 'string'], [true, 'boolean'], [null, 'null'], [undefined, 'undefined'], [7n, 'bigint']];
for (const [v, name] of values) {
  const [s, counted, weak] = r.refTo(v, 1);
  assert.strictEqual(s, status.ok, name);
  assert.strictEqual(counted, v);
  console.log(`${name}: while counted ${counted === v ? 'same value' : String(counted)}, at zero ${weak === v ? 'same value' : String(weak)}`);
}
