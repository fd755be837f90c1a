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

// macOS and Windows, x64 and arm64: plain `<name>.node` files, as
// nabi-prebuild and prebuildify name them.
const desktop = [
  { dir: 'darwin-x64', files: ['a.node'] },
  { dir: 'darwin-arm64', files: ['a.node'] },
  { dir: 'win32-x64', files: ['a.node'] },
  { dir: 'win32-arm64', files: ['a.node', 'a.abi115.node'] },
];
for (const platform of ['darwin', 'win32']) {
  for (const arch of ['x64', 'arm64']) {
    const r = select({ platform, arch, libc: null, armv: arch === 'arm64' ? '8' : null }, desktop);
    assert.strictEqual(r.file, `${platform}-${arch}/a.node`, `${platform}-${arch}`);
  }
}
assert.ok(select({ platform: 'win32', arch: 'arm64', libc: null }, desktop).rejected
  .some((x) => x.file === 'win32-arm64/a.abi115.node' && x.reason.includes('V8-ABI')));
assert.ok(select({ platform: 'darwin', arch: 'arm64', libc: null }, [{ dir: 'darwin-x64', files: ['a.node'] }]).error);

// The same through `resolve` with process.platform/arch simulated: the
// local prebuilds/ first, else the per-platform npm package.
{
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const real = { platform: process.platform, arch: process.arch };
  const simulate = (platform, arch) => {
    Object.defineProperty(process, 'platform', { value: platform, configurable: true });
    Object.defineProperty(process, 'arch', { value: arch, configurable: true });
  };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-loader-'));
  try {
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: '@s/pkg' }));
    for (const d of ['darwin-x64', 'win32-arm64']) {
      fs.mkdirSync(path.join(root, 'prebuilds', d), { recursive: true });
      fs.writeFileSync(path.join(root, 'prebuilds', d, 'pkg.node'), '');
    }
    for (const suffix of ['darwin-arm64', 'win32-x64-msvc']) {
      const dir = path.join(root, 'node_modules', '@s', `pkg-${suffix}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@s/pkg-${suffix}`, main: `pkg.${suffix}.node` }));
      fs.writeFileSync(path.join(dir, `pkg.${suffix}.node`), '');
    }
    const want = {
      'darwin-x64': path.join(root, 'prebuilds', 'darwin-x64', 'pkg.node'),
      'darwin-arm64': path.join(root, 'node_modules', '@s', 'pkg-darwin-arm64', 'pkg.darwin-arm64.node'),
      'win32-x64': path.join(root, 'node_modules', '@s', 'pkg-win32-x64-msvc', 'pkg.win32-x64-msvc.node'),
      'win32-arm64': path.join(root, 'prebuilds', 'win32-arm64', 'pkg.node'),
    };
    for (const [host, file] of Object.entries(want)) {
      const [platform, arch] = host.split('-');
      simulate(platform, arch);
      const facts = hostFacts();
      assert.deepStrictEqual([facts.platform, facts.arch, facts.libc], [platform, arch, null], host);
      assert.strictEqual(resolve(root, facts), file, host);
    }
    // Nothing for win32-ia32: the error names the package it looked for.
    simulate('win32', 'ia32');
    assert.throws(() => resolve(root, hostFacts()), (e) => e.code === 'ERR_NO_PREBUILD' && e.message.includes('@s/pkg-win32-ia32-msvc'));
  } finally {
    simulate(real.platform, real.arch);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

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
