// node:stream, part 4: finished (end-of-stream), pipeline, compose,
// addAbortSignal and the promise forms.
//
// Loaded by stream.js, which passes `shared`: what stream.js and the parts
// before this one define (later parts are reached through `shared.X` at
// call time).
'use strict';

const {
  AbortError, Duplex, PassThrough, Readable, combineErrors, destroy, destroyer, errors, finish,
  isClosed, isIterable, isNodeStream, isReadable, isReadableFinished, isReadableNodeStream,
  isWritable, isWritableFinished, isWritableNodeStream, nop, readableErrored, validateAbortSignal,
  validateFunction, willEmitClose, wrapSides, writableErrored,
} = shared;

// ---- finished ------------------------------------------------------------

function once(fn) {
  let called = false;
  return function onceCall(...args) {
    if (called) return undefined;
    called = true;
    return fn.apply(this, args);
  };
}

// Calls back once the stream is done: ended and/or finished (as asked),
// errored, or closed too early.
function eos(stream, options, callback) {
  if (arguments.length === 2) {
    callback = options;
    options = {};
  } else if (options == null) {
    options = {};
  } else if (typeof options !== 'object' || Array.isArray(options)) {
    throw errors.argType('options', 'of type object', options);
  }
  validateFunction(callback, 'callback');
  validateAbortSignal(options.signal, 'options.signal');
  callback = once(callback);

  if (!isNodeStream(stream)) {
    throw errors.argType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }

  const readable = options.readable ?? isReadableNodeStream(stream);
  const writable = options.writable ?? isWritableNodeStream(stream);
  const wState = stream._writableState;
  const rState = stream._readableState;

  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };

  // With autoDestroy and emitClose, 'close' follows 'end'/'finish': wait.
  let waitClose = willEmitClose(stream) && isReadableNodeStream(stream) === readable &&
    isWritableNodeStream(stream) === writable;

  let writableFinished = isWritableFinished(stream, false);
  const onfinish = () => {
    writableFinished = true;
    if (stream.destroyed) waitClose = false;
    if (waitClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };

  let readableFinished = isReadableFinished(stream, false);
  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) waitClose = false;
    if (waitClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };

  const onerror = (err) => {
    callback.call(stream, err);
  };

  let closed = isClosed(stream);

  const onclose = () => {
    closed = true;
    const errored = writableErrored(stream) || readableErrored(stream);
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    if (readable && !readableFinished && isReadableNodeStream(stream, true)) {
      if (!isReadableFinished(stream, false)) return callback.call(stream, errors.prematureClose());
    }
    if (writable && !writableFinished) {
      if (!isWritableFinished(stream, false)) return callback.call(stream, errors.prematureClose());
    }
    return callback.call(stream);
  };

  const onclosed = () => {
    closed = true;
    const errored = writableErrored(stream) || readableErrored(stream);
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    return callback.call(stream);
  };

  if (writable && !wState) {
    stream.on('end', onlegacyfinish);
    stream.on('close', onlegacyfinish);
  }
  if (!waitClose && typeof stream.aborted === 'boolean') stream.on('aborted', onclose);

  stream.on('end', onend);
  stream.on('finish', onfinish);
  if (options.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);

  // Already done: call back on the next tick.
  if (closed) {
    process.nextTick(onclose);
  } else if ((wState && wState.errorEmitted) || (rState && rState.errorEmitted)) {
    if (!waitClose) process.nextTick(onclosed);
  } else if (!readable && (!waitClose || isReadable(stream)) && (writableFinished || isWritable(stream) === false) &&
    (wState == null || wState.pendingcb === undefined || wState.pendingcb === 0)) {
    process.nextTick(onclosed);
  } else if (!writable && (!waitClose || isWritable(stream)) && (readableFinished || isReadable(stream) === false)) {
    process.nextTick(onclosed);
  } else if (rState && stream.req && stream.aborted) {
    process.nextTick(onclosed);
  }

  const cleanup = () => {
    callback = nop;
    stream.removeListener('aborted', onclose);
    stream.removeListener('end', onlegacyfinish);
    stream.removeListener('close', onlegacyfinish);
    stream.removeListener('finish', onfinish);
    stream.removeListener('end', onend);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };

  if (options.signal && !closed) {
    const signal = options.signal;
    const abort = () => {
      const endCallback = callback;
      cleanup();
      endCallback.call(stream, new AbortError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
      process.nextTick(abort);
    } else {
      signal.addEventListener('abort', abort, { once: true });
      const original = callback;
      callback = once((...args) => {
        signal.removeEventListener('abort', abort);
        original.apply(stream, args);
      });
    }
  }
  return cleanup;
}

