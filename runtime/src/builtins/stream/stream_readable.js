// node:stream, part 1: Readable — its state, push() and read(), flowing
// and paused modes, pipe(), async iteration, Readable.from and the
// iterator helpers.
//
// Loaded by stream.js, which passes `shared`: what stream.js and the parts
// before this one define (later parts are reached through `shared.X` at
// call time).
'use strict';

const {
  AbortError, Buffer, Stream, checkDefaultEncoding, chunkTypes, codedError, combineErrors,
  construct, defineGetters, destroy, destroyer, errorOrDestroy, errors, nop, pickHighWaterMark,
  prependListener, undestroy, validateFunction, viewToBuffer,
} = shared;

// ---- Readable ------------------------------------------------------------

function ReadableState(options, stream, isDuplex) {
  if (typeof isDuplex !== 'boolean') isDuplex = stream instanceof shared.Duplex;
  this.objectMode = !!(options && (options.objectMode || (isDuplex && options.readableObjectMode)));
  this.highWaterMark = pickHighWaterMark(options, isDuplex, 'readableHighWaterMark', this.objectMode);
  // Chunks from `bufferIndex` on (as Node: slots before it are taken,
  // null), so taking one does not move the rest (Array#shift would).
  this.buffer = [];
  this.bufferIndex = 0;
  this.length = 0;
  this.pipes = [];
  // null until the stream is first resumed or paused.
  this.flowing = null;
  this.ended = false;
  this.endEmitted = false;
  this.reading = false;
  this.constructed = true;
  // True while _read runs: a push() then waits for read() to hand it out.
  this.sync = true;
  this.needReadable = false;
  this.emittedReadable = false;
  this.readableListening = false;
  this.resumeScheduled = false;
  this.errorEmitted = false;
  this.emitClose = !options || options.emitClose !== false;
  this.autoDestroy = !options || options.autoDestroy !== false;
  this.destroyed = false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this.defaultEncoding = checkDefaultEncoding(options && options.defaultEncoding);
  this.awaitDrainWriters = null;
  this.multiAwaitDrain = false;
  this.readingMore = false;
  this.dataEmitted = false;
  this.dataListening = false;
  // pause()/resume() called: hasPaused; pause() last: paused.
  this.hasPaused = false;
  this.paused = false;
  this.decoder = null;
  this.encoding = null;
  if (options && options.encoding) {
    const { StringDecoder } = internals.requireBuiltin('string_decoder');
    this.decoder = new StringDecoder(options.encoding);
    this.encoding = options.encoding;
  }
}
Object.defineProperty(ReadableState.prototype, 'pipesCount', {
  get() {
    return this.pipes.length;
  },
});

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);
  this._readableState = new ReadableState(options, this, false);
  if (options) {
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.construct === 'function') this._construct = options.construct;
    if (options.signal) shared.addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
  construct(this, readableConstructed);
}
Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);
Readable.ReadableState = ReadableState;

function readableConstructed(stream) {
  const state = stream._readableState;
  if (state.needReadable) maybeReadMore(stream, state);
}

Readable.prototype.destroy = destroy;
Readable.prototype._undestroy = undestroy;
Readable.prototype._destroy = function _destroy(err, cb) {
  cb(err);
};
Readable.prototype[Symbol.for('nodejs.rejection')] = function captureRejection(err) {
  this.destroy(err);
};
if (typeof Symbol.asyncDispose === 'symbol') {
  Readable.prototype[Symbol.asyncDispose] = function asyncDispose() {
    let error;
    if (!this.destroyed) {
      error = this.readableEnded ? null : new AbortError();
      this.destroy(error);
    }
    return new Promise((resolve, reject) => shared.eos(this, (err) => (err && err !== error ? reject(err) : resolve(null))));
  };
}

