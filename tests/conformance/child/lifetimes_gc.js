// Run by ../lifetimes.js with --expose-gc (not by the harness directly): weak references after collection,
// finalizers of collected wraps, externals and add_finalizer.
'use strict';
const assert = require('assert');
const { load, status } = require('../common');
const l = load('lifetimes');

const tick = () => new Promise((resolve) => setImmediate(resolve));

(async () => {
  (() => {
    const obj = { temp: true };
    l.makeRef(2, obj, 0); // weak from the start
    l.makeRef(3, obj, 1); // strong
    l.wrap(obj, 4);
    l.addFinalizer(obj, 0);
  })();
  (() => l.makeExternal())();
  gc();
  await tick();
  gc();
  await tick();
  // Still held strongly by ref 3: nothing collected.
  assert.strictEqual(typeof l.refOp(2, GET()).value, 'object');
  assert.strictEqual(l.finalized(), 1, 'only the dropped external is finalized');
  assert.deepStrictEqual(l.refOp(3, 2), { status: status.ok, value: 0 });
  gc();
  await tick();
  gc();
  await tick();
  assert.strictEqual(l.refOp(2, GET()).value, '<NULL>');
  assert.strictEqual(l.refOp(3, GET()).value, '<NULL>');
  console.log('after collection: finalizers run', l.finalized());
  // Weakened and collected within one native call: the value is gone
  // when JS called from that call collects.
  (() => l.makeRef(5, { temp: 5 }, 1))();
  assert.strictEqual(l.unrefThenCall(5, () => { gc(); }), '<NULL>');
  // The last strong reference deleted within one native call: the value
  // lives until JS runs again (V8 frees it in a later collection, not in
  // napi_delete_reference), and is gone once JS called from there collects.
  (() => {
    const o = { temp: 6 };
    l.makeRef(6, o, 1);
    l.makeRef(7, o, 0);
  })();
  assert.deepStrictEqual(l.deleteThenCall(6, 7, () => { gc(); }), ['object', '<NULL>']);
  assert.strictEqual(l.refOp(7, 3).status, status.ok);
  assert.strictEqual(l.refOp(5, 3).status, status.ok);
  assert.strictEqual(l.refOp(2, 3).status, status.ok);
  assert.strictEqual(l.refOp(3, 3).status, status.ok);
  assert.strictEqual(l.postFinalizer(), status.ok);
  await tick();
  console.log('post_finalizer ran:', l.finalized());
})();

function GET() {
  return 0;
}
