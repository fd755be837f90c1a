// V8's wording for property descriptors, prototypes, proxies' arguments and
// built-in constructors called without `new` (engine patch 0014): the
// offending value is named as V8 renders it (a primitive as its string, an
// object as `#<Ctor>`), defineProperty on a non-object names its caller.
'use strict';
const fails = (label, fn) => {
  try {
    const r = fn();
    console.log(`${label} | no throw | ${typeof r}`);
  } catch (e) {
    console.log(`${label} | ${e.constructor.name} | ${e.message}`);
  }
};

fails('Object.defineProperty on a number', () => Object.defineProperty(1, 'a', {}));
fails('Object.defineProperty on null', () => Object.defineProperty(null, 'a', {}));
fails('Reflect.defineProperty on a number', () => Reflect.defineProperty(1, 'a', {}));
for (const [name, desc] of [['1', 1], ['a string', 'abc'], ['undefined', undefined], ['null', null], ['a symbol', Symbol('d')]]) {
  fails(`descriptor ${name}`, () => Object.defineProperty({}, 'a', desc));
}
fails('descriptor in defineProperties', () => Object.defineProperties({}, { a: 1 }));
fails('descriptor in Object.create', () => Object.create({}, { a: true }));
fails('descriptor in Reflect.defineProperty', () => Reflect.defineProperty({}, 'a', 1));
for (const [name, v] of [['1', 1], ['an object', {}], ['a string', 'abc'], ['null', null], ['an array', [1, 2]], ['a class instance', new (class Thing {})()]]) {
  fails(`getter ${name}`, () => Object.defineProperty({}, 'a', { get: v }));
  fails(`setter ${name}`, () => Object.defineProperty({}, 'a', { set: v }));
}
fails('getter undefined is fine', () => Object.defineProperty({}, 'a', { get: undefined }));
fails('value and getter', () => Object.defineProperty({}, 'a', { value: 1, get() {} }));
fails('writable and setter', () => Object.defineProperty({}, 'a', { writable: true, set() {} }));
fails('both, from a class', () => Object.defineProperty({}, 'a', new (class Desc {
  constructor() { this.value = 1; }
  get get() { return () => 1; }
})()));

for (const [name, proto] of [['1', 1], ['a string', 'abc'], ['undefined', undefined], ['true', true]]) {
  fails(`Object.create(${name})`, () => Object.create(proto));
  fails(`Object.setPrototypeOf({}, ${name})`, () => Object.setPrototypeOf({}, proto));
  fails(`Reflect.setPrototypeOf({}, ${name})`, () => Reflect.setPrototypeOf({}, proto));
}
fails('Object.setPrototypeOf(null, {})', () => Object.setPrototypeOf(null, {}));
fails('Object.setPrototypeOf(undefined, null)', () => Object.setPrototypeOf(undefined, null));
fails('Object.setPrototypeOf(1, {}) is fine', () => Object.setPrototypeOf(1, {}));
fails('__proto__ = 1 is ignored', () => { const o = {}; o.__proto__ = 1; return Object.getPrototypeOf(o) === Object.prototype; });

fails('new Proxy(1, {})', () => new Proxy(1, {}));
fails('new Proxy({}, 1)', () => new Proxy({}, 1));
fails('new Proxy({}, null)', () => new Proxy({}, null));
fails('Proxy.revocable(1, {})', () => Proxy.revocable(1, {}));

for (const C of [Map, Set, WeakMap, WeakSet, Promise, Proxy, ArrayBuffer, SharedArrayBuffer, Uint8Array, Float64Array,
  DataView, WeakRef, FinalizationRegistry]) {
  fails(`${C.name}() without new`, () => C(() => {}));
}
