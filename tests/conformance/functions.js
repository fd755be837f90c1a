// Functions and classes made by native code.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const f = load('functions');

const named = f.makeFunction('echo', false);
assert.strictEqual(typeof named, 'function');
assert.strictEqual(named.name, 'echo');
console.log(`length: ${named.length}, anonymous name: ${JSON.stringify(f.makeFunction(undefined, false).name)}, sliced name: ${f.makeFunction('echo', true).name}`);

const r1 = named(1);
assert.strictEqual(r1.argc, 1);
assert.deepStrictEqual(r1.args, [1, undefined, undefined]);
assert.strictEqual(r1.data, 'the-data');
assert.strictEqual(r1.newTarget, undefined);
console.log(`plain call this is global: ${r1.this === globalThis}`);
const r2 = named(1, 2, 3, 4, 5);
assert.strictEqual(r2.argc, 5);
assert.deepStrictEqual(r2.args, [1, 2, 3]);
const recv = { tag: 'recv' };
assert.strictEqual(named.call(recv).this, recv);
assert.strictEqual(named.call('str').this instanceof String || named.call('str').this === 'str', true);
console.log(`primitive receiver type: ${typeof named.call('str').this}`);
assert.deepStrictEqual(f.argcOnly(7, 8, 9), [3, 3, 7]);
assert.deepStrictEqual(f.argcOnly(), [0, 0, undefined]);
console.log('cb info: ok');

// Native functions are constructible, with new.target.
const made = new named('a');
assert.strictEqual(made.newTarget, named);
assert.strictEqual(made.argc, 1);
console.log('new on a plain native function: ok');

// napi_call_function
const add = (a, b) => a + b;
assert.deepStrictEqual(f.call(add, undefined, 2, 3), { status: status.ok, value: 5 });
assert.deepStrictEqual(f.call(function () { return this; }, recv), { status: status.ok, value: recv });
const thrower = f.call(() => { throw new Error('inside'); }, undefined);
assert.strictEqual(thrower.status, status.pending_exception);
assert.strictEqual(thrower.threw.message, 'inside');
console.log(`call of a non-function: status ${f.call({}, undefined).status}`);
console.log('call_function: ok');

// napi_new_instance
class Pair { constructor(a, b) { this.a = a; this.b = b; } }
const ni = f.newInstance(Pair, 1, 2);
assert.ok(ni.value instanceof Pair);
assert.deepStrictEqual({ ...ni.value }, { a: 1, b: 2 });
assert.strictEqual(f.newInstance(() => {}).status, status.pending_exception);
console.log(`new_instance of a non-function: status ${f.newInstance({}).status}`);
console.log('new_instance: ok');

// ---- define_class ----
const Point = f.definePoint();
assert.strictEqual(Point.name, 'Point');
const p = new Point(3, 4);
assert.ok(p instanceof Point);
assert.strictEqual(p.constructor, Point);
assert.strictEqual(p.sum(), 7);
assert.strictEqual(p.lengthSquared, 25);
p.xOnly = 6;
assert.strictEqual(p.x, 6);
assert.strictEqual(p.dims, 2);
assert.strictEqual(Point.DIMENSIONS, 2);
assert.strictEqual(p.newTargetName, Point);
const origin = Point.origin();
assert.ok(origin instanceof Point);
assert.strictEqual(origin.sum(), 0);
assert.throws(() => Point(1, 2), TypeError);
assert.ok(!Object.prototype.hasOwnProperty.call(p, 'sum'));
for (const key of ['sum', 'lengthSquared', 'xOnly', 'dims']) {
  const d = Object.getOwnPropertyDescriptor(Point.prototype, key);
  console.log(`proto ${key}: ${'value' in d ? typeof d.value : 'accessor'} enumerable=${d.enumerable} writable=${d.writable} configurable=${d.configurable}`);
}
console.log(`static keys: ${Object.keys(Point).join(',')}`);
console.log('define_class: ok');

// Assigning what a native class made read-only throws V8's TypeError, which
// names the class as `#<Point>` (Node-API's own tests compare the text).
for (const [label, assign] of [
  ['read-only value', () => { p.dims = 3; }],
  ['method', () => { p.sum = 3; }],
  ['getter without setter', () => { p.lengthSquared = 3; }],
  ['static read-only value', () => { Point.DIMENSIONS = 3; }],
  ['static method', () => { Point.origin = 3; }],
]) {
  try {
    assign();
    console.log(`${label}: no throw`);
  } catch (e) {
    console.log(`${label}: ${e.name}: ${e.message}`);
  }
}

// Subclassing from JS with extends.
class Point3 extends Point {
  constructor(x, y, z) {
    super(x, y);
    this.z = z;
  }
  sum() {
    return super.sum() + this.z;
  }
}
const p3 = new Point3(1, 2, 3);
assert.ok(p3 instanceof Point3 && p3 instanceof Point);
assert.strictEqual(p3.sum(), 6);
assert.strictEqual(p3.newTargetName, Point3);
assert.strictEqual(Object.getPrototypeOf(Point3), Point);
assert.strictEqual(Point3.origin() instanceof Point3, true);
console.log('extends: ok');

console.log('null args:', JSON.stringify(f.nullArgs()));

// An addon that tells hosts apart by the layout of napi_callback_info, as
// Koffi does (fixtures/c/functions.c), still gets its data: Node's own
// layout under Node, napi_get_cb_info under a host whose callback info
// starts with the receiver's handle.
const probed = f.layoutProbed();
console.log('layout-probed data:', probed(), probed(1, 2), probed.call({}, 'x'));
