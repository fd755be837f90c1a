// node:v8 — heap statistics from QuickJS's memory accounting, and V8's
// value serialization format (version 15) written and read in JavaScript so
// that `v8.serialize` gives the same bytes as Node for the same value.
'use strict';

const { Buffer } = internals.requireBuiltin('buffer');
const { binding } = internals;
const { codeError, invalidArgType, validateString, validateInteger, stub } = internals.errors;

// ---- heap statistics --------------------------------------------------------

// QuickJS has one heap and no memory limit set by nabi; the limit reported
// is Node 24's default on 64-bit (what tools size workers by): a quarter of
// physical memory, at most 4 GiB of old space, plus 192 MiB of young
// generation (4288 MiB on a large machine, as Node reports).
function heapSizeLimit() {
  const total = internals.requireBuiltin('os').totalmem();
  return Math.min(Math.floor(total / 4), 4096 * 1024 * 1024) + 192 * 1024 * 1024;
}

function getHeapStatistics() {
  const [, total, used, external] = binding.memoryUsage();
  const limit = heapSizeLimit();
  return {
    total_heap_size: total,
    total_heap_size_executable: 0,
    total_physical_size: total,
    total_available_size: Math.max(0, limit - used),
    used_heap_size: used,
    heap_size_limit: limit,
    malloced_memory: total,
    peak_malloced_memory: total,
    does_zap_garbage: 0,
    number_of_native_contexts: 1,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: external,
  };
}

// Node's list of V8 heap spaces; QuickJS's whole heap is reported as the
// old space and the others as empty.
const spaceNames = [
  'read_only_space', 'new_space', 'old_space', 'code_space', 'shared_space', 'trusted_space',
  'shared_trusted_space', 'new_large_object_space', 'large_object_space', 'code_large_object_space',
  'shared_large_object_space', 'shared_trusted_large_object_space', 'trusted_large_object_space',
];

function getHeapSpaceStatistics() {
  const { total_heap_size: total, used_heap_size: used, total_available_size: available } = getHeapStatistics();
  return spaceNames.map((space_name) => {
    const old = space_name === 'old_space';
    return {
      space_name,
      space_size: old ? total : 0,
      space_used_size: old ? used : 0,
      space_available_size: old ? available : 0,
      physical_space_size: old ? total : 0,
    };
  });
}

function getHeapCodeStatistics() {
  return {
    code_and_metadata_size: 0,
    bytecode_and_metadata_size: 0,
    external_script_source_size: 0,
    cpu_profiler_metadata_size: 0,
  };
}

// A fixed tag: nabi's compiled-code cache format never changes under a
// running process (Node's changes with V8 version and flags).
function cachedDataVersionTag() {
  return 0x5142_4a53; // "QJS" + version byte, as a 32-bit number
}

// Flags are V8's; QuickJS has none of them, so they are accepted and
// ignored, except --expose-gc: as in Node, contexts made after it (vm) have
// a global gc(); the running one does not change.
function setFlagsFromString(flags) {
  validateString(flags, 'flags');
  for (const flag of flags.split(/\s+/)) {
    if (flag === '--expose-gc' || flag === '--expose_gc') internals.exposeGcInNewContexts = true;
  }
}

// A string is stored one byte per character when every character is Latin-1.
function isStringOneByteRepresentation(content) {
  validateString(content, 'content');
  return isOneByte(content);
}

