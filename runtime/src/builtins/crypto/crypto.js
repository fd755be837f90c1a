// node:crypto — the OS's randomness (randomBytes, getRandomValues,
// randomUUID, randomInt), hashes and HMAC (createHash, createHmac, hash),
// PBKDF2, scrypt and HKDF, timingSafeEqual, constants, ciphers (createCipheriv: AES
// CBC/ECB/CTR/GCM, ChaCha20-Poly1305). The algorithms are RustCrypto crates
// behind binding.crypto (mod.rs and cipher.rs beside this file).
// Keys (PEM/DER PKCS#8, SPKI, PKCS#1, SEC1) and signatures (RSA PKCS#1
// v1.5, ECDSA P-256/P-384) go through ring (sign.rs).
'use strict';

const { binding } = internals;
const native = binding.crypto;
const { Buffer } = internals.requireBuiltin('buffer');

// ---- errors and argument checks ---------------------------------------------

const {
  codeError, invalidArgType, outOfRange, validateFunction, validateString, validateInteger, validateInt32, validateUint32,
  validateNumber,
} = internals.errors;

function asBytes(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// A password, salt or key: a string (UTF-8) or any buffer-like value.
function keyBytes(value, name, extra = '') {
  if (typeof value === 'string') return value;
  if (ArrayBuffer.isView(value)) return asBytes(value);
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) return new Uint8Array(value);
  throw invalidArgType(name, `of type string or an instance of ArrayBuffer, Buffer, TypedArray, ${extra}or DataView`, value);
}

// ---- randomness -------------------------------------------------------------

function getRandomValues(view) {
  if (!ArrayBuffer.isView(view) || view instanceof DataView || /^Float/.test(view.constructor.name)) {
    throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (view.byteLength > 65536) {
    throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  binding.randomFill(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return view;
}

// crypto.webcrypto: Web Crypto's Crypto object (no `subtle` yet); its
// methods check their receiver, as Node's do.
class Crypto {
  getRandomValues(view) {
    if (!(this instanceof Crypto)) throw codeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
    return getRandomValues(view);
  }
  randomUUID() {
    if (!(this instanceof Crypto)) throw codeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
    return randomUUID();
  }
}
const webcrypto = new Crypto();

function randomBytes(size, cb) {
  if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
  if (cb !== undefined) validateFunction(cb, 'callback');
  if (!(size >= 0 && size <= 2 ** 31 - 1)) {
    throw internals.errors.codeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`);
  }
  const b = Buffer.alloc(size);
  binding.randomFill(b);
  if (typeof cb === 'function') {
    process.nextTick(cb, null, b);
    return undefined;
  }
  return b;
}

function randomUUID(options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw invalidArgType('options', 'of type object', options);
  }
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
  if (cb !== undefined) validateFunction(cb, 'callback');
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) throw outOfRange('max', `greater than the value of "min" (${min})`, max);
  const range = max - min;
  if (range > 2 ** 48 - 1) throw outOfRange('max - min', '<= 281474976710655', range);
  const b = randomBytes(6);
  const n = min + (b.readUIntBE(0, 6) % range);
  if (typeof cb === 'function') {
    process.nextTick(cb, null, n);
    return undefined;
  }
  return n;
}

// ---- algorithm names --------------------------------------------------------

// Canonical name → digest size in bytes, and the names OpenSSL (so Node)
// accepts for it, matched case-insensitively. SHAKE's size is its default
// output length (it takes `outputLength`); it has no HMAC or PBKDF2.
const algorithms = new Map();
const aliases = new Map();
function algorithm(name, size, ...names) {
  algorithms.set(name, { size, names: [name, ...names], xof: name.startsWith('shake') });
  for (const n of [name, ...names]) aliases.set(n.toLowerCase(), name);
}
algorithm('md5', 16, 'RSA-MD5', 'md5WithRSAEncryption', 'ssl3-md5');
algorithm('sha1', 20, 'RSA-SHA1', 'RSA-SHA1-2', 'sha1WithRSAEncryption', 'ssl3-sha1', 'sha-1');
for (const bits of [224, 256, 384, 512]) {
  algorithm(`sha${bits}`, bits / 8, `RSA-SHA${bits}`, `sha${bits}WithRSAEncryption`, `sha-${bits}`, `sha2-${bits}`);
}
for (const bits of [224, 256]) {
  algorithm(`sha512-${bits}`, bits / 8, `RSA-SHA512/${bits}`, `sha512-${bits}WithRSAEncryption`, `sha-512/${bits}`, `sha2-512/${bits}`);
}
for (const bits of [224, 256, 384, 512]) {
  algorithm(`sha3-${bits}`, bits / 8, `RSA-SHA3-${bits}`, `id-rsassa-pkcs1-v1_5-with-sha3-${bits}`);
}
algorithm('ripemd160', 20, 'RSA-RIPEMD160', 'ripemd', 'rmd160', 'ripemd160WithRSA', 'ripemd-160');
algorithm('blake2b512', 64, 'blake2b-512');
algorithm('blake2s256', 32, 'blake2s-256');
algorithm('shake128', 16);
algorithm('shake256', 32);

const hashNames = [];
for (const { names } of algorithms.values()) {
  for (const n of names) if (!/^(sha-|sha2-|ripemd-|blake2.-)/.test(n)) hashNames.push(n);
}
hashNames.sort();

function resolve(name) {
  return aliases.get(name.toLowerCase());
}

// The name of an algorithm HMAC and PBKDF2 take, or undefined.
function resolveKeyed(name) {
  const n = resolve(name);
  return n !== undefined && !algorithms.get(n).xof ? n : undefined;
}

function notXofError() {
  const e = new Error('error:030000B2:digital envelope routines::not XOF or invalid length');
  e.library = 'digital envelope routines';
  e.reason = 'not XOF or invalid length';
  e.code = 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH';
  return e;
}

// The output length `options` ask of `name` (its size when none).
function outputLength(name, options) {
  const { size, xof } = algorithms.get(name);
  if (options == null || typeof options !== 'object' || options.outputLength === undefined) return size;
  validateUint32(options.outputLength, 'options.outputLength');
  if (!xof && options.outputLength !== size) throw notXofError();
  return options.outputLength;
}

function getHashes() {
  return hashNames.slice();
}

// ---- Hash and Hmac ------------------------------------------------------------

const kHandle = Symbol('kHandle');
const kFinalized = Symbol('kFinalized');

function finalizedError() {
  return codeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
}

// The bytes `update(data, encoding)` adds: a string in its encoding (UTF-8
// for none or an unknown one, as Node), or any ArrayBufferView.
function updateBytes(data, encoding) {
  if (typeof data === 'string') {
    if (typeof encoding !== 'string' || encoding === '' || !Buffer.isEncoding(encoding)) return data;
    const enc = encoding.toLowerCase();
    if (enc === 'utf8' || enc === 'utf-8') return data;
    if (enc === 'hex' && data.length % 2 !== 0) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'encoding' is invalid for data of length ${data.length}. Received 'hex'`);
    }
    return Buffer.from(data, enc);
  }
  if (ArrayBuffer.isView(data)) return asBytes(data);
  throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function encodeDigest(bytes, encoding) {
  const buf = Buffer.from(bytes);
  if (typeof encoding === 'string' && encoding !== 'buffer' && Buffer.isEncoding(encoding)) return buf.toString(encoding);
  return buf;
}

// Hash and Hmac are Transform streams too (write the data, read the
// digest), set up on first use so that plain hashing does not load
// node:stream: the stream state is made when first touched, as Node's
// LazyTransform does.
let streamsReady = false;
const kStreamInit = Symbol('kStreamInit');
function setUpStreams() {
  streamsReady = true;
  let Transform;
  let Writable;
  try {
    ({ Transform, Writable } = internals.requireBuiltin('stream'));
  } catch {
    return;
  }
  // A prototype whose stream state is made by `Base` on first touch.
  function lazyProto(Base, props) {
    const lazy = Object.create(Base.prototype);
    for (const prop of props) {
      Object.defineProperty(lazy, prop, {
        configurable: true,
        enumerable: true,
        get() {
          if (this[kStreamInit]) return undefined;
          this[kStreamInit] = true;
          Base.call(this, this._options);
          return Object.prototype.hasOwnProperty.call(this, prop) ? this[prop] : undefined;
        },
        set(value) {
          Object.defineProperty(this, prop, { value, writable: true, configurable: true, enumerable: true });
        },
      });
    }
    return lazy;
  }
  const lazy = lazyProto(Transform, ['_readableState', '_writableState']);
  lazy._transform = function _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  };
  lazy._flush = function _flush(callback) {
    this.push(this.digest());
    callback();
  };
  Object.setPrototypeOf(Hash.prototype, lazy);
  Object.setPrototypeOf(Hmac.prototype, lazy);
  Object.setPrototypeOf(Cipheriv.prototype, lazy);
  Object.setPrototypeOf(Decipheriv.prototype, lazy);
  // Sign and Verify are Writable: written data is signed.
  const lazyWritable = lazyProto(Writable, ['_writableState']);
  lazyWritable._write = function _write(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  };
  Object.setPrototypeOf(Sign.prototype, lazyWritable);
  Object.setPrototypeOf(Verify.prototype, lazyWritable);
}

const kName = Symbol('kName');
const kCopy = Symbol('kCopy');

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  if (!streamsReady) setUpStreams();
  if (algorithm === kCopy) {
    // copy(): options is { name, handle } of the copied state.
    this[kName] = options.name;
    this[kHandle] = options.handle;
    this[kFinalized] = false;
    return;
  }
  validateString(algorithm, 'algorithm');
  const name = resolve(algorithm);
  if (name === undefined) throw new Error('Digest method not supported');
  const length = outputLength(name, options);
  this._options = options;
  this[kName] = name;
  this[kHandle] = native.hashNew(name, length);
  this[kFinalized] = false;
}

