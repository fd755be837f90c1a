// Objects and arrays through Node-API.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const o = load('objects');

const SET = 0, GET = 1, HAS = 2, DEL = 3, OWN = 4;
const obj = o.create();
assert.deepStrictEqual(Object.getPrototypeOf(obj), Object.prototype);
const sym = Symbol('s');
assert.strictEqual(o.keyOp(SET, obj, 'a', 1).status, status.ok);
assert.strictEqual(o.keyOp(SET, obj, sym, 2).status, status.ok);
assert.strictEqual(o.keyOp(SET, obj, 7, 'seven').status, status.ok);
assert.deepStrictEqual(obj, { a: 1, 7: 'seven', [sym]: 2 });
assert.strictEqual(o.keyOp(GET, obj, 'a').value, 1);
assert.strictEqual(o.keyOp(GET, obj, '7').value, 'seven');
assert.strictEqual(o.keyOp(GET, obj, 'missing').value, undefined);
assert.strictEqual(o.keyOp(HAS, obj, 'toString').value, true);
assert.strictEqual(o.keyOp(OWN, obj, 'toString').value, false);
assert.strictEqual(o.keyOp(OWN, obj, sym).value, true);
assert.strictEqual(o.keyOp(OWN, obj, 7).status, status.name_expected);
assert.strictEqual(o.keyOp(DEL, obj, 'a').value, true);
assert.strictEqual(o.keyOp(HAS, obj, 'a').value, false);
const locked = Object.defineProperty({}, 'x', { value: 1, configurable: false });
assert.deepStrictEqual(o.keyOp(DEL, locked, 'x'), { status: status.ok, value: false });
// Primitives are converted to objects; null and undefined are refused.
assert.strictEqual(o.keyOp(GET, 'str', 'length').value, 3);
for (const bad of [null, undefined]) {
  const r = o.keyOp(GET, bad, 'x');
  console.log(`get on ${bad}: status ${r.status}, threw ${r.threw && r.threw.name}`);
}
// Getters and setters run, and their exceptions surface.
const trap = { get boom() { throw new Error('getter threw'); }, set boom(v) { throw new Error('setter threw'); } };
const g = o.keyOp(GET, trap, 'boom');
console.log(`throwing getter: status ${g.status}, threw ${g.threw && g.threw.message}`);
const s = o.keyOp(SET, trap, 'boom', 1);
console.log(`throwing setter: status ${s.status}, threw ${s.threw && s.threw.message}`);
console.log('properties by key: ok');

const named = {};
assert.strictEqual(o.namedOp(SET, named, 'héllo', 5).status, status.ok);
assert.strictEqual(named['héllo'], 5);
assert.strictEqual(o.namedOp(GET, named, 'héllo').value, 5);
assert.strictEqual(o.namedOp(HAS, named, 'nope').value, false);
console.log('named properties: ok');

const arr = [];
o.elementOp(SET, arr, 3, 'd');
assert.strictEqual(arr.length, 4);
assert.strictEqual(o.elementOp(GET, arr, 3).value, 'd');
assert.strictEqual(o.elementOp(HAS, arr, 0).value, false);
assert.strictEqual(o.elementOp(DEL, arr, 3).value, true);
assert.strictEqual(o.elementOp(HAS, arr, 3).value, false);
console.log('elements: ok');

// ---- key enumeration ----
class Base { constructor() { this.inherited = 1; } }
Base.prototype.protoProp = 'p';
// The chain ends before Object.prototype: engines order its built-ins differently.
const rich = Object.create(Object.assign(Object.create(null), { fromProto: 1, shadowed: 'proto' }));
rich[2] = 'two';
rich.b = 'b';
rich.shadowed = 'own';
rich[Symbol('sym')] = 's';
rich[0] = 'zero';
Object.defineProperty(rich, 'hidden', { value: 'h', enumerable: false, writable: false, configurable: true });
Object.defineProperty(rich, 'ro', { value: 'r', enumerable: true, writable: false, configurable: false });
Object.defineProperty(rich, 'acc', { get() { return 1; }, enumerable: true, configurable: true });
const show = (keys) => keys.map((k) => (typeof k === 'symbol' ? k.toString() : typeof k === 'number' ? `#${k}` : k)).join(',');
console.log('property names:', show(o.propertyNames(rich).value));
for (const mode of [0, 1]) {
  for (const filter of [0, 1, 2, 4, 8, 16, 2 | 16, 1 | 2 | 4]) {
    for (const conv of [0, 1]) {
      const r = o.allPropertyNames(rich, mode, filter, conv);
      console.log(`mode ${mode} filter ${filter} conv ${conv}: ${r.status === status.ok ? show(r.value) : `status ${r.status}`}`);
    }
  }
}
console.log('array keys:', show(o.allPropertyNames(['a', 'b'], 1, 0, 0).value));
// Many keys, own and inherited, strings and a String object: every one
// listed once (a key list that grew by scanning itself took minutes here).
{
  const big = Object.create(Object.fromEntries(Array.from({ length: 50000 }, (_, i) => [`p${i % 60000}`, i])));
  for (let i = 0; i < 100000; i++) big[`p${i}`] = i;
  const names = o.propertyNames(big).value;
  console.log('many keys:', names.length, names[0], names[99999], new Set(names).size);
  const chars = o.propertyNames('x'.repeat(100000)).value;
  console.log('string indices:', chars.length, chars[99999]);
}

