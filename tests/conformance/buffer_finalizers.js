// When the finalizer of an external Buffer or ArrayBuffer runs after the
// value is collected: never inside gc(), on a later loop turn, in a
// Node-API 9 and in an experimental-version module alike (an experimental
// module's wrap finalizer, by contrast, runs inside gc()). The collecting
// part runs in a child with --expose-gc and, as in Node's own test_buffer,
// --no-concurrent-array-buffer-sweeping (else V8 may free an ArrayBuffer's
// memory turns later).
'use strict';
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');

for (const name of ['buffer_finalizers', 'buffer_finalizers_experimental']) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--no-concurrent-array-buffer-sweeping', path.join(__dirname, 'child', 'buffer_finalizers_gc.js'), name], {
    env: process.env,
    encoding: 'utf8',
  });
  assert.strictEqual(r.status, 0, `${name}: ${r.stderr}`);
  console.log(`== ${name}`);
  process.stdout.write(r.stdout);
}