function isOneByte(s) {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

// Coverage is written only under NODE_V8_COVERAGE, which nabi does not
// collect: both are no-ops, as in Node without it.
function takeCoverage() {}
function stopCoverage() {}

// QuickJS writes no heap snapshots: the request is checked and kept as a
// no-op.
function setHeapSnapshotNearHeapLimit(limit) {
  validateInteger(limit, 'limit', 1, 2 ** 32 - 1);
}

// nabi never builds a startup snapshot.
const notBuilding = () => codeError(Error, 'ERR_NOT_BUILDING_SNAPSHOT', 'Operation cannot be invoked when not building startup snapshot');
const startupSnapshot = {
  addSerializeCallback() { throw notBuilding(); },
  addDeserializeCallback() { throw notBuilding(); },
  setDeserializeMainFunction() { throw notBuilding(); },
  isBuildingSnapshot() { return 0; },
};

// ---- serialization ----------------------------------------------------------

const kLatestVersion = 15;
const T = {
  padding: 0x00, verifyCount: 0x3f, hole: 0x2d, undefined: 0x5f, null: 0x30, true: 0x54, false: 0x46,
  int32: 0x49, uint32: 0x55, double: 0x4e, bigint: 0x5a, utf8: 0x53, oneByte: 0x22, twoByte: 0x63,
  ref: 0x5e, beginObject: 0x6f, endObject: 0x7b, beginSparse: 0x61, endSparse: 0x40,
  beginDense: 0x41, endDense: 0x24, date: 0x44, trueObject: 0x79, falseObject: 0x78,
  numberObject: 0x6e, bigintObject: 0x7a, stringObject: 0x73, regexp: 0x52, beginMap: 0x3b,
  endMap: 0x3a, beginSet: 0x27, endSet: 0x2c, arrayBuffer: 0x42, resizableArrayBuffer: 0x7e,
  view: 0x56, sharedArrayBuffer: 0x75, host: 0x5c, error: 0x72, version: 0xff,
};

// ArrayBufferView subtags of the format, by the view's [[TypedArrayName]].
const viewTags = {
  Int8Array: 0x62, Uint8Array: 0x42, Uint8ClampedArray: 0x43, Int16Array: 0x77, Uint16Array: 0x57,
  Int32Array: 0x64, Uint32Array: 0x44, Float16Array: 0x68, Float32Array: 0x66, Float64Array: 0x46,
  BigInt64Array: 0x71, BigUint64Array: 0x51, DataView: 0x3f,
};

// Error prototypes and their tags inside an error record.
const errorTags = [
  [EvalError, 0x45], [RangeError, 0x52], [ReferenceError, 0x46], [SyntaxError, 0x53],
  [TypeError, 0x54], [URIError, 0x55],
];

const regexpFlags = { g: 1, i: 2, m: 4, y: 8, u: 16, s: 32, d: 128, v: 256 };

const TypedArray = Object.getPrototypeOf(Uint8Array);
const typedArrayName = Object.getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag).get;
const kTreatViewsAsHost = Symbol('treatArrayBufferViewsAsHostObjects');
const kState = Symbol('serializerState');

function isInt32(n) {
  return (n | 0) === n && !Object.is(n, -0);
}

function isArrayIndex(key) {
  const n = Number(key);
  return String(n) === key && Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1;
}

