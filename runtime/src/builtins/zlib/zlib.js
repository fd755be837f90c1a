// node:zlib — deflate/inflate in the zlib, gzip and raw formats: the
// synchronous functions (gzipSync …), the callback ones (gzip(buf, cb) …, a
// one-shot job on libuv's thread pool), the stream classes (createGzip …,
// Transform streams whose writes run on the pool), crc32, constants and
// codes.
// The engine is zlib-rs behind binding.zlib (mod.rs beside this file). Brotli
// and Zstandard are not in nabi yet (exported; they throw ERR_NOT_IMPLEMENTED).
'use strict';

const { binding } = internals;
const native = binding.zlib;
const { Buffer } = internals.requireBuiltin('buffer');

let Stream = null;
try {
  Stream = internals.requireBuiltin('stream');
} catch {
  // Without node:stream, the classes still do the one-shot work.
}

// ---- constants ------------------------------------------------------------

const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
  ZLIB_VERNUM: 4897, // Node 24's bundled zlib
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
  BROTLI_DECODE: 8, BROTLI_ENCODE: 9, ZSTD_DECOMPRESS: 11, ZSTD_COMPRESS: 10,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2, BROTLI_OPERATION_EMIT_METADATA: 3,
  BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0,
  BROTLI_PARAM_QUALITY: 1, BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11,
  BROTLI_PARAM_LGWIN: 2, BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_LARGE_MAX_WINDOW_BITS: 30,
  BROTLI_DEFAULT_WINDOW: 22, BROTLI_PARAM_LGBLOCK: 3, BROTLI_MIN_INPUT_BLOCK_BITS: 16, BROTLI_MAX_INPUT_BLOCK_BITS: 24,
  BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4, BROTLI_PARAM_SIZE_HINT: 5, BROTLI_PARAM_LARGE_WINDOW: 6,
  BROTLI_PARAM_NPOSTFIX: 7, BROTLI_PARAM_NDIRECT: 8,
  BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1, BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2,
  BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3, BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0,
  BROTLI_DECODER_PARAM_LARGE_WINDOW: 1, BROTLI_DECODER_NO_ERROR: 0, BROTLI_DECODER_SUCCESS: 1,
  BROTLI_DECODER_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1, BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2,
  BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3, BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5, BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6,
  BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7, BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9, BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10,
  BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11, BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12,
  BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13, BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15, BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_SWITCH: -17,
  BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19, BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21, BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25, BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27, BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30,
  BROTLI_DECODER_ERROR_UNREACHABLE: -31,
  ZSTD_e_continue: 0, ZSTD_e_flush: 1, ZSTD_e_end: 2, ZSTD_fast: 1, ZSTD_dfast: 2, ZSTD_greedy: 3,
  ZSTD_lazy: 4, ZSTD_lazy2: 5, ZSTD_btlazy2: 6, ZSTD_btopt: 7, ZSTD_btultra: 8, ZSTD_btultra2: 9,
  ZSTD_c_compressionLevel: 100, ZSTD_c_windowLog: 101, ZSTD_c_hashLog: 102, ZSTD_c_chainLog: 103,
  ZSTD_c_searchLog: 104, ZSTD_c_minMatch: 105, ZSTD_c_targetLength: 106, ZSTD_c_strategy: 107,
  ZSTD_c_enableLongDistanceMatching: 160, ZSTD_c_ldmHashLog: 161, ZSTD_c_ldmMinMatch: 162,
  ZSTD_c_ldmBucketSizeLog: 163, ZSTD_c_ldmHashRateLog: 164, ZSTD_c_contentSizeFlag: 200,
  ZSTD_c_checksumFlag: 201, ZSTD_c_dictIDFlag: 202, ZSTD_c_nbWorkers: 400, ZSTD_c_jobSize: 401,
  ZSTD_c_overlapLog: 402, ZSTD_d_windowLogMax: 100, ZSTD_CLEVEL_DEFAULT: 3, ZSTD_error_no_error: 0,
  ZSTD_error_GENERIC: 1, ZSTD_error_prefix_unknown: 10, ZSTD_error_version_unsupported: 12,
  ZSTD_error_frameParameter_unsupported: 14, ZSTD_error_frameParameter_windowTooLarge: 16,
  ZSTD_error_corruption_detected: 20, ZSTD_error_checksum_wrong: 22, ZSTD_error_literals_headerWrong: 24,
  ZSTD_error_dictionary_corrupted: 30, ZSTD_error_dictionary_wrong: 32,
  ZSTD_error_dictionaryCreation_failed: 34, ZSTD_error_parameter_unsupported: 40,
  ZSTD_error_parameter_combination_unsupported: 41, ZSTD_error_parameter_outOfBound: 42,
  ZSTD_error_tableLog_tooLarge: 44, ZSTD_error_maxSymbolValue_tooLarge: 46,
  ZSTD_error_maxSymbolValue_tooSmall: 48, ZSTD_error_stabilityCondition_notRespected: 50,
  ZSTD_error_stage_wrong: 60, ZSTD_error_init_missing: 62, ZSTD_error_memory_allocation: 64,
  ZSTD_error_workSpace_tooSmall: 66, ZSTD_error_dstSize_tooSmall: 70, ZSTD_error_srcSize_wrong: 72,
  ZSTD_error_dstBuffer_null: 74, ZSTD_error_noForwardProgress_destFull: 80,
  ZSTD_error_noForwardProgress_inputEmpty: 82,
};

