// node:stream — the legacy Stream base, Readable, Writable, Duplex,
// Transform, PassThrough, finished, pipeline, compose, addAbortSignal and
// the promise forms (node:stream/promises).
//
// Written for nabi to behave like Node 20's streams as far as a script can
// observe: the same events in the same order on the same turn — what
// happens synchronously, what on process.nextTick and what after promise
// jobs. The constructors are plain functions (not classes) so that the old
// `Readable.call(this, options)` + `util.inherits` pattern works as well as
// `class X extends Readable`.
'use strict';

const EE = internals.requireBuiltin('events');
const { Buffer } = internals.requireBuiltin('buffer');

const nop = () => {};
const hasInstance = Function.prototype[Symbol.hasInstance];

// ---- errors --------------------------------------------------------------

function inspect(v) {
  return internals.requireBuiltin('util').inspect(v);
}

function codedError(Base, code, message) {
  const e = new Base(message);
  e.code = code;
  return e;
}

const errors = {
  pushAfterEof: () => codedError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'),
  unshiftAfterEnd: () => codedError(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event'),
  writeAfterEnd: () => codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  destroyed: (what) => codedError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${what} after a stream was destroyed`),
  alreadyFinished: (what) => codedError(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${what} after a stream was finished`),
  nullValues: () => codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream'),
  prematureClose: () => codedError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'),
  multipleCallback: () => codedError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times'),
  notImplemented: (what) => codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`),
  cannotPipe: () => codedError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'),
  missingArgs: (name) => codedError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`),
  unknownEncoding: (enc) => codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`),
  argType: (name, expected, value) =>
    codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}. Received ${internals.describe(value)}`),
  argValue: (name, value) =>
    codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The ${name.includes('.') ? 'property' : 'argument'} '${name}' is invalid. Received ${inspect(value)}`),
  returnValue: (expected, name, value) =>
    codedError(TypeError, 'ERR_INVALID_RETURN_VALUE',
      `Expected ${expected} to be returned from the "${name}" function but got ${returnedType(value)}.`),
  outOfRange: (name, range, value) =>
    codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${value}`),
};

function returnedType(value) {
  if (value && value.constructor && value.constructor.name) return `instance of ${value.constructor.name}`;
  return `type ${typeof value}`;
}

const chunkTypes = 'of type string or an instance of Buffer, TypedArray, or DataView';

class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

// Two errors from one operation: keep both.
function combineErrors(inner, outer) {
  if (inner && outer && inner !== outer) {
    if (Array.isArray(outer.errors)) {
      outer.errors.push(inner);
      return outer;
    }
    const e = new AggregateError([outer, inner], outer.message);
    e.code = outer.code;
    return e;
  }
  return inner || outer;
}

const { validateAbortSignal, validateFunction, validateInteger } = internals.errors;

function viewToBuffer(v) {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

// ---- high water marks ----------------------------------------------------

let defaultBytesHwm = 64 * 1024; // Node 22+
let defaultObjectsHwm = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultObjectsHwm : defaultBytesHwm;
}

function setDefaultHighWaterMark(objectMode, value) {
  validateInteger(value, 'value', 0);
  if (objectMode) defaultObjectsHwm = value;
  else defaultBytesHwm = value;
}

// options.highWaterMark, or the side's own option for a Duplex.
function pickHighWaterMark(options, isDuplex, duplexKey, objectMode) {
  if (!options) return getDefaultHighWaterMark(false);
  const hwm = options.highWaterMark != null ? options.highWaterMark : isDuplex ? options[duplexKey] : null;
  if (hwm == null) return getDefaultHighWaterMark(objectMode);
  if (!Number.isInteger(hwm) || hwm < 0) {
    throw errors.argValue(isDuplex ? `options.${duplexKey}` : 'options.highWaterMark', hwm);
  }
  return hwm;
}

function checkDefaultEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8') return 'utf8';
  if (!Buffer.isEncoding(enc)) throw errors.unknownEncoding(enc);
  return enc;
}

// ---- what a value is -------------------------------------------------------

