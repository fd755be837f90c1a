// JS called from native code on a stack of its own (fixtures/loader/
// other_stack.c). Node 24 throws "Maximum call stack size exceeded" before
// running any of it (V8's limit is relative to the thread's stack); nabi
// runs it, with a limit on that stack, as FFI addons calling back need.
'use strict';
const assert = require('assert');
const m = require(process.env.NABI_FIXTURE);

const depth = (n) => (n ? depth(n - 1) + 1 : 0);
assert.strictEqual(m.onOtherStack(() => `ran ${depth(100)}`), 'ran 100');
console.log('called from another stack: ok');

// Nested: JS on one foreign stack calls native code that switches again.
assert.strictEqual(m.onOtherStack(() => m.onOtherStack(() => depth(50)) + 1), 51);
console.log('nested: ok');

// Unbounded recursion there ends in a RangeError, not a crash.
const forever = () => forever() + 1;
assert.throws(() => m.onOtherStack(forever), RangeError);
console.log('overflow on that stack: RangeError');

// And the thread's own limit is as before.
let n = 0;
const count = () => { n++; count(); };
assert.throws(count, RangeError);
assert.ok(n > 1000, `recursion depth ${n}`);
console.log('thread stack: ok');
