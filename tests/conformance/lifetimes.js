// References, wraps, finalizers, externals, type tags. The parts that need
// a collection run in a child process started with --expose-gc
// (lifetimes_gc.js); every finalizer prints when it runs, so stdout shows
// that each runs exactly once, also at exit.
'use strict';
const assert = require('assert');
const path = require('path');
const { load, status } = require('./common');
const l = load('lifetimes');

const GET = 0, REF = 1, UNREF = 2, DEL = 3;

// References to objects: counting, strong while > 0.
const target = { name: 'target' };
assert.strictEqual(l.makeRef(0, target, 1), status.ok);
assert.strictEqual(l.refOp(0, GET).value, target);
assert.deepStrictEqual(l.refOp(0, REF), { status: status.ok, value: 2 });
assert.deepStrictEqual(l.refOp(0, UNREF), { status: status.ok, value: 1 });
assert.deepStrictEqual(l.refOp(0, UNREF), { status: status.ok, value: 0 });
assert.strictEqual(l.refOp(0, GET).value, target, 'weak but alive');
assert.strictEqual(l.refOp(0, UNREF).status, status.generic_failure);
assert.deepStrictEqual(l.refOp(0, REF), { status: status.ok, value: 1 });
assert.strictEqual(l.refOp(0, DEL).status, status.ok);
// Module API version 9 (this fixture): only objects, functions and symbols.
const kinds = [[{}, 'object'], [() => {}, 'function'], [Symbol('s'), 'symbol'], [1, 'number'], ['s', 'string'], [null, 'null'], [undefined, 'undefined']];
// (Each reference made is deleted: strict mode reports references left.)
const made = kinds.map(([v, name]) => {
  const s = l.makeRef(1, v, 1);
  if (s === status.ok) l.refOp(1, DEL);
  return `${name}=${s}`;
});
console.log('create_reference by type:', made.join(' '));
// Made, weakened, re-referenced and deleted within one native call.
for (let i = 0; i < 3; i++) {
  const churned = { churn: i };
  const [c, d, counts] = l.churn(churned);
  assert.strictEqual(c, churned);
  assert.strictEqual(d, churned);
  console.log('churn counts:', counts);
}
// A reference going weak while the call's exception is pending (a
// registered symbol cannot be held by a WeakRef) leaves the exception be.
for (const v of [Symbol.for('registered'), {}]) {
  assert.throws(() => l.throwWithWeakRef(6, v), { message: 'thrown before the reference went weak' });
  assert.strictEqual(l.refOp(6, GET).status, status.ok);
  assert.strictEqual(l.refOp(6, DEL).status, status.ok);
}
console.log('references: ok');

// Wrap.
const w = {};
assert.strictEqual(l.wrap(w, 7), status.ok);
assert.deepStrictEqual(l.unwrap(w), { status: status.ok, value: 7 });
assert.strictEqual(l.wrap(w, 7), status.invalid_arg, 'wrapping twice');
assert.deepStrictEqual(l.removeWrap(w), { status: status.ok, value: 7 });
assert.strictEqual(l.unwrap(w).status, status.invalid_arg);
assert.strictEqual(l.removeWrap(w).status, status.invalid_arg);
assert.strictEqual(l.wrap(w, 3), status.ok, 'can wrap again after removal');
assert.deepStrictEqual(l.removeWrap(w), { status: status.ok, value: 3 });
const withRef = {};
assert.strictEqual(l.wrap(withRef, 101), status.ok);
assert.strictEqual(l.wrapRefValue().value, withRef);
assert.strictEqual(l.wrap(5, 1), status.invalid_arg);
// Instances of classes and functions can be wrapped too.
const wrappedFn = function f() {};
assert.strictEqual(l.wrap(wrappedFn, 2), status.ok);
console.log('wrap: ok');

// Externals.
const ext = l.makeExternal();
assert.strictEqual(typeof ext, 'object');
assert.deepStrictEqual(l.externalValue(ext), { status: status.ok, value: 1234 });
assert.strictEqual(l.externalValue({}).status, status.invalid_arg);
console.log('externals: ok');

// Type tags.
const tagged = {};
assert.strictEqual(l.tagObject(tagged, 0), status.ok);
assert.strictEqual(l.tagObject(tagged, 0), status.invalid_arg, 'tagging twice');
assert.strictEqual(l.tagObject(tagged, 1), status.invalid_arg);
assert.deepStrictEqual(l.checkTag(tagged, 0), { status: status.ok, value: true });
assert.deepStrictEqual(l.checkTag(tagged, 1), { status: status.ok, value: false });
assert.deepStrictEqual(l.checkTag({}, 0), { status: status.ok, value: false });
console.log('type tags: ok');

assert.deepStrictEqual(l.adjustMemory(1024), { status: status.ok, value: true });
assert.deepStrictEqual(l.adjustMemory(-1024), { status: status.ok, value: true });
console.log('null args:', JSON.stringify(l.nullArgs()));

// Collection-dependent behaviour, in a child with --expose-gc.
const child = require('child_process').spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'child', 'lifetimes_gc.js')], {
  env: process.env,
  encoding: 'utf8',
});
assert.strictEqual(child.status, 0, child.stderr);
process.stdout.write(child.stdout);

// The wrap with removed finalizer must not run; the others run at exit.
// Keep them referenced to the end: a refcounting engine would free them as
// soon as this module's function returns, V8 only at exit.
process.on('exit', () => console.log('exit', typeof ext, typeof withRef, typeof wrappedFn));
