// node:stream, part 2: Writable — its state, write() and buffering,
// cork(), end(), _final and 'finish'.
//
// Loaded by stream.js, which passes `shared`: what stream.js and the parts
// before this one define (later parts are reached through `shared.X` at
// call time).
'use strict';

const {
  Buffer, Stream, checkDefaultEncoding, chunkTypes, construct, defineGetters, destroy,
  errorOrDestroy, errors, hasInstance, nop, pickHighWaterMark, undestroy, viewToBuffer,
} = shared;

// ---- Writable ------------------------------------------------------------

function WritableState(options, stream, isDuplex) {
  if (typeof isDuplex !== 'boolean') isDuplex = stream instanceof shared.Duplex;
  this.objectMode = !!(options && (options.objectMode || (isDuplex && options.writableObjectMode)));
  this.highWaterMark = pickHighWaterMark(options, isDuplex, 'writableHighWaterMark', this.objectMode);
  this.finalCalled = false;
  this.needDrain = false;
  // end() called (ending), and returned (ended).
  this.ending = false;
  this.ended = false;
  this.finished = false;
  this.destroyed = false;
  this.decodeStrings = !(options && options.decodeStrings === false);
  this.defaultEncoding = checkDefaultEncoding(options && options.defaultEncoding);
  this.length = 0;
  this.writing = false;
  this.corked = 0;
  // True while _write runs: its callback, if called now, defers to a tick.
  this.sync = true;
  this.bufferProcessing = false;
  this.onwrite = onwrite.bind(undefined, stream);
  this.writecb = null;
  this.expectWriteCb = false;
  this.writelen = 0;
  this.afterWriteTickInfo = null;
  this.afterWritePending = false;
  resetBuffer(this);
  this.pendingcb = 0;
  this.constructed = true;
  this.prefinished = false;
  this.errorEmitted = false;
  this.emitClose = !options || options.emitClose !== false;
  this.autoDestroy = !options || options.autoDestroy !== false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this.onFinished = [];
}

function resetBuffer(state) {
  state.buffered = [];
  state.bufferedIndex = 0;
  state.allBuffers = true;
  state.allNoop = true;
}

WritableState.prototype.getBuffer = function getBuffer() {
  return this.buffered.slice(this.bufferedIndex);
};
Object.defineProperty(WritableState.prototype, 'bufferedRequestCount', {
  get() {
    return this.buffered.length - this.bufferedIndex;
  },
});

// The writable-side implementation methods and signal a constructor's
// options may give (Duplex takes them too, plus `read`).
function takeWritableOptions(stream, options) {
  if (typeof options.write === 'function') stream._write = options.write;
  if (typeof options.writev === 'function') stream._writev = options.writev;
  if (typeof options.destroy === 'function') stream._destroy = options.destroy;
  if (typeof options.final === 'function') stream._final = options.final;
  if (typeof options.construct === 'function') stream._construct = options.construct;
  if (options.signal) shared.addAbortSignal(options.signal, stream);
}

function Writable(options) {
  if (!(this instanceof Writable)) return new Writable(options);
  this._writableState = new WritableState(options, this, false);
  if (options) takeWritableOptions(this, options);
  Stream.call(this, options);
  construct(this, writableConstructed);
}
Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);
Writable.WritableState = WritableState;

function writableConstructed(stream) {
  const state = stream._writableState;
  if (!state.writing) clearBuffer(stream, state);
  if (state.ending) finishMaybe(stream, state);
}

// A Duplex is a Writable too, though its prototype chain says Readable.
Object.defineProperty(Writable, Symbol.hasInstance, {
  value: function hasWritableInstance(object) {
    if (hasInstance.call(this, object)) return true;
    if (this !== Writable) return false;
    return !!(object && object._writableState instanceof WritableState);
  },
});

Writable.prototype.pipe = function pipe() {
  errorOrDestroy(this, errors.cannotPipe());
};

