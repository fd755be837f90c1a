// node:buffer — Buffer as a Uint8Array subclass with Node's encodings
// (utf8, hex, base64, base64url, latin1/binary, ascii, utf16le/ucs2) and its
// read/write, compare, search and slice methods.
'use strict';

const { binding } = internals;
const {
  codeError, invalidArgType: argError, outOfRange: rangeError, validateInteger, validateString,
} = internals.errors;

// isUtf8/isAscii's input: its bytes, or Node's ERR_INVALID_ARG_TYPE.
function byteInput(input) {
  if (input instanceof ArrayBuffer || input instanceof SharedArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  throw argError('input', 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
}

function unknownEncoding(enc) {
  return codeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
}

// The encoding's name, or undefined. `${enc}`, as Node's: a Symbol throws.
function lookupEncoding(enc) {
  switch (`${enc}`.toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default: return undefined;
  }
}

// Missing, null and '' mean UTF-8; an unknown name throws.
function normalizeEncoding(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  const e = lookupEncoding(enc);
  if (e === undefined) throw unknownEncoding(enc);
  return e;
}

// toString's and write's stricter reading (Node's getEncodingOps): only
// undefined means UTF-8.
function encodingOps(enc) {
  if (enc === undefined) return 'utf8';
  const e = lookupEncoding(enc);
  if (e === undefined) throw unknownEncoding(enc);
  return e;
}

// The native slices' index arguments (Node's ParseArrayIndex): undefined is
// the default, anything else a number truncated, negative out of range.
function arrayIndex(v, def) {
  if (v === undefined) return def;
  const n = Math.trunc(+v) || 0;
  if (n < 0) throw rangeError('index', '>= 0', n);
  return n;
}

// The numbers the native side (buffer/mod.rs) knows the encodings by.
const ENCODINGS = { utf8: 0, hex: 1, base64: 2, base64url: 3, latin1: 4, ascii: 5, utf16le: 6 };

function encode(string, encoding) {
  return new Uint8Array(binding.bufferFromString(string, ENCODINGS[encoding]));
}

function decode(bytes, encoding, start, end) {
  return binding.bufferToString(bytes, ENCODINGS[encoding], start, end);
}

class Buffer extends Uint8Array {
  // `new Buffer()` is deprecated in Node but still works.
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') {
      const bytes = encode(value, normalizeEncoding(encodingOrOffset));
      return fromView(bytes);
    }
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
      const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      if (offset > value.byteLength) throw rangeError('offset', `<= ${value.byteLength}`, offset);
      const len = length === undefined ? value.byteLength - offset : Number(length);
      if (offset + len > value.byteLength) throw rangeError('length', `<= ${value.byteLength - offset}`, len);
      return new Buffer(value, offset, len);
    }
    if (ArrayBuffer.isView(value)) {
      const src = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (value instanceof Uint8Array) return fromView(new Uint8Array(src));
      const out = Buffer.allocUnsafe(value.length);
      for (let i = 0; i < value.length; i++) out[i] = value[i] & 0xff;
      return out;
    }
    if (Array.isArray(value)) {
      const out = Buffer.allocUnsafe(value.length);
      for (let i = 0; i < value.length; i++) out[i] = value[i] & 0xff;
      return out;
    }
    if (value && typeof value === 'object') {
      if (value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      if (typeof value.length === 'number') return Buffer.from(Array.from(value));
      const prim = value.valueOf && value.valueOf();
      if (prim !== value && (typeof prim === 'string' || typeof prim === 'object')) return Buffer.from(prim, encodingOrOffset, length);
    }
    throw argError('first argument', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
  }
  static alloc(size, fill, encoding) {
    checkSize(size);
    const b = new Buffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) {
      binding.bufferFresh(b);
      b.fill(fill, 0, size, encoding);
    }
    return b;
  }
  static allocUnsafe(size) {
    checkSize(size);
    return new Buffer(size);
  }
  static allocUnsafeSlow(size) {
    return Buffer.allocUnsafe(size);
  }
  static isBuffer(b) {
    return b instanceof Buffer;
  }
  static isEncoding(e) {
    try {
      return typeof e === 'string' && e !== '' && !!normalizeEncoding(e);
    } catch {
      return false;
    }
  }
  static byteLength(s, encoding) {
    if (typeof s !== 'string') {
      if (ArrayBuffer.isView(s) || s instanceof ArrayBuffer) return s.byteLength;
      throw argError('string', 'of type string or an instance of Buffer or ArrayBuffer', s);
    }
    // As Node: counted from the length, but for UTF-8.
    switch (normalizeEncoding(encoding)) {
      case 'utf8': return binding.bufferByteLength(s);
      case 'utf16le': return s.length * 2;
      case 'latin1': case 'ascii': return s.length;
      case 'hex': return s.length >>> 1;
      default: {
        let n = s.length;
        if (n > 0 && s.charCodeAt(n - 1) === 0x3d) n--;
        if (n > 1 && s.charCodeAt(n - 1) === 0x3d) n--;
        return (n * 3) >>> 2;
      }
    }
  }
  static concat(list, totalLength) {
    if (!Array.isArray(list)) throw argError('list', 'an instance of Array', list);
    list.forEach((b, i) => {
      if (!(b instanceof Uint8Array)) throw argError(`list[${i}]`, 'an instance of Buffer or Uint8Array', b);
    });
    if (totalLength === undefined) totalLength = list.reduce((n, b) => n + b.length, 0);
    const out = Buffer.alloc(totalLength);
    let pos = 0;
    for (const b of list) {
      const n = Math.min(b.length, totalLength - pos);
      out.set(n === b.length ? b : b.subarray(0, n), pos);
      pos += n;
      if (pos >= totalLength) break;
    }
    return out;
  }
  static compare(a, b) {
    if (!(a instanceof Uint8Array)) throw argError('buf1', 'an instance of Buffer or Uint8Array', a);
    if (!(b instanceof Uint8Array)) throw argError('buf2', 'an instance of Buffer or Uint8Array', b);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  // Node's order: the range (a Symbol or BigInt there throws), an empty
  // range, then the encoding.
  toString(encoding, start, end) {
    if (arguments.length === 0) return decode(this, 'utf8', 0, this.length);
    const len = this.length;
    if (start <= 0) start = 0;
    else if (start >= len) return '';
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return '';
    return decode(this, encodingOps(encoding), start, end);
  }
  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  }
  equals(other) {
    if (!(other instanceof Uint8Array)) throw argError('otherBuffer', 'an instance of Buffer or Uint8Array', other);
    return Buffer.compare(this, other) === 0;
  }
  compare(target, tStart = 0, tEnd, sStart = 0, sEnd = this.length) {
    if (!(target instanceof Uint8Array)) throw argError('target', 'an instance of Buffer or Uint8Array', target);
    if (tEnd === undefined) tEnd = target.length;
    return Buffer.compare(this.subarray(sStart, sEnd), target.subarray(tStart, tEnd));
  }
  slice(start, end) {
    return this.subarray(start, end);
  }
  subarray(start, end) {
    const v = Uint8Array.prototype.subarray.call(this, start, end);
    Object.setPrototypeOf(v, Buffer.prototype);
    return v;
  }
  write(string, offset, length, encoding) {
    if (offset === undefined) return writeString(this, string, 'utf8', 0, this.length);
    if (length === undefined && typeof offset === 'string') {
      encoding = offset;
      length = this.length;
      offset = 0;
    } else {
      validateInteger(offset, 'offset', 0, this.length);
      const remaining = this.length - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === 'string') {
        encoding = length;
        length = remaining;
      } else {
        validateInteger(length, 'length', 0, this.length);
        length = Math.min(length, remaining);
      }
    }
    return writeString(this, string, !encoding ? 'utf8' : encodingOps(encoding), offset, length);
  }
  // Node's order: a string value takes the encoding from `offset` or
  // `end`; the range is checked; a pattern fills, anything else is a byte.
  fill(value, offset, end, encoding) {
    if (typeof value === 'string') {
      if (offset === undefined || typeof offset === 'string') {
        encoding = offset;
        offset = 0;
        end = this.length;
      } else if (typeof end === 'string') {
        encoding = end;
        end = this.length;
      }
      if (encoding != null && encoding !== '' && lookupEncoding(encoding) === undefined) {
        validateString(encoding, 'encoding');
        throw unknownEncoding(encoding);
      }
    }
    if (offset === undefined) {
      offset = 0;
      end = this.length;
    } else {
      validateInteger(offset, 'offset', 0, kMaxLength);
      if (end === undefined) end = this.length;
      else validateInteger(end, 'end', 0, this.length);
      if (offset >= end) return this;
    }
    let pattern;
    if (typeof value === 'string') {
      if (value.length === 0) return Uint8Array.prototype.fill.call(this, 0, offset, end), this;
      pattern = encode(value, normalizeEncoding(encoding));
    } else if (ArrayBuffer.isView(value)) {
      pattern = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    } else {
      // Numbers and anything else as a byte (a Symbol or BigInt throws).
      Uint8Array.prototype.fill.call(this, typeof value === 'number' ? value : (+value) & 0xff, offset, end);
      return this;
    }
    if (pattern.length === 0) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${internals.describe(value)}`);
    }
    binding.bufferFill(this, pattern, offset, end);
    return this;
  }
  indexOf(value, byteOffset = 0, encoding) {
    if (typeof value !== 'number' && typeof value !== 'string' && !(value instanceof Uint8Array)) {
      throw argError('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
    }
    const needle = typeof value === 'number' ? [value & 0xff] : typeof value === 'string' ? encode(value, normalizeEncoding(encoding)) : value;
    if (byteOffset < 0) byteOffset = Math.max(0, this.length + byteOffset);
    if (needle.length === 0) return byteOffset <= this.length ? byteOffset : this.length;
    outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  lastIndexOf(value, byteOffset = this.length, encoding) {
    if (typeof value !== 'number' && typeof value !== 'string' && !(value instanceof Uint8Array)) {
      throw argError('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
    }
    const needle = typeof value === 'number' ? [value & 0xff] : typeof value === 'string' ? encode(value, normalizeEncoding(encoding)) : value;
    if (byteOffset < 0) byteOffset = this.length + byteOffset;
    outer: for (let i = Math.min(byteOffset, this.length - needle.length); i >= 0; i--) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  includes(value, byteOffset, encoding) {
    return this.indexOf(value, byteOffset, encoding) !== -1;
  }
  copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    if (!(target instanceof Uint8Array)) throw argError('target', 'an instance of Buffer or Uint8Array', target);
    const n = Math.max(0, Math.min(sourceEnd - sourceStart, target.length - targetStart));
    target.set(this.subarray(sourceStart, sourceStart + n), targetStart);
    return n;
  }
  swap16() { for (let i = 0; i + 1 < this.length; i += 2) [this[i], this[i + 1]] = [this[i + 1], this[i]]; return this; }
  swap32() { for (let i = 0; i + 3 < this.length; i += 4) this.subarray(i, i + 4).reverse(); return this; }
  swap64() { for (let i = 0; i + 7 < this.length; i += 8) this.subarray(i, i + 8).reverse(); return this; }
  get parent() { return this.buffer; }
  get offset() { return this.byteOffset; }
}

// Node's Buffer statics are plain functions, so `new` works on them as on
// any function (cbor-x allocates with `new Buffer.allocUnsafeSlow(n)`);
// class static methods are not constructors. (Buffer.of is Node's own
// arrow and stays one.)
for (const name of Object.getOwnPropertyNames(Buffer)) {
  const desc = Object.getOwnPropertyDescriptor(Buffer, name);
  if (typeof desc.value !== 'function' || name === 'of') continue;
  const method = desc.value;
  // Three parameters (the most any takes) rather than rest arguments: the
  // call costs half as much.
  const plain = {
    [name]: function (a, b, c) {
      return method.call(new.target || this === undefined ? Buffer : this, a, b, c);
    },
  }[name];
  Object.defineProperty(plain, 'length', { value: method.length });
  Object.defineProperty(Buffer, name, { ...desc, value: plain });
}

// The string's bytes written at `offset`, at most `max` of them.
function writeString(buf, string, encoding, offset, max) {
  if (typeof string !== 'string') throw argError('argument', 'of type string', string);
  return binding.bufferWrite(buf, string, ENCODINGS[encoding], offset, max);
}

function checkSize(size) {
  if (typeof size !== 'number') throw argError('size', 'of type number', size);
  if (!(size >= 0 && size <= 2 ** 32)) throw rangeError('size', '>= 0 && <= 4294967296', size);
}

function fromView(u8) {
  return new Buffer(u8.buffer, u8.byteOffset, u8.byteLength);
}

// Integer and float accessors through a DataView over the same bytes.
function view(buf) {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}
function checkOffset(buf, offset, size) {
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number') throw argError('offset', 'of type number', offset);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > buf.length) {
    throw rangeError('offset', `>= 0 and <= ${buf.length - size}`, offset);
  }
  return offset;
}
const accessors = [
  ['Int8', 1, 'getInt8', 'setInt8'], ['UInt8', 1, 'getUint8', 'setUint8'],
  ['Int16LE', 2, 'getInt16', 'setInt16', true], ['Int16BE', 2, 'getInt16', 'setInt16', false],
  ['UInt16LE', 2, 'getUint16', 'setUint16', true], ['UInt16BE', 2, 'getUint16', 'setUint16', false],
  ['Int32LE', 4, 'getInt32', 'setInt32', true], ['Int32BE', 4, 'getInt32', 'setInt32', false],
  ['UInt32LE', 4, 'getUint32', 'setUint32', true], ['UInt32BE', 4, 'getUint32', 'setUint32', false],
  ['FloatLE', 4, 'getFloat32', 'setFloat32', true], ['FloatBE', 4, 'getFloat32', 'setFloat32', false],
  ['DoubleLE', 8, 'getFloat64', 'setFloat64', true], ['DoubleBE', 8, 'getFloat64', 'setFloat64', false],
  ['BigInt64LE', 8, 'getBigInt64', 'setBigInt64', true], ['BigInt64BE', 8, 'getBigInt64', 'setBigInt64', false],
  ['BigUInt64LE', 8, 'getBigUint64', 'setBigUint64', true], ['BigUInt64BE', 8, 'getBigUint64', 'setBigUint64', false],
];
for (const [name, size, get, set, le] of accessors) {
  const read = function (offset) {
    offset = checkOffset(this, offset, size);
    return view(this)[get](offset, le);
  };
  const integer = /^U?Int\d/.test(name);
  const signed = name.startsWith('Int');
  const write = name.startsWith('Big') ? function (value, offset = 0) {
    // Node's order: the range (compared, so any type passes), the offset,
    // then BigInt arithmetic, which throws a TypeError for anything else.
    const unsigned = name.startsWith('BigU');
    if (value > (unsigned ? 2n ** 64n - 1n : 2n ** 63n - 1n) || value < (unsigned ? 0n : -(2n ** 63n))) {
      throw rangeError('value', unsigned ? '>= 0n and < 2n ** 64n' : '>= -(2n ** 63n) and < 2n ** 63n', value);
    }
    offset = checkOffset(this, offset, size);
    view(this)[set](offset, value & 0xffffffffffffffffn, le);
    return offset + size;
  } : function (value, offset) {
    // Node range-checks numbers for the integer types (other values coerce).
    if (integer && typeof value === 'number') {
      const max = signed ? 2 ** (8 * size - 1) - 1 : 2 ** (8 * size) - 1;
      const min = signed ? -(2 ** (8 * size - 1)) : 0;
      if (value > max || value < min) throw rangeError('value', `>= ${min} and <= ${max}`, value);
    }
    offset = checkOffset(this, offset, size);
    view(this)[set](offset, value, le);
    return offset + size;
  };
  Buffer.prototype[`read${name}`] = read;
  Buffer.prototype[`write${name}`] = write;
  if (name.includes('UInt')) {
    Buffer.prototype[`read${name.replace('UInt', 'Uint')}`] = read;
    Buffer.prototype[`write${name.replace('UInt', 'Uint')}`] = write;
  }
}
// The variable-width integer accessors check as Node does: the offset and
// byteLength integers in range, the value a number within byteLength bytes.
function checkByteLength(byteLength) {
  // Math.floor first, as Node: a Symbol or BigInt throws a plain TypeError.
  if (Math.floor(byteLength) !== byteLength) {
    if (typeof byteLength !== 'number') throw argError('byteLength', 'of type number', byteLength);
    throw rangeError('byteLength', 'an integer', byteLength);
  }
  if (byteLength < 1 || byteLength > 6) throw rangeError('byteLength', 'an integer', byteLength);
}
function checkIntOffset(buf, offset, byteLength) {
  if (typeof offset !== 'number') throw argError('offset', 'of type number', offset);
  if (!Number.isInteger(offset)) throw rangeError('offset', 'an integer', offset);
  if (offset < 0 || offset + byteLength > buf.length) throw rangeError('offset', `>= 0 and <= ${buf.length - byteLength}`, offset);
  return offset;
}
function checkIntValue(value, byteLength, signed) {
  if (typeof value !== 'number') throw argError('value', 'of type number', value);
  const max = signed ? 2 ** (8 * byteLength - 1) - 1 : 2 ** (8 * byteLength) - 1;
  const min = signed ? -(2 ** (8 * byteLength - 1)) : 0;
  if (!(value >= min && value <= max)) {
    const n = 8 * byteLength;
    const range = signed ? `>= -(2 ** ${n - 1}) and < 2 ** ${n - 1}` : `>= 0 and < 2 ** ${n}`;
    throw rangeError('value', byteLength > 4 || (signed && byteLength > 3) ? range : `>= ${min} and <= ${max}`, value);
  }
}
for (const [bits, le] of [['LE', true], ['BE', false]]) {
  const readUInt = function (offset, byteLength) {
    checkByteLength(byteLength);
    offset = checkIntOffset(this, offset, byteLength);
    let v = 0;
    for (let i = 0; i < byteLength; i++) v += this[offset + (le ? i : byteLength - 1 - i)] * 2 ** (8 * i);
    return v;
  };
  const writeUInt = function (value, offset, byteLength, signed = false) {
    checkByteLength(byteLength);
    checkIntValue(value, byteLength, signed);
    offset = checkIntOffset(this, offset, byteLength);
    if (value < 0) value += 2 ** (8 * byteLength);
    for (let i = 0; i < byteLength; i++) {
      this[offset + (le ? i : byteLength - 1 - i)] = Math.floor(value / 2 ** (8 * i)) & 0xff;
    }
    return offset + byteLength;
  };
  Buffer.prototype[`readUInt${bits}`] = readUInt;
  Buffer.prototype[`readInt${bits}`] = function (offset, byteLength) {
    const v = readUInt.call(this, offset, byteLength);
    return v >= 2 ** (8 * byteLength - 1) ? v - 2 ** (8 * byteLength) : v;
  };
  Buffer.prototype[`writeUInt${bits}`] = function (value, offset, byteLength) {
    return writeUInt.call(this, value, offset, byteLength);
  };
  Buffer.prototype[`writeInt${bits}`] = function (value, offset, byteLength) {
    return writeUInt.call(this, value, offset, byteLength, true);
  };
  Buffer.prototype[`readUint${bits}`] = Buffer.prototype[`readUInt${bits}`];
  Buffer.prototype[`writeUint${bits}`] = Buffer.prototype[`writeUInt${bits}`];
}

// The per-encoding methods Node's Buffer has (asciiSlice, hexWrite, ...),
// with its native side's argument handling.
for (const [prefix, enc] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'], ['hex', 'hex'], ['latin1', 'latin1'], ['ucs2', 'utf16le'], ['utf8', 'utf8']]) {
  Buffer.prototype[`${prefix}Slice`] = function (start, end) {
    start = arrayIndex(start, 0);
    end = Math.max(arrayIndex(end, this.length), start);
    if (end > this.length) throw rangeError('end', `<= ${this.length}`, end);
    return decode(this, enc, start, end);
  };
  Buffer.prototype[`${prefix}Write`] = function (string, offset, length) {
    if (typeof string !== 'string') throw argError('argument', 'of type string', string);
    offset = arrayIndex(offset, 0);
    if (offset > this.length) throw codeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
    return writeString(this, string, enc, offset, Math.min(this.length - offset, arrayIndex(length, this.length - offset)));
  };
}

Buffer.poolSize = 8192;
const kMaxLength = 2 ** 53 - 1; // Node 22+ (V8's ArrayBuffer limit)

module.exports = {
  Buffer,
  SlowBuffer: Buffer,
  kMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 },
  INSPECT_MAX_BYTES: 50,
  isUtf8: (input) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(byteInput(input));
      return true;
    } catch (e) {
      if (e.code === 'ERR_INVALID_ARG_TYPE') throw e;
      return false;
    }
  },
  isAscii: (input) => {
    const b = byteInput(input);
    for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) return false;
    return true;
  },
  atob: (s) => { const b = encode(String(s), 'base64'); return decode(b, 'latin1', 0, b.length); },
  btoa: (s) => { const b = encode(String(s), 'latin1'); return decode(b, 'base64', 0, b.length); },
  transcode: undefined,
};
module.exports.transcode = () => {
  throw internals.errors.codeError(Error, 'ERR_NOT_IMPLEMENTED', 'buffer.transcode is not implemented in nabi');
};
module.exports.kStringMaxLength = module.exports.constants.MAX_STRING_LENGTH;
// Blob and File are the lazy globals (web/fetch.js); nabi has no object
// URLs, so resolveObjectURL finds none, as Node for an unknown id.
for (const name of ['Blob', 'File']) {
  Object.defineProperty(module.exports, name, { enumerable: true, configurable: true, get: () => globalThis[name] });
}
module.exports.resolveObjectURL = (url) => {
  url = `${url}`;
  return undefined;
};
