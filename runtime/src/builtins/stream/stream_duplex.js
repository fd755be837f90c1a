// node:stream, part 3: Duplex, Duplex.from (and the Duplex over separate
// sides that pipeline and compose use), Transform, PassThrough and
// duplexPair.
//
// Loaded by stream.js, which passes `shared`: what stream.js and the parts
// before this one define (later parts are reached through `shared.X` at
// call time).
'use strict';

const {
  AbortError, Readable, ReadableState, Stream, Writable, WritableState, construct, destroy,
  destroyer, errors, isDuplexNodeStream, isIterable, isNodeStream, isReadable,
  isReadableNodeStream, isWritable, isWritableNodeStream, pickHighWaterMark, readableConstructed,
  readableFrom, takeWritableOptions, writableConstructed,
} = shared;

// ---- Duplex --------------------------------------------------------------

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  this._readableState = new ReadableState(options, this, true);
  this._writableState = new WritableState(options, this, true);
  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
    if (typeof options.read === 'function') this._read = options.read;
    takeWritableOptions(this, options);
  } else {
    this.allowHalfOpen = true;
  }
  Stream.call(this, options);
  construct(this, duplexConstructed);
}

function duplexConstructed(stream) {
  readableConstructed(stream);
  writableConstructed(stream);
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);

for (const key of Object.keys(Writable.prototype)) {
  if (!Duplex.prototype[key]) Duplex.prototype[key] = Writable.prototype[key];
}
Duplex.prototype.destroy = Writable.prototype.destroy;

{
  const own = (name) => ({ __proto__: null, ...Object.getOwnPropertyDescriptor(Writable.prototype, name) });
  Object.defineProperties(Duplex.prototype, {
    writable: own('writable'),
    writableHighWaterMark: own('writableHighWaterMark'),
    writableObjectMode: own('writableObjectMode'),
    writableBuffer: own('writableBuffer'),
    writableLength: own('writableLength'),
    writableFinished: own('writableFinished'),
    writableCorked: own('writableCorked'),
    writableEnded: own('writableEnded'),
    writableNeedDrain: own('writableNeedDrain'),
    destroyed: {
      __proto__: null,
      configurable: true,
      enumerable: false,
      get() {
        if (this._readableState === undefined || this._writableState === undefined) return false;
        return this._readableState.destroyed && this._writableState.destroyed;
      },
      set(v) {
        if (this._readableState && this._writableState) {
          this._readableState.destroyed = v;
          this._writableState.destroyed = v;
        }
      },
    },
  });
}

Duplex.from = function from(body) {
  return duplexFrom(body, 'body');
};

// A Duplex that takes readable: false / writable: false in its options.
function SidedDuplex(options) {
  Duplex.call(this, options);
  if (options && options.readable === false) {
    this._readableState.readable = false;
    this._readableState.ended = true;
    this._readableState.endEmitted = true;
  }
  if (options && options.writable === false) {
    this._writableState.writable = false;
    this._writableState.ending = true;
    this._writableState.ended = true;
    this._writableState.finished = true;
  }
}
Object.setPrototypeOf(SidedDuplex.prototype, Duplex.prototype);
Object.setPrototypeOf(SidedDuplex, Duplex);

// What pipeline, compose and Duplex.from accept in place of a stream.
function duplexFrom(body, name) {
  if (isDuplexNodeStream(body)) return body;
  if (isReadableNodeStream(body)) return wrapSides({ readable: body });
  if (isWritableNodeStream(body)) return wrapSides({ writable: body });
  if (isNodeStream(body)) return wrapSides({ writable: false, readable: false });
  if (typeof body === 'function') {
    const { value, write, final, destroy: destroyGen } = fromAsyncGenerator(body);
    if (isDuplexNodeStream(value)) return value;
    if (isIterable(value)) {
      return readableFrom(SidedDuplex, value, { objectMode: true, write, final, destroy: destroyGen });
    }
    if (value && typeof value.then === 'function') {
      let d;
      const done = value.then((val) => {
        if (val != null) throw errors.returnValue('nully', 'body', val);
      }, (err) => destroyer(d, err));
      d = new SidedDuplex({
        objectMode: true,
        readable: false,
        write,
        final(cb) {
          final(async () => {
            try {
              await done;
              process.nextTick(cb, null);
            } catch (err) {
              process.nextTick(cb, err);
            }
          });
        },
        destroy: destroyGen,
      });
      return d;
    }
    throw errors.returnValue('Iterable, AsyncIterable or AsyncFunction', name, value);
  }
  if (isIterable(body)) return readableFrom(SidedDuplex, body, { objectMode: true, writable: false });
  if (body && (typeof body.writable === 'object' || typeof body.readable === 'object')) {
    const readable = body.readable ? (isReadableNodeStream(body.readable) ? body.readable : duplexFrom(body.readable)) : undefined;
    const writable = body.writable ? (isWritableNodeStream(body.writable) ? body.writable : duplexFrom(body.writable)) : undefined;
    return wrapSides({ readable, writable });
  }
  if (body && typeof body.then === 'function') {
    let d;
    body.then((val) => {
      if (val != null) d.push(val);
      d.push(null);
    }, (err) => destroyer(d, err));
    d = new SidedDuplex({ objectMode: true, writable: false, read() {} });
    return d;
  }
  throw errors.argType(name,
    'of type function or an instance of Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair',
    body);
}