Hash.prototype.update = function update(data, encoding) {
  if (this[kFinalized]) throw finalizedError();
  native.hashUpdate(this[kHandle], updateBytes(data, encoding));
  return this;
};

Hash.prototype.digest = function digest(encoding) {
  if (this[kFinalized]) throw finalizedError();
  if (encoding) encoding = `${encoding}`; // as Node: a Symbol throws
  this[kFinalized] = true;
  return encodeDigest(native.hashDigest(this[kHandle]), encoding);
};

Hash.prototype.copy = function copy(options) {
  if (this[kFinalized]) throw finalizedError();
  const name = this[kName];
  const length = options != null && typeof options === 'object' && options.outputLength !== undefined
    ? outputLength(name, options)
    : -1;
  return new Hash(kCopy, { name, handle: native.hashCopy(this[kHandle], length) });
};

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  if (!streamsReady) setUpStreams();
  validateString(hmac, 'hmac');
  const bytes = keyBytes(key, 'key', '');
  const name = resolveKeyed(hmac);
  const handle = name !== undefined ? native.hmacNew(name, bytes) : null;
  if (!handle) throw codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmac}`);
  this._options = options;
  this[kHandle] = handle;
  this[kFinalized] = false;
}

Hmac.prototype.update = Hash.prototype.update;

Hmac.prototype.digest = function digest(encoding) {
  // A second digest gives an empty result, as in Node.
  if (this[kFinalized]) return encodeDigest(new Uint8Array(0), encoding);
  this[kFinalized] = true;
  return encodeDigest(native.hashDigest(this[kHandle]), encoding);
};

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  if (key instanceof KeyObject) {
    const k = key[kKey];
    if (k.type !== 'secret') {
      throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${k.type}, expected secret.`);
    }
    key = k.bytes;
  }
  if (typeof key !== 'string' && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) {
    throw invalidArgType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
  }
  return new Hmac(hmac, key, options);
}