// Read-only values on an object that is not frozen, as Node's.
for (const key of Object.keys(constants)) Object.defineProperty(constants, key, { writable: false, configurable: false });

const codes = {
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2,
  Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
};
for (const name of Object.keys(codes)) codes[codes[name]] = name;
Object.freeze(codes);

const {
  Z_NO_FLUSH, Z_BLOCK, Z_FULL_FLUSH, Z_FINISH, Z_DEFAULT_CHUNK, Z_MIN_CHUNK,
  DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP,
} = constants;

// Buffer's largest size in Node 20 (buffer.constants.MAX_LENGTH).
const kMaxLength = 2 ** 53 - 1; // buffer.kMaxLength since Node 22

// ---- errors and options -----------------------------------------------------

const { codeError, invalidArgType, outOfRange, validateFunction } = internals.errors;

// undefined and NaN give the default; anything else must be a finite number
// in [lower, upper].
function rangeOrDefault(value, name, lower, upper, def) {
  if (value === undefined) return def;
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (Number.isNaN(value)) return def;
  if (!Number.isFinite(value)) throw outOfRange(name, 'a finite number', value);
  if (value < lower || value > upper) throw outOfRange(name, `>= ${lower} and <= ${upper}`, value);
  return value;
}

function isAnyArrayBuffer(v) {
  return v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer);
}