function typeOfObject(value) {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function cloneName(value) {
  if (typeof value === 'function') return Function.prototype.toString.call(value);
  if (typeof value === 'symbol') return String(value);
  const ctor = value.constructor;
  return `#<${(typeof ctor === 'function' && ctor.name) || 'Object'}>`;
}

class Serializer {
  constructor() {
    this[kState] = { bytes: new Uint8Array(64), length: 0, ids: new Map(), transfers: new Map() };
    this[kTreatViewsAsHost] = false;
  }

  writeHeader() {
    this.#byte(T.version);
    this.writeUint32(kLatestVersion);
  }

  writeValue(value) {
    this.#value(value);
    return true;
  }

  releaseBuffer() {
    const s = this[kState];
    const out = Buffer.from(s.bytes.subarray(0, s.length));
    s.bytes = new Uint8Array(64);
    s.length = 0;
    return out;
  }

  transferArrayBuffer(id, arrayBuffer) {
    if (!(arrayBuffer instanceof ArrayBuffer)) {
      throw invalidArgType('arrayBuffer', 'an instance of ArrayBuffer or SharedArrayBuffer', arrayBuffer);
    }
    this[kState].transfers.set(arrayBuffer, id >>> 0);
  }

  writeUint32(value) {
    this.#varint(BigInt(value >>> 0));
  }

  writeUint64(hi, lo) {
    this.#varint((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  writeDouble(value) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, Number(value), true);
    this.#raw(b);
  }

  writeRawBytes(source) {
    if (!ArrayBuffer.isView(source)) {
      throw invalidArgType('source', 'an instance of Buffer, TypedArray, or DataView', source);
    }
    this.#raw(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  }

  _setTreatArrayBufferViewsAsHostObjects(flag) {
    this[kTreatViewsAsHost] = Boolean(flag);
  }

  _getDataCloneError(message) {
    return new Error(message);
  }

  _getSharedArrayBufferId() {
    throw this._getDataCloneError('#<SharedArrayBuffer> could not be cloned.');
  }

  _writeHostObject(object) {
    throw this._getDataCloneError(`${cloneName(object)} could not be cloned.`);
  }

  #byte(b) {
    const s = this[kState];
    if (s.length === s.bytes.length) {
      const grown = new Uint8Array(s.bytes.length * 2);
      grown.set(s.bytes);
      s.bytes = grown;
    }
    s.bytes[s.length++] = b;
  }

  #raw(bytes) {
    const s = this[kState];
    if (s.length + bytes.length > s.bytes.length) {
      const grown = new Uint8Array(Math.max(s.bytes.length * 2, s.length + bytes.length));
      grown.set(s.bytes.subarray(0, s.length));
      s.bytes = grown;
    }
    s.bytes.set(bytes, s.length);
    s.length += bytes.length;
  }

  #varint(n) {
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      if (n !== 0n) b |= 0x80;
      this.#byte(b);
    } while (n !== 0n);
  }

  #smallVarint(n) {
    this.#varint(BigInt(n));
  }

  #double(n) {
    this.#byte(T.double);
    this.writeDouble(n);
  }

  #number(n) {
    if (isInt32(n)) {
      this.#byte(T.int32);
      this.#smallVarint(n >= 0 ? n * 2 : -n * 2 - 1); // zigzag
    } else {
      this.#double(n);
    }
  }

  #string(str) {
    if (isOneByte(str)) {
      this.#byte(T.oneByte);
      this.#smallVarint(str.length);
      const b = new Uint8Array(str.length);
      for (let i = 0; i < str.length; i++) b[i] = str.charCodeAt(i);
      this.#raw(b);
      return;
    }
    const byteLength = str.length * 2;
    let lengthBytes = 1;
    for (let n = byteLength; n >= 0x80; n = Math.floor(n / 128)) lengthBytes++;
    // The two-byte characters start at an even offset.
    if ((this[kState].length + 1 + lengthBytes) & 1) this.#byte(T.padding);
    this.#byte(T.twoByte);
    this.#smallVarint(byteLength);
    const b = new Uint8Array(byteLength);
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      b[2 * i] = c & 0xff;
      b[2 * i + 1] = c >> 8;
    }
    this.#raw(b);
  }

  #bigintBody(n) {
    const negative = n < 0n;
    let magnitude = negative ? -n : n;
    const words = [];
    while (magnitude > 0n) {
      words.push(magnitude & 0xffff_ffff_ffff_ffffn);
      magnitude >>= 64n;
    }
    this.#smallVarint((words.length * 8) * 2 + (negative ? 1 : 0));
    const b = new Uint8Array(words.length * 8);
    const dv = new DataView(b.buffer);
    words.forEach((w, i) => dv.setBigUint64(i * 8, w, true));
    this.#raw(b);
  }

  #value(value) {
    switch (typeof value) {
      case 'undefined': return this.#byte(T.undefined);
      case 'boolean': return this.#byte(value ? T.true : T.false);
      case 'number': return this.#number(value);
      case 'bigint':
        this.#byte(T.bigint);
        return this.#bigintBody(value);
      case 'string': return this.#string(value);
      case 'symbol':
      case 'function':
        throw this._getDataCloneError(`${cloneName(value)} could not be cloned.`);
      default:
        if (value === null) return this.#byte(T.null);
        return this.#receiver(value);
    }
  }

  #receiver(obj) {
    const s = this[kState];
    const seen = s.ids.get(obj);
    if (seen !== undefined) {
      this.#byte(T.ref);
      return this.#smallVarint(seen);
    }
    const kind = typeOfObject(obj);
    const isView = ArrayBuffer.isView(obj);
    // A view handled natively writes its buffer first (the buffer takes
    // the id before the view's).
    if (isView && !this[kTreatViewsAsHost]) {
      this.#receiver(obj.buffer);
      s.ids.set(obj, s.ids.size);
      const tag = viewTags[isTypedArray(obj) ? typedArrayName.call(obj) : 'DataView'];
      this.#byte(T.view);
      this.#byte(tag);
      this.#smallVarint(obj.byteOffset);
      this.#smallVarint(obj.byteLength);
      return this.#smallVarint(0);
    }
    s.ids.set(obj, s.ids.size);
    if (isView) {
      this.#byte(T.host);
      return this._writeHostObject(obj);
    }
    if (Array.isArray(obj)) return this.#array(obj);
    switch (kind) {
      case 'Date':
        this.#byte(T.date);
        return this.writeDouble(Date.prototype.getTime.call(obj));
      case 'RegExp': {
        this.#byte(T.regexp);
        this.#string(obj.source);
        let flags = 0;
        for (const f of obj.flags) flags |= regexpFlags[f] || 0;
        return this.#smallVarint(flags);
      }
      case 'Map': {
        this.#byte(T.beginMap);
        const entries = [...Map.prototype.entries.call(obj)];
        for (const [k, v] of entries) {
          this.#value(k);
          this.#value(v);
        }
        this.#byte(T.endMap);
        return this.#smallVarint(entries.length * 2);
      }
      case 'Set': {
        this.#byte(T.beginSet);
        const values = [...Set.prototype.values.call(obj)];
        for (const v of values) this.#value(v);
        this.#byte(T.endSet);
        return this.#smallVarint(values.length);
      }
      case 'ArrayBuffer': {
        const id = s.transfers.get(obj);
        if (id !== undefined) {
          this.#byte(0x74);
          return this.#smallVarint(id);
        }
        if (obj.resizable) {
          this.#byte(T.resizableArrayBuffer);
          this.#smallVarint(obj.byteLength);
          this.#smallVarint(obj.maxByteLength);
        } else {
          this.#byte(T.arrayBuffer);
          this.#smallVarint(obj.byteLength);
        }
        return this.#raw(new Uint8Array(obj));
      }
      case 'SharedArrayBuffer': {
        this.#byte(T.sharedArrayBuffer);
        return this.#smallVarint(this._getSharedArrayBufferId(obj));
      }
      case 'Number':
        this.#byte(T.numberObject);
        return this.writeDouble(Number.prototype.valueOf.call(obj));
      case 'Boolean':
        return this.#byte(Boolean.prototype.valueOf.call(obj) ? T.trueObject : T.falseObject);
      case 'String':
        this.#byte(T.stringObject);
        return this.#string(String.prototype.valueOf.call(obj));
      case 'BigInt':
        this.#byte(T.bigintObject);
        return this.#bigintBody(BigInt.prototype.valueOf.call(obj));
      case 'Error':
        return this.#error(obj);
      case 'Object':
      case 'Arguments':
        return this.#object(obj);
      default:
        if (typeof obj === 'function' || kind === 'Promise' || kind === 'WeakMap' || kind === 'WeakSet' ||
          kind === 'WeakRef' || kind === 'Symbol' || kind === 'Proxy') {
          throw this._getDataCloneError(`${cloneName(obj)} could not be cloned.`);
        }
        return this.#object(obj);
    }
  }

  #properties(obj, keys) {
    let written = 0;
    for (const key of keys) {
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (desc === undefined || !desc.enumerable) continue;
      if (isArrayIndex(key)) this.#number(Number(key));
      else this.#string(key);
      this.#value(obj[key]);
      written++;
    }
    return written;
  }

  #object(obj) {
    this.#byte(T.beginObject);
    const written = this.#properties(obj, Object.keys(obj));
    this.#byte(T.endObject);
    this.#smallVarint(written);
  }

  #array(arr) {
    const length = arr.length;
    let dense = true;
    for (let i = 0; i < length && dense; i++) if (!Object.prototype.hasOwnProperty.call(arr, i)) dense = false;
    const keys = Object.keys(arr);
    if (!dense) {
      this.#byte(T.beginSparse);
      this.#smallVarint(length);
      const written = this.#properties(arr, keys);
      this.#byte(T.endSparse);
      this.#smallVarint(written);
      return this.#smallVarint(length);
    }
    this.#byte(T.beginDense);
    this.#smallVarint(length);
    // V8 keeps an all-number array with a fraction as doubles: every
    // element is then written as a double.
    const doubles = length > 0 && arr.every((v) => typeof v === 'number') && !arr.every(isInt32);
    for (let i = 0; i < length; i++) {
      if (doubles) this.#double(arr[i]);
      else this.#value(arr[i]);
    }
    const written = this.#properties(arr, keys.filter((k) => !isArrayIndex(k)));
    this.#byte(T.endDense);
    this.#smallVarint(written);
    this.#smallVarint(length);
  }

  #error(err) {
    this.#byte(T.error);
    let proto = Object.getPrototypeOf(err);
    for (const [Ctor, tag] of errorTags) {
      if (proto === Ctor.prototype) {
        this.#byte(tag);
        proto = null;
      }
    }
    const message = Object.getOwnPropertyDescriptor(err, 'message');
    if (message && 'value' in message) {
      this.#byte(0x6d);
      this.#string(String(message.value));
    }
    const stack = err.stack;
    if (typeof stack === 'string') {
      this.#byte(0x73);
      this.#string(stack);
    }
    const cause = Object.getOwnPropertyDescriptor(err, 'cause');
    if (cause && 'value' in cause) {
      this.#byte(0x63);
      this.#value(cause.value);
    }
    this.#byte(0x2e);
  }
}