function writeChunk(stream, chunk, encoding, cb) {
  const state = stream._writableState;
  if (typeof cb !== 'function') cb = nop;
  if (chunk === null) throw errors.nullValues();
  if (!state.objectMode) {
    if (!encoding) encoding = state.defaultEncoding;
    else if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw errors.unknownEncoding(encoding);
    if (typeof chunk === 'string') {
      if (state.decodeStrings) {
        chunk = Buffer.from(chunk, encoding);
        encoding = 'buffer';
      }
    } else if (chunk instanceof Buffer) {
      encoding = 'buffer';
    } else if (ArrayBuffer.isView(chunk)) {
      chunk = viewToBuffer(chunk);
      encoding = 'buffer';
    } else {
      throw errors.argType('chunk', chunkTypes, chunk);
    }
  }
  let err;
  if (state.ending) err = errors.writeAfterEnd();
  else if (state.destroyed) err = errors.destroyed('write');
  if (err) {
    process.nextTick(cb, err);
    errorOrDestroy(stream, err, true);
    return err;
  }
  state.pendingcb++;
  return writeOrBuffer(stream, state, chunk, encoding, cb);
}

Writable.prototype.write = function write(chunk, encoding, cb) {
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  return writeChunk(this, chunk, encoding, cb) === true;
};

Writable.prototype.cork = function cork() {
  this._writableState.corked++;
};

Writable.prototype.uncork = function uncork() {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.writing) clearBuffer(this, state);
  }
};

Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
  if (typeof encoding === 'string') encoding = encoding.toLowerCase();
  if (!Buffer.isEncoding(encoding)) throw errors.unknownEncoding(encoding);
  this._writableState.defaultEncoding = encoding === 'utf-8' ? 'utf8' : encoding;
  return this;
};

function writeOrBuffer(stream, state, chunk, encoding, callback) {
  const len = state.objectMode ? 1 : chunk.length;
  state.length += len;
  if (state.writing || state.errored || state.corked || !state.constructed) {
    state.buffered.push({ chunk, encoding, callback });
    if (state.allBuffers && encoding !== 'buffer') state.allBuffers = false;
    if (state.allNoop && callback !== nop) state.allNoop = false;
  } else {
    state.writelen = len;
    if (callback !== nop) state.writecb = callback;
    state.writing = true;
    state.sync = true;
    state.expectWriteCb = true;
    stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }
  // Measured after a synchronous _write has completed.
  const ret = state.length < state.highWaterMark || state.length === 0;
  if (!ret) state.needDrain = true;
  // false when failed, to stop `while (w.write(x))` loops.
  return ret && !state.destroyed && !state.errored;
}

function doWrite(stream, state, writev, len, chunk, encoding, cb) {
  state.writelen = len;
  if (cb !== nop) state.writecb = cb;
  state.writing = true;
  state.sync = true;
  state.expectWriteCb = true;
  if (state.destroyed) state.onwrite(errors.destroyed('write'));
  else if (writev) stream._writev(chunk, state.onwrite);
  else stream._write(chunk, encoding, state.onwrite);
  state.sync = false;
}

function onwriteError(stream, state, er, cb) {
  --state.pendingcb;
  cb(er);
  // Buffered writes fail too; then the error (after the callback).
  errorBuffer(state);
  errorOrDestroy(stream, er);
}

function onwrite(stream, er) {
  const state = stream._writableState;
  if (!state.expectWriteCb) {
    errorOrDestroy(stream, errors.multipleCallback());
    return;
  }
  const sync = state.sync;
  const cb = state.writecb || nop;
  state.writecb = null;
  state.writing = false;
  state.expectWriteCb = false;
  state.length -= state.writelen;
  state.writelen = 0;
  if (er) {
    if (!state.errored) state.errored = er;
    if (stream._readableState && !stream._readableState.errored) stream._readableState.errored = er;
    if (sync) process.nextTick(onwriteError, stream, state, er, cb);
    else onwriteError(stream, state, er, cb);
    return;
  }
  if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
  if (!sync) {
    afterWrite(stream, state, 1, cb);
    return;
  }
  // Completed synchronously: callbacks and 'drain' wait for the next tick
  // (consecutive writes with the same callback share one). Node's test for
  // this reads the object-mode bit where it meant "destroyed"; kept, since
  // it decides when 'finish' comes.
  const needDrain = state.needDrain && state.length === 0;
  const needTick = needDrain || state.objectMode || cb !== nop;
  if (cb === nop) {
    if (!state.afterWritePending && needTick) {
      process.nextTick(afterWrite, stream, state, 1, cb);
      state.afterWritePending = true;
    } else {
      state.pendingcb--;
      if (state.ending) finishMaybe(stream, state, true);
    }
  } else if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
    state.afterWriteTickInfo.count++;
  } else {
    state.afterWriteTickInfo = { count: 1, cb, stream, state };
    process.nextTick(afterWriteTick, state.afterWriteTickInfo);
    state.afterWritePending = true;
  }
}

