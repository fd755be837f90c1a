// util/types: the same object as util.types, and its predicates over one
// value of each kind.
'use strict';
const types = require('util/types');
console.log(types === require('util').types, require('node:util/types') === types);
console.log(require('module').isBuiltin('util/types'), require('module').builtinModules.includes('util/types'));

function* gen() {}
async function* agen() {}
const values = {
  args: (function () { return arguments; })(1),
  map: new Map(), set: new Set(), weakMap: new WeakMap(), weakSet: new WeakSet(),
  mapIter: new Map().keys(), setIter: new Set().values(), arrayIter: [][Symbol.iterator](),
  date: new Date(0), regexp: /x/, promise: Promise.resolve(), error: new TypeError('x'),
  arrayBuffer: new ArrayBuffer(1), shared: new SharedArrayBuffer(1), dataView: new DataView(new ArrayBuffer(1)),
  u8: new Uint8Array(1), u8c: new Uint8ClampedArray(1), i16: new Int16Array(1), f32: new Float32Array(1),
  f64: new Float64Array(1), big64: new BigInt64Array(1), buffer: Buffer.alloc(1),
  asyncFn: async () => {}, genFn: gen, genObj: gen(), asyncGenFn: agen,
  num: Object(1), str: Object('s'), bool: Object(true), sym: Object(Symbol('s')), bigint: Object(1n),
  plain: {}, array: [], fn() {}, primitive: 1, nul: null,
};
const names = ['isArgumentsObject', 'isMap', 'isSet', 'isWeakMap', 'isWeakSet', 'isMapIterator', 'isSetIterator',
  'isDate', 'isRegExp', 'isPromise', 'isNativeError', 'isArrayBuffer', 'isSharedArrayBuffer', 'isAnyArrayBuffer',
  'isArrayBufferView', 'isDataView', 'isTypedArray', 'isUint8Array', 'isUint8ClampedArray', 'isInt16Array',
  'isFloat32Array', 'isFloat64Array', 'isBigInt64Array', 'isAsyncFunction', 'isGeneratorFunction',
  'isGeneratorObject', 'isBoxedPrimitive', 'isNumberObject', 'isStringObject', 'isBooleanObject',
  'isSymbolObject', 'isBigIntObject', 'isProxy', 'isKeyObject', 'isCryptoKey'];
for (const name of names) {
  const hits = Object.keys(values).filter((k) => types[name](values[k]));
  console.log(name, hits.join() || '-');
}
console.log('isProxy', types.isProxy(new Proxy({}, {})));
