// Errors and exceptions across the Node-API boundary.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const e = load('errors');

// Throwing each kind, with and without a code.
const kinds = [Error, TypeError, RangeError, SyntaxError];
kinds.forEach((Kind, i) => {
  assert.throws(() => e.throwKind(i, 'ERR_X', `kind ${i}`), (err) => {
    assert.ok(err instanceof Kind);
    assert.strictEqual(err.message, `kind ${i}`);
    assert.strictEqual(err.code, 'ERR_X');
    return true;
  });
  assert.throws(() => e.throwKind(i, null, 'no code'), (err) => err instanceof Kind && !('code' in err));
});
console.log('throw kinds: ok');

// Creating errors: the value, the code property, and the statuses.
kinds.forEach((Kind, i) => {
  const r = e.createKind(i, 'CODE', 'made');
  assert.strictEqual(r.status, status.ok);
  assert.ok(r.value instanceof Kind);
  assert.strictEqual(r.value.message, 'made');
  assert.strictEqual(r.value.code, 'CODE');
  assert.ok(Object.keys(r.value).includes('code'), 'code is an ordinary enumerable property');
  const nocode = e.createKind(i, undefined, 'plain');
  assert.strictEqual(nocode.status, status.ok);
  assert.strictEqual(Object.prototype.hasOwnProperty.call(nocode.value, 'code'), false);
  assert.strictEqual(e.createKind(i, 42, 'x').status, status.string_expected);
  assert.strictEqual(e.createKind(i, 'C', 42).status, status.string_expected);
});
console.log('create kinds: ok');

// napi_throw throws any value, as is.
for (const v of [new Error('err'), 'a string', 7, null, undefined, { a: 1 }]) {
  try {
    e.throw(v);
    assert.fail('expected a throw');
  } catch (caught) {
    assert.strictEqual(caught, v);
  }
}
console.log('throw values: ok');

assert.deepStrictEqual([new Error('x'), new TypeError('y'), { message: 'z' }, 'e'].map((v) => e.isError(v).value), [true, true, false, false]);

// An exception from JS called by native code: pending, then cleared.
const boom = new Error('boom');
const caught = e.catchFrom(() => {
  throw boom;
});
assert.strictEqual(caught.callStatus, status.pending_exception);
assert.strictEqual(caught.pending, true);
assert.strictEqual(caught.pendingAfterClear, false);
assert.strictEqual(caught.exception, boom);
assert.deepStrictEqual(e.clearNothing(), { status: status.ok, value: undefined });
console.log('capture: ok');

// ...or left pending, it is rethrown to the JS caller when the callback returns.
const thrown = new RangeError('through');
assert.throws(() => e.callAndReturn(() => {
  throw thrown;
}), (err) => err === thrown);
console.log('rethrow: ok');

// While an exception is pending, calls that may run JS are refused.
const statuses = e.statusesWhilePending(() => {
  throw new Error('pending');
});
console.log('while pending:', JSON.stringify(statuses));
assert.deepStrictEqual(statuses, [
  status.pending_exception, status.pending_exception, status.ok, status.ok,
  status.pending_exception, status.pending_exception,
]);

const info = e.lastErrorInfo();
console.log('last error:', JSON.stringify(info));
assert.strictEqual(info.status, status.number_expected);
assert.strictEqual(info.errorCode, status.number_expected);
assert.strictEqual(info.message, 'A number was expected');
assert.strictEqual(info.codeAfterSuccess, status.ok);

const nulls = e.nullArgs();
console.log('null args:', JSON.stringify(nulls));
assert.ok(nulls.every((s) => s !== status.ok), 'no call with a NULL argument succeeds');

// napi_fatal_error aborts the process with its message on stderr.
const child = require('child_process').spawnSync(process.execPath, ['-e', `
  require(${JSON.stringify(require('path').join(process.env.NABI_FIXTURE_DIR, 'errors.node'))}).fatal();
`]);
assert.strictEqual(child.status, null);
assert.strictEqual(child.signal, 'SIGABRT');
assert.match(child.stderr.toString(), /FATAL ERROR: fixture\/errors\.c fatal on purpose/);
console.log('fatal error: ok');