function isTypedArray(v) {
  return ArrayBuffer.isView(v) && typedArrayName.call(v) !== undefined;
}

class Deserializer {
  constructor(buffer) {
    if (!ArrayBuffer.isView(buffer)) {
      throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
    }
    Object.defineProperty(this, 'buffer', { value: buffer, enumerable: true, writable: false, configurable: false });
    this[kState] = {
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      pos: 0, version: 0, objects: [], transfers: new Map(),
    };
  }

  readHeader() {
    const s = this[kState];
    if (s.bytes[s.pos] === T.version) {
      s.pos++;
      s.version = this.readUint32();
    }
    if (s.version < 13 || s.version > kLatestVersion) {
      throw new Error('Unable to deserialize cloned data due to invalid or unsupported version.');
    }
    return true;
  }

  getWireFormatVersion() {
    return this[kState].version;
  }

  readValue() {
    return this.#value();
  }

  transferArrayBuffer(id, arrayBuffer) {
    this[kState].transfers.set(id >>> 0, arrayBuffer);
  }

  readUint32() {
    return Number(this.#varint() & 0xffff_ffffn);
  }

  readUint64() {
    const n = this.#varint() & 0xffff_ffff_ffff_ffffn;
    return [Number(n >> 32n), Number(n & 0xffff_ffffn)];
  }

  readDouble() {
    const b = this.#take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }

  _readRawBytes(length) {
    const offset = this[kState].pos;
    this.#take(length);
    return offset;
  }

  readRawBytes(length) {
    const offset = this._readRawBytes(length);
    return Buffer.from(this.buffer.buffer, this.buffer.byteOffset + offset, length);
  }

  _readHostObject() {
    throw new Error('Unable to deserialize cloned data.');
  }

  #fail() {
    return new Error('Unable to deserialize cloned data.');
  }

  #take(n) {
    const s = this[kState];
    if (n < 0 || s.pos + n > s.bytes.length) throw this.#fail();
    const out = s.bytes.subarray(s.pos, s.pos + n);
    s.pos += n;
    return out;
  }