function canPushMore(state) {
  // Below the mark, or nothing buffered at all (a 0 mark still takes one).
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

Readable.prototype.push = function push(chunk, encoding) {
  const state = this._readableState;
  if (chunk === null) {
    state.reading = false;
    onEndOfChunks(this, state);
    return false;
  }
  if (!state.objectMode) {
    if (typeof chunk === 'string') {
      encoding = encoding || state.defaultEncoding;
      if (state.encoding !== encoding) {
        chunk = Buffer.from(chunk, encoding);
        encoding = '';
      }
    } else if (chunk instanceof Buffer) {
      encoding = '';
    } else if (ArrayBuffer.isView(chunk)) {
      chunk = viewToBuffer(chunk);
      encoding = '';
    } else if (chunk !== undefined) {
      errorOrDestroy(this, errors.argType('chunk', chunkTypes, chunk));
      return false;
    }
    if (!chunk || chunk.length <= 0) {
      state.reading = false;
      maybeReadMore(this, state);
      return canPushMore(state);
    }
  }
  if (state.ended) {
    errorOrDestroy(this, errors.pushAfterEof());
    return false;
  }
  if (state.destroyed || state.errored) return false;
  state.reading = false;
  if (state.decoder && !encoding) {
    chunk = state.decoder.write(chunk);
    if (!state.objectMode && chunk.length === 0) {
      maybeReadMore(this, state);
      return canPushMore(state);
    }
  }
  addChunk(this, state, chunk, false);
  return canPushMore(state);
};

Readable.prototype.unshift = function unshift(chunk, encoding) {
  const state = this._readableState;
  if (chunk === null) {
    state.reading = false;
    onEndOfChunks(this, state);
    return false;
  }
  if (!state.objectMode) {
    if (typeof chunk === 'string') {
      encoding = encoding || state.defaultEncoding;
      if (state.encoding !== encoding) {
        // With setEncoding, the buffer holds strings of that encoding.
        chunk = state.encoding ? Buffer.from(chunk, encoding).toString(state.encoding) : Buffer.from(chunk, encoding);
      }
    } else if (ArrayBuffer.isView(chunk) && !(chunk instanceof Buffer)) {
      chunk = viewToBuffer(chunk);
    } else if (chunk !== undefined && !(chunk instanceof Buffer)) {
      errorOrDestroy(this, errors.argType('chunk', chunkTypes, chunk));
      return false;
    }
    if (!(chunk && chunk.length > 0)) return canPushMore(state);
  }
  if (state.endEmitted) errorOrDestroy(this, errors.unshiftAfterEnd());
  else if (state.destroyed || state.errored) return false;
  else addChunk(this, state, chunk, true);
  return canPushMore(state);
};

function clearAwaitDrain(state) {
  if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
  else state.awaitDrainWriters = null;
}

function addChunk(stream, state, chunk, toFront) {
  if (state.flowing && !state.sync && state.dataListening && state.length === 0) {
    // Flowing with nothing buffered: straight to the 'data' listeners.
    clearAwaitDrain(state);
    state.dataEmitted = true;
    stream.emit('data', chunk);
  } else {
    state.length += state.objectMode ? 1 : chunk.length;
    if (!toFront) state.buffer.push(chunk);
    else if (state.bufferIndex > 0) state.buffer[--state.bufferIndex] = chunk;
    else state.buffer.unshift(chunk);
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

Readable.prototype.isPaused = function isPaused() {
  const state = this._readableState;
  return state.paused || state.flowing === false;
};

Readable.prototype.setEncoding = function setEncoding(enc) {
  const { StringDecoder } = internals.requireBuiltin('string_decoder');
  const state = this._readableState;
  const decoder = new StringDecoder(enc);
  state.decoder = decoder;
  state.encoding = decoder.encoding;
  // What is buffered becomes text too.
  let content = '';
  const buf = state.buffer;
  for (let i = state.bufferIndex; i < buf.length; i++) content += decoder.write(buf[i]);
  state.buffer = [];
  state.bufferIndex = 0;
  if (content !== '') state.buffer.push(content);
  state.length = content.length;
  return this;
};

const MAX_HWM = 0x40000000;
function grownHighWaterMark(n) {
  if (n > MAX_HWM) throw errors.outOfRange('size', '<= 1GiB', n);
  // The next power of two.
  n--;
  n |= n >>> 1;
  n |= n >>> 2;
  n |= n >>> 4;
  n |= n >>> 8;
  n |= n >>> 16;
  return n + 1;
}

// How much read(n) may hand out now.
function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (Number.isNaN(n)) {
    // Flowing: one chunk at a time.
    if (state.flowing && state.length) return state.buffer[state.bufferIndex].length;
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function read(n) {
  if (n === undefined) n = NaN;
  else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
  const state = this._readableState;
  const asked = n;
  if (n > state.highWaterMark) state.highWaterMark = grownHighWaterMark(n);
  if (n !== 0) state.emittedReadable = false;

  // read(0) with enough buffered, or at the end: only signal.
  if (n === 0 && state.needReadable &&
    ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
    if (state.length === 0 && state.ended) endReadable(this);
    else emitReadable(this);
    return null;
  }

  n = howMuchToRead(n, state);
  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }

  // Below the mark (or asked to): call _read, which may push synchronously.
  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
  if (state.reading || state.ended || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (err) {
      errorOrDestroy(this, err);
    }
    state.sync = false;
    if (!state.reading) n = howMuchToRead(asked, state);
  }

  const ret = n > 0 ? takeFromBuffer(n, state) : null;
  if (ret === null) {
    if (state.length <= state.highWaterMark) state.needReadable = true;
    n = 0;
  } else {
    state.length -= n;
    clearAwaitDrain(state);
  }

  if (state.length === 0) {
    // Empty: say 'readable' as soon as something arrives.
    if (!state.ended) state.needReadable = true;
    // Read past the end: 'end' on the next tick.
    if (asked !== n && state.ended) endReadable(this);
  }

  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit('data', ret);
  }
  return ret;
};

// Takes n bytes (or characters, or one object) off the buffer.
function takeFromBuffer(n, state) {
  if (state.length === 0) return null;
  const buf = state.buffer;
  let idx = state.bufferIndex;
  let ret;
  if (state.objectMode) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (!n || n >= state.length) {
    const count = buf.length - idx;
    if (state.decoder) {
      ret = '';
      for (let i = idx; i < buf.length; i++) ret += buf[i];
    } else if (count === 0) {
      ret = Buffer.alloc(0);
    } else if (count === 1) {
      ret = buf[idx];
    } else {
      ret = Buffer.concat(idx === 0 ? buf : buf.slice(idx), state.length);
    }
    idx = buf.length;
  } else if (n < buf[idx].length) {
    const first = buf[idx];
    buf[idx] = first.slice(n);
    return first.slice(0, n);
  } else if (n === buf[idx].length) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (state.decoder) {
    ret = '';
    while (ret.length < n) {
      const s = buf[idx];
      const want = n - ret.length;
      if (want >= s.length) {
        ret += s;
        buf[idx++] = null;
      } else {
        ret += s.slice(0, want);
        buf[idx] = s.slice(want);
      }
    }
  } else {
    ret = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const b = buf[idx];
      const want = n - filled;
      if (want >= b.length) {
        ret.set(b, filled);
        filled += b.length;
        buf[idx++] = null;
      } else {
        ret.set(b.subarray(0, want), filled);
        buf[idx] = b.subarray(want);
        filled += want;
      }
    }
  }
  // Emptied: start over; far ahead: drop the taken slots.
  if (idx === buf.length) {
    buf.length = 0;
    state.bufferIndex = 0;
  } else if (idx > 1024) {
    buf.splice(0, idx);
    state.bufferIndex = 0;
  } else {
    state.bufferIndex = idx;
  }
  return ret;
}

function onEndOfChunks(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const rest = state.decoder.end();
    if (rest && rest.length) {
      state.buffer.push(rest);
      state.length += state.objectMode ? 1 : rest.length;
    }
  }
  state.ended = true;
  if (state.sync) {
    // push(null) inside _read: 'readable' (or the flow) on the next tick.
    emitReadable(stream);
  } else {
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadableNow(stream);
  }
}