// Shared with other implementations through the global symbol registry.
const kIsDestroyed = Symbol.for('nodejs.stream.destroyed');
const kIsErrored = Symbol.for('nodejs.stream.errored');
const kIsReadable = Symbol.for('nodejs.stream.readable');
const kIsWritable = Symbol.for('nodejs.stream.writable');
const kIsDisturbed = Symbol.for('nodejs.stream.disturbed');

function isReadableNodeStream(obj, strict = false) {
  return !!(obj && typeof obj.pipe === 'function' && typeof obj.on === 'function' &&
    (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
    (!obj._writableState || (obj._readableState && obj._readableState.readable !== false)) &&
    (!obj._writableState || obj._readableState));
}

function isWritableNodeStream(obj) {
  return !!(obj && typeof obj.write === 'function' && typeof obj.on === 'function' &&
    (!obj._readableState || (obj._writableState && obj._writableState.writable !== false)));
}

function isDuplexNodeStream(obj) {
  return !!(obj && typeof obj.pipe === 'function' && obj._readableState &&
    typeof obj.on === 'function' && typeof obj.write === 'function');
}

function isNodeStream(obj) {
  return !!(obj && (obj._readableState || obj._writableState ||
    (typeof obj.write === 'function' && typeof obj.on === 'function') ||
    (typeof obj.pipe === 'function' && typeof obj.on === 'function')));
}

function isIterable(obj, isAsync) {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[Symbol.asyncIterator] === 'function';
  if (isAsync === false) return typeof obj[Symbol.iterator] === 'function';
  return typeof obj[Symbol.asyncIterator] === 'function' || typeof obj[Symbol.iterator] === 'function';
}

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || stream[kIsDestroyed] || (state && state.destroyed));
}

function isWritableEnded(stream) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableEnded === true) return true;
  const w = stream._writableState;
  if (w && w.errored) return false;
  if (!w || typeof w.ended !== 'boolean') return null;
  return w.ended;
}

function isWritableFinished(stream, strict) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableFinished === true) return true;
  const w = stream._writableState;
  if (w && w.errored) return false;
  if (!w || typeof w.finished !== 'boolean') return null;
  return !!(w.finished || (strict === false && w.ended === true && w.length === 0));
}

function isReadableFinished(stream, strict) {
  if (!isReadableNodeStream(stream)) return null;
  const r = stream._readableState;
  if (r && r.errored) return false;
  if (!r || typeof r.endEmitted !== 'boolean') return null;
  return !!(r.endEmitted || (strict === false && r.ended === true && r.length === 0));
}

function isReadable(stream) {
  if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
  if (typeof (stream && stream.readable) !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}

function isWritable(stream) {
  if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
  if (typeof (stream && stream.writable) !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}

function isFinished(stream, opts) {
  if (!isNodeStream(stream)) return null;
  if (isDestroyed(stream)) return true;
  if ((!opts || opts.readable !== false) && isReadable(stream)) return false;
  if ((!opts || opts.writable !== false) && isWritable(stream)) return false;
  return true;
}

function readableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.readableErrored) return stream.readableErrored;
  const r = stream._readableState;
  return (r && r.errored) || null;
}

function writableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.writableErrored) return stream.writableErrored;
  const w = stream._writableState;
  return (w && w.errored) || null;
}

function firstDefined(...values) {
  for (const v of values) if (v !== undefined && v !== null) return v;
  return values[values.length - 1];
}

function isErrored(stream) {
  if (!stream) return false;
  const r = stream._readableState;
  const w = stream._writableState;
  return !!firstDefined(stream[kIsErrored], stream.readableErrored, stream.writableErrored,
    r && r.errorEmitted, w && w.errorEmitted, r && r.errored, w && w.errored);
}

function isDisturbed(stream) {
  if (!stream) return false;
  const mark = stream[kIsDisturbed];
  return !!(mark !== undefined && mark !== null ? mark : (stream.readableDidRead || stream.readableAborted));
}

function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  if (typeof stream.closed === 'boolean') return stream.closed;
  const w = stream._writableState;
  const r = stream._readableState;
  if ((w && typeof w.closed === 'boolean') || (r && typeof r.closed === 'boolean')) {
    return !!((w && w.closed) || (r && r.closed));
  }
  return null;
}

