// Errors V8 throws from inside a Node-API call, in V8's words (engine patch
// 0012): napi_object_freeze/napi_object_seal on a typed array with elements
// or a proxy whose preventExtensions trap says no, and property operations
// on a revoked proxy or through a proxy's trap. The call returns
// napi_pending_exception and the exception reaches the caller.
'use strict';
const { load, statusName } = require('./common');
const o = load('objects');
const SET = 0, GET = 1, HAS = 2, DEL = 3;

const thrown = (label, fn) => {
  try {
    console.log(`${label}: returned ${statusName(fn())}`);
  } catch (e) {
    console.log(`${label}: ${e.constructor.name}: ${e.message}`);
  }
};
const refusing = () => new Proxy({}, { preventExtensions: () => false });
// A new object for each call: V8 reports a non-extensible typed array as
// sealed already (Object.isSealed), so a second call would not throw.
for (const [name, make] of [
  ['Uint8Array(2)', () => new Uint8Array(2)],
  ['Float64Array(1)', () => new Float64Array(1)],
  ['Buffer', () => Buffer.from('ab')],
  ['empty Uint8Array', () => new Uint8Array(0)],
  ['DataView', () => new DataView(new ArrayBuffer(2))],
  ['Uint8Array over a resizable buffer', () => new Uint8Array(new ArrayBuffer(2, { maxByteLength: 4 }))],
  ['proxy refusing preventExtensions', refusing],
]) {
  thrown(`napi_object_freeze(${name})`, () => o.freeze(make()));
  thrown(`napi_object_seal(${name})`, () => o.seal(make()));
}

const { proxy: revoked, revoke } = Proxy.revocable({}, {});
revoke();
const saysNo = new Proxy({}, { set: () => false, deleteProperty: () => false, defineProperty: () => false });
for (const [label, kind, target] of [
  ['get on a revoked proxy', GET, revoked], ['set on a revoked proxy', SET, revoked],
  ['has on a revoked proxy', HAS, revoked], ['delete on a revoked proxy', DEL, revoked],
  // Object::Set and Object::Delete do not throw when a trap says no.
  ['set through a trap returning false', SET, saysNo], ['delete through a trap returning false', DEL, saysNo],
]) {
  const r = o.keyOp(kind, target, 'x', 1);
  console.log(`${label}: ${statusName(r.status)} value ${r.value}${r.threw ? ` | ${r.threw.constructor.name}: ${r.threw.message}` : ''}`);
}
console.log('set_named_property through a trap returning false:', statusName(o.namedOp(SET, saysNo, 'x', 1).status));
console.log('set_element through a trap returning false:', statusName(o.elementOp(SET, saysNo, 0, 1).status));
// A trap that throws: napi_pending_exception, the exception the caller's.
const throwsInSet = new Proxy({}, { set() { throw new RangeError('set trap threw'); } });
for (const key of ['x', 0]) {
  const r = o.keyOp(SET, throwsInSet, key, 1);
  console.log(`set_property ${typeof key} key through a throwing trap: ${statusName(r.status)} | ${r.threw.constructor.name}: ${r.threw.message}`);
}