// crypto.hash(algorithm, data[, outputEncoding]): one-shot, hex by default.
// crypto.hash(algorithm, input[, options]): options is the output
// encoding or (Node 24) { outputEncoding, outputLength }.
function hash(algorithm, input, options) {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw invalidArgType('input', 'of type string or an instance of Buffer, TypedArray, or DataView', input);
  }
  let outputEncoding = 'hex';
  let outputLength;
  if (typeof options === 'string') {
    outputEncoding = options;
  } else if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    if (options.outputEncoding !== undefined) outputEncoding = options.outputEncoding;
    outputLength = options.outputLength;
  }
  validateString(outputEncoding, 'outputEncoding');
  if (outputEncoding !== 'buffer' && !Buffer.isEncoding(outputEncoding)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'outputEncoding' is invalid. Received '${outputEncoding}'`);
  }
  const name = resolve(algorithm);
  if (name === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  const { size, xof } = algorithms.get(name);
  if (outputLength !== undefined && !xof && outputLength !== size) {
    throw new Error(`Output length ${outputLength} is invalid for ${algorithm}, which does not support XOF`);
  }
  if (outputLength !== undefined) validateUint32(outputLength, 'options.outputLength');
  const handle = native.hashNew(name, outputLength === undefined ? size : outputLength);
  native.hashUpdate(handle, typeof input === 'string' ? input : asBytes(input));
  return encodeDigest(native.hashDigest(handle), outputEncoding);
}

// ---- PBKDF2 -------------------------------------------------------------------

function pbkdf2Args(password, salt, iterations, keylen, digest) {
  validateString(digest, 'digest');
  password = keyBytes(password, 'password');
  salt = keyBytes(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  const name = resolveKeyed(digest);
  return { password, salt, iterations, keylen, digest, name };
}

function invalidDigest(digest) {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
}

// Node 24+ (OpenSSL 3) cannot derive a zero-length key; Node 26's message.
const derivationFailed = () => new Error('PBKDF2 derivation failed');

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const a = pbkdf2Args(password, salt, iterations, keylen, digest);
  if (a.name === undefined) throw invalidDigest(digest);
  if (a.keylen === 0) throw derivationFailed();
  return Buffer.from(native.pbkdf2(a.password, a.salt, a.iterations, a.keylen, a.name));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const a = pbkdf2Args(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  if (a.name === undefined) throw invalidDigest(digest);
  if (a.keylen === 0) {
    process.nextTick(callback, derivationFailed());
    return;
  }
  native.pbkdf2Async((err, ab) => (err ? callback(err) : callback(null, Buffer.from(ab))),
    a.password, a.salt, a.iterations, a.keylen, a.name);
}

// ---- scrypt -------------------------------------------------------------------

const scryptDefaults = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function scryptParamError(suffix) {
  return codeError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', suffix ? `Invalid scrypt params: ${suffix}` : 'Invalid scrypt params');
}

function scryptArgs(password, salt, keylen, options) {
  password = keyBytes(password, 'password');
  salt = keyBytes(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  let { N, r, p, maxmem } = scryptDefaults;
  if (options && typeof options === 'object') {
    const pairs = [['N', 'cost'], ['r', 'blockSize'], ['p', 'parallelization']];
    const values = {};
    for (const [short, long] of pairs) {
      let v;
      if (options[short] !== undefined) {
        v = options[short];
        validateUint32(v, short);
      }
      if (options[long] !== undefined) {
        if (v !== undefined) {
          throw codeError(TypeError, 'ERR_INCOMPATIBLE_OPTION_PAIR', `Option "${short}" cannot be used in combination with option "${long}"`);
        }
        v = options[long];
        validateUint32(v, long);
      }
      values[short] = v;
    }
    if (values.N !== undefined) N = values.N;
    if (values.r !== undefined) r = values.r;
    if (values.p !== undefined) p = values.p;
    if (options.maxmem !== undefined) {
      maxmem = options.maxmem;
      validateInteger(maxmem, 'maxmem', 0, Number.MAX_SAFE_INTEGER);
    }
    // Zero means the default, as in Node.
    if (N === 0) N = scryptDefaults.N;
    if (r === 0) r = scryptDefaults.r;
    if (p === 0) p = scryptDefaults.p;
    if (maxmem === 0) maxmem = scryptDefaults.maxmem;
  }
  // The parameter rules of OpenSSL's scrypt, which Node reports.
  if (N < 2 || (N & (N - 1)) !== 0) throw scryptParamError();
  const big = BigInt;
  const memoryLimit = 'error:030000AC:digital envelope routines::memory limit exceeded';
  if (big(r) * big(p) >= 1n << 30n) throw scryptParamError(memoryLimit);
  if (16 * r <= 63 && big(N) >= 1n << big(16 * r)) throw scryptParamError(memoryLimit);
  if (big(p) * 128n * big(r) > 0xffffffffn * 32n) throw scryptParamError(memoryLimit);
  const need = 128n * big(r) * big(p) + 128n * big(r) * (big(N) + 2n);
  if (need > big(maxmem)) throw scryptParamError(memoryLimit);
  return [password, salt, keylen, N, r, p];
}

function scryptSync(password, salt, keylen, options) {
  return Buffer.from(native.scrypt(...scryptArgs(password, salt, keylen, options)));
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  const args = scryptArgs(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  native.scryptAsync((err, ab) => (err ? callback(err) : callback(null, Buffer.from(ab))), ...args);
}

// ---- ciphers ------------------------------------------------------------------

// Canonical name → Node's getCipherInfo() fields; the native side knows the
// same canonical names (cipher.rs).
const ciphers = new Map();
const cipherAliases = new Map();
function cipherEntry(name, mode, nid, keyLength, ivLength, blockSize, infoName = name, ...names) {
  ciphers.set(name, { name, mode, nid, keyLength, ivLength, blockSize, infoName });
  for (const n of [name, infoName, ...names]) cipherAliases.set(n.toLowerCase(), name);
}
const aesNids = { cbc: [419, 423, 427], ecb: [418, 422, 426], ctr: [904, 905, 906], gcm: [895, 898, 901] };
[128, 192, 256].forEach((bits, i) => {
  cipherEntry(`aes-${bits}-cbc`, 'cbc', aesNids.cbc[i], bits / 8, 16, 16, `aes-${bits}-cbc`, `aes${bits}`);
  cipherEntry(`aes-${bits}-ecb`, 'ecb', aesNids.ecb[i], bits / 8, undefined, 16);
  cipherEntry(`aes-${bits}-ctr`, 'ctr', aesNids.ctr[i], bits / 8, 16, 1);
  cipherEntry(`aes-${bits}-gcm`, 'gcm', aesNids.gcm[i], bits / 8, 12, 1, `id-aes${bits}-gcm`);
});
cipherEntry('chacha20-poly1305', 'stream', 1018, 32, 12, undefined);
const cipherNames = [...cipherAliases.keys()].sort();

function resolveCipher(name) {
  return ciphers.get(cipherAliases.get(String(name).toLowerCase()));
}

const isAead = (info) => info.mode === 'gcm' || info.name === 'chacha20-poly1305';

function getCiphers() {
  return cipherNames.slice();
}

function getCipherInfo(nameOrNid, options) {
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    const e = invalidArgType('nameOrNid', 'of type string or number', nameOrNid);
    e.message = e.message.replace('must be of type', 'must be one of type');
    throw e;
  }
  let keyLength;
  let ivLength;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    ({ keyLength, ivLength } = options);
    if (keyLength !== undefined) validateInt32(keyLength, 'options.keyLength');
    if (ivLength !== undefined) validateInt32(ivLength, 'options.ivLength');
  }
  const info = typeof nameOrNid === 'number'
    ? [...ciphers.values()].find((c) => c.nid === nameOrNid)
    : resolveCipher(nameOrNid);
  if (info === undefined) return undefined;
  if (keyLength !== undefined && keyLength !== info.keyLength) return undefined;
  if (ivLength !== undefined && ivLength !== info.ivLength) {
    // GCM takes any IV length; the others only their own.
    if (info.mode !== 'gcm' || ivLength < 1) return undefined;
  }
  const out = { mode: info.mode, name: info.infoName, nid: info.nid };
  if (info.blockSize !== undefined) out.blockSize = info.blockSize;
  const iv = ivLength !== undefined ? ivLength : info.ivLength;
  if (iv !== undefined) out.ivLength = iv;
  out.keyLength = info.keyLength;
  return out;
}

function invalidState(op) {
  return codeError(Error, 'ERR_CRYPTO_INVALID_STATE', op ? `Invalid state for operation ${op}` : 'Invalid state');
}

// An OpenSSL error as Node reports it (library, reason, code).
function opensslError(hexCode, reason, code) {
  const e = new Error(`error:${hexCode}:Provider routines::${reason}`);
  e.library = 'Provider routines';
  e.reason = reason;
  e.code = code;
  return e;
}

function cipherFailure(why) {
  switch (why) {
    case 'wrong final block length':
      return opensslError('1C80006B', why, 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH');
    case 'bad decrypt':
      return opensslError('1C800064', why, 'ERR_OSSL_BAD_DECRYPT');
    case 'auth':
      return new Error('Unsupported state or unable to authenticate data');
    default:
      return new Error('Trying to add data in unsupported state');
  }
}

function validAuthTagLength(info, n) {
  if (info.mode === 'gcm') return n === 4 || n === 8 || (n >= 12 && n <= 16);
  return n >= 1 && n <= 16;
}

function bytesOf(value, name, encoding, types) {
  if (typeof value === 'string') return asBytes(Buffer.from(value, Buffer.isEncoding(encoding) ? encoding : 'utf8'));
  if (ArrayBuffer.isView(value)) return asBytes(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalidArgType(name, types, value);
}

// A secret KeyObject's bytes; any other value as it is.
function secretBytes(key) {
  if (!(key instanceof KeyObject)) return key;
  const k = key[kKey];
  if (k.type !== 'secret') {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${k.type}, expected secret.`);
  }
  return k.bytes;
}

const kCipher = Symbol('kCipher');