function asBytes(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// The engine settings `opts` ask for, checked as Node checks them.
function parseOptions(opts, mode) {
  const o = {
    chunkSize: Z_DEFAULT_CHUNK,
    flush: Z_NO_FLUSH,
    finishFlush: Z_FINISH,
    maxOutputLength: kMaxLength,
    windowBits: 15,
    level: -1,
    memLevel: 8,
    strategy: 0,
    dictionary: undefined,
    info: false,
  };
  if (opts === null || typeof opts !== 'object') {
    if (mode === INFLATE || mode === GUNZIP || mode === UNZIP) o.windowBits = 0;
    return o;
  }
  if (opts.chunkSize !== undefined) {
    const n = opts.chunkSize;
    if (typeof n !== 'number') throw invalidArgType('options.chunkSize', 'of type number', n);
    if (!Number.isNaN(n)) {
      if (!Number.isFinite(n)) throw outOfRange('options.chunkSize', 'a finite number', n);
      if (n < Z_MIN_CHUNK) throw outOfRange('options.chunkSize', `>= ${Z_MIN_CHUNK}`, n);
      o.chunkSize = Math.trunc(n);
    }
  }
  const inflating = mode === INFLATE || mode === GUNZIP || mode === UNZIP;
  if (inflating && (opts.windowBits == null || opts.windowBits === 0)) {
    o.windowBits = 0;
  } else {
    o.windowBits = rangeOrDefault(opts.windowBits, 'options.windowBits', mode === GZIP ? 9 : 8, 15, 15);
  }
  o.level = rangeOrDefault(opts.level, 'options.level', -1, 9, -1);
  o.memLevel = rangeOrDefault(opts.memLevel, 'options.memLevel', 1, 9, 8);
  o.strategy = rangeOrDefault(opts.strategy, 'options.strategy', 0, 4, 0);
  const dict = opts.dictionary;
  if (dict !== undefined) {
    if (ArrayBuffer.isView(dict)) o.dictionary = asBytes(dict);
    else if (isAnyArrayBuffer(dict)) o.dictionary = new Uint8Array(dict);
    else throw invalidArgType('options.dictionary', 'an instance of Buffer, TypedArray, DataView, or ArrayBuffer', dict);
  }
  o.flush = rangeOrDefault(opts.flush, 'options.flush', Z_NO_FLUSH, Z_BLOCK, Z_NO_FLUSH);
  o.finishFlush = rangeOrDefault(opts.finishFlush, 'options.finishFlush', Z_NO_FLUSH, Z_BLOCK, Z_FINISH);
  if (opts.maxOutputLength !== undefined) {
    const n = opts.maxOutputLength;
    if (typeof n !== 'number') throw invalidArgType('options.maxOutputLength', 'of type number', n);
    if (!Number.isNaN(n)) {
      if (!Number.isFinite(n)) throw outOfRange('options.maxOutputLength', 'a finite number', n);
      if (n < 1 || n > kMaxLength) throw outOfRange('options.maxOutputLength', `>= 1 and <= ${kMaxLength}`, n);
      o.maxOutputLength = n;
    }
  }
  o.info = !!opts.info;
  return o;
}

function createHandle(mode, o) {
  return native.create(mode, Math.trunc(o.level), Math.trunc(o.windowBits), Math.trunc(o.memLevel),
    Math.trunc(o.strategy), o.dictionary);
}

// ---- the engine classes -------------------------------------------------------

const kFlushFlag = Symbol('kFlushFlag');

function notImplemented(what) {
  return codeError(Error, 'ERR_NOT_IMPLEMENTED', `${what} is not implemented in nabi`);
}

// The base of Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw and
// Unzip: a Transform stream over one native engine.
function Zlib(opts, mode) {
  const o = parseOptions(opts, mode);
  if (Stream) Stream.Transform.call(this, { autoDestroy: true, ...(opts && typeof opts === 'object' ? opts : {}) });
  this.bytesWritten = 0;
  this._handle = createHandle(mode, o);
  this._mode = mode;
  this._chunkSize = o.chunkSize;
  this._outOffset = 0;
  this._defaultFlushFlag = o.flush;
  this._finishFlushFlag = o.finishFlush;
  this._defaultFullFlushFlag = Z_FULL_FLUSH;
  this._info = o.info;
  this._maxOutputLength = o.maxOutputLength;
  this._level = o.level;
  this._strategy = o.strategy;
}
if (Stream) {
  Object.setPrototypeOf(Zlib.prototype, Stream.Transform.prototype);
  Object.setPrototypeOf(Zlib, Stream.Transform);
}

// Runs `chunk` through the engine with `flushFlag`: the output as a Buffer
// (thrown errors are Node's zlib errors), or with `cb`, on libuv's thread
// pool and then cb(err, output), as Node's streams do.
Zlib.prototype._processChunk = function _processChunk(chunk, flushFlag, cb) {
  if (!this._handle) {
    const e = codeError(Error, 'ERR_ZLIB_BINDING_CLOSED', 'zlib binding closed');
    if (typeof cb === 'function') return void process.nextTick(cb, e);
    throw e;
  }
  if (typeof cb === 'function') {
    native.writeAsync(this._handle, chunk, flushFlag, this._maxOutputLength, (err, ab) => {
      if (err) return cb(err);
      this.bytesWritten += chunk.byteLength;
      cb(null, Buffer.from(ab));
    });
    return;
  }
  const out = Buffer.from(native.write(this._handle, chunk, flushFlag, this._maxOutputLength));
  this.bytesWritten += chunk.byteLength;
  return out;
};

// Output goes out in the pieces Node's would: Node fills chunkSize-byte
// buffers and pushes what each call wrote, so a piece ends where a call's
// output or a buffer ends.
function pushOutput(stream, out) {
  const size = stream._chunkSize;
  let i = 0;
  while (i < out.length) {
    const n = Math.min(size - stream._outOffset, out.length - i);
    stream.push(out.subarray(i, i + n));
    i += n;
    stream._outOffset = (stream._outOffset + n) % size;
  }
}

// Writes `chunk` with `flag`, pushes the output, then calls `cb`.
function writeChunk(stream, chunk, flag, cb) {
  stream._processChunk(chunk, flag, (err, out) => {
    if (stream.destroyed) return cb();
    if (err) {
      stream._handle = null;
      return cb(err);
    }
    pushOutput(stream, out);
    cb();
  });
}

Zlib.prototype._transform = function _transform(chunk, encoding, cb) {
  writeChunk(this, chunk, typeof chunk[kFlushFlag] === 'number' ? chunk[kFlushFlag] : this._defaultFlushFlag, cb);
};

Zlib.prototype._flush = function _flush(cb) {
  writeChunk(this, Buffer.alloc(0), this._finishFlushFlag, cb);
};

Zlib.prototype._destroy = function _destroy(err, cb) {
  this._handle = null;
  cb(err);
};

Zlib.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || (kind === undefined && callback === undefined)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  const ws = this._writableState;
  if (ws.ended) {
    if (callback) process.nextTick(callback);
  } else if (ws.ending) {
    if (callback) this.once('end', callback);
  } else {
    const marker = Buffer.alloc(0);
    marker[kFlushFlag] = kind;
    this.write(marker, '', callback);
  }
};

