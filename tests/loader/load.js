// The dlopen loader against good and bad .node files. Runs under node and
// nabi with the same stdout; the checks of nabi's own diagnosis (`reason`,
// message wording) run only under nabi.
'use strict';
const assert = require('assert');
const path = require('path');
const dir = process.env.NABI_LOADER_DIR;
const isNabi = typeof process.versions.nabi === 'string';

// Legacy registration through napi_module_register in a constructor.
const legacy = require(path.join(dir, 'legacy.node'));
assert.strictEqual(legacy.kind, 'legacy');
console.log('legacy: ok');

// Init's return value replaces exports; a second require (also through a
// symlink) is served from the cache keyed by real path.
const a = require(path.join(dir, 'replaces.node'));
const b = require(path.join(dir, 'replaces.node'));
const c = require(path.join(dir, 'link-to-replaces.node'));
assert.strictEqual(a.loads, 1);
assert.strictEqual(a, b);
assert.strictEqual(a, c);
console.log('cache: ok');

// An exception thrown by init reaches the require() caller.
assert.throws(() => require(path.join(dir, 'throws.node')), {
  name: 'RangeError',
  code: 'ERR_INIT',
  message: 'init failed on purpose',
});
console.log('init throws: ok');

// A legacy module registered without an init function: Node's own error.
assert.throws(() => require(path.join(dir, 'null_init.node')), {
  name: 'Error',
  message: 'Module has no declared entry point.',
});
console.log('no init function: ok');

const bad = [
  ['missing', '/nonexistent/dir/missing.node', /missing\.node/],
  ['not-elf', 'text.node', /not an ELF/],
  ['truncated', 'truncated.node', /truncated or corrupt/],
  ['wrong-arch', 'arm64.node', /aarch64.*x86_64/],
  ['wrong-libc', 'musl.node', /musl/],
  ['not-node-api', 'v8addon.node', /V8\/NAN addon/],
  ['no-register', 'noregister.node', /not a Node-API addon/],
  ['undefined-symbol', 'undefined_symbol.node', /nabi_test_missing_data_symbol/],
  // Read only as far as needed: a 3 GiB file costs no memory, /dev/zero
  // does not grow without end.
  ['truncated', 'huge.node', /truncated or corrupt \(3221225472 bytes: invalid ELF header/],
  ['not-a-file', 'dev-zero.node', /is a character device/],
];
for (const [reason, file, wording] of bad) {
  const full = path.isAbsolute(file) ? file : path.join(dir, file);
  const m = { exports: {} };
  let err;
  try {
    process.dlopen(m, full);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `${reason}: expected an Error`);
  console.log(`${reason}: ${err.code}`);
  if (isNabi) {
    assert.strictEqual(err.reason, reason, err.message);
    assert.match(err.message, wording);
    if (reason !== 'missing') assert.ok(err.message.includes(dir), err.message);
  }
}

if (isNabi) {
  // Node's dlopen waits for a writer on a FIFO; nabi refuses it.
  const m = { exports: {} };
  assert.throws(() => process.dlopen(m, path.join(dir, 'fifo.node')), {
    code: 'ERR_DLOPEN_FAILED',
    reason: 'not-a-file',
    message: /fifo\.node is a FIFO/,
  });
  // Examining the 3 GiB file above read only its headers.
  const peak = Number(/VmHWM:\s*(\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]);
  assert.ok(peak < 200 * 1024, `peak RSS ${peak} kB`);
}

// A Node-API addon that also calls V8's C++ API: Node has V8, nabi refuses
// the file before its init runs (which would end the process).
const hybrid = path.join(dir, 'hybrid.node');
if (isNabi) {
  assert.throws(() => require(hybrid), {
    code: 'ERR_DLOPEN_FAILED',
    reason: 'not-node-api',
    message: /hybrid\.node is a V8\/NAN addon \(it imports _ZN2v87Isolate10GetCurrentEv\)/,
  });
} else {
  assert.strictEqual(require(hybrid).kind, 'hybrid');
}
console.log('hybrid: ok');
