// node:stream/web — WHATWG streams: ReadableStream (default readers, tee,
// pipeTo/pipeThrough, async iteration), WritableStream, TransformStream,
// the queuing strategies, TextEncoderStream/TextDecoderStream and
// CompressionStream/DecompressionStream over zlib. Backpressure follows
// each side's highWaterMark as the Streams spec says. Not here: byte
// streams' BYOB readers (a `type: 'bytes'` source works through default
// readers; their controller is a ReadableByteStreamController).
'use strict';

const { codeError, invalidArgType } = internals.errors;
const { Buffer } = internals.requireBuiltin('buffer');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const kCreate = Symbol('create');
const kState = Symbol('state');

function invalidState(message) {
  return codeError(TypeError, 'ERR_INVALID_STATE', `Invalid state: ${message}`);
}

function illegalConstructor() {
  return codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
}

// { promise, resolve, reject }
const deferred = () => Promise.withResolvers();

// A promise whose rejection is nobody's business unless someone awaits it.
function quiet(promise) {
  promise.catch(() => {});
  return promise;
}

function tag(cls, name) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

function extractStrategy(strategy, defaultHwm) {
  if (strategy === undefined || strategy === null) strategy = {};
  if (typeof strategy !== 'object' && typeof strategy !== 'function') {
    throw invalidArgType('strategy', 'of type object', strategy);
  }
  const hwm = strategy.highWaterMark === undefined ? defaultHwm : Number(strategy.highWaterMark);
  if (Number.isNaN(hwm) || hwm < 0) {
    throw codeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The property 'strategy.highWaterMark' is invalid. Received ${strategy.highWaterMark}`);
  }
  const size = strategy.size;
  if (size !== undefined && typeof size !== 'function') throw invalidArgType('strategy.size', 'of type function', size);
  return { hwm, size: size === undefined ? () => 1 : size };
}

// Calls `obj[name](...args)` if present; its result as a promise.
function callMethod(obj, name, args) {
  try {
    const fn = obj[name];
    if (fn === undefined) return Promise.resolve();
    if (typeof fn !== 'function') throw invalidArgType(name, 'of type function', fn);
    return Promise.resolve(Reflect.apply(fn, obj, args));
  } catch (e) {
    return Promise.reject(e);
  }
}

// ---- queuing strategies -------------------------------------------------------

function strategyInit(init) {
  if (init === null || typeof init !== 'object') throw invalidArgType('init', 'of type object', init);
  if (init.highWaterMark === undefined) {
    throw codeError(TypeError, 'ERR_MISSING_OPTION', 'init.highWaterMark is required');
  }
  return Number(init.highWaterMark);
}

const countSize = function size() { return 1; };
const byteLengthSize = function size(chunk) { return chunk.byteLength; };

class CountQueuingStrategy {
  #hwm;
  constructor(init) {
    this.#hwm = strategyInit(init);
  }
  get highWaterMark() { return this.#hwm; }
  get size() { return countSize; }
  [inspectCustom](depth, options, inspect) {
    return `CountQueuingStrategy ${inspect({ highWaterMark: this.#hwm }, options)}`;
  }
}
tag(CountQueuingStrategy, 'CountQueuingStrategy');

class ByteLengthQueuingStrategy {
  #hwm;
  constructor(init) {
    this.#hwm = strategyInit(init);
  }
  get highWaterMark() { return this.#hwm; }
  get size() { return byteLengthSize; }
  [inspectCustom](depth, options, inspect) {
    return `ByteLengthQueuingStrategy ${inspect({ highWaterMark: this.#hwm }, options)}`;
  }
}
tag(ByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');

// ---- ReadableStream -------------------------------------------------------------

class ReadableStreamDefaultController {
  constructor(key) {
    if (key !== kCreate) throw illegalConstructor();
  }
  get desiredSize() {
    const s = this[kState];
    if (s.state === 'errored') return null;
    if (s.state === 'closed') return 0;
    return s.hwm - s.queueSize;
  }
  enqueue(chunk) {
    const s = this[kState];
    if (s.closeRequested || s.state !== 'readable') throw invalidState('Controller is already closed');
    readableEnqueue(s, chunk);
  }
  close() {
    const s = this[kState];
    if (s.closeRequested || s.state !== 'readable') throw invalidState('Controller is already closed');
    s.closeRequested = true;
    if (s.queue.length === 0) readableClose(s);
  }
  error(error) {
    readableError(this[kState], error);
  }
}
tag(ReadableStreamDefaultController, 'ReadableStreamDefaultController');

// A byte source's controller: chunks are views whose buffer the stream
// takes over (transferred), read back as Uint8Arrays. No BYOB requests.
class ReadableByteStreamController {
  constructor(key) {
    if (key !== kCreate) throw illegalConstructor();
  }
  get byobRequest() {
    return null;
  }
  get desiredSize() {
    return Reflect.apply(Object.getOwnPropertyDescriptor(ReadableStreamDefaultController.prototype, 'desiredSize').get, this, []);
  }
  enqueue(chunk) {
    if (!ArrayBuffer.isView(chunk)) {
      throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', chunk);
    }
    const s = this[kState];
    if (s.closeRequested || s.state !== 'readable') throw invalidState('Controller is already closed');
    const { byteOffset, byteLength } = chunk;
    const buffer = chunk.buffer.transfer();
    readableEnqueue(s, new Uint8Array(buffer, byteOffset, byteLength));
  }
  close() {
    ReadableStreamDefaultController.prototype.close.call(this);
  }
  error(error) {
    readableError(this[kState], error);
  }
}
tag(ReadableByteStreamController, 'ReadableByteStreamController');

function readableEnqueue(s, chunk) {
  const reads = s.reader?.[kState].reads;
  if (reads && reads.length > 0 && s.queue.length === 0) {
    reads.shift().resolve({ value: chunk, done: false });
  } else {
    let size;
    try {
      size = Number(s.size(chunk));
      if (Number.isNaN(size) || size < 0 || size === Infinity) {
        throw codeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The argument 'size' is invalid. Received ${size}`);
      }
    } catch (e) {
      readableError(s, e);
      throw e;
    }
    s.queue.push({ chunk, size });
    s.queueSize += size;
  }
  pullIfNeeded(s);
}

function readableClose(s) {
  if (s.state !== 'readable') return;
  s.state = 'closed';
  const r = s.reader?.[kState];
  if (r) {
    for (const read of r.reads.splice(0)) read.resolve({ value: undefined, done: true });
    r.closed.resolve();
  }
}

function readableError(s, error) {
  if (s.state !== 'readable') return;
  s.state = 'errored';
  s.storedError = error;
  s.queue = [];
  s.queueSize = 0;
  const r = s.reader?.[kState];
  if (r) {
    for (const read of r.reads.splice(0)) read.reject(error);
    r.closed.reject(error);
  }
}

function pullIfNeeded(s) {
  if (!s.started || s.state !== 'readable' || s.closeRequested) return;
  const waiting = (s.reader?.[kState].reads.length ?? 0) > 0;
  if (!waiting && s.hwm - s.queueSize <= 0) return;
  if (s.pulling) {
    s.pullAgain = true;
    return;
  }
  s.pulling = true;
  callMethod(s.source, 'pull', [s.controller]).then(() => {
    s.pulling = false;
    if (s.pullAgain) {
      s.pullAgain = false;
      pullIfNeeded(s);
    }
  }, (e) => readableError(s, e));
}

function readableCancel(s, reason) {
  s.disturbed = true;
  if (s.state === 'closed') return Promise.resolve();
  if (s.state === 'errored') return Promise.reject(s.storedError);
  s.queue = [];
  s.queueSize = 0;
  readableClose(s);
  return callMethod(s.source, 'cancel', [reason]).then(() => undefined);
}

class ReadableStream {
  constructor(source = {}, strategy = {}) {
    if (source === null || (typeof source !== 'object' && typeof source !== 'function')) {
      throw invalidArgType('source', 'of type object', source);
    }
    const type = source.type === undefined ? undefined : String(source.type);
    if (type !== undefined && type !== 'bytes') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'source.type' is invalid. Received '${type}'`);
    }
    const { hwm, size } = extractStrategy(strategy, type === 'bytes' ? 0 : 1);
    if (type === 'bytes' && strategy?.size !== undefined) {
      throw codeError(RangeError, 'ERR_INVALID_ARG_VALUE', "The property 'strategy.size' is invalid. Received [Function: size]");
    }
    const controller = type === 'bytes' ? new ReadableByteStreamController(kCreate) : new ReadableStreamDefaultController(kCreate);
    const s = {
      source, hwm, size: type === 'bytes' ? byteLengthSize : size, controller, queue: [], queueSize: 0, state: 'readable', reader: null,
      started: false, pulling: false, pullAgain: false, closeRequested: false, disturbed: false, storedError: undefined,
    };
    Object.defineProperty(controller, kState, { value: s });
    Object.defineProperty(this, kState, { value: s });
    const start = source.start;
    if (start !== undefined && typeof start !== 'function') throw invalidArgType('source.start', 'of type function', start);
    const started = start === undefined ? undefined : Reflect.apply(start, source, [controller]);
    Promise.resolve(started).then(() => {
      s.started = true;
      pullIfNeeded(s);
    }, (e) => readableError(s, e));
  }

  get locked() {
    return this[kState].reader !== null;
  }

  getReader(options) {
    const mode = options?.mode;
    if (mode !== undefined) {
      if (String(mode) === 'byob') {
        throw codeError(TypeError, 'ERR_NOT_IMPLEMENTED', 'ReadableStream.getReader({ mode: \'byob\' }) is not implemented in nabi');
      }
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'options.mode' is invalid. Received '${mode}'`);
    }
    return new ReadableStreamDefaultReader(this);
  }

  cancel(reason) {
    if (this.locked) return Promise.reject(invalidState('ReadableStream is locked'));
    return readableCancel(this[kState], reason);
  }

  tee() {
    if (this.locked) throw invalidState('ReadableStream is locked');
    const reader = this.getReader();
    let reading = false;
    let readAgain = false;
    const canceled = [false, false];
    const reasons = [undefined, undefined];
    const cancelDone = deferred();
    const branches = [];
    const pull = () => {
      if (reading) {
        readAgain = true;
        return Promise.resolve();
      }
      reading = true;
      reader.read().then(({ value, done }) => {
        reading = false;
        if (done) {
          branches.forEach((b, i) => {
            if (!canceled[i]) b[kState].controller.close();
          });
          cancelDone.resolve();
          return;
        }
        branches.forEach((b, i) => {
          if (!canceled[i]) b[kState].controller.enqueue(value);
        });
        if (readAgain) {
          readAgain = false;
          pull();
        }
      }, () => {
        reading = false;
      });
      return Promise.resolve();
    };
    const cancel = (i) => (reason) => {
      canceled[i] = true;
      reasons[i] = reason;
      if (canceled[0] && canceled[1]) {
        cancelDone.resolve(readableCancel(this[kState], reasons.slice()));
      }
      return cancelDone.promise;
    };
    for (const i of [0, 1]) branches.push(new ReadableStream({ pull, cancel: cancel(i) }, { highWaterMark: 0 }));
    reader[kState].closed.promise.catch((e) => {
      branches.forEach((b) => readableError(b[kState], e));
      cancelDone.resolve();
    });
    return branches;
  }

  pipeThrough(transform, options = {}) {
    if (transform === null || typeof transform !== 'object') throw invalidArgType('transform', 'of type object', transform);
    const { readable, writable } = transform;
    if (!(readable instanceof ReadableStream)) throw invalidArgType('transform.readable', 'an instance of ReadableStream', readable);
    if (!(writable instanceof WritableStream)) throw invalidArgType('transform.writable', 'an instance of WritableStream', writable);
    if (this.locked) throw invalidState('The ReadableStream is locked');
    if (writable.locked) throw invalidState('The WritableStream is locked');
    quiet(this.pipeTo(writable, options));
    return readable;
  }

  pipeTo(dest, options = {}) {
    if (!(dest instanceof WritableStream)) {
      return Promise.reject(invalidArgType('transform.writable', 'an instance of WritableStream', dest));
    }
    if (this.locked) return Promise.reject(invalidState('The ReadableStream is locked'));
    if (dest.locked) return Promise.reject(invalidState('The WritableStream is locked'));
    const { preventClose = false, preventAbort = false, preventCancel = false, signal } = options ?? {};
    const reader = this.getReader();
    const writer = dest.getWriter();
    const done = deferred();
    let finished = false;
    const finish = (error, isError) => {
      if (finished) return;
      finished = true;
      if (signal) signal.removeEventListener('abort', onAbort);
      reader.releaseLock();
      writer.releaseLock();
      if (isError) done.reject(error);
      else done.resolve();
    };
    let aborting = false;
    const onAbort = () => {
      aborting = true;
      const reason = signal.reason;
      const actions = [];
      if (!preventAbort) actions.push(writer.abort(reason));
      if (!preventCancel) actions.push(reader.cancel(reason));
      Promise.all(actions).then(() => finish(reason, true), (e) => finish(e, true));
    };
    if (signal) {
      if (signal.aborted) {
        onAbort();
        return done.promise;
      }
      signal.addEventListener('abort', onAbort);
    }
    const ws = dest[kState];
    const step = () => {
      if (finished) return;
      writer.ready.then(() => reader.read()).then(({ value, done: end }) => {
        if (finished || aborting) return;
        if (end) {
          if (preventClose) finish();
          else writer.close().then(() => finish(), (e) => finish(e, true));
          return;
        }
        quiet(writer.write(value));
        step();
      }, (error) => {
        if (finished || aborting) return;
        // Either side failed: the source errored, or the destination did.
        if (ws.state === 'errored' || ws.state === 'erroring') {
          if (!preventCancel) quiet(reader.cancel(ws.storedError)).then(() => finish(ws.storedError, true), (e) => finish(e, true));
          else finish(ws.storedError, true);
        } else if (!preventAbort) {
          quiet(writer.abort(error)).then(() => finish(error, true), (e) => finish(e, true));
        } else {
          finish(error, true);
        }
      });
    };
    step();
    return done.promise;
  }

  values(options) {
    const preventCancel = !!options?.preventCancel;
    const reader = this.getReader();
    let finished = false;
    const iterator = {
      next() {
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return reader.read().then((result) => {
          if (result.done) {
            finished = true;
            reader.releaseLock();
          }
          return result;
        }, (e) => {
          finished = true;
          reader.releaseLock();
          throw e;
        });
      },
      return(value) {
        if (finished) return Promise.resolve({ value, done: true });
        finished = true;
        const end = preventCancel ? Promise.resolve() : reader.cancel(value);
        return end.then(() => {
          reader.releaseLock();
          return { value, done: true };
        });
      },
      [Symbol.asyncIterator]() { return this; },
    };
    Object.setPrototypeOf(iterator, Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})())));
    return iterator;
  }

  [Symbol.asyncIterator](options) {
    return this.values(options);
  }

  static from(iterable) {
    if (iterable instanceof ReadableStream) return iterable;
    const method = iterable?.[Symbol.asyncIterator] ?? iterable?.[Symbol.iterator];
    if (typeof method !== 'function') throw invalidArgType('iterable', 'an iterable', iterable);
    const it = Reflect.apply(method, iterable, []);
    return new ReadableStream({
      async pull(controller) {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(await value);
      },
      async cancel(reason) {
        if (typeof it.return === 'function') await it.return(reason);
      },
    }, { highWaterMark: 0 });
  }

  [inspectCustom](depth, options, inspect) {
    const s = this[kState];
    return `ReadableStream ${inspect({ locked: this.locked, state: s.state, supportsBYOB: false }, options)}`;
  }
}
tag(ReadableStream, 'ReadableStream');

class ReadableStreamDefaultReader {
  constructor(stream) {
    if (!(stream instanceof ReadableStream)) throw invalidArgType('stream', 'an instance of ReadableStream', stream);
    const s = stream[kState];
    if (s.reader !== null) throw invalidState('ReadableStream is locked');
    const closed = deferred();
    quiet(closed.promise);
    Object.defineProperty(this, kState, { value: { stream: s, reads: [], closed } });
    s.reader = this;
    if (s.state === 'closed') closed.resolve();
    if (s.state === 'errored') closed.reject(s.storedError);
  }

  get closed() {
    return this[kState].closed.promise;
  }

  read() {
    const r = this[kState];
    const s = r.stream;
    if (!s) return Promise.reject(invalidState('The reader is not attached to a stream'));
    s.disturbed = true;
    if (s.state === 'errored') return Promise.reject(s.storedError);
    if (s.queue.length > 0) {
      const { chunk, size } = s.queue.shift();
      s.queueSize -= size;
      if (s.queue.length === 0) s.queueSize = 0;
      if (s.closeRequested && s.queue.length === 0) readableClose(s);
      else pullIfNeeded(s);
      return Promise.resolve({ value: chunk, done: false });
    }
    if (s.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    const read = deferred();
    r.reads.push(read);
    pullIfNeeded(s);
    return read.promise;
  }

  releaseLock() {
    const r = this[kState];
    const s = r.stream;
    if (!s) return;
    const error = invalidState('Reader released');
    for (const read of r.reads.splice(0)) read.reject(error);
    if (s.state === 'readable') r.closed.reject(error);
    else {
      r.closed = deferred();
      quiet(r.closed.promise);
      r.closed.reject(error);
    }
    s.reader = null;
    r.stream = null;
  }

  cancel(reason) {
    const s = this[kState].stream;
    if (!s) return Promise.reject(invalidState('The reader is not attached to a stream'));
    return readableCancel(s, reason);
  }
}
tag(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');

// ---- WritableStream -------------------------------------------------------------

class WritableStreamDefaultController {
  constructor(key) {
    if (key !== kCreate) throw illegalConstructor();
  }
  get signal() {
    return this[kState].abortController.signal;
  }
  error(error) {
    const s = this[kState];
    if (s.state === 'writable') writableStartErroring(s, error);
  }
}
tag(WritableStreamDefaultController, 'WritableStreamDefaultController');

function writableDesiredSize(s) {
  if (s.state === 'errored' || s.state === 'erroring') return null;
  if (s.state === 'closed') return 0;
  return s.hwm - s.queueSize;
}

// The writer's ready promise follows backpressure.
function updateBackpressure(s) {
  const backpressure = !s.closeRequested && s.state === 'writable' && s.hwm - s.queueSize <= 0;
  if (backpressure === s.backpressure) return;
  s.backpressure = backpressure;
  const w = s.writer?.[kState];
  if (!w) return;
  if (backpressure) {
    w.ready = deferred();
    quiet(w.ready.promise);
  } else {
    w.ready.resolve();
  }
}

function writableStartErroring(s, error) {
  if (s.state !== 'writable') return;
  s.state = 'erroring';
  s.storedError = error;
  s.abortController.abort(error);
  const w = s.writer?.[kState];
  if (w) {
    if (s.backpressure) w.ready.reject(error);
    else {
      w.ready = deferred();
      quiet(w.ready.promise);
      w.ready.reject(error);
    }
  }
  if (!s.writing) writableFinishErroring(s);
}

function writableFinishErroring(s) {
  s.state = 'errored';
  const error = s.storedError;
  // Writes that never reached the sink fail with the stream; like Node,
  // that is not an unhandled rejection of its own.
  for (const item of s.queue.splice(0)) {
    quiet(item.done.promise);
    item.done.reject(error);
  }
  s.queueSize = 0;
  const abort = s.pendingAbort;
  s.pendingAbort = null;
  const closeRequest = s.closeRequest;
  s.closeRequest = null;
  const rejectClosed = () => {
    if (closeRequest) closeRequest.reject(error);
    s.writer?.[kState].closed.reject(error);
  };
  if (!abort) {
    rejectClosed();
    return;
  }
  callMethod(s.sink, 'abort', [abort.reason]).then(() => {
    abort.done.resolve();
    rejectClosed();
  }, (e) => {
    abort.done.reject(e);
    rejectClosed();
  });
}

function writableAdvance(s) {
  if (!s.started || s.writing) return;
  if (s.state === 'erroring') {
    writableFinishErroring(s);
    return;
  }
  if (s.state !== 'writable') return;
  if (s.queue.length === 0) {
    if (s.closeRequest && !s.closing) {
      s.closing = true;
      s.writing = true;
      callMethod(s.sink, 'close', []).then(() => {
        s.writing = false;
        if (s.state === 'erroring') {
          // An abort raced the close: the close won.
          s.pendingAbort?.done.resolve();
          s.pendingAbort = null;
        }
        s.state = 'closed';
        s.closeRequest.resolve();
        s.writer?.[kState].closed.resolve();
      }, (e) => {
        s.writing = false;
        s.state = 'writable';
        writableStartErroring(s, e);
      });
    }
    return;
  }
  const item = s.queue[0];
  s.writing = true;
  callMethod(s.sink, 'write', [item.chunk, s.controller]).then(() => {
    s.writing = false;
    s.queue.shift();
    s.queueSize -= item.size;
    if (s.queue.length === 0) s.queueSize = 0;
    item.done.resolve();
    updateBackpressure(s);
    writableAdvance(s);
  }, (e) => {
    s.writing = false;
    s.queue.shift();
    item.done.reject(e);
    if (s.state === 'writable') writableStartErroring(s, e);
    else writableFinishErroring(s);
  });
}

function writableAbort(s, reason) {
  if (s.state === 'closed' || s.state === 'errored') return Promise.resolve();
  if (s.pendingAbort) return s.pendingAbort.done.promise;
  const done = deferred();
  s.pendingAbort = { reason, done };
  if (s.state === 'writable') writableStartErroring(s, reason);
  return done.promise;
}

function writableClose(s) {
  if (s.state === 'closed' || s.state === 'errored' || s.closeRequest) {
    return Promise.reject(invalidState('WritableStream is closed'));
  }
  s.closeRequest = deferred();
  s.closeRequested = true;
  const w = s.writer?.[kState];
  if (w && s.backpressure && s.state === 'writable') w.ready.resolve();
  writableAdvance(s);
  return s.closeRequest.promise;
}

class WritableStream {
  constructor(sink = {}, strategy = {}) {
    if (sink === null || (typeof sink !== 'object' && typeof sink !== 'function')) {
      throw invalidArgType('sink', 'of type object', sink);
    }
    if (sink.type !== undefined) {
      throw codeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The argument 'sink.type' is invalid. Received ${sink.type}`);
    }
    const { hwm, size } = extractStrategy(strategy, 1);
    const controller = new WritableStreamDefaultController(kCreate);
    const s = {
      sink, hwm, size, controller, queue: [], queueSize: 0, state: 'writable', writer: null, started: false,
      writing: false, closing: false, closeRequest: null, closeRequested: false, pendingAbort: null,
      storedError: undefined, backpressure: false, abortController: new AbortController(),
    };
    Object.defineProperty(controller, kState, { value: s });
    Object.defineProperty(this, kState, { value: s });
    updateBackpressure(s);
    const start = sink.start;
    if (start !== undefined && typeof start !== 'function') throw invalidArgType('sink.start', 'of type function', start);
    const started = start === undefined ? undefined : Reflect.apply(start, sink, [controller]);
    Promise.resolve(started).then(() => {
      s.started = true;
      writableAdvance(s);
    }, (e) => {
      s.started = true;
      if (s.state === 'writable') writableStartErroring(s, e);
      else writableFinishErroring(s);
    });
  }

  get locked() {
    return this[kState].writer !== null;
  }

  getWriter() {
    return new WritableStreamDefaultWriter(this);
  }

  abort(reason) {
    if (this.locked) return Promise.reject(invalidState('WritableStream is locked'));
    return writableAbort(this[kState], reason);
  }

  close() {
    if (this.locked) return Promise.reject(invalidState('WritableStream is locked'));
    return writableClose(this[kState]);
  }

  [inspectCustom](depth, options, inspect) {
    return `WritableStream ${inspect({ locked: this.locked, state: this[kState].state }, options)}`;
  }
}
tag(WritableStream, 'WritableStream');

class WritableStreamDefaultWriter {
  constructor(stream) {
    if (!(stream instanceof WritableStream)) throw invalidArgType('stream', 'an instance of WritableStream', stream);
    const s = stream[kState];
    if (s.writer !== null) throw invalidState('WritableStream is locked');
    const w = { stream: s, ready: deferred(), closed: deferred() };
    quiet(w.ready.promise);
    quiet(w.closed.promise);
    Object.defineProperty(this, kState, { value: w });
    s.writer = this;
    if (s.state === 'writable' && !s.backpressure) w.ready.resolve();
    else if (s.state === 'erroring' || s.state === 'errored') w.ready.reject(s.storedError);
    else if (s.state === 'closed') w.ready.resolve();
    if (s.state === 'closed') w.closed.resolve();
    else if (s.state === 'errored') w.closed.reject(s.storedError);
  }

  get closed() {
    return this[kState].closed.promise;
  }

  get ready() {
    return this[kState].ready.promise;
  }

  get desiredSize() {
    const s = this[kState].stream;
    if (!s) throw invalidState('Writer is not bound to a WritableStream');
    return writableDesiredSize(s);
  }

  write(chunk) {
    const s = this[kState].stream;
    if (!s) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    if (s.state === 'errored' || s.state === 'erroring') return Promise.reject(s.storedError);
    if (s.closeRequest || s.state === 'closed') return Promise.reject(invalidState('WritableStream is closed'));
    let size;
    try {
      size = Number(s.size(chunk));
    } catch (e) {
      writableStartErroring(s, e);
      return Promise.reject(e);
    }
    const done = deferred();
    s.queue.push({ chunk, size, done });
    s.queueSize += size;
    updateBackpressure(s);
    writableAdvance(s);
    return done.promise;
  }

  close() {
    const s = this[kState].stream;
    if (!s) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    return writableClose(s);
  }

  abort(reason) {
    const s = this[kState].stream;
    if (!s) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
    return writableAbort(s, reason);
  }

  releaseLock() {
    const w = this[kState];
    const s = w.stream;
    if (!s) return;
    const error = invalidState('Writer released');
    for (const key of ['ready', 'closed']) {
      w[key] = deferred();
      quiet(w[key].promise);
      w[key].reject(error);
    }
    s.writer = null;
    w.stream = null;
  }
}
tag(WritableStreamDefaultWriter, 'WritableStreamDefaultWriter');

// ---- TransformStream --------------------------------------------------------------

class TransformStreamDefaultController {
  constructor(key) {
    if (key !== kCreate) throw illegalConstructor();
  }
  get desiredSize() {
    return this[kState].readableController.desiredSize;
  }
  enqueue(chunk) {
    const t = this[kState];
    const rs = t.readable[kState];
    if (rs.closeRequested || rs.state !== 'readable') throw invalidState('Controller is already closed');
    readableEnqueue(rs, chunk);
    if (rs.hwm - rs.queueSize <= 0 && !t.backpressure) {
      t.backpressure = true;
      t.backpressureChange = deferred();
    }
  }
  error(reason) {
    transformError(this[kState], reason);
  }
  terminate() {
    const t = this[kState];
    const rs = t.readable[kState];
    if (rs.state === 'readable' && !rs.closeRequested) t.readableController.close();
    const error = new TypeError('The TransformStream has been terminated');
    const ws = t.writable[kState];
    if (ws.state === 'writable') writableStartErroring(ws, error);
  }
}
tag(TransformStreamDefaultController, 'TransformStreamDefaultController');

function transformError(t, reason) {
  readableError(t.readable[kState], reason);
  const ws = t.writable[kState];
  if (ws.state === 'writable') writableStartErroring(ws, reason);
  if (t.backpressure) {
    t.backpressure = false;
    t.backpressureChange.resolve();
  }
}

class TransformStream {
  constructor(transformer = {}, writableStrategy = {}, readableStrategy = {}) {
    if (transformer === null || (typeof transformer !== 'object' && typeof transformer !== 'function')) {
      throw invalidArgType('transformer', 'of type object', transformer);
    }
    const controller = new TransformStreamDefaultController(kCreate);
    const t = { backpressure: true, backpressureChange: deferred(), readableController: null };
    Object.defineProperty(controller, kState, { value: t });
    const startDone = deferred();
    const transform = (chunk) => {
      if (typeof transformer.transform !== 'function') {
        controller.enqueue(chunk);
        return Promise.resolve();
      }
      return callMethod(transformer, 'transform', [chunk, controller]).catch((e) => {
        transformError(t, e);
        throw e;
      });
    };
    t.writable = new WritableStream({
      start: () => startDone.promise,
      write: (chunk) => {
        if (t.backpressure) {
          return t.backpressureChange.promise.then(() => {
            const ws = t.writable[kState];
            if (ws.state === 'erroring') throw ws.storedError;
            return transform(chunk);
          });
        }
        return transform(chunk);
      },
      close: () => callMethod(transformer, 'flush', [controller]).then(() => {
        const rs = t.readable[kState];
        if (rs.state === 'errored') throw rs.storedError;
        if (rs.state === 'readable' && !rs.closeRequested) t.readableController.close();
      }, (e) => {
        transformError(t, e);
        throw e;
      }),
      abort: (reason) => {
        readableError(t.readable[kState], reason);
        return callMethod(transformer, 'cancel', [reason]);
      },
    }, writableStrategy);
    t.readable = new ReadableStream({
      start: (c) => {
        t.readableController = c;
        return startDone.promise;
      },
      pull: () => {
        if (t.backpressure) {
          t.backpressure = false;
          t.backpressureChange.resolve();
        }
        return Promise.resolve();
      },
      cancel: (reason) => {
        const ws = t.writable[kState];
        if (ws.state === 'writable') writableStartErroring(ws, reason);
        if (t.backpressure) {
          t.backpressure = false;
          t.backpressureChange.resolve();
        }
        return callMethod(transformer, 'cancel', [reason]);
      },
    }, { highWaterMark: readableStrategy?.highWaterMark ?? 0, size: readableStrategy?.size });
    Object.defineProperty(this, kState, { value: t });
    const start = transformer.start;
    if (start !== undefined && typeof start !== 'function') throw invalidArgType('transformer.start', 'of type function', start);
    try {
      startDone.resolve(start === undefined ? undefined : Reflect.apply(start, transformer, [controller]));
    } catch (e) {
      startDone.reject(e);
      throw e;
    }
  }
  get readable() {
    return this[kState].readable;
  }
  get writable() {
    return this[kState].writable;
  }
  [inspectCustom](depth, options, inspect) {
    return `TransformStream ${inspect({ readable: this.readable, writable: this.writable, backpressure: this[kState].backpressure }, options)}`;
  }
}
tag(TransformStream, 'TransformStream');

// Whether a controller still takes chunks: a Node stream's events can
// come after the web side was cancelled.
function takesChunks(controller) {
  const s = controller[kState];
  return s.state === 'readable' && !s.closeRequested;
}

// ---- encoding and compression streams ---------------------------------------------

class TextEncoderStream {
  #transform;
  constructor() {
    const encoder = new TextEncoder();
    let pendingHigh = '';
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        let text = pendingHigh + String(chunk);
        pendingHigh = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pendingHigh) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
  }
  get encoding() { return 'utf-8'; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
tag(TextEncoderStream, 'TextEncoderStream');

class TextDecoderStream {
  #transform;
  #decoder;
  constructor(encoding = 'utf-8', options = {}) {
    const decoder = new TextDecoder(encoding, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }
  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
tag(TextDecoderStream, 'TextDecoderStream');

// A zlib stream as a readable/writable pair.
function zlibPair(zstream) {
  let controller;
  const readable = new ReadableStream({
    start(c) {
      controller = c;
      zstream.on('data', (chunk) => {
        if (!takesChunks(controller)) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (controller.desiredSize <= 0) zstream.pause();
      });
      zstream.on('end', () => {
        if (takesChunks(controller)) controller.close();
      });
      zstream.on('error', (e) => controller.error(e));
    },
    pull() { zstream.resume(); },
    // Cancelling the output errors the input with the same reason.
    cancel(reason) {
      writableStartErroring(writable[kState], reason);
      zstream.destroy();
    },
  });
  const writable = new WritableStream({
    write(chunk) {
      if (!ArrayBuffer.isView(chunk) && !(chunk instanceof ArrayBuffer)) {
        throw invalidArgType('chunk', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', chunk);
      }
      const bytes = chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      return new Promise((resolve, reject) => zstream.write(bytes, (e) => (e ? reject(e) : resolve())));
    },
    close() {
      return new Promise((resolve) => zstream.end(resolve));
    },
    abort(reason) { zstream.destroy(reason); },
  });
  return { readable, writable };
}

function compressionFormat(format) {
  if (format !== 'gzip' && format !== 'deflate' && format !== 'deflate-raw') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'format' is invalid. Received ${internals.describe(format)}`);
  }
  return format;
}

class CompressionStream {
  #pair;
  constructor(format) {
    const zlib = internals.requireBuiltin('zlib');
    const make = { gzip: zlib.createGzip, deflate: zlib.createDeflate, 'deflate-raw': zlib.createDeflateRaw }[compressionFormat(format)];
    this.#pair = zlibPair(make());
  }
  get readable() { return this.#pair.readable; }
  get writable() { return this.#pair.writable; }
}
tag(CompressionStream, 'CompressionStream');

class DecompressionStream {
  #pair;
  constructor(format) {
    const zlib = internals.requireBuiltin('zlib');
    const make = { gzip: zlib.createGunzip, deflate: zlib.createInflate, 'deflate-raw': zlib.createInflateRaw }[compressionFormat(format)];
    this.#pair = zlibPair(make());
  }
  get readable() { return this.#pair.readable; }
  get writable() { return this.#pair.writable; }
}
tag(DecompressionStream, 'DecompressionStream');

// ---- Node streams ⇄ web streams (Readable/Writable.fromWeb and toWeb) -----------

function readableToWeb(readable) {
  const { Readable } = internals.requireBuiltin('stream');
  if (!(readable instanceof Readable) && typeof readable?.on !== 'function') {
    throw invalidArgType('streamReadable', 'an instance of Readable', readable);
  }
  const objectMode = !!readable.readableObjectMode;
  const hwm = readable.readableHighWaterMark ?? (objectMode ? 16 : 65536);
  const strategy = objectMode ? new CountQueuingStrategy({ highWaterMark: hwm }) : new ByteLengthQueuingStrategy({ highWaterMark: hwm });
  let controller;
  const onData = (chunk) => {
    if (!takesChunks(controller)) return;
    // Copy Buffers off their pool, as Node does.
    if (!objectMode && Buffer.isBuffer(chunk)) chunk = new Uint8Array(chunk);
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) readable.pause();
  };
  return new ReadableStream({
    start(c) {
      controller = c;
      readable.on('data', onData);
      internals.requireBuiltin('stream').finished(readable, (error) => {
        readable.off('data', onData);
        if (error) controller.error(error);
        else if (takesChunks(controller)) controller.close();
      });
      readable.pause();
    },
    pull() { readable.resume(); },
    cancel(reason) { readable.destroy(reason); },
  }, strategy);
}

function readableFromWeb(stream, options = {}) {
  if (!(stream instanceof ReadableStream)) throw invalidArgType('readableStream', 'an instance of ReadableStream', stream);
  const { Readable } = internals.requireBuiltin('stream');
  const reader = stream.getReader();
  let closed = false;
  const readable = new Readable({
    objectMode: options.objectMode,
    highWaterMark: options.highWaterMark,
    encoding: options.encoding,
    signal: options.signal,
    read() {
      reader.read().then(({ value, done }) => {
        if (done) readable.push(null);
        else readable.push(value);
      }, (error) => readable.destroy(error));
    },
    destroy(error, callback) {
      if (closed) return callback(error);
      reader.cancel(error).then(() => callback(error), (e) => callback(e));
    },
  });
  reader.closed.then(() => { closed = true; }, (error) => {
    closed = true;
    readable.destroy(error);
  });
  return readable;
}

function writableToWeb(writable) {
  const { Writable } = internals.requireBuiltin('stream');
  if (!(writable instanceof Writable) && typeof writable?.write !== 'function') {
    throw invalidArgType('streamWritable', 'an instance of Writable', writable);
  }
  let controller;
  let drain = null;
  let failed = null;
  return new WritableStream({
    start(c) {
      controller = c;
      internals.requireBuiltin('stream').finished(writable, { readable: false }, (error) => {
        if (error) {
          failed = error;
          controller.error(error);
        }
        drain?.resolve();
      });
      writable.on('drain', () => drain?.resolve());
    },
    write(chunk) {
      if (failed) throw failed;
      if (writable.write(chunk)) return undefined;
      drain = deferred();
      return drain.promise.then(() => {
        drain = null;
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        writable.end((error) => (error ? reject(error) : resolve()));
      });
    },
    abort(reason) { writable.destroy(reason); },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
}

function writableFromWeb(stream, options = {}) {
  if (!(stream instanceof WritableStream)) throw invalidArgType('writableStream', 'an instance of WritableStream', stream);
  const { Writable } = internals.requireBuiltin('stream');
  const writer = stream.getWriter();
  return new Writable({
    objectMode: options.objectMode,
    highWaterMark: options.highWaterMark,
    decodeStrings: options.decodeStrings,
    signal: options.signal,
    write(chunk, encoding, callback) {
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      if (error) writer.abort(error).then(() => callback(error), () => callback(error));
      else callback();
    },
  });
}

function duplexToWeb(duplex) {
  return { readable: readableToWeb(duplex), writable: writableToWeb(duplex) };
}

function duplexFromWeb(pair, options = {}) {
  if (pair === null || typeof pair !== 'object') throw invalidArgType('pair', 'of type object', pair);
  const { readable, writable } = pair;
  if (!(readable instanceof ReadableStream)) throw invalidArgType('pair.readable', 'an instance of ReadableStream', readable);
  if (!(writable instanceof WritableStream)) throw invalidArgType('pair.writable', 'an instance of WritableStream', writable);
  const { Duplex } = internals.requireBuiltin('stream');
  const reader = readable.getReader();
  const writer = writable.getWriter();
  const duplex = new Duplex({
    allowHalfOpen: true,
    objectMode: options.objectMode,
    encoding: options.encoding,
    decodeStrings: options.decodeStrings,
    signal: options.signal,
    read() {
      reader.read().then(({ value, done }) => {
        if (done) duplex.push(null);
        else duplex.push(value);
      }, (error) => duplex.destroy(error));
    },
    write(chunk, encoding, callback) {
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      Promise.all([reader.cancel(error), error ? writer.abort(error) : Promise.resolve()])
        .then(() => callback(error), () => callback(error));
    },
  });
  return duplex;
}

internals.webStreamAdapters = {
  readableToWeb, readableFromWeb, writableToWeb, writableFromWeb, duplexToWeb, duplexFromWeb,
  // Whether a stream was ever read or cancelled (fetch's bodyUsed).
  isDisturbed: (stream) => stream[kState].disturbed,
};

module.exports = {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamDefaultController,
  ReadableByteStreamController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};