function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    process.nextTick(emitReadableNow, stream);
  }
}

function emitReadableNow(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit('readable');
    state.emittedReadable = false;
  }
  if (!state.flowing && !state.ended && state.length <= state.highWaterMark) state.needReadable = true;
  flow(stream);
}

// Fills the buffer up to the mark ahead of the consumer, on the next tick.
function maybeReadMore(stream, state) {
  if (!state.readingMore && state.constructed) {
    state.readingMore = true;
    process.nextTick(readMore, stream, state);
  }
}

function readMore(stream, state) {
  while (!state.reading && !state.ended &&
    (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
    const before = state.length;
    stream.read(0);
    if (before === state.length) break;
  }
  state.readingMore = false;
}

Readable.prototype._read = function _read() {
  throw errors.notImplemented('_read()');
};

Readable.prototype.pipe = function pipe(dest, pipeOpts) {
  const src = this;
  const state = this._readableState;
  if (state.pipes.length === 1 && !state.multiAwaitDrain) {
    state.multiAwaitDrain = true;
    state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
  }
  state.pipes.push(dest);

  const doEnd = (!pipeOpts || pipeOpts.end !== false) && dest !== process.stdout && dest !== process.stderr;
  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) process.nextTick(endFn);
  else src.once('end', endFn);

  dest.on('unpipe', onunpipe);
  function onunpipe(readable, info) {
    if (readable === src && info && info.hasUnpiped === false) {
      info.hasUnpiped = true;
      cleanup();
    }
  }

  function onend() {
    dest.end();
  }

  let ondrain;
  let cleanedUp = false;
  function cleanup() {
    dest.removeListener('close', onclose);
    dest.removeListener('finish', onfinish);
    if (ondrain) dest.removeListener('drain', ondrain);
    dest.removeListener('error', onerror);
    dest.removeListener('unpipe', onunpipe);
    src.removeListener('end', onend);
    src.removeListener('end', unpipe);
    src.removeListener('data', ondata);
    cleanedUp = true;
    // No longer waiting for this destination's 'drain'.
    if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
  }

  function pause() {
    if (!cleanedUp) {
      if (state.pipes.length === 1 && state.pipes[0] === dest) {
        state.awaitDrainWriters = dest;
        state.multiAwaitDrain = false;
      } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
        state.awaitDrainWriters.add(dest);
      }
      src.pause();
    }
    if (!ondrain) {
      ondrain = drainHandler(src, dest);
      dest.on('drain', ondrain);
    }
  }

  src.on('data', ondata);
  function ondata(chunk) {
    if (dest.write(chunk) === false) pause();
  }

  function onerror(er) {
    unpipe();
    dest.removeListener('error', onerror);
    if (dest.listenerCount('error') === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) errorOrDestroy(dest, er);
      else dest.emit('error', er);
    }
  }
  prependListener(dest, 'error', onerror);

  function onclose() {
    dest.removeListener('finish', onfinish);
    unpipe();
  }
  dest.once('close', onclose);
  function onfinish() {
    dest.removeListener('close', onclose);
    unpipe();
  }
  dest.once('finish', onfinish);

  function unpipe() {
    src.unpipe(dest);
  }

  dest.emit('pipe', src);

  if (dest.writableNeedDrain === true) pause();
  else if (!state.flowing) src.resume();
  return dest;
};

