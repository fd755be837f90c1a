// Primitive values: creation, conversions, strings, typeof, coercion.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const v = load('values');

const [u, n, g, t, f] = v.singletons();
assert.strictEqual(u, undefined);
assert.strictEqual(n, null);
assert.strictEqual(g, globalThis);
assert.strictEqual(t, true);
assert.strictEqual(f, false);
console.log('singletons: ok');

const nums = v.makeNumbers();
assert.deepStrictEqual(nums.slice(0, 4), [-2147483648, 4294967295, 9007199254740991, -9223372036854775808]);
assert.ok(Object.is(nums[4], -0));
assert.ok(Number.isNaN(nums[5]));
assert.strictEqual(nums[6], 0.1);
assert.deepStrictEqual(nums.slice(7), [2147483647, 2147483648, -2147483648, -2147483649, 7, Infinity, -Infinity, 1e300]);
console.log('doubles:', nums.slice(7).map((n) => [n, Number.isInteger(n), n + 1]).join(' '));
console.log('create numbers: ok');

// Each getter against values that need Node's conversions.
const inputs = [0, -0, 1.9, -1.9, 2147483648, 4294967297, -4294967297, 2 ** 53 + 2, 2 ** 63, -(2 ** 63) - 4096, 1e300,
  NaN, Infinity, -Infinity, Number.MIN_VALUE, true, '5', null, 5n];
for (const x of inputs) {
  const r = v.readNumber(x);
  const show = (p) => (p.status === status.ok ? String(Object.is(p.value, -0) ? '-0' : p.value) : `status ${p.status}`);
  console.log(`${typeof x === 'bigint' ? x + 'n' : typeof x === 'string' ? JSON.stringify(x) : Object.is(x, -0) ? '-0' : x}:`,
    ['int32', 'uint32', 'int64', 'double', 'bool'].map((k) => `${k}=${show(r[k])}`).join(' '));
}

// ---- strings ----
const UTF8 = 0, LATIN1 = 1, UTF16 = 2;
const mk = (enc, units, len = -1) => v.makeString(enc, units, len);
assert.strictEqual(mk(UTF8, [0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac]).value, 'hé€');
assert.strictEqual(mk(UTF8, [0x61, 0x62, 0x63], 2).value, 'ab');
assert.strictEqual(mk(UTF8, [], 0).value, '');
assert.strictEqual(mk(LATIN1, [0x63, 0x61, 0x66, 0xe9]).value, 'café');
assert.strictEqual(mk(UTF16, [0x48, 0x69, 0xd83d, 0xde00]).value, 'Hi😀');
assert.strictEqual(mk(UTF16, [0x61, 0x62, 0x63], 1).value, 'a');
console.log('create strings: ok');

const cases = [
  ['ascii', 'hello'],
  ['two-byte', 'héllo'],
  ['three-byte', '€uro'],
  ['astral', 'a😀b'],
  ['empty', ''],
  // V8 writes U+FFFD for a lone surrogate in UTF-8; UTF-16 keeps the unit.
  ['lone high', 'a\uD800b'],
  ['lone low', '\uDC00z'],
  ['reversed pair', '\uDE00\uD83D'],
];
for (const [label, s] of cases) {
  for (const [encName, enc] of [['utf8', UTF8], ['latin1', LATIN1], ['utf16', UTF16]]) {
    const rows = [];
    for (const size of [-1, 0, 1, 2, 3, 4, 5, 20]) {
      const r = v.readString(enc, s, size);
      rows.push(`${size}:${r.status === status.ok ? `${r.value.length}[${r.value.units.join(',')}]` : `s${r.status}`}`);
    }
    console.log(`${label} ${encName}: ${rows.join(' ')}`);
  }
}
assert.strictEqual(v.readString(UTF8, 42, 10).status, status.string_expected);

// ---- typeof ----
const names = ['undefined', 'null', 'boolean', 'number', 'string', 'symbol', 'object', 'function', 'external', 'bigint'];
const typed = [undefined, null, true, 1, 's', Symbol('s'), {}, () => {}, v.makeExternal(), 1n, [], new Date(0), class {}];
console.log('typeof:', typed.map((x) => names[v.typeOf(x).value]).join(' '));
assert.strictEqual(typeof v.makeExternal(), 'object');

// ---- coercion ----
const kinds = ['bool', 'number', 'object', 'string'];
const coerceInputs = [0, 1, '', 'abc', '12', null, undefined, {}, [], [5], true, 3n, Symbol('q'), { valueOf: () => 7, toString: () => 'ts' }];
for (const x of coerceInputs) {
  const row = kinds.map((k, i) => {
    const r = v.coerce(i, x);
    if ('threw' in r) return `${k}:s${r.status}+${r.threw.name}`;
    if (r.status !== status.ok) return `${k}:s${r.status}`;
    return `${k}:${typeof r.value === 'object' ? Object.prototype.toString.call(r.value) : String(r.value)}`;
  });
  console.log(`coerce ${typeof x === 'symbol' ? 'symbol' : typeof x === 'bigint' ? '3n' : JSON.stringify(x) ?? 'undefined'}: ${row.join(' ')}`);
}

// ---- comparisons ----
const obj = {};
assert.deepStrictEqual([v.strictEquals(1, 1).value, v.strictEquals('a', 'a').value, v.strictEquals(obj, obj).value,
  v.strictEquals({}, {}).value, v.strictEquals(NaN, NaN).value, v.strictEquals(0, -0).value, v.strictEquals(1, '1').value],
[true, true, true, false, false, true, false]);
class A {}
class B extends A {}
assert.strictEqual(v.instanceOf(new B(), A).value, true);
assert.strictEqual(v.instanceOf({}, A).value, false);
const bad = v.instanceOf({}, {});
assert.strictEqual(bad.status, status.function_expected);
assert.ok(bad.threw instanceof TypeError);
assert.strictEqual(bad.threw.code, 'ERR_NAPI_CONS_FUNCTION');
assert.strictEqual(bad.threw.message, 'Constructor must be a function');
const hasInstance = { [Symbol.hasInstance]: () => true };
console.log('instanceof with Symbol.hasInstance object:', v.instanceOf({}, hasInstance).status);
console.log('comparisons: ok');

// ---- symbols ----
const s1 = v.createSymbol('desc');
assert.strictEqual(typeof s1.value, 'symbol');
assert.strictEqual(s1.value.description, 'desc');
assert.strictEqual(v.createSymbol(undefined).value.description, undefined);
assert.notStrictEqual(v.createSymbol('same').value, v.createSymbol('same').value);
assert.strictEqual(v.createSymbol(12).status, status.string_expected);
const sf = v.symbolFor('shared.key');
assert.strictEqual(sf.value, Symbol.for('shared.key'));
assert.strictEqual(sf.sameForBothLengths, true);
console.log('symbols: ok');

const nulls = v.nullArgs();
console.log('null args:', JSON.stringify(nulls));