// ---- pipeline ------------------------------------------------------------

function popCallback(streams) {
  validateFunction(streams[streams.length - 1], 'streams[stream.length - 1]');
  return streams.pop();
}

function pipeline(...streams) {
  return pipelineImpl(streams, once(popCallback(streams)));
}

// Destroys one stream of a pipeline that fails, unless it already ended.
function stageDestroyer(stream, reading, writing) {
  let done = false;
  stream.on('close', () => {
    done = true;
  });
  const cleanup = eos(stream, { readable: reading, writable: writing }, (err) => {
    done = !err;
  });
  return {
    destroy: (err) => {
      if (done) return;
      done = true;
      destroyer(stream, err || errors.destroyed('pipe'));
    },
    cleanup,
  };
}

function asAsyncIterable(val) {
  if (isIterable(val)) return val;
  if (isReadableNodeStream(val)) return iterateReadable(val);
  throw errors.argType('val', 'an instance of Readable, Iterable, or AsyncIterable', val);
}

async function* iterateReadable(val) {
  yield* Readable.prototype[Symbol.asyncIterator].call(val);
}

// Writes an iterable into a writable with backpressure.
async function pumpToNode(iterable, writable, finish, { end }) {
  let error;
  let onresolve = null;
  const resume = (err) => {
    if (err) error = err;
    if (onresolve) {
      const cb = onresolve;
      onresolve = null;
      cb();
    }
  };
  const wait = () => new Promise((resolve, reject) => {
    if (error) {
      reject(error);
    } else {
      onresolve = () => {
        if (error) reject(error);
        else resolve();
      };
    }
  });
  writable.on('drain', resume);
  const cleanup = eos(writable, { readable: false }, resume);
  try {
    if (writable.writableNeedDrain) await wait();
    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }
    if (end) {
      writable.end();
      await wait();
    }
    finish();
  } catch (err) {
    finish(error !== err ? combineErrors(error, err) : err);
  } finally {
    cleanup();
    writable.off('drain', resume);
  }
}

function pipeStreams(src, dst, finish, { end }) {
  let ended = false;
  dst.on('close', () => {
    // The destination closed before the source was done.
    if (!ended) finish(errors.prematureClose());
  });
  src.pipe(dst, { end: false });
  if (end) {
    const endFn = () => {
      ended = true;
      dst.end();
    };
    if (isReadableFinished(src)) process.nextTick(endFn);
    else src.once('end', endFn);
  } else {
    finish();
  }
  eos(src, { readable: true, writable: false }, (err) => {
    const r = src._readableState;
    if (err && err.code === 'ERR_STREAM_PREMATURE_CLOSE' && r && r.ended && !r.errored && !r.errorEmitted) {
      // Closed right after ending: 'end' is still coming.
      src.once('end', finish).once('error', finish);
    } else {
      finish(err);
    }
  });
  return eos(dst, { readable: false, writable: true }, finish);
}