function drainHandler(src, dest) {
  return function pipeOnDrain() {
    const state = src._readableState;
    if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
    else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
    if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && state.dataListening) src.resume();
  };
}

Readable.prototype.unpipe = function unpipe(dest) {
  const state = this._readableState;
  if (state.pipes.length === 0) return this;
  if (!dest) {
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (const d of dests) d.emit('unpipe', this, { hasUnpiped: false });
    return this;
  }
  const index = state.pipes.indexOf(dest);
  if (index === -1) return this;
  state.pipes.splice(index, 1);
  if (state.pipes.length === 0) this.pause();
  dest.emit('unpipe', this, { hasUnpiped: false });
  return this;
};

Readable.prototype.on = function on(ev, fn) {
  const res = Stream.prototype.on.call(this, ev, fn);
  const state = this._readableState;
  if (ev === 'data') {
    state.dataListening = true;
    if (this.listenerCount('readable') > 0) state.readableListening = true;
    // A 'data' listener starts the flow, unless paused explicitly.
    if (state.flowing !== false) this.resume();
  } else if (ev === 'readable') {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = true;
      state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) emitReadable(this);
      else if (!state.reading) process.nextTick(readZero, this);
    }
  }
  return res;
};
Readable.prototype.addListener = Readable.prototype.on;

Readable.prototype.removeListener = function removeListener(ev, fn) {
  const res = Stream.prototype.removeListener.call(this, ev, fn);
  if (ev === 'readable') process.nextTick(updateReadableListening, this);
  else if (ev === 'data' && this.listenerCount('data') === 0) this._readableState.dataListening = false;
  return res;
};
Readable.prototype.off = Readable.prototype.removeListener;

Readable.prototype.removeAllListeners = function removeAllListeners(ev) {
  const res = Stream.prototype.removeAllListeners.apply(this, arguments);
  if (ev === 'readable' || ev === undefined) process.nextTick(updateReadableListening, this);
  return res;
};