function afterWriteTick({ stream, state, count, cb }) {
  state.afterWriteTickInfo = null;
  return afterWrite(stream, state, count, cb);
}

function afterWrite(stream, state, count, cb) {
  state.afterWritePending = false;
  const needDrain = !state.ending && !state.destroyed && state.needDrain && state.length === 0;
  if (needDrain) {
    state.needDrain = false;
    stream.emit('drain');
  }
  while (count-- > 0) {
    state.pendingcb--;
    cb(null);
  }
  if (state.destroyed) errorBuffer(state);
  if (state.ending) finishMaybe(stream, state, true);
}

// Fails every buffered write (and end() callback) of a destroyed stream.
function errorBuffer(state) {
  if (state.writing) return;
  for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
    const { chunk, callback } = state.buffered[n];
    state.length -= state.objectMode ? 1 : chunk.length;
    callback(state.errored || errors.destroyed('write'));
  }
  callFinishedCallbacks(state, state.errored || errors.destroyed('end'));
  resetBuffer(state);
}

function clearBuffer(stream, state) {
  if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
  const { buffered, bufferedIndex, objectMode } = state;
  const count = buffered.length - bufferedIndex;
  if (!count) return;
  let i = bufferedIndex;
  state.bufferProcessing = true;
  if (count > 1 && stream._writev) {
    state.pendingcb -= count - 1;
    const callback = state.allNoop ? nop : (err) => {
      for (let n = i; n < buffered.length; ++n) buffered[n].callback(err);
    };
    const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
    chunks.allBuffers = state.allBuffers;
    doWrite(stream, state, true, state.length, chunks, '', callback);
    resetBuffer(state);
  } else {
    do {
      const { chunk, encoding, callback } = buffered[i];
      buffered[i++] = null;
      doWrite(stream, state, false, objectMode ? 1 : chunk.length, chunk, encoding, callback);
    } while (i < buffered.length && !state.writing);
    if (i === buffered.length) {
      resetBuffer(state);
    } else if (i > 256) {
      buffered.splice(0, i);
      state.bufferedIndex = 0;
    } else {
      state.bufferedIndex = i;
    }
  }
  state.bufferProcessing = false;
}

Writable.prototype._write = function _write(chunk, encoding, cb) {
  if (this._writev) this._writev([{ chunk, encoding }], cb);
  else throw errors.notImplemented('_write()');
};
Writable.prototype._writev = null;

Writable.prototype.end = function end(chunk, encoding, cb) {
  const state = this._writableState;
  if (typeof chunk === 'function') {
    cb = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  let err;
  if (chunk !== null && chunk !== undefined) {
    const ret = writeChunk(this, chunk, encoding);
    if (ret instanceof Error) err = ret;
  }
  // end() uncorks fully.
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }
  if (err) {
    // Already reported by write.
  } else if (!state.ending && !state.errored) {
    state.ending = true;
    finishMaybe(this, state, true);
    state.ended = true;
  } else if (state.finished) {
    err = errors.alreadyFinished('end');
  } else if (state.destroyed) {
    err = errors.destroyed('end');
  }
  if (typeof cb === 'function') {
    if (err) process.nextTick(cb, err);
    else if (state.errored) process.nextTick(cb, state.errored);
    else if (state.finished) process.nextTick(cb, null);
    else state.onFinished.push(cb);
  }
  return this;
};

function needFinish(state) {
  return state.ending && state.constructed && state.length === 0 && !state.destroyed && !state.finished &&
    !state.writing && !state.errorEmitted && !state.closeEmitted && !state.errored &&
    state.buffered.length === 0;
}

function callFinishedCallbacks(state, err) {
  for (const cb of state.onFinished.splice(0)) cb(err);
}

