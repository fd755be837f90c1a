// V8's wording for the TypeErrors of typed arrays, freeze/seal/
// preventExtensions and proxies (engine patch 0012): an index a typed
// array cannot define (out of range, negative, fractional, NaN, Infinity)
// or cannot make read-only/non-configurable/accessor, freezing or sealing
// a view with elements (a detached or empty one is fine), what a typed
// array over a resizable buffer refuses, a proxy trap returning false, and
// any operation on a revoked proxy (naming the trap).
'use strict';
const fails = (label, fn) => {
  try {
    const r = fn();
    console.log(`${label} | no throw | ${typeof r === 'boolean' ? r : typeof r}`);
  } catch (e) {
    console.log(`${label} | ${e.constructor.name} | ${e.message}`);
  }
};
const u8 = () => new Uint8Array(2);
const define = (k, desc) => () => Object.defineProperty(u8(), k, desc);

for (const k of [2, 2 ** 40, -1, '-0', 1.5, '0.5', 'NaN', 'Infinity', '-Infinity']) {
  fails(`define index ${String(k)}`, define(k, { value: 1 }));
}
fails('define index 1e3 (not canonical: an ordinary property)', define('1e3', { value: 1 }));
fails('define read-only index', define(0, { value: 1, writable: false }));
fails('define non-configurable index', define('0', { value: 1, configurable: false }));
fails('define non-enumerable index', define(0, { value: 1, enumerable: false }));
fails('define accessor index', define(1, { get() { return 1; } }));
fails('define a plain index', () => Object.defineProperty(u8(), 1, { value: 7, writable: true, enumerable: true, configurable: true })[1]);
fails('Reflect.defineProperty a read-only index', () => Reflect.defineProperty(u8(), 0, { value: 1, writable: false }));
fails('Reflect.defineProperty out of range', () => Reflect.defineProperty(u8(), 9, { value: 1 }));
{
  const u = u8();
  u.NaN = 5;
  u[-1] = 5;
  u[2] = 5;
  console.log('sets at invalid indices ignored:', u.NaN, u[-1], u[2], Object.keys(u).join(','));
}

const detached = u8();
detached.buffer.transfer();
const rab = () => new ArrayBuffer(4, { maxByteLength: 8 });
for (const [name, make] of [
  ['Uint8Array(2)', u8], ['Float32Array(1)', () => new Float32Array(1)], ['Buffer', () => Buffer.alloc(3)],
  ['over a SharedArrayBuffer', () => new Uint8Array(new SharedArrayBuffer(2))],
  ['empty', () => new Uint8Array(0)], ['detached', () => detached],
  ['DataView', () => new DataView(new ArrayBuffer(2))],
  ['length-tracking over a resizable buffer', () => new Uint8Array(rab())],
  ['fixed length over a resizable buffer', () => new Uint8Array(rab(), 0, 2)],
  ['fixed length over a growable SharedArrayBuffer', () => new Uint8Array(new SharedArrayBuffer(4, { maxByteLength: 8 }), 0, 2)],
]) {
  for (const op of ['freeze', 'seal', 'preventExtensions']) {
    const v = make();
    fails(`Object.${op}(${name})`, () => Object[op](v) === v);
    if (v.length !== undefined) console.log(`  extensible after: ${Object.isExtensible(v)}`);
  }
}
fails('Reflect.preventExtensions(resizable)', () => Reflect.preventExtensions(new Uint8Array(rab())));

// Proxies.
const no = () => false;
const p = new Proxy({}, { set: no, defineProperty: no, deleteProperty: no, setPrototypeOf: no, preventExtensions: no });
fails('set, trap false', () => { p.x = 1; });
fails('set symbol, trap false', () => { p[Symbol('q')] = 1; });
fails('set index, trap false', () => { p[3] = 1; });
fails('defineProperty, trap false', () => Object.defineProperty(p, 'x', { value: 1 }));
fails('Reflect.defineProperty, trap false', () => Reflect.defineProperty(p, 'x', { value: 1 }));
fails('delete, trap false', () => { delete p.x; });
fails('Reflect.deleteProperty, trap false', () => Reflect.deleteProperty(p, 'x'));
fails('setPrototypeOf, trap false', () => Object.setPrototypeOf(p, null));
fails('preventExtensions, trap false', () => Object.preventExtensions(p));
fails('freeze, trap false', () => Object.freeze(p));
fails('seal, trap false', () => Object.seal(p));
fails('setPrototypeOf a non-extensible object', () => Object.setPrototypeOf(Object.preventExtensions({}), {}));
fails('setPrototypeOf a non-extensible class instance', () => Object.setPrototypeOf(Object.preventExtensions(new (class Thing {})()), {}));
fails('__proto__ of a non-extensible array', () => { Object.preventExtensions([]).__proto__ = {}; });

const revoked = () => {
  const r = Proxy.revocable(function () {}, {});
  r.revoke();
  return r.proxy;
};
for (const [label, fn] of [
  ['get', (x) => x.y], ['set', (x) => { x.y = 1; }], ['has', (x) => 'y' in x], ['delete', (x) => delete x.y],
  ['Object.keys', (x) => Object.keys(x)], ['Reflect.ownKeys', (x) => Reflect.ownKeys(x)],
  ['call', (x) => x()], ['new', (x) => new x()], ['Array.isArray', (x) => Array.isArray(x)],
  ['getPrototypeOf', (x) => Object.getPrototypeOf(x)], ['setPrototypeOf', (x) => Object.setPrototypeOf(x, null)],
  ['isExtensible', (x) => Object.isExtensible(x)], ['preventExtensions', (x) => Object.preventExtensions(x)],
  ['getOwnPropertyDescriptor', (x) => Object.getOwnPropertyDescriptor(x, 'y')],
  ['defineProperty', (x) => Object.defineProperty(x, 'y', {})], ['typeof', (x) => typeof x],
]) {
  fails(`revoked proxy: ${label}`, () => fn(revoked()));
}