function initCipher(self, encrypt, cipher, key, iv, options) {
  if (!streamsReady) setUpStreams();
  validateString(cipher, 'cipher');
  const encoding = options != null && typeof options === 'object' ? options.encoding : undefined;
  key = secretBytes(key);
  key = bytesOf(key, 'key', encoding, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey');
  if (iv !== null) iv = bytesOf(iv, 'iv', encoding, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView');
  const info = resolveCipher(cipher);
  if (info === undefined) throw codeError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
  const ivLen = iv === null ? 0 : iv.length;
  const ivOk = info.ivLength === undefined ? ivLen === 0
    : info.mode === 'gcm' ? ivLen > 0
      : ivLen === info.ivLength;
  if (!ivOk || (iv === null && info.ivLength !== undefined)) {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
  }
  // Checked after the IV, as Node.
  if (key.length !== info.keyLength) throw codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  let tagLength = 16;
  if (isAead(info) && options != null && typeof options === 'object' && options.authTagLength !== undefined) {
    tagLength = options.authTagLength;
    validateInt32(tagLength, 'options.authTagLength');
    if (!validAuthTagLength(info, tagLength)) {
      throw codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${tagLength}`);
    }
  }
  self._decoder = null;
  self._options = options;
  self[kCipher] = {
    handle: native.cipherNew(info.name, key, iv === null ? new Uint8Array(0) : iv, encrypt, tagLength),
    info,
    encrypt,
    tagLength,
    tagSet: false,
    fixedTag: options != null && typeof options === 'object' && options.authTagLength !== undefined,
    started: false,
    done: false,
  };
}

// Output in `encoding`: a Buffer, or a string through a StringDecoder kept
// across update() and final() so multi-byte and base64 output joins up.
function cipherOutput(self, ab, encoding) {
  const buf = Buffer.from(ab);
  if (typeof encoding !== 'string' || encoding === 'buffer' || !Buffer.isEncoding(encoding)) return buf;
  if (self._decoder === null) {
    const { StringDecoder } = internals.requireBuiltin('string_decoder');
    self._decoder = new StringDecoder(encoding);
  }
  return self._decoder.write(buf);
}

function cipherUpdate(data, inputEncoding, outputEncoding) {
  const c = this[kCipher];
  if (c.done) throw new Error('Trying to add data in unsupported state');
  let bytes;
  if (typeof data === 'string') {
    const enc = typeof inputEncoding === 'string' && Buffer.isEncoding(inputEncoding) ? inputEncoding : 'utf8';
    bytes = asBytes(Buffer.from(data, enc));
  } else if (ArrayBuffer.isView(data)) {
    bytes = asBytes(data);
  } else {
    throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  c.started = true;
  const r = native.cipherUpdate(c.handle, bytes);
  if (typeof r === 'string') throw cipherFailure(r);
  return cipherOutput(this, r, outputEncoding);
}

function cipherFinal(outputEncoding) {
  const c = this[kCipher];
  if (c.done) throw invalidState();
  c.done = true;
  const r = native.cipherFinal(c.handle);
  if (typeof r === 'string') throw cipherFailure(r);
  const out = cipherOutput(this, r, outputEncoding);
  if (typeof out === 'string') return out + this._decoder.end();
  return out;
}

function setAutoPadding(ap) {
  const c = this[kCipher];
  if (c.done) throw invalidState('setAutoPadding');
  native.cipherSet(c.handle, 'padding', ap === undefined ? true : !!ap);
  return this;
}

function setAAD(aadbuf, options) {
  const c = this[kCipher];
  const bytes = bytesOf(aadbuf, 'buffer', 'utf8', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView');
  if (options !== undefined && (options === null || typeof options !== 'object')) throw invalidArgType('options', 'of type object', options);
  if (!isAead(c.info) || c.started || c.done) throw invalidState('setAAD');
  native.cipherSet(c.handle, 'aad', bytes);
  return this;
}

function cipherTransform(chunk, encoding, callback) {
  try {
    this.push(this.update(chunk, encoding));
  } catch (e) {
    callback(e);
    return;
  }
  callback();
}

function cipherFlush(callback) {
  try {
    this.push(this.final());
  } catch (e) {
    callback(e);
    return;
  }
  callback();
}

function Cipheriv(cipher, key, iv, options) {
  if (!(this instanceof Cipheriv)) return new Cipheriv(cipher, key, iv, options);
  initCipher(this, true, cipher, key, iv, options);
}

function Decipheriv(cipher, key, iv, options) {
  if (!(this instanceof Decipheriv)) return new Decipheriv(cipher, key, iv, options);
  initCipher(this, false, cipher, key, iv, options);
}

for (const C of [Cipheriv, Decipheriv]) {
  Object.assign(C.prototype, {
    update: cipherUpdate, final: cipherFinal, setAutoPadding, setAAD, _transform: cipherTransform, _flush: cipherFlush,
  });
}

Cipheriv.prototype.getAuthTag = function getAuthTag() {
  const c = this[kCipher];
  const tag = c.done && isAead(c.info) ? native.cipherTag(c.handle) : undefined;
  if (tag === undefined) throw invalidState('getAuthTag');
  return Buffer.from(tag);
};

let shortTagWarned = false;
Decipheriv.prototype.setAuthTag = function setAuthTag(tagbuf, encoding) {
  const c = this[kCipher];
  const tag = bytesOf(tagbuf, 'buffer', encoding, 'an instance of Buffer, TypedArray, or DataView');
  if (!isAead(c.info) || c.done || c.tagSet) throw invalidState('setAuthTag');
  if (!validAuthTagLength(c.info, tag.length) || (c.fixedTag && tag.length !== c.tagLength)) {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${tag.length}`);
  }
  if (c.info.mode === 'gcm' && !c.fixedTag && tag.length < 16 && !shortTagWarned) {
    shortTagWarned = true;
    process.emitWarning('Using AES-GCM authentication tags of less than 128 bits without specifying the authTagLength option when initializing decryption is deprecated.', 'DeprecationWarning', 'DEP0182');
  }
  c.tagSet = true;
  native.cipherSet(c.handle, 'tag', tag);
  return this;
};

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

// ---- HKDF ---------------------------------------------------------------------

// Node's checks, in its order; the digest and the length are checked
// before any work, so the callback form throws them too.
function hkdfArgs(digest, ikm, salt, info, keylen) {
  validateString(digest, 'digest');
  ikm = secretBytes(ikm);
  ikm = bytesOf(ikm, 'ikm', 'utf8', 'of type string or an instance of SecretKeyObject, ArrayBuffer, TypedArray, DataView, or Buffer');
  const sourceTypes = 'of type string or an instance of ArrayBuffer, TypedArray, DataView, or Buffer';
  salt = bytesOf(salt, 'salt', 'utf8', sourceTypes);
  info = bytesOf(info, 'info', 'utf8', sourceTypes);
  validateInteger(keylen, 'length', 0);
  if (info.length > 1024) throw outOfRange('info', 'must not contain more than 1024 bytes', info.length);
  const plain = resolve(digest);
  const name = resolveKeyed(digest);
  // OpenSSL 3 derives no zero-length key and no HKDF over SHAKE.
  if (plain !== undefined && (name === undefined || keylen === 0)) return { failed: true };
  if (name === undefined) throw invalidDigest(digest);
  if (keylen > 255 * algorithms.get(name).size) throw codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  return { args: [name, ikm, salt, info, keylen] };
}

const hkdfFailed = () => new Error('Deriving bits failed');

function hkdfSync(digest, ikm, salt, info, keylen) {
  const a = hkdfArgs(digest, ikm, salt, info, keylen);
  if (a.failed) throw hkdfFailed();
  return native.hkdf(...a.args);
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  const a = hkdfArgs(digest, ikm, salt, info, keylen);
  validateFunction(callback, 'callback');
  if (a.failed) {
    process.nextTick(callback, hkdfFailed());
    return;
  }
  native.hkdfAsync((err, ab) => (err ? callback(err) : callback(null, ab)), ...a.args);
}

// ---- randomFill -----------------------------------------------------------------

// The byte range [offset, offset + size) of `buf` that randomFill fills;
// offset and size count elements of a typed array, as Node.
function fillRange(buf, offset, size) {
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  const length = buf.byteLength;
  validateNumber(offset, 'offset');
  offset *= elementSize;
  if (Number.isNaN(offset) || offset > length || offset < 0) throw outOfRange('offset', `>= 0 && <= ${length}`, offset);
  offset >>>= 0;
  if (size === undefined) {
    size = length - offset;
  } else {
    validateNumber(size, 'size');
    size *= elementSize;
    if (Number.isNaN(size) || size > 2147483647 || size < 0) throw outOfRange('size', '>= 0 && <= 2147483647', size);
    if (size + offset > length) throw outOfRange('size + offset', `<= ${length}`, size + offset);
    size >>>= 0;
  }
  const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return bytes.subarray(offset, offset + size);
}

function checkFillBuffer(buf) {
  if (!(ArrayBuffer.isView(buf) || buf instanceof ArrayBuffer)) {
    throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buf);
  }
}

function randomFillSync(buf, offset = 0, size) {
  checkFillBuffer(buf);
  binding.randomFill(fillRange(buf, offset, size));
  return buf;
}

function randomFill(buf, offset, size, callback) {
  checkFillBuffer(buf);
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = undefined;
  } else if (typeof size === 'function') {
    callback = size;
    size = undefined;
  }
  validateFunction(callback, 'callback');
  const range = fillRange(buf, offset, size);
  binding.randomFill(range);
  process.nextTick(callback, null, buf);
}