function updateReadableListening(self) {
  const state = self._readableState;
  state.readableListening = self.listenerCount('readable') > 0;
  if (state.hasPaused && !state.paused && state.resumeScheduled) state.flowing = true;
  else if (state.dataListening) self.resume();
  else if (!state.readableListening) state.flowing = null;
}

function readZero(self) {
  self.read(0);
}

Readable.prototype.resume = function resume() {
  const state = this._readableState;
  if (!state.flowing) {
    // With 'readable' listeners, 'readable' keeps control.
    state.flowing = !state.readableListening;
    if (!state.resumeScheduled) {
      state.resumeScheduled = true;
      process.nextTick(resumeNow, this, state);
    }
  }
  state.hasPaused = true;
  state.paused = false;
  return this;
};

function resumeNow(stream, state) {
  if (!state.reading) stream.read(0);
  state.resumeScheduled = false;
  stream.emit('resume');
  flow(stream);
  if (state.flowing && !state.reading) stream.read(0);
}

Readable.prototype.pause = function pause() {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  state.hasPaused = true;
  state.paused = true;
  return this;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing && stream.read() !== null);
}

// Wraps an old-style stream (only 'data'/'end' events) as a Readable.
Readable.prototype.wrap = function wrap(stream) {
  let paused = false;
  stream.on('data', (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });
  stream.on('end', () => this.push(null));
  stream.on('error', (err) => errorOrDestroy(this, err));
  stream.on('close', () => this.destroy());
  stream.on('destroy', () => this.destroy());
  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };
  for (const key of Object.keys(stream)) {
    if (this[key] === undefined && typeof stream[key] === 'function') this[key] = stream[key].bind(stream);
  }
  return this;
};

Readable.prototype[Symbol.asyncIterator] = function asyncIterator() {
  return streamIterator(this);
};

Readable.prototype.iterator = function iterator(options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw errors.argType('options', 'of type object', options);
  }
  return streamIterator(this, options);
};

function streamIterator(stream, options) {
  if (typeof stream.read !== 'function') stream = Readable.wrap(stream, { objectMode: true });
  const ctl = { started: false, done: false, error: undefined, finish: null };
  const gen = readChunks(stream, options, ctl);
  // QuickJS does not wait for return() when the body of a for-await loop
  // throws (the language says to): without this the stream would still be
  // alive in the loop's catch block. return() tears it down at once.
  const iter = Object.create(Object.getPrototypeOf(gen));
  iter.next = (v) => gen.next(v);
  iter.throw = (e) => gen.throw(e);
  iter.return = (v) => {
    if (ctl.started && !ctl.done) ctl.finish();
    return gen.return(v);
  };
  iter.stream = stream;
  return iter;
}

async function* readChunks(stream, options, ctl) {
  ctl.started = true;
  // Resolves the wait below on 'readable' or at the end of the stream.
  let wake = nop;
  function onReadable() {
    const w = wake;
    wake = nop;
    w();
  }
  stream.on('readable', onReadable);
  // ctl.error: undefined while going on; null once ended cleanly; else
  // the error.
  const stopWatching = shared.eos(stream, { writable: false }, (err) => {
    ctl.error = err ? combineErrors(ctl.error, err) : null;
    onReadable();
  });
  ctl.finish = () => {
    if (ctl.done) return;
    ctl.done = true;
    const error = ctl.error;
    if ((error || !options || options.destroyOnReturn !== false) &&
      (error === undefined || stream._readableState.autoDestroy)) {
      destroyer(stream, null);
    } else {
      stream.off('readable', onReadable);
      stopWatching();
    }
  };
  try {
    for (;;) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) yield chunk;
      else if (ctl.error) throw ctl.error;
      else if (ctl.error === null) return;
      else await new Promise((resolve) => { wake = resolve; });
    }
  } catch (err) {
    ctl.error = combineErrors(ctl.error, err);
    throw ctl.error;
  } finally {
    ctl.finish();
  }
}


