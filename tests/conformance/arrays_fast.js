// napi_set_element on arrays in every state QuickJS's fast representation
// distinguishes (nabi takes a fast path for a fast array's element set in
// place or appended): the result must be what Node's indexed set gives
// for non-writable lengths, non-extensible, sealed and frozen arrays,
// subclasses, Array.prototype/Object.prototype indices, and a pending
// exception; and napi_create_array_with_length's holes at any size.
'use strict';
const { load, statusName } = require('./common');
const o = load('objects');
const SET = 0;
const set = (a, i, v) => statusName(o.elementOp(SET, a, i, v).status);
const show = (label, a) =>
  console.log(label, a.length, Object.keys(a).length, 0 in a, JSON.stringify(a.slice(0, 6)), Object.isExtensible(a));

// Pre-sized, filled in order: below, at and past the length, at sizes
// around the room nabi reserves (65,536) and V8's int limit.
for (const [len, fill] of [[0, 0], [1, 1], [16, 16], [16, 3], [2, 5], [65536, 65536], [65537, 65537], [100000, 10]]) {
  const a = o.fillInOrder(len, fill);
  const sum = a.reduce((x, y) => x + y, 0);
  console.log(len, fill, a.length, Object.keys(a).length, fill in a, sum, Array.isArray(a));
}
for (const len of [2 ** 31, 2 ** 32 + 3]) {
  const a = o.fillInOrder(len, 2);
  console.log(len, a.length, 0 in a, 2 in a, a[1]);
}

// Overwriting, in place.
const over = o.fillInOrder(4, 4);
console.log(set(over, 1, 'x'), set(over, 3, { y: 1 }), JSON.stringify(over));

// A length that is not writable: elements below it may be set, none past.
for (const len of [2, 5]) {
  const a = o.fillInOrder(len, 2);
  Object.defineProperty(a, 'length', { writable: false });
  console.log(set(a, 0, 'a'), set(a, 2, 'b'), set(a, 5, 'c'), a.length, JSON.stringify(a));
}

// Not extensible, sealed, frozen.
for (const lock of ['preventExtensions', 'seal', 'freeze']) {
  const a = o.fillInOrder(4, 2);
  Object[lock](a);
  console.log(lock, set(a, 0, 'a'), set(a, 2, 'b'), set(a, 7, 'c'));
  show(lock, a);
}

// A subclass of Array, and an array whose prototype was changed.
class Sub extends Array {}
const sub = new Sub();
console.log(set(sub, 0, 'a'), set(sub, 1, 'b'), sub.length, sub instanceof Sub, JSON.stringify(sub));
const reproto = o.fillInOrder(3, 0);
const seen = [];
Object.setPrototypeOf(reproto, { set 0(v) { seen.push(v); }, get 0() { return 'proto'; } });
console.log(set(reproto, 0, 'a'), set(reproto, 1, 'b'), JSON.stringify(seen), Object.keys(reproto).join());

// An index setter on Object.prototype is seen by an append (it is not an
// own element yet), not by an overwrite.
const filled = o.fillInOrder(3, 1);
let log = '';
Object.defineProperty(Object.prototype, 1, { set(v) { log += ' object:' + v; }, configurable: true });
console.log(set(filled, 1, 'one'), set(filled, 0, 'zero'), log, Object.keys(filled).join());
const appended = [0];
appended[appended.length] = 'js';
console.log(log, Object.keys(appended).join());
delete Object.prototype[1];
console.log(set(filled, 1, 'one'), Object.keys(filled).join());

// With an exception pending: the set is refused and changes nothing.
const pendingTarget = o.fillInOrder(3, 1);
const thrower = () => { throw new Error('boom'); };
console.log(JSON.stringify(o.setElementWhilePending(thrower, pendingTarget, 1)),
  JSON.stringify(o.setElementWhilePending(thrower, pendingTarget, 0)), pendingTarget.length, 1 in pendingTarget);

// Non-arrays: typed arrays, arguments, plain objects.
const u8 = new Uint8Array(2);
console.log(set(u8, 0, 300), set(u8, 5, 1), Array.from(u8).join());
const args = (function () { return arguments; })(1, 2);
console.log(set(args, 0, 'a'), set(args, 2, 'c'), args.length, Array.from(args).join());
const plain = {};
console.log(set(plain, 0, 'a'), JSON.stringify(plain));
