// node:crypto — the OS's randomness (randomBytes, getRandomValues,
// randomUUID, randomInt). Hashes and ciphers are not in nabi yet.
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');

function getRandomValues(view) {
  if (!ArrayBuffer.isView(view) || view instanceof Float32Array || view instanceof Float64Array || view instanceof DataView) {
    const e = new TypeError('The data argument must be an integer-type TypedArray');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (view.byteLength > 65536) {
    const e = new RangeError(`The ArrayBufferView's byte length (${view.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
    e.name = 'QuotaExceededError';
    throw e;
  }
  binding.randomFill(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return view;
}

function randomBytes(size, cb) {
  if (typeof size !== 'number' || !(size >= 0 && size <= 2 ** 31 - 1)) {
    const e = new RangeError(`The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`);
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  const b = Buffer.alloc(size);
  binding.randomFill(b);
  if (typeof cb === 'function') {
    process.nextTick(cb, null, b);
    return undefined;
  }
  return b;
}

function randomUUID() {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function randomInt(min, max, cb) {
  if (max === undefined || typeof max === 'function') {
    cb = max;
    max = min;
    min = 0;
  }
  const range = max - min;
  const b = randomBytes(6);
  const n = min + (b.readUIntBE(0, 6) % range);
  if (typeof cb === 'function') {
    process.nextTick(cb, null, n);
    return undefined;
  }
  return n;
}

function notImplemented(name) {
  return () => {
    const e = new Error(`crypto.${name} is not implemented in nabi`);
    e.code = 'ERR_NOT_IMPLEMENTED';
    throw e;
  };
}

module.exports = {
  randomBytes,
  randomFillSync: (buf) => {
    binding.randomFill(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    return buf;
  },
  getRandomValues,
  randomUUID,
  randomInt,
  webcrypto: { getRandomValues, randomUUID },
  createHash: notImplemented('createHash'),
  createHmac: notImplemented('createHmac'),
  createCipheriv: notImplemented('createCipheriv'),
  createDecipheriv: notImplemented('createDecipheriv'),
  pbkdf2Sync: notImplemented('pbkdf2Sync'),
  scryptSync: notImplemented('scryptSync'),
  timingSafeEqual: (a, b) => {
    if (a.length !== b.length) {
      const e = new RangeError('Input buffers must have the same byte length');
      e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
      throw e;
    }
    let d = 0;
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
    return d === 0;
  },
};