function willEmitClose(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(state && state.autoDestroy && state.emitClose && state.closed === false);
}

// ---- destroy -------------------------------------------------------------

function recordError(err, w, r) {
  if (err) {
    if (w && !w.errored) w.errored = err;
    if (r && !r.errored) r.errored = err;
  }
}

function destroy(err, cb) {
  const r = this._readableState;
  const w = this._writableState;
  const s = w || r;
  if ((w && w.destroyed) || (r && r.destroyed)) {
    if (typeof cb === 'function') cb();
    return this;
  }
  recordError(err, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;
  if (!s.constructed) {
    // Destroyed while _construct runs: tear down once it calls back.
    s.destroyAfterConstruct.push((constructErr) => runDestroy(this, combineErrors(constructErr, err), cb));
  } else {
    runDestroy(this, err, cb);
  }
  return this;
}

function runDestroy(self, err, cb) {
  let called = false;
  const onDestroy = (e) => {
    if (called) return;
    called = true;
    const r = self._readableState;
    const w = self._writableState;
    recordError(e, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;
    if (typeof cb === 'function') cb(e);
    if (e) process.nextTick(emitErrorThenClose, self, e);
    else process.nextTick(emitClose, self);
  };
  try {
    self._destroy(err || null, onDestroy);
  } catch (e) {
    onDestroy(e);
  }
}

function emitErrorThenClose(self, err) {
  emitError(self, err);
  emitClose(self);
}

function emitClose(self) {
  const r = self._readableState;
  const w = self._writableState;
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if ((w && w.emitClose) || (r && r.emitClose)) self.emit('close');
}

function emitError(self, err) {
  const r = self._readableState;
  const w = self._writableState;
  if ((w && w.errorEmitted) || (r && r.errorEmitted)) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  self.emit('error', err);
}

function undestroy() {
  const r = this._readableState;
  const w = this._writableState;
  if (r) {
    r.constructed = true;
    r.closed = false;
    r.closeEmitted = false;
    r.destroyed = false;
    r.errored = null;
    r.errorEmitted = false;
    r.reading = false;
    r.ended = r.readable === false;
    r.endEmitted = r.readable === false;
  }
  if (w) {
    w.constructed = true;
    w.destroyed = false;
    w.closed = false;
    w.closeEmitted = false;
    w.errored = null;
    w.errorEmitted = false;
    w.finalCalled = false;
    w.prefinished = false;
    w.ended = w.writable === false;
    w.ending = w.writable === false;
    w.finished = w.writable === false;
  }
}

// An error from inside the stream machinery: destroy (autoDestroy) or only
// emit it (synchronously unless `sync` says the caller is mid-operation).
function errorOrDestroy(stream, err, sync) {
  const r = stream._readableState;
  const w = stream._writableState;
  if ((w && w.destroyed) || (r && r.destroyed)) return;
  if ((r && r.autoDestroy) || (w && w.autoDestroy)) {
    stream.destroy(err);
  } else if (err) {
    recordError(err, w, r);
    if (sync) process.nextTick(emitError, stream, err);
    else emitError(stream, err);
  }
}

// _construct runs on the next tick; reads, writes, finishing and destroying
// wait for its callback.
// `cb(stream)` runs once _construct has called back without an error.
function construct(stream, cb) {
  if (typeof stream._construct !== 'function') return;
  const r = stream._readableState;
  const w = stream._writableState;
  if (r) r.constructed = false;
  if (w) w.constructed = false;
  // Made here, not with every state: only a stream with _construct waits.
  const s = w || r;
  s.afterConstruct = [cb];
  s.destroyAfterConstruct = [];
  process.nextTick(runConstruct, stream);
}

function runConstruct(stream) {
  let called = false;
  const done = (err) => {
    if (called) {
      errorOrDestroy(stream, err !== undefined && err !== null ? err : errors.multipleCallback());
      return;
    }
    called = true;
    const r = stream._readableState;
    const w = stream._writableState;
    const s = w || r;
    if (r) r.constructed = true;
    if (w) w.constructed = true;
    if (s.destroyed) {
      for (const fn of s.destroyAfterConstruct.splice(0)) fn(err);
    } else if (err) {
      errorOrDestroy(stream, err, true);
    } else {
      for (const fn of s.afterConstruct.splice(0)) fn(stream);
    }
  };
  try {
    stream._construct((err) => process.nextTick(done, err));
  } catch (err) {
    process.nextTick(done, err);
  }
}

// Tears a stream down from outside (pipeline, iterators): destroy() when it
// has one, with an AbortError if it had not finished.
function destroyer(stream, err) {
  if (!stream || isDestroyed(stream)) return;
  if (!err && !isFinished(stream)) err = new AbortError();
  if (typeof stream.destroy === 'function') stream.destroy(err);
  else if (typeof stream.close === 'function') stream.close();
  else if (err) process.nextTick((s, e) => s.emit('error', e), stream, err);
  else process.nextTick((s) => s.emit('close'), stream);
  if (!stream.destroyed) stream[kIsDestroyed] = true;
}

// ---- Stream (legacy) -----------------------------------------------------

function Stream(opts) {
  EE.init.call(this, opts);
}
Object.setPrototypeOf(Stream.prototype, EE.prototype);
Object.setPrototypeOf(Stream, EE);

Stream.prototype.pipe = function pipe(dest, options) {
  const source = this;
  function ondata(chunk) {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  }
  source.on('data', ondata);
  function ondrain() {
    if (source.readable && source.resume) source.resume();
  }
  dest.on('drain', ondrain);
  let didEnd = false;
  function onend() {
    if (didEnd) return;
    didEnd = true;
    dest.end();
  }
  function onclose() {
    if (didEnd) return;
    didEnd = true;
    if (typeof dest.destroy === 'function') dest.destroy();
  }
  if (!dest._isStdio && (!options || options.end !== false)) {
    source.on('end', onend);
    source.on('close', onclose);
  }
  function onerror(er) {
    cleanup();
    if (this.listenerCount('error') === 0) this.emit('error', er);
  }
  prependListener(source, 'error', onerror);
  prependListener(dest, 'error', onerror);
  function cleanup() {
    source.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    source.removeListener('end', onend);
    source.removeListener('close', onclose);
    source.removeListener('error', onerror);
    dest.removeListener('error', onerror);
    source.removeListener('end', cleanup);
    source.removeListener('close', cleanup);
    dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup);
  source.on('close', cleanup);
  dest.on('close', cleanup);
  dest.emit('pipe', source);
  return dest;
};

Stream.prototype.eventNames = function eventNames() {
  const events = this._events || {};
  return Reflect.ownKeys(events).filter((k) => {
    const v = events[k];
    return typeof v === 'function' || (Array.isArray(v) && v.length > 0);
  });
};

function prependListener(emitter, event, fn) {
  if (typeof emitter.prependListener === 'function') return emitter.prependListener(event, fn);
  return emitter.on(event, fn);
}

function onceWrapper(target, event, fn) {
  let fired = false;
  function wrapper(...args) {
    if (fired) return undefined;
    fired = true;
    target.removeListener(event, wrapper);
    return fn.apply(this, args);
  }
  wrapper.listener = fn;
  return wrapper;
}

// once() goes through on(), as in Node: a stream's on('data') starts the
// flow, and so must once('data').
Stream.prototype.once = function once(event, fn) {
  if (typeof fn !== 'function') return EE.prototype.once.call(this, event, fn);
  return this.on(event, onceWrapper(this, event, fn));
};

function defineGetters(proto, table) {
  for (const [name, desc] of Object.entries(table)) {
    Object.defineProperty(proto, name, { enumerable: false, configurable: true, ...desc });
  }
}

// ---- the parts -----------------------------------------------------------

// Each part adds what it defines to `shared` (see the heads of the files).
const shared = {
  AbortError, Buffer, EE, Stream, checkDefaultEncoding, chunkTypes, codedError, combineErrors,
  construct, defaultBytesHwm, defaultObjectsHwm, defineGetters, destroy, destroyer, emitClose,
  emitError, emitErrorThenClose, errorOrDestroy, errors, firstDefined, getDefaultHighWaterMark,
  hasInstance, inspect, isClosed, isDestroyed, isDisturbed, isDuplexNodeStream, isErrored,
  isFinished, isIterable, isNodeStream, isReadable, isReadableFinished, isReadableNodeStream,
  isWritable, isWritableEnded, isWritableFinished, isWritableNodeStream, kIsDestroyed,
  kIsDisturbed, kIsErrored, kIsReadable, kIsWritable, nop, onceWrapper, pickHighWaterMark,
  prependListener, readableErrored, recordError, returnedType, runConstruct, runDestroy,
  setDefaultHighWaterMark, undestroy, validateAbortSignal, validateFunction, validateInteger,
  viewToBuffer, willEmitClose, writableErrored,
};
for (const part of ['stream_readable', 'stream_writable', 'stream_duplex', 'stream_pipeline']) {
  const fn = internals.binding.compileFunction(internals.binding.sources[part], `node:internal/${part}`, ['shared', 'internals']);
  fn(shared, internals);
}
const {
  Readable, Writable, Duplex, Transform, PassThrough, duplexPair, pipeline, pipelineImpl, addAbortSignal, eos,
  compose, promises,
} = shared;

// ---- process.stdout / process.stderr -------------------------------------

// Synchronous writers over fds 1 and 2, as Node's are for files and pipes:
// the data is out before write() returns; its callback runs on the next
// tick. Ending or destroying one leaves the descriptor open.
function createStdioWriter(fd, binding) {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, encoding, cb) {
      try {
        if (typeof chunk === 'string' && encoding === 'utf8') {
          binding.print(fd, chunk);
        } else {
          let bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
          while (bytes.length > 0) {
            const n = binding.fs('write', fd, bytes, -1);
            if (!(n > 0)) break;
            bytes = bytes.subarray(n);
          }
        }
      } catch {
        // EPIPE and the like are not the script's fault.
      }
      cb();
    },
    destroy(err, cb) {
      cb(err);
      this._undestroy();
    },
  });
  stream.fd = fd;
  stream._type = 'pipe';
  stream._isStdio = true;
  stream.destroySoon = stream.destroy;
  return stream;
}