  #byte() {
    return this.#take(1)[0];
  }

  #peek() {
    const s = this[kState];
    return s.pos < s.bytes.length ? s.bytes[s.pos] : -1;
  }

  #varint() {
    let n = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.#byte();
      n |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return n;
    }
  }

  #uint() {
    return Number(this.#varint());
  }

  #tag() {
    let tag;
    do tag = this.#byte(); while (tag === T.padding);
    return tag;
  }

  #latin1(n) {
    const b = this.#take(n);
    let s = '';
    for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
    return s;
  }

  #twoByte(n) {
    const b = this.#take(n);
    if (n & 1) throw this.#fail();
    let s = '';
    for (let i = 0; i < n; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
    return s;
  }

  #stringOf(tag) {
    if (tag === T.oneByte) return this.#latin1(this.#uint());
    if (tag === T.twoByte) return this.#twoByte(this.#uint());
    if (tag === T.utf8) return Buffer.from(this.#take(this.#uint())).toString('utf8');
    throw this.#fail();
  }

  #bigintBody() {
    const bits = this.#uint();
    const bytes = this.#take(bits >>> 1);
    let n = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
    return bits & 1 ? -n : n;
  }

  #remember(obj) {
    this[kState].objects.push(obj);
    return obj;
  }

  #value() {
    const s = this[kState];
    const tag = this.#tag();
    switch (tag) {
      case T.verifyCount: this.#uint(); return this.#value();
      case T.undefined: return undefined;
      case T.null: return null;
      case T.true: return true;
      case T.false: return false;
      case T.int32: {
        const z = this.#uint();
        return z & 1 ? -(z + 1) / 2 : z / 2;
      }
      case T.uint32: return this.#uint();
      case T.double: return this.readDouble();
      case T.bigint: return this.#bigintBody();
      case T.oneByte: case T.twoByte: case T.utf8: return this.#stringOf(tag);
      case T.ref: {
        const id = this.#uint();
        if (id >= s.objects.length) throw this.#fail();
        return s.objects[id];
      }
      case T.beginObject: {
        const obj = this.#remember({});
        this.#properties(obj, T.endObject);
        return obj;
      }
      case T.beginDense: {
        const length = this.#uint();
        const arr = this.#remember(new Array(length));
        for (let i = 0; i < length; i++) {
          if (this.#peek() === T.hole) {
            s.pos++;
            continue;
          }
          arr[i] = this.#value();
        }
        this.#properties(arr, T.endDense);
        this.#uint();
        return arr;
      }
      case T.beginSparse: {
        const arr = this.#remember(new Array(this.#uint()));
        this.#properties(arr, T.endSparse);
        this.#uint();
        return arr;
      }
      case T.date: return this.#remember(new Date(this.readDouble()));
      case T.trueObject: return this.#remember(Object(true));
      case T.falseObject: return this.#remember(Object(false));
      case T.numberObject: return this.#remember(Object(this.readDouble()));
      case T.bigintObject: return this.#remember(Object(this.#bigintBody()));
      case T.stringObject: return this.#remember(Object(this.#stringOf(this.#tag())));
      case T.regexp: {
        const id = s.objects.push(null) - 1;
        const source = this.#stringOf(this.#tag());
        const bits = this.#uint();
        const flags = Object.keys(regexpFlags).filter((f) => bits & regexpFlags[f]).join('');
        return (s.objects[id] = new RegExp(source, flags));
      }
      case T.beginMap: {
        const map = this.#remember(new Map());
        while (this.#peek() !== T.endMap) map.set(this.#value(), this.#value());
        s.pos++;
        this.#uint();
        return map;
      }
      case T.beginSet: {
        const set = this.#remember(new Set());
        while (this.#peek() !== T.endSet) set.add(this.#value());
        s.pos++;
        this.#uint();
        return set;
      }
      case T.arrayBuffer: case T.resizableArrayBuffer: {
        const length = this.#uint();
        const max = tag === T.resizableArrayBuffer ? this.#uint() : undefined;
        const ab = max === undefined ? new ArrayBuffer(length) : new ArrayBuffer(length, { maxByteLength: max });
        new Uint8Array(ab).set(this.#take(length));
        this.#remember(ab);
        return this.#maybeView(ab);
      }
      case 0x74: {
        const ab = s.transfers.get(this.#uint());
        if (ab === undefined) throw this.#fail();
        this.#remember(ab);
        return this.#maybeView(ab);
      }
      case T.host: {
        const id = s.objects.push(null) - 1;
        return (s.objects[id] = this._readHostObject());
      }
      case T.error: return this.#error();
      default:
        throw this.#fail();
    }
  }

  #maybeView(ab) {
    if (this.#peek() !== T.view) return ab;
    this[kState].pos++;
    const sub = this.#byte();
    const byteOffset = this.#uint();
    const byteLength = this.#uint();
    if (this[kState].version >= 14) this.#uint();
    const name = Object.keys(viewTags).find((k) => viewTags[k] === sub);
    if (name === undefined || globalThis[name] === undefined) throw this.#fail();
    const Ctor = globalThis[name];
    const view = new Ctor(ab, byteOffset, byteLength / (Ctor.BYTES_PER_ELEMENT || 1));
    return this.#remember(view);
  }

  #properties(obj, endTag) {
    let count = 0;
    while (this.#peek() !== endTag) {
      const key = this.#value();
      // Defined, not assigned: a '__proto__' key stays a plain property.
      Object.defineProperty(obj, key, { value: this.#value(), writable: true, enumerable: true, configurable: true });
      count++;
    }
    this[kState].pos++;
    if (this.#uint() !== count) throw this.#fail();
  }

  #error() {
    const id = this[kState].objects.push(null) - 1;
    let Ctor = Error;
    const fields = {};
    for (;;) {
      const t = this.#byte();
      const found = errorTags.find(([, tag]) => tag === t);
      if (found) Ctor = found[0];
      else if (t === 0x6d) fields.message = this.#stringOf(this.#tag());
      else if (t === 0x73) fields.stack = this.#stringOf(this.#tag());
      else if (t === 0x63) fields.cause = this.#value();
      else if (t === 0x2e) break;
      else throw this.#fail();
    }
    const err = Object.create(Ctor.prototype);
    if ('message' in fields) Object.defineProperty(err, 'message', { value: fields.message, writable: true, configurable: true });
    if ('stack' in fields) Object.defineProperty(err, 'stack', { value: fields.stack, writable: true, configurable: true });
    if ('cause' in fields) Object.defineProperty(err, 'cause', { value: fields.cause, writable: true, configurable: true });
    return (this[kState].objects[id] = err);
  }
}

// Node's typed-array order for host objects; Buffer is 10.
const viewTypes = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, DataView, Buffer, BigInt64Array, BigUint64Array,
];
if (typeof Float16Array === 'function') viewTypes.push(Float16Array);
const kBufferIndex = 10;

class DefaultSerializer extends Serializer {
  constructor() {
    super();
    this._setTreatArrayBufferViewsAsHostObjects(true);
  }

  // Views go by type and their own bytes only (a pooled Buffer's whole
  // ArrayBuffer would leak other data).
  _writeHostObject(view) {
    let index = kBufferIndex;
    if (!Buffer.isBuffer(view) || view.constructor !== Buffer) {
      const name = isTypedArray(view) ? typedArrayName.call(view) : 'DataView';
      index = viewTypes.findIndex((C) => C !== Buffer && C.name === name);
      if (index < 0) throw this._getDataCloneError(`Unserializable host object: ${cloneName(view)}`);
    }
    this.writeUint32(index);
    this.writeUint32(view.byteLength);
    this.writeRawBytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
}

class DefaultDeserializer extends Deserializer {
  _readHostObject() {
    const index = this.readUint32();
    const Ctor = viewTypes[index];
    if (Ctor === undefined) throw new Error('Unable to deserialize cloned data.');
    const byteLength = this.readUint32();
    const offset = this._readRawBytes(byteLength);
    const copy = new Uint8Array(byteLength);
    copy.set(new Uint8Array(this.buffer.buffer, this.buffer.byteOffset + offset, byteLength));
    if (Ctor === Buffer) return Buffer.from(copy.buffer, 0, byteLength);
    return new Ctor(copy.buffer, 0, byteLength / (Ctor.BYTES_PER_ELEMENT || 1));
  }
}

function serialize(value) {
  const ser = new DefaultSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer();
}

function deserialize(buffer) {
  const des = new DefaultDeserializer(buffer);
  des.readHeader();
  return des.readValue();
}

module.exports = {
  cachedDataVersionTag,
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  setFlagsFromString,
  isStringOneByteRepresentation,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  serialize,
  deserialize,
  takeCoverage,
  stopCoverage,
  setHeapSnapshotNearHeapLimit,
  startupSnapshot,
  // V8's profilers and heap walkers have no QuickJS counterpart.
  getHeapSnapshot: stub('v8.getHeapSnapshot'),
  writeHeapSnapshot: stub('v8.writeHeapSnapshot'),
  getCppHeapStatistics: stub('v8.getCppHeapStatistics'),
  queryObjects: stub('v8.queryObjects'),
  startCpuProfile: stub('v8.startCpuProfile'),
  GCProfiler: stub('v8.GCProfiler'),
  promiseHooks: {
    onInit: stub('v8.promiseHooks.onInit'),
    onSettled: stub('v8.promiseHooks.onSettled'),
    onBefore: stub('v8.promiseHooks.onBefore'),
    onAfter: stub('v8.promiseHooks.onAfter'),
    createHook: stub('v8.promiseHooks.createHook'),
  },
};
