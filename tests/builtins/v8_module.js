// node:v8: the value serializer writes V8's wire format (version 15) byte
// for byte as Node does, reads it back, and the heap statistics have Node's
// shape with consistent numbers.
'use strict';
const v8 = require('v8');

const hex = (value) => v8.serialize(value).toString('hex');
const shared = { a: 1 };
const cyclic = { name: 'c' };
cyclic.self = cyclic;
const withProps = [1, 2];
withProps.x = 'y';
const cases = {
  undefined: undefined, null: null, true: true, false: false,
  int: 42, negative: -5, int32max: 2 ** 31 - 1, big: 2 ** 40, fraction: 1.5, negZero: -0, nan: NaN,
  bigint: 10n, negBigint: -(2n ** 64n),
  latin1: 'héllo', twoByte: '€a', twoByteOdd: 'x€', empty: '',
  object: { a: 1, b: 'two', 3: true, 4294967294: null },
  nested: { list: [1, 'a', { deep: [] }] },
  dense: [1, 2, 3], doubles: [1.5, 2], mixed: [1, 'a', 2.5],
  sparse: [1, , 3], arrayProps: withProps, refs: [shared, shared], cyclic,
  date: new Date(0), regexp: /a+b/gimsuy,
  map: new Map([[1, 'one'], ['k', { v: 2 }]]), set: new Set(['a', 1, 'a']),
  wrappers: [Object(1.25), Object('s'), Object(true), Object(false), Object(7n)],
  arrayBuffer: new Uint8Array([1, 2, 3]).buffer,
  buffer: Buffer.from('buf'), uint8: new Uint8Array([9, 8]), uint16: new Uint16Array([1, 513]),
  float64: new Float64Array([0.5]), bigint64: new BigInt64Array([-1n]), dataView: new DataView(new ArrayBuffer(3)),
  errorWithStack: Object.assign(new RangeError('bad', { cause: 1 }), { stack: 'S' }),
};
for (const [name, value] of Object.entries(cases)) console.log(name, hex(value));

// Round trips.
const back = (value) => v8.deserialize(v8.serialize(value));
console.log(back(cases.object), back(cases.map), back(cases.set), back(cases.date).getTime());
const c = back(cyclic);
console.log(c.self === c, back(cases.refs).every((o, _, a) => o === a[0]));
console.log(back(cases.sparse), back(cases.arrayProps), back(cases.regexp).flags);
console.log(back(cases.buffer), back(cases.uint16), back(cases.bigint64), back(cases.wrappers));
const err = back(new TypeError('m'));
console.log(err instanceof TypeError, err.message);
console.log(back('héllo€') === 'héllo€', back(-(2n ** 64n)) === -(2n ** 64n), Object.is(back(-0), -0));

// Refusals.
for (const bad of [() => 1, Symbol('q'), { f() {} }, new WeakMap()]) {
  try {
    v8.serialize(bad);
    console.log('serialized');
  } catch (e) {
    console.log(e.constructor === Error, e.message);
  }
}

// The plain Serializer writes views natively (buffer, then the view).
const ser = new v8.Serializer();
ser.writeHeader();
ser.writeValue(new Uint8Array([1, 2]));
ser.writeUint32(300);
ser.writeUint64(1, 2);
ser.writeDouble(0.25);
ser.writeRawBytes(Buffer.from([7]));
const raw = ser.releaseBuffer();
console.log(raw.toString('hex'));
const des = new v8.Deserializer(raw);
console.log(des.readHeader(), des.getWireFormatVersion(), des.readValue(), des.readUint32(), des.readUint64(),
  des.readDouble(), des.readRawBytes(1));
try {
  v8.deserialize(Buffer.from([0xff, 0x63, 0x49]));
} catch (e) {
  console.log('bad version:', e.message);
}

// Heap statistics: Node's fields, numbers that fit together.
const h = v8.getHeapStatistics();
console.log(Object.keys(h).join());
console.log(Object.values(h).every((n) => typeof n === 'number' && n >= 0));
console.log(h.used_heap_size > 0, h.used_heap_size <= h.total_heap_size, h.total_heap_size <= h.heap_size_limit,
  h.heap_size_limit >= 256 * 1024 * 1024);
const spaces = v8.getHeapSpaceStatistics();
console.log(spaces.some((s) => s.space_name === 'old_space'), Object.keys(spaces[0]).join());
console.log(Object.keys(v8.getHeapCodeStatistics()).join());
console.log(typeof v8.cachedDataVersionTag(), v8.cachedDataVersionTag() === v8.cachedDataVersionTag());
console.log(v8.isStringOneByteRepresentation('abcé'), v8.isStringOneByteRepresentation('€'));
v8.setFlagsFromString('--no-opt');
try {
  v8.setFlagsFromString(1);
} catch (e) {
  console.log(e.code);
}

// Coverage calls are no-ops without NODE_V8_COVERAGE; no startup snapshot
// is being built.
console.log(v8.takeCoverage(), v8.stopCoverage(), v8.setHeapSnapshotNearHeapLimit(10), v8.startupSnapshot.isBuildingSnapshot());
try {
  v8.startupSnapshot.addSerializeCallback(() => {});
} catch (e) {
  console.log(e.code, e.message);
}
try {
  v8.setHeapSnapshotNearHeapLimit(-1);
} catch (e) {
  console.log(e.code, e.message);
}

// --expose-gc through setFlagsFromString: new contexts get gc(), this one not.
v8.setFlagsFromString('--expose-gc');
console.log(typeof globalThis.gc, typeof require('vm').runInNewContext('gc'));
require('vm').runInNewContext('gc()');

// A '__proto__' key read back is an own property, not the prototype.
const protoKey = v8.deserialize(v8.serialize(JSON.parse('{"__proto__": {"polluted": true}, "x": 1}')));
console.log(Object.getPrototypeOf(protoKey) === Object.prototype, protoKey.polluted, Object.keys(protoKey));
console.log(hex(JSON.parse('{"__proto__": 1}')));