// ---- exports -------------------------------------------------------------

const util = internals.requireBuiltin('util');
Object.defineProperty(pipeline, util.promisify.custom, { value: promises.pipeline, enumerable: true });
Object.defineProperty(eos, util.promisify.custom, { value: promises.finished, enumerable: true });
eos.finished = promises.finished;

Stream.isDestroyed = isDestroyed;
Stream.isDisturbed = isDisturbed;
Stream.isErrored = isErrored;
Stream.isReadable = isReadable;
Stream.isWritable = isWritable;
// Node streams to and from web streams (stream_web.js, loaded on use).
const webAdapters = () => {
  internals.requireBuiltin('stream/web');
  return internals.webStreamAdapters;
};
Readable.toWeb = function toWeb(streamReadable) { return webAdapters().readableToWeb(streamReadable); };
Readable.fromWeb = function fromWeb(readableStream, options) { return webAdapters().readableFromWeb(readableStream, options); };
Writable.toWeb = function toWeb(streamWritable) { return webAdapters().writableToWeb(streamWritable); };
Writable.fromWeb = function fromWeb(writableStream, options) { return webAdapters().writableFromWeb(writableStream, options); };
Duplex.toWeb = function toWeb(duplex) { return webAdapters().duplexToWeb(duplex); };
Duplex.fromWeb = function fromWeb(pair, options) { return webAdapters().duplexFromWeb(pair, options); };
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.duplexPair = duplexPair;
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyer;
Stream.compose = compose;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
Object.defineProperty(Stream, 'promises', { configurable: true, enumerable: true, get: () => promises });
Stream.Stream = Stream;
Stream._isArrayBufferView = ArrayBuffer.isView;
Stream._isUint8Array = (v) => v instanceof Uint8Array;
Stream._uint8ArrayToBuffer = viewToBuffer;

// For fs streams and process.stdout/stderr.
internals.stream = { errorOrDestroy, createStdioWriter, AbortError, finished: eos, validateInteger };

module.exports = Stream;
