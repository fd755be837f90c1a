// structuredClone(value, { transfer }): the global Node 17+ has (a copy made
// by the structured clone algorithm, the one worker messages use).
'use strict';

function show(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'throws', e.constructor.name, e.name, e.code, e.message);
  }
}

const d = Object.getOwnPropertyDescriptor(globalThis, 'structuredClone');
console.log('descriptor', typeof d.value, d.writable, d.enumerable, d.configurable);
console.log('fn', structuredClone.name, structuredClone.length);

// Primitives.
for (const v of [1, -0, NaN, 'str', true, null, undefined, 12345678901234567890n]) {
  const c = structuredClone(v);
  console.log('primitive', typeof c, Object.is(c, v));
}

// Plain objects and arrays (holes stay holes, prototype of a class instance dropped).
const obj = { a: 1, b: { c: [1, , 3] }, s: 'x' };
const objc = structuredClone(obj);
console.log('object', JSON.stringify(objc), objc !== obj, objc.b !== obj.b, 1 in objc.b.c, objc.b.c.length);
const arr = [1, 2, 3];
arr.extra = 'kept';
console.log('array extra prop', structuredClone(arr).extra);
class Point { constructor() { this.x = 1; } get y() { return 2; } }
const pc = structuredClone(new Point());
console.log('class instance', Object.getPrototypeOf(pc) === Object.prototype, JSON.stringify(pc));
const withGetter = { get g() { return 42; } };
console.log('getter read', Object.getOwnPropertyDescriptor(structuredClone(withGetter), 'g').value);
const sym = { [Symbol('k')]: 1, n: 2 };
console.log('symbol keys dropped', Object.getOwnPropertySymbols(structuredClone(sym)).length);
const nonEnum = Object.defineProperty({ v: 1 }, 'hidden', { value: 2, enumerable: false });
console.log('non-enumerable dropped', 'hidden' in structuredClone(nonEnum));

// Date, RegExp.
const date = new Date(1700000000000);
const dc = structuredClone(date);
console.log('date', dc instanceof Date, dc.getTime(), dc !== date);
const re = /ab+c/gi;
re.lastIndex = 3;
const rc = structuredClone(re);
console.log('regexp', rc instanceof RegExp, rc.source, rc.flags, rc.lastIndex, rc !== re);

// Map, Set.
const key = { k: 1 };
const map = new Map([[key, 'v'], ['s', key]]);
const mc = structuredClone(map);
const [mk] = mc.keys();
console.log('map', mc instanceof Map, mc.size, mk !== key, mc.get('s') === mk);
const sc = structuredClone(new Set([1, 'a', key]));
console.log('set', sc instanceof Set, sc.size, [...sc].map((x) => typeof x).join());

// ArrayBuffer, typed arrays, DataView sharing one buffer.
const buf = new ArrayBuffer(8);
const u8 = new Uint8Array(buf, 2, 4);
u8.set([1, 2, 3, 4]);
const dv = new DataView(buf, 1, 3);
const bc = structuredClone({ buf, u8, dv, f64: new Float64Array([1.5, -2]) });
console.log('typed', bc.u8 instanceof Uint8Array, [...bc.u8].join(), bc.u8.byteOffset, bc.u8.length);
console.log('dataview', bc.dv instanceof DataView, bc.dv.byteOffset, bc.dv.byteLength);
console.log('shared buffer', bc.u8.buffer === bc.buf, bc.dv.buffer === bc.buf, bc.buf !== buf);
bc.u8[0] = 99;
console.log('copy independent', u8[0], new Uint8Array(bc.buf)[2]);
console.log('float64', [...bc.f64].join());

// Errors: name, message, stack, cause.
const err = new RangeError('out', { cause: 'why' });
const ec = structuredClone(err);
console.log('error', ec instanceof RangeError, ec.name, ec.message, ec.stack === err.stack, ec.cause, ec !== err);
const custom = new Error('m');
custom.name = 'CustomThing';
custom.extra = 1;
const cc = structuredClone(custom);
console.log('custom error', cc.constructor.name, cc.name, cc.message, cc.extra);
class MyErr extends TypeError {}
const me = structuredClone(new MyErr('sub'));
console.log('subclass error', me.constructor.name, me.name, me.message);

// Cycles and shared references.
const cyc = { name: 'c' };
cyc.self = cyc;
cyc.list = [cyc, cyc];
const cycc = structuredClone(cyc);
console.log('cycle', cycc.self === cycc, cycc.list[0] === cycc, cycc.list[1] === cycc, cycc !== cyc);
const shared = { x: 1 };
const sh = structuredClone({ a: shared, b: shared });
console.log('shared', sh.a === sh.b);

// Boxed primitives.
const boxed = structuredClone([new Number(3), new String('s'), new Boolean(false), Object(5n)]);
console.log('boxed', boxed.map((b) => typeof b + ':' + Object.prototype.toString.call(b) + ':' + b.valueOf()).join(' '));

// What cannot be cloned.
show('function', () => structuredClone(() => {}));
show('function in object', () => structuredClone({ f: function named() {} }));
show('symbol', () => structuredClone(Symbol('s')));
show('weakmap', () => structuredClone(new WeakMap()));
show('weakset', () => structuredClone(new WeakSet()));
show('promise', () => structuredClone(Promise.resolve(1)));
show('no argument', () => structuredClone());
show('explicit undefined', () => structuredClone(undefined));

// transfer.
const tb = new ArrayBuffer(4);
new Uint8Array(tb)[0] = 7;
const moved = structuredClone(tb, { transfer: [tb] });
console.log('transfer', tb.byteLength, moved.byteLength, new Uint8Array(moved)[0]);
const tb2 = new ArrayBuffer(2);
const movedView = structuredClone(new Uint8Array(tb2), { transfer: [tb2] });
console.log('transfer view', tb2.byteLength, movedView.length);
show('transfer non-transferable', () => structuredClone({}, { transfer: [{}] }));
show('transfer not iterable', () => structuredClone(1, { transfer: 5 }));
show('options not object', () => structuredClone(1, 5));
show('transfer null options', () => structuredClone(1, null));

const { port1, port2 } = new MessageChannel();
const movedPort = structuredClone(port1, { transfer: [port1] });
console.log('port moved', movedPort instanceof MessagePort, movedPort !== port1);
show('port without transfer', () => structuredClone(port2));
movedPort.on('message', (m) => {
  console.log('moved port receives', m);
  movedPort.close();
  port2.close();
});
port2.postMessage('hello');