// ---- constants ------------------------------------------------------------------

// Node's crypto.constants (OpenSSL's numbers) but OPENSSL_VERSION_NUMBER:
// nabi has no OpenSSL. The cipher lists are Node's TLS defaults.
const defaultCipherList = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:'
  + 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:'
  + 'ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:'
  + 'ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:'
  + 'HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA';
const constants = {
  __proto__: null,
  SSL_OP_ALL: 2147485776,
  SSL_OP_ALLOW_NO_DHE_KEX: 1024,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144,
  SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 32768,
  SSL_OP_COOKIE_EXCHANGE: 8192,
  SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648,
  SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048,
  SSL_OP_LEGACY_SERVER_CONNECT: 4,
  SSL_OP_NO_COMPRESSION: 131072,
  SSL_OP_NO_ENCRYPT_THEN_MAC: 524288,
  SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 1073741824,
  SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536,
  SSL_OP_NO_SSLv2: 0,
  SSL_OP_NO_SSLv3: 33554432,
  SSL_OP_NO_TICKET: 16384,
  SSL_OP_NO_TLSv1: 67108864,
  SSL_OP_NO_TLSv1_1: 268435456,
  SSL_OP_NO_TLSv1_2: 134217728,
  SSL_OP_NO_TLSv1_3: 536870912,
  SSL_OP_PRIORITIZE_CHACHA: 2097152,
  SSL_OP_TLS_ROLLBACK_BUG: 8388608,
  ENGINE_METHOD_RSA: 1,
  ENGINE_METHOD_DSA: 2,
  ENGINE_METHOD_DH: 4,
  ENGINE_METHOD_RAND: 8,
  ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_CIPHERS: 64,
  ENGINE_METHOD_DIGESTS: 128,
  ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024,
  ENGINE_METHOD_ALL: 65535,
  ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2,
  DH_CHECK_P_NOT_PRIME: 1,
  DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8,
  RSA_PKCS1_PADDING: 1,
  RSA_SSLV23_PADDING: 2,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  defaultCoreCipherList: defaultCipherList,
  TLS1_VERSION: 769,
  TLS1_1_VERSION: 770,
  TLS1_2_VERSION: 771,
  TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
  defaultCipherList,
};

// ---- keys ---------------------------------------------------------------------

// A small DER reader for the structures around keys: an element's tag and
// content range, and the elements inside a constructed one.
function derRead(b, pos) {
  if (pos + 2 > b.length) throw unsupportedKey();
  const tag = b[pos];
  let len = b[pos + 1];
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw unsupportedKey();
  return { tag, start: p, end: p + len };
}

