// Behaviours Node's own Node-API tests check (fixtures/c/semantics.c), with
// Node 24's results.
'use strict';
const assert = require('assert');
const { load, statusName } = require('./common');
const s = load('semantics');

// The last error is cleared when a callback starts.
console.log('failing call:', statusName(s.fail()), '| last error at the next callback:', statusName(s.lastErrorAtEntry()));

// A Proxy trap that throws: napi_pending_exception, and the later traps run.
const traps = [];
const proxy = new Proxy({}, {
  get() { traps.push('get'); throw new Error('get trap threw'); },
  has() { traps.push('has'); return true; },
  deleteProperty() { traps.push('deleteProperty'); return true; },
});
const [get, has, del, message] = s.proxyOps(proxy);
console.log('proxy: get', statusName(get), `(${message}), has`, statusName(has), ', delete', statusName(del), '| traps', traps.join(' '));

// ArrayBuffer functions and SharedArrayBuffers.
for (const [name, v] of [['ArrayBuffer', new ArrayBuffer(8)], ['SharedArrayBuffer', new SharedArrayBuffer(8)], ['Uint8Array', new Uint8Array(8)], ['object', {}]]) {
  const is = s.isArrayBuffer(v);
  const info = s.arrayBufferInfo(v);
  console.log(`${name}: is_arraybuffer ${statusName(is.status)} ${is.value}, get_arraybuffer_info ${statusName(info.status)} ${info.value}`);
}

// External strings: the value, and `copied` is truthful: a copied string's
// finalizer has run when the call returns, an external one's has not. (V8
// keeps them external; QuickJS-ng cannot, so nabi copies and says so.)
for (const [text, utf16] of [['latin1 text', false], ['utf16 text', true], ['caf\u00e9', false], ['\u4e2d\u6587', true]]) {
  const r = s.externalString(text, utf16);
  console.log(`external ${utf16 ? 'utf16' : 'latin1'} ${JSON.stringify(text)}: ${statusName(r.status)}`, r.value === text, '| copied is truthful', r.copied === r.freedDuringCall);
}

// An external ArrayBuffer over NULL is detached.
const nullAb = s.nullArrayBuffer();
console.log('external ArrayBuffer over NULL:', statusName(nullAb.status), nullAb.value instanceof ArrayBuffer, 'byteLength', nullAb.value.byteLength, 'detached', nullAb.detached, nullAb.value.detached);

// Native functions and classes have V8's `.prototype`: `extends` works.
for (const Base of [s.NativeFn, s.NativeClass]) {
  const desc = Object.getOwnPropertyDescriptor(Base, 'prototype');
  class Derived extends Base {
    hello() { return 'derived'; }
  }
  const d = new Derived();
  console.log(`${Base.name}: prototype writable ${desc.writable} enumerable ${desc.enumerable} configurable ${desc.configurable}`,
    '| constructor', Base.prototype.constructor === Base,
    '| extends:', d instanceof Derived, d instanceof Base, d.native, d.hello());
}

// The module's file URL.
const url = s.moduleFileName();
console.log('module file name is a file URL:', url.startsWith('file:///'), url.endsWith('/semantics.node'));

// BigInt size limit.
for (const n of [4, 2 ** 30, 2 ** 31 - 1, 2 ** 31]) {
  const r = s.bigintWords(n);
  console.log(`create_bigint_words(${n} words): ${statusName(r.status)}`, typeof r.value === 'bigint' ? r.value.toString(16) : `${r.value && r.value.name}: ${r.value && r.value.message}`);
}

// The module's file URL is percent-encoded as url.pathToFileURL does it
// (`%`, `#`, spaces), loaded from a copy in such a directory.
{
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi 100% #1 '));
  const file = path.join(dir, 'semantics.node');
  fs.copyFileSync(path.join(process.env.NABI_FIXTURE_DIR, 'semantics.node'), file);
  const copy = require(file);
  const name = copy.moduleFileName();
  const expected = require('url').pathToFileURL(file).href;
  console.log('file URL of a module under "nabi 100% #1 …":', name === expected ? 'as pathToFileURL' : `${name} (expected ${expected})`);
  fs.rmSync(dir, { recursive: true, force: true });
}
