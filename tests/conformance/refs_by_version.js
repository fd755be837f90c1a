// References by the module's declared Node-API version: a Node-API 8
// module may reference only objects, functions and symbols; a Node-API 10
// or experimental-version module any value (a primitive's value is dropped
// when its count reaches 0). For each value: the count, the value while
// strong and while weak, what a collection does to it, and when a
// finalizer on it runs relative to the reference losing its value (after
// it, on a later tick; inside gc() for an experimental module's
// finalizers). The collecting part runs in a child with --expose-gc.
'use strict';
const assert = require('assert');
const path = require('path');

const child = require('child_process').spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'child', 'refs_by_version_gc.js')], {
  env: process.env,
  encoding: 'utf8',
});
process.stdout.write(child.stdout);
process.stderr.write(child.stderr); // strict mode's diagnostics, if any
assert.strictEqual(child.status, 0, child.stderr);