function derChildren(b, el) {
  const out = [];
  for (let p = el.start; p < el.end;) {
    const c = derRead(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

function derEncode(tag, body) {
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const hexOf = (b, el) => Buffer.from(b.subarray(el.start, el.end)).toString('hex');
const OID_RSA = '2a864886f70d010101';
const OID_EC = '2a8648ce3d0201';
const OID_ED25519 = '2b6570';
const curveOids = { '2a8648ce3d030107': 'P-256', '2b81040022': 'P-384' };
const curveNames = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

function unsupportedKey() {
  const e = new Error('error:1E08010C:DECODER routines::unsupported');
  e.library = 'DECODER routines';
  e.reason = 'unsupported';
  e.code = 'ERR_OSSL_UNSUPPORTED';
  return e;
}

// PEM text → { label, der }.
function pemDecode(text) {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) throw unsupportedKey();
  return { label: m[1], der: asBytes(Buffer.from(m[2].replace(/\s+/g, ''), 'base64')) };
}

// SPKI → { kind, public }: kind 'rsa' (public is PKCS#1 RSAPublicKey) or a curve (public is the point).
function parseSpki(b) {
  const [alg, bits] = derChildren(b, derRead(b, 0));
  const [oid, params] = derChildren(b, alg);
  const key = b.slice(bits.start + 1, bits.end);
  if (hexOf(b, oid) === OID_RSA) return { kind: 'rsa', public: key };
  if (hexOf(b, oid) === OID_ED25519) return { kind: 'ed25519', public: key };
  const curve = hexOf(b, oid) === OID_EC && params ? curveOids[hexOf(b, params)] : undefined;
  if (curve === undefined) throw unsupportedKey();
  return { kind: curve, public: key };
}

function spkiOf(key) {
  const alg = key.kind === 'rsa'
    ? Buffer.concat([derEncode(6, Buffer.from(OID_RSA, 'hex')), Buffer.from([5, 0])])
    : key.kind === 'ed25519' ? derEncode(6, Buffer.from(OID_ED25519, 'hex'))
    : Buffer.concat([derEncode(6, Buffer.from(OID_EC, 'hex')),
      derEncode(6, Buffer.from(Object.keys(curveOids).find((o) => curveOids[o] === key.kind), 'hex'))]);
  return derEncode(0x30, Buffer.concat([derEncode(0x30, alg), derEncode(3, Buffer.concat([Buffer.from([0]), key.public]))]));
}

// SEC1 ECPrivateKey → the native key (its curve from [0], point from [1]).
function parseSec1(b) {
  const parts = derChildren(b, derRead(b, 0));
  const scalar = b.subarray(parts[1].start, parts[1].end);
  let curve;
  let point;
  for (const p of parts.slice(2)) {
    const inner = derRead(b, p.start);
    if (p.tag === 0xa0) curve = curveOids[hexOf(b, inner)];
    if (p.tag === 0xa1) point = b.subarray(inner.start + 1, inner.end);
  }
  if (curve === undefined || point === undefined) throw unsupportedKey();
  return native.privateKey(curve === 'P-256' ? 'sec1-p256' : 'sec1-p384', new Uint8Array(0), scalar, point);
}

// An EC private key re-encoded as SEC1 or PKCS#8 (the form Node writes:
// the curve in the outer algorithm, the public point inside).
function ecPrivateDer(k, type) {
  const b = k.der;
  let ec = derRead(b, 0);
  if (k.format === 'pkcs8') ec = derRead(b, derChildren(b, ec)[2].start);
  const scalarEl = derChildren(b, ec)[1];
  const scalar = derEncode(4, Buffer.from(b.subarray(scalarEl.start, scalarEl.end)));
  const curveOid = derEncode(6, Buffer.from(Object.keys(curveOids).find((o) => curveOids[o] === k.kind), 'hex'));
  const point = derEncode(0xa1, derEncode(3, Buffer.concat([Buffer.from([0]), k.public])));
  const version = (n) => Buffer.from([2, 1, n]);
  if (type === 'sec1') return derEncode(0x30, Buffer.concat([version(1), scalar, derEncode(0xa0, curveOid), point]));
  const alg = derEncode(0x30, Buffer.concat([derEncode(6, Buffer.from(OID_EC, 'hex')), curveOid]));
  const inner = derEncode(0x30, Buffer.concat([version(1), scalar, point]));
  return derEncode(0x30, Buffer.concat([version(0), alg, derEncode(4, inner)]));
}

// ---- JWK ------------------------------------------------------------------------

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const jwkCurves = { 'P-256': 'P-256', 'P-384': 'P-384' };
const curveSize = { 'P-256': 32, 'P-384': 48 };

// A DER INTEGER's unsigned big-endian bytes, and back.
function intBytes(b, el) {
  let start = el.start;
  while (start < el.end - 1 && b[start] === 0) start++;
  return b.subarray(start, el.end);
}
function derInt(bytes) {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = Buffer.from(bytes.subarray(i));
  return derEncode(2, v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

// The private part of a key: the EC scalar, the Ed25519 seed, or the RSA
// PKCS#1 integers.
function privateParts(k) {
  const b = k.der;
  let top = derRead(b, 0);
  if (k.format === 'pkcs8') top = derRead(b, derChildren(b, top)[2].start);
  if (k.kind === 'ed25519') return { d: b.subarray(top.start, top.end) };
  const items = derChildren(b, top);
  if (k.kind !== 'rsa') return { d: b.subarray(items[1].start, items[1].end) };
  const names = ['version', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
  const out = {};
  names.forEach((n, i) => { out[n] = intBytes(b, items[i]); });
  return out;
}

function exportJwk(k) {
  if (k.kind === 'rsa') {
    const [n, e] = derChildren(k.public, derRead(k.public, 0));
    const jwk = { kty: 'RSA', n: b64u(intBytes(k.public, n)), e: b64u(intBytes(k.public, e)) };
    if (k.type === 'private') {
      const parts = privateParts(k);
      for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi']) jwk[name] = b64u(parts[name]);
    }
    return jwk;
  }
  if (k.kind === 'ed25519') {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(k.public) };
    if (k.type === 'private') jwk.d = b64u(privateParts(k).d);
    return jwk;
  }
  const size = curveSize[k.kind];
  const jwk = { kty: 'EC', x: b64u(k.public.subarray(1, 1 + size)), y: b64u(k.public.subarray(1 + size)), crv: k.kind };
  if (k.type === 'private') {
    const d = Buffer.alloc(size);
    const raw = privateParts(k).d;
    d.set(raw, size - raw.length);
    jwk.d = b64u(d);
  }
  return jwk;
}

function jwkError(message) {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_JWK', message);
}

// A JWK → a KeyObject of the asked type ('public' or 'private').
function importJwk(jwk, want) {
  if (jwk === null || typeof jwk !== 'object') throw invalidArgType('key.key', 'of type object', jwk);
  validateString(jwk.kty, 'key.kty');
  const field = (name) => {
    if (typeof jwk[name] !== 'string') throw jwkError(`Invalid JWK ${jwk.kty} key`);
    return Buffer.from(jwk[name], 'base64url');
  };
  const isPrivate = want === 'private';
  if (jwk.kty === 'RSA') {
    const pub = derEncode(0x30, Buffer.concat([derInt(field('n')), derInt(field('e'))]));
    if (!isPrivate) return makeKey('public', { kind: 'rsa', public: asBytes(pub) });
    const ints = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((n) => derInt(field(n)));
    return privateFromDer(asBytes(derEncode(0x30, Buffer.concat([Buffer.from([2, 1, 0]), ...ints]))), 'pkcs1');
  }
  if (jwk.kty === 'EC') {
    validateString(jwk.crv, 'key.crv');
    const kind = jwkCurves[jwk.crv];
    if (kind === undefined) throw codeError(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
    const point = Buffer.concat([Buffer.from([4]), field('x'), field('y')]);
    if (!isPrivate) return makeKey('public', { kind, public: asBytes(point) });
    const sec1 = ecPrivateDer({ kind, public: point, der: derEncode(0x30, Buffer.concat([Buffer.from([2, 1, 1]), derEncode(4, field('d'))])), format: 'sec1' }, 'sec1');
    return privateFromDer(asBytes(sec1), 'sec1');
  }
  if (jwk.kty === 'OKP') {
    if (jwk.crv !== 'Ed25519') throw jwkError(`Unsupported JWK EC curve: ${jwk.crv}.`);
    if (!isPrivate) return makeKey('public', { kind: 'ed25519', public: asBytes(field('x')) });
    const alg = derEncode(0x30, derEncode(6, Buffer.from(OID_ED25519, 'hex')));
    return privateFromDer(asBytes(derEncode(0x30, Buffer.concat([Buffer.from([2, 1, 0]), alg, derEncode(4, derEncode(4, field('d')))]))), 'pkcs8');
  }
  throw jwkError(`${jwk.kty} is not a supported JWK key type`);
}

const kKey = Symbol('kKey');
const kConstruct = Symbol('kConstruct');

// KeyObject: 'secret' ({ bytes }), 'public' ({ kind, public }) or
// 'private' ({ kind, public, handle, der, format }).
class KeyObject {
  constructor(type, data) {
    if (data === undefined || data[kConstruct] !== true) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' is invalid. Received ${type === undefined ? 'undefined' : `'${type}'`}`);
    }
    this[kKey] = { type, ...data };
  }
  get type() {
    return this[kKey].type;
  }
  get asymmetricKeyType() {
    const k = this[kKey];
    if (k.type === 'secret') return undefined;
    return k.kind === 'rsa' || k.kind === 'ed25519' ? k.kind : 'ec';
  }
  get asymmetricKeyDetails() {
    const k = this[kKey];
    if (k.type === 'secret') return undefined;
    if (k.kind === 'ed25519') return {};
    if (k.kind !== 'rsa') return { namedCurve: curveNames[k.kind] };
    const b = k.public;
    const [n, e] = derChildren(b, derRead(b, 0));
    let start = n.start;
    while (start < n.end && b[start] === 0) start++;
    const bits = (n.end - start) * 8 - Math.clz32(b[start]) + 24;
    return { modulusLength: bits, publicExponent: BigInt(`0x${hexOf(b, e)}`) };
  }
  get symmetricKeySize() {
    const k = this[kKey];
    return k.type === 'secret' ? k.bytes.length : undefined;
  }
  export(options) {
    const k = this[kKey];
    if (k.type === 'secret') {
      if (options && options.format === 'jwk') return { kty: 'oct', k: Buffer.from(k.bytes).toString('base64url') };
      return Buffer.from(k.bytes);
    }
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    const { format = 'pem', type } = options;
    if (format === 'jwk') return exportJwk(k);
    let der;
    let label;
    if (k.type === 'public' && type === 'spki') {
      der = spkiOf(k);
      label = 'PUBLIC KEY';
    } else if (k.type === 'public' && type === 'pkcs1' && k.kind === 'rsa') {
      der = Buffer.from(k.public);
      label = 'RSA PUBLIC KEY';
    } else if (k.type === 'private' && (type === k.format || (curveNames[k.kind] && (type === 'sec1' || type === 'pkcs8')))) {
      der = type === k.format ? Buffer.from(k.der) : ecPrivateDer(k, type);
      label = { pkcs8: 'PRIVATE KEY', pkcs1: 'RSA PRIVATE KEY', sec1: 'EC PRIVATE KEY' }[type];
    } else {
      throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `nabi cannot export this ${k.type} key as ${type} ${format} (it exports the encoding the key came in, and public keys as spki)`);
    }
    if (format === 'der') return der;
    if (format === 'pem') return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `nabi cannot export keys as ${format}`);
  }
  equals(other) {
    if (!(other instanceof KeyObject)) throw invalidArgType('otherKeyObject', 'an instance of KeyObject', other);
    const a = this[kKey];
    const b = other[kKey];
    if (a.type !== b.type) return false;
    const bytes = (k) => Buffer.from(k.type === 'secret' ? k.bytes : k.type === 'private' ? k.der : k.public);
    return bytes(a).equals(bytes(b));
  }
}

function makeKey(type, data) {
  return new KeyObject(type, { ...data, [kConstruct]: true });
}

// The source of a key: { data, format, type, encoding } from a string, buffer or options object.
function keySource(key, forPublic) {
  if (typeof key === 'string' || ArrayBuffer.isView(key) || key instanceof ArrayBuffer) return { data: key, format: 'pem' };
  if (key !== null && typeof key === 'object' && !(key instanceof KeyObject)) {
    const { key: data, format = 'pem', type, encoding } = key;
    if (key.passphrase !== undefined) {
      throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'nabi cannot read encrypted private keys (passphrase)');
    }
    return { data, format, type, encoding };
  }
  throw invalidArgType('key', `of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView${forPublic ? ', KeyObject, or CryptoKey' : ', or URL'}`, key);
}

function privateFromDer(der, type) {
  let handle;
  if (type === 'sec1') handle = parseSec1(der);
  else if (type === 'pkcs8' || type === 'pkcs1') handle = native.privateKey(type, der);
  else throw unsupportedKey();
  if (typeof handle === 'string') throw unsupportedKey();
  const [kind, pub] = native.privateKeyInfo(handle);
  return makeKey('private', { kind, public: new Uint8Array(pub), handle, der: Buffer.from(der), format: type });
}

const privateLabels = { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1' };

function sourceBytes(src) {
  if (typeof src.data === 'string') return asBytes(Buffer.from(src.data, src.format === 'der' ? src.encoding || 'utf8' : 'utf8'));
  if (ArrayBuffer.isView(src.data)) return asBytes(src.data);
  if (src.data instanceof ArrayBuffer) return new Uint8Array(src.data);
  throw invalidArgType('key.key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', src.data);
}

function createPrivateKey(key) {
  const src = keySource(key, false);
  if (src.format === 'jwk') return importJwk(src.data, 'private');
  const bytes = sourceBytes(src);
  if (src.format === 'der') return privateFromDer(bytes, src.type);
  const { label, der } = pemDecode(Buffer.from(bytes).toString('utf8'));
  if (!(label in privateLabels)) throw unsupportedKey();
  return privateFromDer(der, privateLabels[label]);
}

function createPublicKey(key) {
  if (key instanceof KeyObject) {
    const k = key[kKey];
    if (k.type !== 'private') {
      throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${k.type}, expected private.`);
    }
    return makeKey('public', { kind: k.kind, public: k.public });
  }
  const src = keySource(key, true);
  if (src.format === 'jwk') return importJwk(src.data, 'public');
  const bytes = sourceBytes(src);
  if (src.format === 'der') {
    if (src.type === 'spki') return makeKey('public', parseSpki(bytes));
    if (src.type === 'pkcs1') return makeKey('public', { kind: 'rsa', public: bytes.slice() });
    return createPublicKey(privateFromDer(bytes, src.type));
  }
  const { label, der } = pemDecode(Buffer.from(bytes).toString('utf8'));
  if (label === 'PUBLIC KEY') return makeKey('public', parseSpki(der));
  if (label === 'RSA PUBLIC KEY') return makeKey('public', { kind: 'rsa', public: der.slice() });
  if (label in privateLabels) return createPublicKey(privateFromDer(der, privateLabels[label]));
  throw unsupportedKey();
}

function createSecretKey(key, encoding) {
  const bytes = bytesOf(key, 'key', encoding, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView');
  return makeKey('secret', { bytes: Buffer.from(bytes) });
}

// ---- signatures -------------------------------------------------------------------

// The key and options of sign()/verify(): a KeyObject, PEM, or { key, dsaEncoding, padding }.
function signingKey(key, wantPrivate, digest) {
  let options = {};
  if (key !== null && typeof key === 'object' && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) {
    options = key;
    if (key.key instanceof KeyObject) key = key.key;
  }
  const { dsaEncoding = 'der', padding, saltLength } = options;
  if (dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.dsaEncoding' is invalid. Received '${dsaEncoding}'`);
  }
  const pss = padding === constants.RSA_PKCS1_PSS_PADDING;
  if (padding !== undefined && padding !== constants.RSA_PKCS1_PADDING && !pss) {
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `nabi signs with RSA PKCS#1 v1.5 or PSS padding only (padding ${padding})`);
  }
  // ring's PSS salt is as long as the digest: saltLength must say so
  // (RSA_PSS_SALTLEN_DIGEST or the digest's size); Node's default would
  // differ (the maximum when signing, any when verifying).
  if (pss && saltLength !== constants.RSA_PSS_SALTLEN_DIGEST && saltLength !== algorithms.get(digest || 'sha256').size) {
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'nabi signs and verifies RSA-PSS with a salt as long as the digest only: pass saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST');
  }
  let k = key instanceof KeyObject ? key : wantPrivate ? createPrivateKey(key) : createPublicKey(key);
  if (wantPrivate && k.type !== 'private') {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${k.type}, expected private.`);
  }
  if (!wantPrivate && k.type === 'secret') {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type secret, expected public.');
  }
  if (!wantPrivate && k.type === 'private') k = createPublicKey(k);
  return { key: k[kKey], fixed: dsaEncoding === 'ieee-p1363', pss };
}

function signatureFailure(why) {
  return codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `nabi cannot sign or verify this way: ${why} (RSA takes sha1 (verify only), sha256, sha384, sha512, PSS sha256/384/512; P-256 sha256; P-384 sha384)`);
}

// The canonical digest name, or null for none given (the key decides).
function digestName(algorithm) {
  const name = algorithm == null ? null : resolve(algorithm);
  if (name === undefined || (name !== null && algorithms.get(name).xof)) throw codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest');
  return name;
}

// Ed25519 hashes by itself: it takes no algorithm (null) and no Sign object.
function edDigest(k, digest, streamed) {
  if (k.kind !== 'ed25519') return digest;
  if (streamed) throw codeError(Error, 'ERR_CRYPTO_UNSUPPORTED_OPERATION', 'Unsupported crypto operation');
  if (digest !== null) {
    const e = new Error('error:1C80007A:Provider routines::invalid digest');
    e.library = 'Provider routines';
    e.reason = 'invalid digest';
    e.code = 'ERR_OSSL_INVALID_DIGEST';
    throw e;
  }
  return '';
}

function signBytes(digest, data, key, streamed) {
  const { key: k, fixed, pss } = signingKey(key, true, digest);
  digest = edDigest(k, digest, streamed);
  if (digest === null) digest = 'sha256';
  const r = native.sign(k.handle, digest, data, fixed, pss);
  if (typeof r === 'string') throw signatureFailure(r);
  return Buffer.from(r);
}

function verifyBytes(digest, data, key, signature, streamed) {
  const { key: k, fixed, pss } = signingKey(key, false, digest);
  digest = edDigest(k, digest, streamed);
  if (digest === null) digest = 'sha256';
  const r = native.verify(k.kind, digest, k.public, data, signature, fixed, pss);
  if (typeof r === 'string') throw signatureFailure(r);
  return r;
}

function Sign(algorithm, options) {
  if (!(this instanceof Sign)) return new Sign(algorithm, options);
  if (!streamsReady) setUpStreams();
  validateString(algorithm, 'algorithm');
  this._options = options;
  this[kName] = digestName(algorithm);
  this[kHandle] = [];
}

Sign.prototype.update = function update(data, encoding) {
  this[kHandle].push(Buffer.from(updateBytes(data, encoding)));
  return this;
};

Sign.prototype.sign = function sign(privateKey, outputEncoding) {
  const sig = signBytes(this[kName], Buffer.concat(this[kHandle]), privateKey, true);
  return typeof outputEncoding === 'string' && outputEncoding !== 'buffer' ? sig.toString(outputEncoding) : sig;
};

function Verify(algorithm, options) {
  if (!(this instanceof Verify)) return new Verify(algorithm, options);
  if (!streamsReady) setUpStreams();
  validateString(algorithm, 'algorithm');
  this._options = options;
  this[kName] = digestName(algorithm);
  this[kHandle] = [];
}

Verify.prototype.update = Sign.prototype.update;

Verify.prototype.verify = function verify(object, signature, sigEncoding) {
  const sig = typeof signature === 'string' ? Buffer.from(signature, sigEncoding || 'utf8') : signature;
  if (!ArrayBuffer.isView(sig)) throw invalidArgType('signature', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', signature);
  return verifyBytes(this[kName], Buffer.concat(this[kHandle]), object, asBytes(sig), true);
};

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

function dataBytes(data, name) {
  if (typeof data === 'string') return asBytes(Buffer.from(data));
  if (ArrayBuffer.isView(data)) return asBytes(data);
  throw invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', data);
}

function signOneShot(algorithm, data, key, callback) {
  const digest = digestName(algorithm);
  const sig = signBytes(digest, dataBytes(data, 'data'), key);
  if (typeof callback === 'function') {
    process.nextTick(callback, null, sig);
    return undefined;
  }
  return sig;
}

function verifyOneShot(algorithm, data, key, signature, callback) {
  const digest = digestName(algorithm);
  const ok = verifyBytes(digest, dataBytes(data, 'data'), key, dataBytes(signature, 'signature'));
  if (typeof callback === 'function') {
    process.nextTick(callback, null, ok);
    return undefined;
  }
  return ok;
}

// ---- key generation ---------------------------------------------------------------

const namedCurves = { 'p-256': 'P-256', prime256v1: 'P-256', secp256r1: 'P-256', 'p-384': 'P-384', secp384r1: 'P-384' };

function encodeGenerated(key, encoding, name) {
  if (encoding === undefined) return key;
  if (encoding === null || typeof encoding !== 'object') throw invalidArgType(`options.${name}`, 'of type object', encoding);
  const { format, type } = encoding;
  if (format !== 'pem' && format !== 'der' && format !== 'jwk') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}.format' is invalid. Received ${format === undefined ? 'undefined' : `'${format}'`}`);
  }
  if (encoding.cipher !== undefined || encoding.passphrase !== undefined) {
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'nabi cannot encrypt private keys (cipher, passphrase)');
  }
  if (key.type === 'private' && type === 'sec1') return key.export({ type: 'sec1', format });
  return key.export({ type, format });
}

