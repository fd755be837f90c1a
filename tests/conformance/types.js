// ArrayBuffer, TypedArray, DataView, BigInt, Date, Promise, Node-API 10.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const t = load('types');

const ab = t.makeArrayBuffer(8);
assert.ok(ab instanceof ArrayBuffer);
assert.deepStrictEqual([...new Uint8Array(ab)], [0, 3, 6, 9, 12, 15, 18, 21]);
console.log('info:', JSON.stringify(t.arrayBufferInfo(ab)), JSON.stringify(t.arrayBufferInfo(new Uint8Array(2))));
const ext = t.makeExternalArrayBuffer();
assert.deepStrictEqual([...new Uint8Array(ext)], [1, 2, 3, 4]);
const det = t.detach(ab);
console.log('detach:', JSON.stringify(det), ab.byteLength);
console.log('detach non-buffer:', t.detach(5).status);
console.log('arraybuffers: ok');

// Every TypedArray kind over one buffer.
const buf = new ArrayBuffer(64);
const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array];
kinds.forEach((Kind, type) => {
  const r = t.makeTyped(type, buf, 8, 3);
  assert.strictEqual(r.status, status.ok, Kind.name);
  assert.ok(r.value instanceof Kind);
  assert.strictEqual(r.value.length, 3);
  assert.strictEqual(r.value.byteOffset, 8);
  const info = t.typedInfo(r.value, buf);
  assert.deepStrictEqual(info.value, [type, 3, 8, 8, 1]);
  const misaligned = t.makeTyped(type, buf, 1, 1);
  const tooLong = t.makeTyped(type, buf, 0, 65);
  console.log(`${Kind.name}: misaligned=${misaligned.status}${misaligned.threw ? ` ${misaligned.threw.name} ${misaligned.threw.code} "${misaligned.threw.message}"` : ''} tooLong=${tooLong.status}${tooLong.threw ? ` ${tooLong.threw.name} ${tooLong.threw.code} "${tooLong.threw.message}"` : ''}`);
});
console.log('typed info of non-typed:', JSON.stringify(t.typedInfo({}, buf)), JSON.stringify(t.typedInfo(new DataView(buf), buf)));
console.log('typed over non-buffer:', t.makeTyped(1, {}, 0, 1).status);

// DataView.
const dv = t.makeDataView(buf, 4, 16);
assert.ok(dv.value instanceof DataView);
assert.deepStrictEqual(t.dataViewInfo(dv.value).value, [1, 16, 4, 4]);
const badDv = t.makeDataView(buf, 60, 16);
console.log(`dataview out of range: ${badDv.status} ${badDv.threw && badDv.threw.name} ${badDv.threw && badDv.threw.code} "${badDv.threw && badDv.threw.message}"`);
console.log('dataview info of typed array:', JSON.stringify(t.dataViewInfo(new Uint8Array(1))));

// BigInt.
const bigs = t.bigInts();
assert.deepStrictEqual(bigs, [-(2n ** 63n), 2n ** 64n - 1n, -(1n * 2n ** 128n + 0xfedcba9876543210n * 2n ** 64n + 0x0123456789abcdefn), 0n]);
for (const v of [0n, 5n, -5n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n, -(2n ** 64n) - 3n, 2n ** 130n + 7n]) {
  const r = t.readBigInt(v);
  console.log(`${v}: i64 ${r.i64} | u64 ${r.u64} | words ${r.words}`);
}
console.log('bigint of number:', JSON.stringify(t.readBigInt(5)));

// Date.
const d = t.makeDate(1700000000123.5);
assert.ok(d instanceof Date);
console.log('date:', d.toISOString(), JSON.stringify(t.dateValue(d)), JSON.stringify(t.dateValue({})), JSON.stringify(t.dateValue(new Date(NaN))));

// Promises settle from native code.
(async () => {
  const p1 = t.makePromise(0);
  const p2 = t.makePromise(1);
  assert.deepStrictEqual(t.isPromise(p1), { status: status.ok, value: true });
  assert.deepStrictEqual(t.isPromise({ then() {} }), { status: status.ok, value: false });
  assert.strictEqual(t.settle(0, true, 'yes'), status.ok);
  assert.strictEqual(t.settle(1, false, new Error('no')), status.ok);
  assert.strictEqual(await p1, 'yes');
  await assert.rejects(p2, { message: 'no' });
  console.log('promises: ok');

  // Node-API 10.
  const n = t.napi10();
  assert.strictEqual(n.latin1, 'café');
  assert.strictEqual(n.utf16, '中文');
  assert.deepStrictEqual(Object.keys(n), ['latin1', 'utf16', 'key8', 'keyL', 'key16']);
  console.log('napi 10: ok');

  if (typeof process.versions.nabi === 'string') {
    // Not in Node 20: checked only where exported.
    const proto = { inherited: true };
    const target = {};
    const x = t.experimental(target, proto);
    assert.strictEqual(x.setPrototype, status.ok);
    assert.strictEqual(Object.getPrototypeOf(target), proto);
    assert.strictEqual(x.withProperties.status, status.ok);
    assert.deepStrictEqual({ ...x.withProperties.value }, { a: 1, b: 2 });
    assert.strictEqual(Object.getPrototypeOf(x.withProperties.value), proto);
    assert.ok(x.sab.value instanceof SharedArrayBuffer);
    assert.strictEqual(new Uint8Array(x.sab.value)[0], 42);
    assert.strictEqual(x.isSab, true);
  }
  console.log('null args:', JSON.stringify(t.nullArgs()));
})();