defineGetters(Readable.prototype, {
  readable: {
    get() {
      const r = this._readableState;
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    set(v) {
      if (this._readableState) this._readableState.readable = !!v;
    },
  },
  readableDidRead: { get() { return this._readableState.dataEmitted; } },
  readableAborted: {
    get() {
      const r = this._readableState;
      return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
    },
  },
  readableHighWaterMark: { get() { return this._readableState.highWaterMark; } },
  readableBuffer: { get() { return this._readableState && this._readableState.buffer; } },
  readableFlowing: {
    get() { return this._readableState.flowing; },
    set(v) {
      if (this._readableState) this._readableState.flowing = v;
    },
  },
  readableLength: { get() { return this._readableState.length; } },
  readableObjectMode: { get() { return this._readableState ? this._readableState.objectMode : false; } },
  readableEncoding: { get() { return this._readableState ? this._readableState.encoding : null; } },
  errored: { get() { return this._readableState ? this._readableState.errored : null; } },
  closed: { get() { return this._readableState ? this._readableState.closed : false; } },
  destroyed: {
    get() { return this._readableState ? this._readableState.destroyed : false; },
    set(v) {
      if (this._readableState) this._readableState.destroyed = v;
    },
  },
  readableEnded: { get() { return this._readableState ? this._readableState.endEmitted : false; } },
});

function endReadable(stream) {
  const state = stream._readableState;
  if (!state.endEmitted) {
    state.ended = true;
    process.nextTick(endReadableNow, state, stream);
  }
}

function endReadableNow(state, stream) {
  if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
    state.endEmitted = true;
    stream.emit('end');
    if (stream.writable && stream.allowHalfOpen === false) {
      process.nextTick(endWritableNow, stream);
    } else if (state.autoDestroy) {
      // Destroy once both sides are done.
      const w = stream._writableState;
      if (!w || (w.autoDestroy && (w.finished || w.writable === false))) stream.destroy();
    }
  }
}

function endWritableNow(stream) {
  if (stream.writable && !stream.writableEnded && !stream.destroyed) stream.end();
}

Readable.from = function from(iterable, opts) {
  return readableFrom(Readable, iterable, opts);
};

// A readable over an iterable: values of a sync iterator are pushed
// synchronously from _read (until one is a promise), an async iterator's
// one per resolved next().
function readableFrom(Ctor, iterable, opts) {
  if (typeof iterable === 'string' || iterable instanceof Buffer) {
    return new Ctor({
      objectMode: true,
      ...opts,
      read() {
        this.push(iterable);
        this.push(null);
      },
    });
  }
  let iterator;
  let isAsync;
  if (iterable && iterable[Symbol.asyncIterator]) {
    isAsync = true;
    iterator = iterable[Symbol.asyncIterator]();
  } else if (iterable && iterable[Symbol.iterator]) {
    isAsync = false;
    iterator = iterable[Symbol.iterator]();
  } else {
    throw errors.argType('iterable', 'an instance of Iterable', iterable);
  }
  const readable = new Ctor({ objectMode: true, highWaterMark: 1, ...opts });
  let reading = false;
  let promisedValues = false;

  readable._read = function _read() {
    if (!reading) {
      reading = true;
      if (isAsync) pullAsync();
      else if (promisedValues) pullSyncAwaiting();
      else pullSync();
    }
  };

  readable._destroy = function _destroy(error, cb) {
    closeIterator(error).then(
      () => process.nextTick(cb, error),
      (e) => process.nextTick(cb, e || error));
  };

  async function closeIterator(error) {
    const hadError = error !== undefined && error !== null;
    if (hadError && typeof iterator.throw === 'function') {
      const { value, done } = await iterator.throw(error);
      await value;
      if (done) return;
    }
    if (typeof iterator.return === 'function') {
      const { value } = await iterator.return();
      await value;
    }
  }

  // Pushes one value; false once the stream wants no more for now.
  function pushValue(value) {
    if (value === null) {
      reading = false;
      throw errors.nullValues();
    }
    if (readable.push(value)) return true;
    reading = false;
    return false;
  }

  function pullSync() {
    try {
      for (;;) {
        const { value, done } = iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        if (value && typeof value.then === 'function') {
          switchToAwaiting(value);
          return;
        }
        if (!pushValue(value)) return;
      }
    } catch (err) {
      readable.destroy(err);
    }
  }

  async function switchToAwaiting(pending) {
    promisedValues = true;
    try {
      if (pushValue(await pending)) pullSyncAwaiting();
    } catch (err) {
      readable.destroy(err);
    }
  }

  async function pullSyncAwaiting() {
    try {
      for (;;) {
        const { value, done } = iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        const res = value && typeof value.then === 'function' ? await value : value;
        if (!pushValue(res)) return;
      }
    } catch (err) {
      readable.destroy(err);
    }
  }

  async function pullAsync() {
    try {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        if (!pushValue(value)) return;
      }
    } catch (err) {
      readable.destroy(err);
    }
  }

  return readable;
}