Zlib.prototype.params = function params(level, strategy, callback) {
  level = rangeOrDefault(level, 'level', -1, 9, -1);
  strategy = rangeOrDefault(strategy, 'strategy', 0, 4, 0);
  if (this._level !== level || this._strategy !== strategy) {
    native.params(this._handle, level, strategy);
    this._level = level;
    this._strategy = strategy;
  }
  if (typeof callback === 'function') process.nextTick(callback);
};

Zlib.prototype.reset = function reset() {
  if (this._handle) native.reset(this._handle);
};

Zlib.prototype.close = function close(callback) {
  if (!Stream) {
    this._handle = null;
    if (callback) process.nextTick(callback);
    return;
  }
  if (callback) Stream.finished(this, callback);
  this.destroy();
};

const classes = {};
for (const [name, mode] of [
  ['Deflate', DEFLATE], ['Inflate', INFLATE], ['Gzip', GZIP], ['Gunzip', GUNZIP],
  ['DeflateRaw', DEFLATERAW], ['InflateRaw', INFLATERAW], ['Unzip', UNZIP],
]) {
  // A named function callable with or without `new`, as Node's.
  const ctor = {
    [name]: function (opts) {
      if (!(this instanceof ctor)) return new ctor(opts);
      Zlib.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(ctor.prototype, Zlib.prototype);
  Object.setPrototypeOf(ctor, Zlib);
  ctor.mode = mode;
  classes[name] = ctor;
}

// A class Node has and nabi has not yet (Brotli, Zstandard).
function Brotli(name) {
  return { [name]: function () { throw notImplemented(`zlib.${name}`); } }[name];
}

// ---- one-shot functions ----------------------------------------------------

function syncInput(buffer) {
  if (typeof buffer === 'string') return buffer;
  if (ArrayBuffer.isView(buffer)) return asBytes(buffer);
  if (isAnyArrayBuffer(buffer)) return new Uint8Array(buffer);
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
}

function syncFunction(ctor) {
  const mode = ctor.mode;
  return function syncBufferWrapper(buffer, opts) {
    if (opts && typeof opts === 'object' && opts.info) {
      const engine = new ctor(opts);
      const input = syncInput(buffer);
      const out = engine._processChunk(typeof input === 'string' ? Buffer.from(input) : input, engine._finishFlushFlag);
      engine._handle = null;
      return { buffer: out, engine };
    }
    const o = parseOptions(opts, mode);
    const input = syncInput(buffer);
    return Buffer.from(native.process(mode, Math.trunc(o.level), Math.trunc(o.windowBits), Math.trunc(o.memLevel),
      Math.trunc(o.strategy), o.dictionary, input, o.finishFlush, o.maxOutputLength));
  };
}

function asyncFunction(ctor) {
  const mode = ctor.mode;
  return function asyncBufferWrapper(buffer, opts, callback) {
    if (typeof opts === 'function') {
      callback = opts;
      opts = {};
    }
    const o = parseOptions(opts, mode);
    validateFunction(callback, 'callback');
    let input;
    if (typeof buffer === 'string') input = Buffer.from(buffer);
    else if (ArrayBuffer.isView(buffer)) input = asBytes(buffer);
    else if (isAnyArrayBuffer(buffer)) input = new Uint8Array(buffer);
    else throw invalidArgType('chunk', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
    native.processAsync((err, ab) => (err ? callback(err) : callback(null, Buffer.from(ab))),
      mode, Math.trunc(o.level), Math.trunc(o.windowBits), Math.trunc(o.memLevel), Math.trunc(o.strategy),
      o.dictionary, input, o.finishFlush, o.maxOutputLength);
  };
}

function createFunction(ctor) {
  return function (opts) {
    if (!Stream) throw codeError(Error, 'ERR_NOT_IMPLEMENTED', `zlib.create${ctor.name} needs node:stream, which this nabi lacks`);
    return new ctor(opts);
  };
}

function crc32(data, value = 0) {
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
    throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  if (typeof value !== 'number') throw invalidArgType('value', 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange('value', 'an integer', value);
  if (value < 0 || value > 4294967295) throw outOfRange('value', '>= 0 && <= 4294967295', value);
  return native.crc32(typeof data === 'string' ? data : asBytes(data), value);
}

// Brotli and Zstandard (Node 24) are not in nabi yet: exported, and each
// throws ERR_NOT_IMPLEMENTED naming itself.
const notInNabi = (name) => function () {
  throw notImplemented(`zlib.${name}`);
};

module.exports = {
  crc32,
  Deflate: classes.Deflate,
  Inflate: classes.Inflate,
  Gzip: classes.Gzip,
  Gunzip: classes.Gunzip,
  DeflateRaw: classes.DeflateRaw,
  InflateRaw: classes.InflateRaw,
  Unzip: classes.Unzip,
  BrotliCompress: Brotli('BrotliCompress'),
  BrotliDecompress: Brotli('BrotliDecompress'),
  ZstdCompress: Brotli('ZstdCompress'),
  ZstdDecompress: Brotli('ZstdDecompress'),
  deflate: asyncFunction(classes.Deflate),
  deflateSync: syncFunction(classes.Deflate),
  gzip: asyncFunction(classes.Gzip),
  gzipSync: syncFunction(classes.Gzip),
  deflateRaw: asyncFunction(classes.DeflateRaw),
  deflateRawSync: syncFunction(classes.DeflateRaw),
  unzip: asyncFunction(classes.Unzip),
  unzipSync: syncFunction(classes.Unzip),
  inflate: asyncFunction(classes.Inflate),
  inflateSync: syncFunction(classes.Inflate),
  gunzip: asyncFunction(classes.Gunzip),
  gunzipSync: syncFunction(classes.Gunzip),
  inflateRaw: asyncFunction(classes.InflateRaw),
  inflateRawSync: syncFunction(classes.InflateRaw),
  brotliCompress: notInNabi('brotliCompress'),
  brotliCompressSync: notInNabi('brotliCompressSync'),
  brotliDecompress: notInNabi('brotliDecompress'),
  brotliDecompressSync: notInNabi('brotliDecompressSync'),
  zstdCompress: notInNabi('zstdCompress'),
  zstdCompressSync: notInNabi('zstdCompressSync'),
  zstdDecompress: notInNabi('zstdDecompress'),
  zstdDecompressSync: notInNabi('zstdDecompressSync'),
  createDeflate: createFunction(classes.Deflate),
  createInflate: createFunction(classes.Inflate),
  createDeflateRaw: createFunction(classes.DeflateRaw),
  createInflateRaw: createFunction(classes.InflateRaw),
  createGzip: createFunction(classes.Gzip),
  createGunzip: createFunction(classes.Gunzip),
  createUnzip: createFunction(classes.Unzip),
  createBrotliCompress: notInNabi('createBrotliCompress'),
  createBrotliDecompress: notInNabi('createBrotliDecompress'),
  createZstdCompress: notInNabi('createZstdCompress'),
  createZstdDecompress: notInNabi('createZstdDecompress'),
  constants,
  codes,
};

// The legacy top-level constants (zlib.Z_OK …), not enumerable, as Node's.
for (const key of Object.keys(constants)) {
  if (key.startsWith('BROTLI')) continue;
  Object.defineProperty(module.exports, key, { enumerable: false, value: constants[key], writable: false });
}