function onFinal(stream, state, err) {
  if (state.prefinished) {
    errorOrDestroy(stream, err !== undefined && err !== null ? err : errors.multipleCallback());
    return;
  }
  state.pendingcb--;
  if (err) {
    callFinishedCallbacks(state, err);
    errorOrDestroy(stream, err, state.sync);
  } else if (needFinish(state)) {
    state.prefinished = true;
    stream.emit('prefinish');
    // 'finish' always comes a tick after _final's callback.
    state.pendingcb++;
    process.nextTick(finish, stream, state);
  }
}

function prefinish(stream, state) {
  if (state.prefinished || state.finalCalled) return;
  if (typeof stream._final === 'function' && !state.destroyed) {
    state.finalCalled = true;
    state.sync = true;
    state.pendingcb++;
    try {
      stream._final((err) => onFinal(stream, state, err));
    } catch (err) {
      onFinal(stream, state, err);
    }
    state.sync = false;
  } else {
    state.finalCalled = true;
    state.prefinished = true;
    stream.emit('prefinish');
  }
}

function finishMaybe(stream, state, sync) {
  if (!needFinish(state)) return;
  prefinish(stream, state);
  if (state.pendingcb !== 0) return;
  if (sync) {
    state.pendingcb++;
    process.nextTick((s, st) => {
      if (needFinish(st)) finish(s, st);
      else st.pendingcb--;
    }, stream, state);
  } else if (needFinish(state)) {
    state.pendingcb++;
    finish(stream, state);
  }
}

function finish(stream, state) {
  state.pendingcb--;
  state.finished = true;
  callFinishedCallbacks(state, null);
  stream.emit('finish');
  if (state.autoDestroy) {
    // A Duplex is destroyed once both sides are done.
    const r = stream._readableState;
    if (!r || (r.autoDestroy && (r.endEmitted || r.readable === false))) stream.destroy();
  }
}

defineGetters(Writable.prototype, {
  closed: { get() { return this._writableState ? this._writableState.closed : false; } },
  destroyed: {
    get() { return this._writableState ? this._writableState.destroyed : false; },
    set(v) {
      if (this._writableState) this._writableState.destroyed = v;
    },
  },
  writable: {
    get() {
      const w = this._writableState;
      return !!w && w.writable !== false && !w.errored && !w.ending && !w.ended && !w.destroyed;
    },
    set(v) {
      if (this._writableState) this._writableState.writable = !!v;
    },
  },
  writableFinished: { get() { return this._writableState ? this._writableState.finished : false; } },
  writableObjectMode: { get() { return this._writableState ? this._writableState.objectMode : false; } },
  writableBuffer: { get() { return this._writableState && this._writableState.getBuffer(); } },
  writableEnded: { get() { return this._writableState ? this._writableState.ending : false; } },
  writableNeedDrain: {
    get() {
      const w = this._writableState;
      return w ? !w.destroyed && !w.ending && w.needDrain : false;
    },
  },
  writableHighWaterMark: { get() { return this._writableState && this._writableState.highWaterMark; } },
  writableCorked: { get() { return this._writableState ? this._writableState.corked : 0; } },
  writableLength: { get() { return this._writableState && this._writableState.length; } },
  errored: { get() { return this._writableState ? this._writableState.errored : null; } },
  writableAborted: {
    get() {
      const w = this._writableState;
      return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished);
    },
  },
});

Writable.prototype.destroy = function destroyWritable(err, cb) {
  const state = this._writableState;
  // Pending write and end() callbacks fail on the next tick.
  if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state.onFinished.length)) {
    process.nextTick(errorBuffer, state);
  }
  destroy.call(this, err, cb);
  return this;
};
Writable.prototype._undestroy = undestroy;
Writable.prototype._destroy = function _destroy(err, cb) {
  cb(err);
};
Writable.prototype[Symbol.for('nodejs.rejection')] = function captureRejection(err) {
  this.destroy(err);
};

Object.assign(shared, {
  Writable, WritableState, afterWrite, afterWriteTick, callFinishedCallbacks, clearBuffer, doWrite,
  errorBuffer, finish, finishMaybe, needFinish, onFinal, onwrite, onwriteError, prefinish,
  resetBuffer, takeWritableOptions, writableConstructed, writeChunk, writeOrBuffer,
});