Readable.wrap = function wrap(src, options) {
  return new Readable({
    objectMode: src.readableObjectMode ?? src.objectMode ?? true,
    ...options,
    destroy(err, callback) {
      destroyer(src, err);
      callback(err);
    },
  }).wrap(src);
};

// The iterator helpers (experimental in Node): one chunk at a time.
function signalOf(options) {
  return options && options.signal;
}

function checkAborted(options) {
  const signal = signalOf(options);
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

Readable.prototype.map = function map(fn, options) {
  validateFunction(fn, 'fn');
  const src = this;
  return Readable.from((async function* mapped() {
    for await (const chunk of src) {
      checkAborted(options);
      yield await fn(chunk, { signal: signalOf(options) });
    }
  })());
};
Readable.prototype.filter = function filter(fn, options) {
  validateFunction(fn, 'fn');
  const src = this;
  return Readable.from((async function* filtered() {
    for await (const chunk of src) {
      checkAborted(options);
      if (await fn(chunk, { signal: signalOf(options) })) yield chunk;
    }
  })());
};
Readable.prototype.flatMap = function flatMap(fn, options) {
  validateFunction(fn, 'fn');
  const src = this;
  return Readable.from((async function* flat() {
    for await (const chunk of src) yield* await fn(chunk, { signal: signalOf(options) });
  })());
};
Readable.prototype.drop = function drop(n, options) {
  const count = Number(n);
  const src = this;
  return Readable.from((async function* dropped() {
    let left = count;
    for await (const chunk of src) {
      checkAborted(options);
      if (left-- <= 0) yield chunk;
    }
  })());
};
Readable.prototype.take = function take(n, options) {
  const count = Number(n);
  const src = this;
  return Readable.from((async function* taken() {
    let left = count;
    if (left <= 0) return;
    for await (const chunk of src) {
      checkAborted(options);
      yield chunk;
      if (--left <= 0) return;
    }
  })());
};
// Readable.prototype.asIndexedPairs: removed in Node 22.
Readable.prototype.toArray = async function toArray(options) {
  const out = [];
  for await (const chunk of this) {
    checkAborted(options);
    out.push(chunk);
  }
  return out;
};
Readable.prototype.forEach = async function forEach(fn, options) {
  validateFunction(fn, 'fn');
  for await (const chunk of this) await fn(chunk, { signal: signalOf(options) });
};
Readable.prototype.some = async function some(fn, options) {
  validateFunction(fn, 'fn');
  for await (const chunk of this) if (await fn(chunk, { signal: signalOf(options) })) return true;
  return false;
};
Readable.prototype.every = async function every(fn, options) {
  validateFunction(fn, 'fn');
  for await (const chunk of this) if (!(await fn(chunk, { signal: signalOf(options) }))) return false;
  return true;
};
Readable.prototype.find = async function find(fn, options) {
  validateFunction(fn, 'fn');
  for await (const chunk of this) if (await fn(chunk, { signal: signalOf(options) })) return chunk;
  return undefined;
};
Readable.prototype.reduce = async function reduce(fn, initial, options) {
  validateFunction(fn, 'reducer');
  let acc = initial;
  let first = arguments.length < 2;
  for await (const chunk of this) {
    if (first) {
      acc = chunk;
      first = false;
    } else {
      acc = await fn(acc, chunk, { signal: signalOf(options) });
    }
  }
  if (first) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'Reduce of an empty stream requires an initial value');
  return acc;
};

Object.assign(shared, {
  MAX_HWM, Readable, ReadableState, addChunk, canPushMore, checkAborted, clearAwaitDrain,
  drainHandler, emitReadable, emitReadableNow, endReadable, endReadableNow, endWritableNow, flow,
  grownHighWaterMark, howMuchToRead, maybeReadMore, onEndOfChunks, readChunks, readMore, readZero,
  readableConstructed, readableFrom, resumeNow, signalOf, streamIterator, takeFromBuffer,
  updateReadableListening,
});