// Runs an async generator function over the chunks written to a Duplex:
// each write waits until the generator has taken its chunk.
function fromAsyncGenerator(fn) {
  // The generator takes `pending`; write() and final() settle it through
  // `settle`.
  let { promise: pending, resolve: settle } = deferred();
  const ac = new AbortController();
  const signal = ac.signal;
  const value = fn((async function* source() {
    for (;;) {
      const current = pending;
      pending = null;
      const { chunk, done, cb } = await current;
      process.nextTick(cb);
      if (done) return;
      if (signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
      ({ promise: pending, resolve: settle } = deferred());
      yield chunk;
    }
  })(), { signal });
  return {
    value,
    write(chunk, encoding, cb) {
      const s = settle;
      settle = null;
      s({ chunk, done: false, cb });
    },
    final(cb) {
      const s = settle;
      settle = null;
      s({ done: true, cb });
    },
    destroy(err, cb) {
      ac.abort();
      cb(err);
    },
  };
}

// { promise, resolve, reject }
const deferred = () => Promise.withResolvers();

// A Duplex in front of a separate readable and/or writable.
// `pair.flowing`: read the readable side through 'data' events (compose).
function wrapSides(pair) {
  const r = pair.readable && typeof pair.readable.read !== 'function' ? Readable.wrap(pair.readable) : pair.readable;
  const w = pair.writable;
  let readable = !!isReadable(r);
  let writable = !!isWritable(w);
  let ondrain;
  let onfinish;
  let onreadable;
  let onclose;
  let d;

  function onfinished(err) {
    const cb = onclose;
    onclose = null;
    if (cb) cb(err);
    else if (err) d.destroy(err);
  }

  d = new SidedDuplex({
    readableObjectMode: !!(r && r.readableObjectMode),
    writableObjectMode: !!(w && w.writableObjectMode),
    readable,
    writable,
  });

  if (writable) {
    shared.eos(w, (err) => {
      writable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    d._write = function _write(chunk, encoding, callback) {
      if (w.write(chunk, encoding)) callback();
      else ondrain = callback;
    };
    d._final = function _final(callback) {
      w.end();
      onfinish = callback;
    };
    w.on('drain', () => {
      if (ondrain) {
        const cb = ondrain;
        ondrain = null;
        cb();
      }
    });
    w.on('finish', () => {
      if (onfinish) {
        const cb = onfinish;
        onfinish = null;
        cb();
      }
    });
  }

  if (readable) {
    shared.eos(r, (err) => {
      readable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    if (pair.flowing) {
      // compose() (Node 24): the tail flows into the Duplex chunk by chunk,
      // paused while the Duplex's buffer is full.
      r.on('data', (chunk) => {
        if (!d.push(chunk)) r.pause();
      });
      r.on('end', () => d.push(null));
      d._read = function _read() {
        r.resume();
      };
    } else {
      r.on('readable', () => {
        if (onreadable) {
          const cb = onreadable;
          onreadable = null;
          cb();
        }
      });
      r.on('end', () => d.push(null));
      d._read = function _read() {
        for (;;) {
          const buf = r.read();
          if (buf === null) {
            onreadable = d._read;
            return;
          }
          if (!d.push(buf)) return;
        }
      };
    }
  }

  d._destroy = function _destroy(err, callback) {
    if (!err && onclose !== null) err = new AbortError();
    onreadable = null;
    ondrain = null;
    onfinish = null;
    if (onclose === null) {
      callback(err);
    } else {
      onclose = callback;
      destroyer(w, err);
      destroyer(r, err);
    }
  };
  return d;
}

// ---- Transform, PassThrough ----------------------------------------------

const kTransformCallback = Symbol('nabi.transform.callback');

function Transform(options) {
  if (!(this instanceof Transform)) return new Transform(options);
  // A readable side that holds nothing would stall every write: the
  // writable side then holds nothing either.
  const readableHwm = options ? pickHighWaterMark(options, true, 'readableHighWaterMark', false) : null;
  if (readableHwm === 0) {
    options = {
      ...options,
      highWaterMark: null,
      readableHighWaterMark: readableHwm,
      writableHighWaterMark: options.writableHighWaterMark || 0,
    };
  }
  Duplex.call(this, options);
  // push() from _transform emits 'data' at once when flowing.
  this._readableState.sync = false;
  this[kTransformCallback] = null;
  if (options) {
    if (typeof options.transform === 'function') this._transform = options.transform;
    if (typeof options.flush === 'function') this._flush = options.flush;
  }
  this.on('prefinish', transformPrefinish);
}
Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
Object.setPrototypeOf(Transform, Duplex);

function transformFinal(cb) {
  if (typeof this._flush === 'function' && !this.destroyed) {
    this._flush((er, data) => {
      if (er) {
        if (cb) cb(er);
        else this.destroy(er);
        return;
      }
      if (data != null) this.push(data);
      this.push(null);
      if (cb) cb();
    });
  } else {
    this.push(null);
    if (cb) cb();
  }
}

// A subclass with its own _final still gets _flush and the end of data.
function transformPrefinish() {
  if (this._final !== transformFinal) transformFinal.call(this);
}

Transform.prototype._final = transformFinal;

Transform.prototype._transform = function _transform() {
  throw errors.notImplemented('_transform()');
};

Transform.prototype._write = function _write(chunk, encoding, callback) {
  const r = this._readableState;
  const w = this._writableState;
  const before = r.length;
  this._transform(chunk, encoding, (err, val) => {
    if (err) {
      callback(err);
      return;
    }
    if (val != null) this.push(val);
    if (r.ended) {
      process.nextTick(callback);
    } else if (w.ended || before === r.length || r.length < r.highWaterMark) {
      callback();
    } else {
      // The readable side is full: the next write waits for a read.
      this[kTransformCallback] = callback;
    }
  });
};

Transform.prototype._read = function _read() {
  const cb = this[kTransformCallback];
  if (cb) {
    this[kTransformCallback] = null;
    cb();
  }
};

function PassThrough(options) {
  if (!(this instanceof PassThrough)) return new PassThrough(options);
  Transform.call(this, options);
}
Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
Object.setPrototypeOf(PassThrough, Transform);

PassThrough.prototype._transform = function _transform(chunk, encoding, cb) {
  cb(null, chunk);
};

function duplexPair(options) {
  const a = new PairSide(options);
  const b = new PairSide(options);
  a.other = b;
  b.other = a;
  return [a, b];
}

// One end of duplexPair(): what it writes, the other end reads.
function PairSide(options) {
  Duplex.call(this, options);
  this.other = null;
  this.pendingWrite = null;
}
Object.setPrototypeOf(PairSide.prototype, Duplex.prototype);
Object.setPrototypeOf(PairSide, Duplex);
PairSide.prototype._read = function _read() {
  const cb = this.pendingWrite;
  if (cb) {
    this.pendingWrite = null;
    cb();
  }
};
PairSide.prototype._write = function _write(chunk, encoding, cb) {
  if (chunk.length === 0) {
    process.nextTick(cb);
  } else {
    this.other.push(chunk);
    this.other.pendingWrite = cb;
  }
};
PairSide.prototype._final = function _final(cb) {
  this.other.on('end', cb);
  this.other.push(null);
};

Object.assign(shared, {
  Duplex, PairSide, PassThrough, SidedDuplex, Transform, deferred, duplexFrom, duplexPair,
  fromAsyncGenerator, kTransformCallback, transformFinal, transformPrefinish, wrapSides,
});