// ---- define_properties ----
const target = {};
const d = o.defineAll(target);
assert.strictEqual(d.status, status.ok);
for (const key of ['plain', 'w', 'e', 'c', 'wec', 'method', 'getter', 'accessor', 'setterOnly']) {
  const desc = Object.getOwnPropertyDescriptor(target, key);
  const kind = 'value' in desc ? (typeof desc.value === 'function' ? 'method' : 'value') : 'accessor';
  console.log(`${key}: ${kind} writable=${desc.writable} enumerable=${desc.enumerable} configurable=${desc.configurable}`);
}
assert.strictEqual(target[d.value], 1);
assert.strictEqual(target.method(42), '42');
console.log(`method name: ${JSON.stringify(target.method.name)}`);
assert.strictEqual(target.getter, 'from-data');
target.accessor = 'x';
assert.strictEqual(target._set, 'x');
assert.throws(() => { 'use strict'; target.plain = 2; }, TypeError);
console.log('define bad:', JSON.stringify(o.defineBad({}, 5)), JSON.stringify(o.defineBad(5, 'x')));

// ---- prototypes, freeze, seal ----
class K {}
assert.strictEqual(o.prototype(new K()).value, K.prototype);
assert.strictEqual(o.prototype(Object.create(null)).value, null);
assert.strictEqual(o.prototype(5).value, Number.prototype);
console.log('prototype of undefined: status', o.prototype(undefined).status);
const fz = { a: 1 };
assert.strictEqual(o.freeze(fz), status.ok);
assert.ok(Object.isFrozen(fz));
const sl = { a: 1 };
assert.strictEqual(o.seal(sl), status.ok);
assert.ok(Object.isSealed(sl) && !Object.isFrozen(sl));
console.log(`freeze(5): ${o.freeze(5)}`);
assert.throws(() => o.seal(null), TypeError);
console.log('freeze and seal: ok');

// Setting what [[Set]] refuses is silent, as in sloppy-mode JS (V8's API):
// napi_ok and no change. A setter that throws is a pending exception.
{
  const frozen = Object.freeze({ x: 1 });
  const readOnly = Object.defineProperty({}, 'x', { value: 1, writable: false });
  const inherits = Object.create(Object.freeze({ x: 1 }));
  const noSetter = { get x() { return 1; } };
  const sealed = Object.preventExtensions({});
  for (const [name, target, key] of [['frozen', frozen, 'x'], ['frozen, new key', frozen, 'y'],
    ['read-only', readOnly, 'x'], ['inherited read-only', inherits, 'x'], ['getter only', noSetter, 'x'],
    ['non-extensible', sealed, 'y']]) {
    const r = o.keyOp(SET, target, key, 99);
    const n = o.namedOp(SET, target, key, 99);
    console.log(`set on ${name}: status ${r.status}/${n.status}, threw ${!!r.threw}, value ${target[key]}`);
  }
  console.log(`set element of a frozen array: ${o.elementOp(SET, Object.freeze([1]), 0, 9).status}`);
  const r = o.keyOp(SET, { set x(v) { throw new RangeError('setter says no'); } }, 'x', 1);
  console.log(`throwing setter: status ${r.status}, threw ${r.threw && r.threw.message}`);
}

// ---- arrays ----
const a1 = o.arrays([1, 2, 3]);
assert.deepStrictEqual(a1.empty, []);
assert.strictEqual(a1.five.length, 5);
assert.strictEqual(Object.keys(a1.five).length, 0);
assert.deepStrictEqual(a1.isArray, { status: status.ok, value: true });
assert.deepStrictEqual(a1.length, { status: status.ok, value: 3 });
const a2 = o.arrays({ length: 3 });
assert.deepStrictEqual(a2.isArray, { status: status.ok, value: false });
assert.strictEqual(a2.length.status, status.array_expected);
console.log('arrays: ok');

console.log('null args:', JSON.stringify(o.nullArgs()));