// The generated pair: PKCS#8 from ring, read back as any key is.
function generatePair(type, options) {
  validateString(type, 'type');
  let kind;
  if (type === 'ed25519') {
    kind = 'ed25519';
  } else if (type === 'ec') {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    validateString(options.namedCurve, 'options.namedCurve');
    kind = namedCurves[options.namedCurve.toLowerCase()];
    if (kind === undefined) throw codeError(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
  } else if (['rsa', 'rsa-pss', 'dsa', 'ed448', 'x25519', 'x448', 'dh'].includes(type)) {
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `nabi cannot generate ${type} keys yet (it generates ec P-256/P-384 and ed25519)`);
  } else {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be a supported key type. Received '${type}'`);
  }
  const der = native.generatePkcs8(kind);
  if (typeof der === 'string') throw new Error(der);
  const privateKey = privateFromDer(new Uint8Array(der), 'pkcs8');
  const publicKey = createPublicKey(privateKey);
  const opts = options || {};
  return {
    publicKey: encodeGenerated(publicKey, opts.publicKeyEncoding, 'publicKeyEncoding'),
    privateKey: encodeGenerated(privateKey, opts.privateKeyEncoding, 'privateKeyEncoding'),
  };
}

function generateKeyPairSync(type, options) {
  return generatePair(type, options);
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const { publicKey, privateKey } = generatePair(type, options);
  process.nextTick(callback, null, publicKey, privateKey);
}

// ---- timingSafeEqual ------------------------------------------------------------

function timingSafeEqual(buf1, buf2) {
  const views = [buf1, buf2].map((b, i) => {
    if (ArrayBuffer.isView(b)) return asBytes(b);
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "buf${i + 1}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
  });
  const [a, b] = views;
  if (a.length !== b.length) {
    throw codeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

module.exports = {
  randomBytes,
  randomFill,
  randomFillSync,
  getRandomValues,
  randomUUID,
  randomInt,
  webcrypto,
  Hash,
  Hmac,
  createHash,
  createHmac,
  hash,
  getHashes,
  pbkdf2,
  pbkdf2Sync,
  scrypt,
  scryptSync,
  timingSafeEqual,
  Cipheriv,
  Decipheriv,
  createCipheriv,
  createDecipheriv,
  getCiphers,
  getCipherInfo,
  hkdf,
  hkdfSync,
  constants,
  KeyObject,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  Sign,
  Verify,
  createSign,
  createVerify,
  sign: signOneShot,
  verify: verifyOneShot,
  generateKeyPair,
  generateKeyPairSync,
};