function pipelineImpl(streams, callback, opts) {
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw errors.missingArgs('streams');

  const ac = new AbortController();
  const signal = ac.signal;
  const outerSignal = opts && opts.signal;
  const lastStreamCleanup = [];
  validateAbortSignal(outerSignal, 'options.signal');

  function abort() {
    finishImpl(new AbortError(undefined, { cause: outerSignal && outerSignal.reason }));
  }
  if (outerSignal) outerSignal.addEventListener('abort', abort, { once: true });

  let error;
  let value;
  const destroys = [];
  let finishCount = 0;

  function finish(err) {
    finishImpl(err, --finishCount === 0);
  }

  function finishImpl(err, final) {
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
    if (!error && !final) return;
    while (destroys.length) destroys.shift()(error);
    if (outerSignal) outerSignal.removeEventListener('abort', abort);
    ac.abort();
    if (final) {
      if (!error) for (const fn of lastStreamCleanup) fn();
      process.nextTick(callback, error, value);
    }
  }

  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i];
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const end = reading || !opts || opts.end !== false;
    const isLast = i === streams.length - 1;

    if (isNodeStream(stream)) {
      if (end) {
        const { destroy: destroyStage, cleanup } = stageDestroyer(stream, reading, writing);
        destroys.push(destroyStage);
        if (isReadable(stream) && isLast) lastStreamCleanup.push(cleanup);
      }
      // Errors after the data went through still fail the pipeline.
      const onError = (err) => {
        if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') finish(err);
      };
      stream.on('error', onError);
      if (isReadable(stream) && isLast) lastStreamCleanup.push(() => stream.removeListener('error', onError));
    }

    if (i === 0) {
      if (typeof stream === 'function') {
        ret = stream({ signal });
        if (!isIterable(ret)) throw errors.returnValue('Iterable, AsyncIterable or Stream', 'source', ret);
      } else if (isIterable(stream) || isReadableNodeStream(stream)) {
        ret = stream;
      } else {
        ret = Duplex.from(stream);
      }
    } else if (typeof stream === 'function') {
      ret = stream(asAsyncIterable(ret), { signal });
      if (reading) {
        if (!isIterable(ret, true)) throw errors.returnValue('AsyncIterable', `transform[${i - 1}]`, ret);
      } else {
        // The last function: what it returns or yields goes into a
        // PassThrough, the pipeline's value.
        const pt = new PassThrough({ objectMode: true });
        const then = ret && ret.then;
        if (typeof then === 'function') {
          finishCount++;
          then.call(ret, (val) => {
            value = val;
            if (val != null) pt.write(val);
            if (end) pt.end();
            process.nextTick(finish);
          }, (err) => {
            pt.destroy(err);
            process.nextTick(finish, err);
          });
        } else if (isIterable(ret, true)) {
          finishCount++;
          pumpToNode(ret, pt, finish, { end });
        } else {
          throw errors.returnValue('AsyncIterable or Promise', 'destination', ret);
        }
        ret = pt;
        const { destroy: destroyStage, cleanup } = stageDestroyer(ret, false, true);
        destroys.push(destroyStage);
        if (isLast) lastStreamCleanup.push(cleanup);
      }
    } else if (isNodeStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount += 2;
        const cleanup = pipeStreams(ret, stream, finish, { end });
        if (isReadable(stream) && isLast) lastStreamCleanup.push(cleanup);
      } else if (isIterable(ret)) {
        finishCount++;
        pumpToNode(ret, stream, finish, { end });
      } else {
        throw errors.argType('val', 'an instance of Readable, Iterable, AsyncIterable, ReadableStream, or TransformStream', ret);
      }
      ret = stream;
    } else {
      ret = Duplex.from(stream);
    }
  }

  if (signal.aborted || (outerSignal && outerSignal.aborted)) process.nextTick(abort);
  return ret;
}

// ---- addAbortSignal, compose ---------------------------------------------

function addAbortSignal(signal, stream) {
  validateAbortSignal(signal, 'signal');
  if (!isNodeStream(stream)) {
    throw errors.argType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }
  const onAbort = () => {
    stream.destroy(new AbortError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    onAbort();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
    eos(stream, () => signal.removeEventListener('abort', onAbort));
  }
  return stream;
}

// compose(a, b, c): one Duplex that writes into a and reads out of c.
function compose(...streams) {
  if (streams.length === 0) throw errors.missingArgs('streams');
  if (streams.length === 1) return Duplex.from(streams[0]);
  const stages = streams.map((s, i) => (isNodeStream(s) || (i > 0 && typeof s === 'function') ? s : Duplex.from(s)));
  const head = typeof stages[0] === 'function' ? Duplex.from(stages[0]) : stages[0];
  stages[0] = head;
  let d;
  const tail = pipelineImpl(stages, (err) => {
    if (err) destroyer(d, err);
  });
  d = wrapSides({
    writable: isWritableNodeStream(head) ? head : undefined,
    readable: isReadableNodeStream(tail) ? tail : undefined,
    flowing: true,
  });
  return d;
}

const promises = {
  pipeline(...streams) {
    return new Promise((resolve, reject) => {
      let signal;
      let end;
      const last = streams[streams.length - 1];
      if (last && typeof last === 'object' && !isNodeStream(last) && !isIterable(last)) {
        const options = streams.pop();
        signal = options.signal;
        end = options.end;
      }
      pipelineImpl(streams, (err, value) => {
        if (err) reject(err);
        else resolve(value);
      }, { signal, end });
    });
  },
  finished(stream, opts) {
    let autoCleanup = false;
    if (opts === null) opts = {};
    if (opts && opts.cleanup) {
      if (typeof opts.cleanup !== 'boolean') throw errors.argType('cleanup', 'of type boolean', opts.cleanup);
      autoCleanup = opts.cleanup;
    }
    return new Promise((resolve, reject) => {
      const cleanup = eos(stream, opts, (err) => {
        if (autoCleanup) cleanup();
        if (err) reject(err);
        else resolve();
      });
    });
  },
};

Object.assign(shared, {
  addAbortSignal, asAsyncIterable, compose, eos, iterateReadable, once, pipeStreams, pipeline,
  pipelineImpl, popCallback, promises, pumpToNode, stageDestroyer,
});
