// Finalizers as Node 24 runs them (fixtures/c/finalizers*.c, one module per
// Node-API version class): nested ObjectWraps that delete each other's
// references, when finalizers run relative to gc(), a finalizer's
// exception, a basic finalizer calling JS, and what finalizers may call at
// teardown. The collection parts run in a child with --expose-gc.
'use strict';
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');

const child = (...args) => spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'child', 'finalizers_gc.js'), ...args], {
  env: process.env,
  encoding: 'utf8',
});

for (const name of ['finalizers', 'finalizers_v10', 'finalizers_experimental']) {
  const r = child(name);
  assert.strictEqual(r.status, 0, `${name}: ${r.stderr}`);
  console.log(`== ${name}`);
  process.stdout.write(r.stdout);
}

// A finalizer Node runs inside GC (experimental module) calling a function
// that needs a full napi_env: a fatal error naming node_api_post_finalizer.
const fatal = child('finalizers_experimental', 'misuse');
console.log('basic finalizer calling JS: exit status non-zero', fatal.status !== 0,
  '| message', /Finalizer is calling a function that may affect GC state/.test(fatal.stderr),
  '| names node_api_post_finalizer', fatal.stderr.includes('node_api_post_finalizer'),
  '| stdout', JSON.stringify(fatal.stdout));
