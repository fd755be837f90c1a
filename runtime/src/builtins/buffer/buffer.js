// node:buffer — Buffer as a Uint8Array subclass with Node's encodings
// (utf8, hex, base64, base64url, latin1/binary, ascii, utf16le/ucs2) and its
// read/write, compare, search and slice methods.
'use strict';

const { binding } = internals;

function argError(name, expected, value) {
  const e = new TypeError(`The "${name}" argument must be ${expected}. Received ${internals.describe(value)}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function rangeError(name, range, value) {
  const e = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
  e.code = 'ERR_OUT_OF_RANGE';
  return e;
}

function normalizeEncoding(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  switch (String(enc).toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default: {
      const e = new TypeError(`Unknown encoding: ${enc}`);
      e.code = 'ERR_UNKNOWN_ENCODING';
      throw e;
    }
  }
}

const b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64lookup = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) b64lookup[b64chars.charCodeAt(i)] = i;
b64lookup['-'.charCodeAt(0)] = 62;
b64lookup['_'.charCodeAt(0)] = 63;

function encodeBase64(bytes, url) {
  let out = '';
  const chars = url ? b64chars.slice(0, 62) + '-_' : b64chars;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += chars[n >> 18] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + chars[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += chars[n >> 18] + chars[(n >> 12) & 63] + (url ? '' : '==');
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += chars[n >> 18] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + (url ? '' : '=');
  }
  return out;
}

function decodeBase64(s) {
  const out = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '='
    const v = c < 256 ? b64lookup[c] : -1;
    if (v < 0) continue; // Node skips characters outside the alphabet
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

function encode(string, encoding) {
  switch (encoding) {
    case 'utf8':
      return new Uint8Array(binding.encodeUtf8(string));
    case 'hex': {
      const n = string.length >>> 1;
      const out = new Uint8Array(n);
      let i = 0;
      for (; i < n; i++) {
        const byte = parseInt(string.substr(i * 2, 2), 16);
        if (Number.isNaN(byte) || !/^[0-9a-fA-F]{2}$/.test(string.substr(i * 2, 2))) break;
        out[i] = byte;
      }
      return out.subarray(0, i);
    }
    case 'base64':
    case 'base64url':
      return Uint8Array.from(decodeBase64(string));
    case 'latin1':
    case 'ascii': {
      const out = new Uint8Array(string.length);
      for (let i = 0; i < string.length; i++) out[i] = string.charCodeAt(i) & 0xff;
      return out;
    }
    case 'utf16le': {
      const out = new Uint8Array(string.length * 2);
      for (let i = 0; i < string.length; i++) {
        const c = string.charCodeAt(i);
        out[i * 2] = c & 0xff;
        out[i * 2 + 1] = c >> 8;
      }
      return out;
    }
  }
}

function decode(bytes, encoding) {
  switch (encoding) {
    case 'utf8':
      return binding.decodeUtf8(bytes);
    case 'hex': {
      let s = '';
      for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
      return s;
    }
    case 'base64':
      return encodeBase64(bytes, false);
    case 'base64url':
      return encodeBase64(bytes, true);
    case 'latin1': {
      let s = '';
      for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
      return s;
    }
    case 'ascii': {
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b & 0x7f);
      return s;
    }
    case 'utf16le': {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return s;
    }
  }
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
    if (fill !== undefined && fill !== 0) b.fill(fill, 0, size, encoding);
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
    return encode(s, normalizeEncoding(encoding)).length;
  }
  static concat(list, totalLength) {
    if (!Array.isArray(list)) throw argError('list', 'an instance of Array', list);
    if (totalLength === undefined) totalLength = list.reduce((n, b) => n + b.length, 0);
    const out = Buffer.alloc(totalLength);
    let pos = 0;
    for (const b of list) {
      if (!(b instanceof Uint8Array)) throw argError('list[0]', 'an instance of Buffer or Uint8Array', b);
      const n = Math.min(b.length, totalLength - pos);
      out.set(n === b.length ? b : b.subarray(0, n), pos);
      pos += n;
      if (pos >= totalLength) break;
    }
    return out;
  }
  static compare(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  toString(encoding, start = 0, end = this.length) {
    start = Math.max(0, start | 0);
    end = Math.min(this.length, end === undefined ? this.length : end | 0);
    if (end <= start) return '';
    return decode(this.subarray(start, end), normalizeEncoding(encoding));
  }
  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  }
  equals(other) {
    if (!(other instanceof Uint8Array)) throw argError('otherBuffer', 'an instance of Buffer or Uint8Array', other);
    return Buffer.compare(this, other) === 0;
  }
  compare(target, tStart = 0, tEnd = target.length, sStart = 0, sEnd = this.length) {
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
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      length = undefined;
    } else if (typeof length === 'string') {
      encoding = length;
      length = undefined;
    }
    offset = offset === undefined ? 0 : offset >>> 0;
    const bytes = encode(string, normalizeEncoding(encoding));
    const n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  fill(value, offset = 0, end = this.length, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = this.length;
    }
    if (typeof value === 'string') {
      const bytes = value.length === 1 && value.charCodeAt(0) < 128 && !encoding
        ? [value.charCodeAt(0)]
        : encode(value, normalizeEncoding(encoding));
      if (bytes.length === 0) return Uint8Array.prototype.fill.call(this, 0, offset, end), this;
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
      return this;
    }
    if (value instanceof Uint8Array) {
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % value.length) this[i] = value[j];
      return this;
    }
    Uint8Array.prototype.fill.call(this, Number(value) & 0xff, offset, end);
    return this;
  }
  indexOf(value, byteOffset = 0, encoding) {
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
  const write = function (value, offset) {
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
for (const [bits, le] of [['LE', true], ['BE', false]]) {
  Buffer.prototype[`readUIntLE`.replace('LE', bits)] = function (offset, byteLength) {
    offset = checkOffset(this, offset, byteLength);
    let v = 0;
    for (let i = 0; i < byteLength; i++) v += this[offset + (le ? i : byteLength - 1 - i)] * 2 ** (8 * i);
    return v;
  };
  Buffer.prototype[`readIntLE`.replace('LE', bits)] = function (offset, byteLength) {
    const v = this[`readUInt${bits}`](offset, byteLength);
    return v >= 2 ** (8 * byteLength - 1) ? v - 2 ** (8 * byteLength) : v;
  };
  Buffer.prototype[`writeUIntLE`.replace('LE', bits)] = function (value, offset, byteLength) {
    offset = checkOffset(this, offset, byteLength);
    for (let i = 0; i < byteLength; i++) {
      this[offset + (le ? i : byteLength - 1 - i)] = Math.floor(value / 2 ** (8 * i)) & 0xff;
    }
    return offset + byteLength;
  };
  Buffer.prototype[`writeIntLE`.replace('LE', bits)] = function (value, offset, byteLength) {
    return this[`writeUInt${bits}`](value < 0 ? value + 2 ** (8 * byteLength) : value, offset, byteLength);
  };
  Buffer.prototype[`readUintLE`.replace('LE', bits)] = Buffer.prototype[`readUInt${bits}`];
  Buffer.prototype[`writeUintLE`.replace('LE', bits)] = Buffer.prototype[`writeUInt${bits}`];
}

Buffer.poolSize = 8192;
const kMaxLength = 2 ** 53 - 1; // Node 22+ (V8's ArrayBuffer limit)

module.exports = {
  Buffer,
  SlowBuffer: Buffer,
  kMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 },
  INSPECT_MAX_BYTES: 50,
  isUtf8: (b) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return !binding.decodeUtf8(b).includes('\ufffd');
    } catch {
      return false;
    }
  },
  atob: (s) => decode(encode(String(s), 'base64'), 'latin1'),
  btoa: (s) => encodeBase64(encode(String(s), 'latin1'), false),
  transcode: undefined,
};
module.exports.transcode = () => {
  const e = new Error('buffer.transcode is not implemented in nabi');
  e.code = 'ERR_NOT_IMPLEMENTED';
  throw e;
};
