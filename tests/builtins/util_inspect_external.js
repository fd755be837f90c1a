// A Node-API external (napi_create_external) in util: types.isExternal is
// true for it alone, and inspect shows `[External: <address in hex>]` (the
// address differs per run, so it is masked here).
'use strict';
const path = require('path');
const util = require('util');
const values = require(path.join(process.env.NABI_FIXTURE_DIR, 'values.node'));

const ext = values.makeExternal();
const mask = (s) => s.replace(/\[External: [0-9a-f]+\]/g, '[External: <address>]');
console.log(util.types.isExternal(ext), require('util/types').isExternal(ext));
for (const v of [{}, Object.create(null), [], () => {}, 1, null, undefined, new ArrayBuffer(1)]) {
  console.log(util.types.isExternal(v));
}
console.log(mask(util.inspect(ext)));
console.log(mask(util.inspect({ ext, list: [ext, ext] })));
console.log(/^\[External: [0-9a-f]+\]$/.test(util.inspect(ext)), util.inspect(ext) === util.inspect(values.makeExternal()));
console.log(typeof ext, Object.getPrototypeOf(ext), Object.keys(ext));
console.log(mask(util.format('%o %O %s', ext, ext, 'end')));
