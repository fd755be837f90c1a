// Selection table tests for the loader (run with node; used by the Rust
// test suite). Exits non-zero on the first mismatch.
'use strict';
const assert = require('assert');
const { select, hostFacts, resolve } = require('./index.js');

const candidates = [
  { dir: 'linux-x64', files: ['a.napi.glibc.node', 'a.napi.musl.node'] },
  { dir: 'linux-arm64', files: ['a.napi.glibc.armv8.node', 'a.napi.musl.armv8.node'] },
  { dir: 'linux-arm', files: ['a.napi.glibc.armv7.node', 'a.napi.glibc.armv6.node'] },
  { dir: 'darwin-arm64', files: ['a.napi.node'] },
];
const table = [
  [{ platform: 'linux', arch: 'x64', libc: 'glibc' }, 'linux-x64/a.napi.glibc.node'],
  [{ platform: 'linux', arch: 'x64', libc: 'musl' }, 'linux-x64/a.napi.musl.node'],
  [{ platform: 'linux', arch: 'arm64', libc: 'glibc', armv: '8' }, 'linux-arm64/a.napi.glibc.armv8.node'],
  [{ platform: 'linux', arch: 'arm64', libc: 'musl', armv: '8' }, 'linux-arm64/a.napi.musl.armv8.node'],
  [{ platform: 'linux', arch: 'arm', libc: 'glibc', armv: '7' }, 'linux-arm/a.napi.glibc.armv7.node'],
  [{ platform: 'darwin', arch: 'arm64', libc: null }, 'darwin-arm64/a.napi.node'],
];
for (const [host, expected] of table) {
  const r = select(host, candidates);
  assert.strictEqual(r.file, expected, JSON.stringify(host));
}
const none = select({ platform: 'linux', arch: 'arm', libc: 'musl', armv: '7' }, candidates);
assert.ok(none.error.includes('linux-arm (musl) armv7'));
assert.ok(none.rejected.some((x) => x.reason === 'built for glibc, host libc is musl'));
assert.ok(none.rejected.some((x) => x.reason.startsWith('built for linux-x64')));
// A V8-ABI build is not taken.
assert.ok(select({ platform: 'linux', arch: 'x64', libc: 'glibc' }, [{ dir: 'linux-x64', files: ['a.abi115.node'] }]).error);
// The more specific file wins over a generic one.
assert.strictEqual(select({ platform: 'linux', arch: 'x64', libc: 'glibc' },
  [{ dir: 'linux-x64', files: ['a.napi.node', 'a.napi.glibc.node'] }]).file, 'linux-x64/a.napi.glibc.node');

const facts = hostFacts();
assert.strictEqual(facts.libc, 'glibc', 'this machine is glibc');
// Real files, when a prebuilds root is given.
if (process.argv[2]) {
  const file = resolve(process.argv[2]);
  const addon = require(file);
  console.log(require('path').relative(process.argv[2], file), addon.greet());
} else {
  console.log('selection: ok');
}
