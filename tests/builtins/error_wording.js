// The engine's TypeErrors for property operations carry V8's wording, which
// packages and Node-API tests compare: the key (a symbol as `Symbol(desc)`),
// `typeof` the object, and the object as V8 renders it without running code
// (`#<Ctor>` when its toString is Object.prototype.toString, `[object Tag]`
// otherwise, a function's source, an error's `Name: message`). Also reads
// and writes on null/undefined, `const` assignment, the temporal dead zone,
// class constructors called without `new`, `instanceof`, cyclic prototypes,
// symbols to strings and native functions' source text.
'use strict';
const fails = (label, fn) => {
  try {
    fn();
    console.log(label, 'no throw');
  } catch (e) {
    console.log(`${label} | ${e.constructor.name} | ${e.message}`);
  }
};
const readOnly = (o, k = 'x') => Object.defineProperty(o, k, { value: 1, writable: false });
class MyObject {
  get g() { return 1; }
}

fails('own read-only', () => { readOnly({}).x = 2; });
fails('class instance', () => { readOnly(new MyObject()).x = 2; });
fails('inherited read-only', () => { Object.create(readOnly({})).x = 2; });
fails('null prototype', () => { readOnly(Object.create(null)).x = 2; });
fails('frozen array element', () => { Object.freeze([1])[0] = 2; });
fails('read-only array length', () => {
  const a = [1];
  Object.defineProperty(a, 'length', { writable: false });
  a.length = 0;
});
fails('push past read-only length', () => {
  const a = [1];
  Object.defineProperty(a, 'length', { writable: false });
  a[1] = 0;
});
fails('function name', () => { (function f() {}).name = 2; });
fails('native function name', () => { Math.max.name = 2; });
fails('bound function name', () => { (function g() {}).bind(null).name = 2; });
fails('string length', () => { 'abc'.length = 2; });
fails('string index', () => { 'abc'[0] = 'x'; });
fails('property on a number', () => { (5).x = 2; });
fails('property on a string', () => { 'abc'.foo = 2; });
fails('symbol key', () => { const s = Symbol('s'); readOnly({}, s)[s] = 2; });
fails('index key', () => { readOnly({}, 3)[3] = 2; });
fails('long key', () => { const k = 'k'.repeat(100); readOnly({}, k)[k] = 2; });
fails('getter only, class', () => { new MyObject().g = 2; });
fails('getter only, object', () => { ({ get x() { return 1; } }).x = 2; });
fails('getter only, null prototype', () => {
  const o = Object.create(null);
  Object.defineProperty(o, 'x', { get() {} });
  o.x = 2;
});
fails('getter only, symbol key', () => {
  const s = Symbol('s');
  const o = {};
  Object.defineProperty(o, s, { get() {} });
  o[s] = 2;
});
fails('static getter only', () => {
  class K { static get s() { return 1; } }
  K.s = 2;
});
fails('not extensible', () => { Object.preventExtensions({}).y = 2; });
fails('not extensible array push', () => { Object.preventExtensions([]).push(1); });
fails('toStringTag', () => { readOnly({ [Symbol.toStringTag]: 'Tagged' }).x = 2; });
fails('anonymous class', () => { readOnly(new (class {})()).x = 2; });
fails('own toString', () => { readOnly({ toString() { return 'hi'; } }).x = 2; });
fails('error object', () => { readOnly(new Error('boom')).x = 2; });
fails('map', () => { readOnly(new Map()).x = 2; });
fails('date', () => { readOnly(new Date(0)).x = 2; });
fails('typed array', () => { readOnly(new Uint8Array(1)).x = 2; });
fails('global undefined', () => { globalThis.undefined = 1; });
fails('delete', () => { delete Object.freeze({ x: 1 }).x; });
fails('delete array element', () => { delete Object.freeze([1])[0]; });
fails('redefine', () => { Object.defineProperty(Object.freeze({ x: 1 }), 'x', { value: 3 }); });
fails('define on non-extensible', () => { Object.defineProperty(Object.freeze({}), 'y', { value: 3 }); });
fails('const', () => {
  const c = 1;
  c = 2;
});
fails('read of undefined', () => undefined.x);
fails('read of null', () => null.x);
fails('read of undefined, symbol key', () => undefined[Symbol('q')]);
fails('write to undefined', () => { undefined.x = 1; });
fails('write to null', () => { null.x = 1; });
fails('before initialization', () => {
  const read = () => late;
  read();
  const late = 1;
});
fails('class constructor without new', () => {
  class Widget {}
  Widget();
});
fails('anonymous class constructor without new', () => (class {})());
fails('cyclic prototype', () => {
  const a = {};
  Object.setPrototypeOf(a, a);
});
fails('instanceof a primitive', () => ({}) instanceof 5);
fails('instanceof a non-callable', () => ({}) instanceof {});
fails('symbol to string', () => `${Symbol('s')}`);
console.log('Reflect.set on read-only:', Reflect.set(readOnly({}), 'x', 2));
console.log(String(Math.max));
console.log(String(function g() {}.bind(null)));
