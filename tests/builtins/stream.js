// node:stream — Readable and Writable: events and their order (which come
// synchronously, on process.nextTick or after promise jobs), paused and
// flowing modes, backpressure, objectMode, encodings, destroy, errors.
'use strict';
const stream = require('stream');
const { Readable, Writable, Duplex, Transform, PassThrough } = stream;
const util = require('util');
const { log, flush, scenario, runAll, watch, ticks } = require('./lib/stream_harness');

console.log(typeof stream, stream === stream.Stream, typeof stream.Readable, require('node:stream') === stream,
  require('stream/promises') === stream.promises, typeof require('stream/promises').pipeline);
console.log(stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true));
console.log(new Readable() instanceof stream.Stream, new Readable() instanceof require('events'));
console.log(new Duplex() instanceof Writable, new Transform() instanceof Writable, new Readable() instanceof Writable, new PassThrough() instanceof Duplex);

scenario('readable flowing: push in read()', (done) => {
  const data = ['a', 'b', 'c'];
  const r = new Readable({
    read() {
      log('read called');
      this.push(data.length ? data.shift() : null);
    },
  });
  watch(r, 'r');
  log('flowing before', r.readableFlowing);
  r.on('close', () => {
    log('flowing after', r.readableFlowing, r.destroyed, r.readableEnded);
    done();
  });
  ticks('sync');
});

scenario('readable paused: readable event + read()', (done) => {
  const r = new Readable({ read() {} });
  r.push('hello ');
  r.push('world');
  r.on('readable', () => {
    let chunk;
    log('readable, length', r.readableLength);
    while ((chunk = r.read()) !== null) log('read', chunk.toString());
  });
  r.on('end', () => log('end'));
  r.on('close', () => {
    log('close');
    done();
  });
  setTimeout(() => {
    r.push('!');
    r.push(null);
  }, 5);
});

scenario('read(n) sizes and setEncoding', (done) => {
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  r.push(Buffer.from('abcdef'));
  r.push(Buffer.from([0xe2, 0x82]));
  r.push(Buffer.from([0xac, 0x21]));
  r.push(null);
  r.once('readable', () => {
    log('read(2)', r.read(2));
    log('read(3)', r.read(3));
    log('read(100)', r.read(100));
    log('read()', r.read());
    log('encoding', r.readableEncoding);
  });
  r.on('end', () => log('end'));
  r.on('close', done);
});

scenario('highWaterMark: push return values and read() calls', (done) => {
  let n = 0;
  const r = new Readable({
    highWaterMark: 4,
    read(size) {
      n++;
      log('read', size, 'length', this.readableLength);
      if (n > 3) {
        this.push(null);
        return;
      }
      log('push ->', this.push('xyz'));
    },
  });
  setTimeout(() => {
    log('buffered', r.readableLength);
    r.on('data', (d) => log('data', d.toString()));
    r.on('end', () => {
      log('end');
      done();
    });
  }, 5);
});

scenario('objectMode readable and writable', (done) => {
  const r = new Readable({
    objectMode: true,
    read() {},
  });
  r.push({ a: 1 });
  r.push(0);
  r.push('str');
  r.push([1, 2]);
  r.push(null);
  const got = [];
  const w = new Writable({
    objectMode: true,
    highWaterMark: 2,
    write(chunk, enc, cb) {
      got.push(chunk);
      setTimeout(cb, 1);
    },
  });
  log('hwm', r.readableHighWaterMark, w.writableHighWaterMark, r.readableObjectMode, w.writableObjectMode);
  w.on('finish', () => {
    log('finish', got);
  });
  w.on('close', done);
  r.pipe(w);
});

scenario('pause() and resume()', (done) => {
  const r = new Readable({ read() {} });
  r.on('data', (d) => {
    log('data', d.toString(), 'paused', r.isPaused());
    if (d.toString() === 'b') {
      r.pause();
      log('paused', r.isPaused(), r.readableFlowing);
      setTimeout(() => {
        log('resuming');
        r.resume();
      }, 5);
    }
  });
  r.on('pause', () => log('pause event'));
  r.on('resume', () => log('resume event'));
  r.on('end', () => log('end'));
  r.on('close', done);
  r.push('a');
  r.push('b');
  r.push('c');
  r.push(null);
});

scenario('writable: backpressure and drain', (done) => {
  const w = new Writable({
    highWaterMark: 5,
    write(chunk, enc, cb) {
      log('_write', chunk.toString(), enc);
      setTimeout(cb, 1);
    },
  });
  watch(w, 'w', ['drain', 'finish', 'prefinish', 'close', 'error']);
  log('write 1', w.write('abc'), w.writableLength, w.writableNeedDrain);
  log('write 2', w.write('de', () => log('cb 2')), w.writableLength, w.writableNeedDrain);
  log('write 3', w.write('f', 'utf8', () => log('cb 3')), w.writableLength);
  w.once('drain', () => {
    log('after drain', w.writableLength, w.writableNeedDrain);
    w.end('end', () => {
      log('end cb', w.writableFinished);
      done();
    });
    log('ended', w.writableEnded, w.writableFinished, w.writable);
  });
});

scenario('writable: sync callbacks and event ticks', (done) => {
  const w = new Writable({
    write(chunk, enc, cb) {
      log('_write', chunk.toString());
      cb();
    },
  });
  watch(w, 'w', ['drain', 'finish', 'prefinish', 'close']);
  w.write('a', () => log('cb a'));
  w.write('b', () => log('cb b'));
  ticks('after writes');
  w.end(() => log('end cb'));
  ticks('after end');
  w.on('close', done);
});

scenario('writable: _writev, cork and uncork', (done) => {
  const w = new Writable({
    write(chunk, enc, cb) {
      log('_write', chunk.toString());
      cb();
    },
    writev(chunks, cb) {
      log('_writev', chunks.map((c) => `${c.chunk.toString()}:${c.encoding}`));
      cb();
    },
  });
  w.write('first');
  w.cork();
  w.write('a');
  w.write('b', () => log('cb b'));
  w.write('c');
  log('corked', w.writableCorked, w.writableLength);
  process.nextTick(() => {
    w.uncork();
    w.end();
  });
  w.on('finish', () => log('finish'));
  w.on('close', done);
});

scenario('writable: decodeStrings false and default encoding', (done) => {
  const w = new Writable({
    decodeStrings: false,
    write(chunk, enc, cb) {
      log('_write', typeof chunk, chunk, enc);
      cb();
    },
  });
  w.setDefaultEncoding('hex');
  w.write('6869');
  w.write('abc', 'latin1');
  w.write(Buffer.from('buf'));
  try {
    w.setDefaultEncoding('nope');
  } catch (e) {
    log(e.code, e.message);
  }
  w.end(done);
});

scenario('writable: _final and prefinish', (done) => {
  const w = new Writable({
    write(chunk, enc, cb) {
      cb();
    },
    final(cb) {
      log('_final');
      setTimeout(() => {
        log('final done');
        cb();
      }, 2);
    },
  });
  watch(w, 'w', ['finish', 'prefinish', 'close']);
  w.end('x');
  w.on('close', done);
});

scenario('writable: _final error', (done) => {
  const w = new Writable({
    write(chunk, enc, cb) {
      cb();
    },
    final(cb) {
      cb(new Error('final failed'));
    },
  });
  watch(w, 'w', ['finish', 'prefinish', 'close', 'error']);
  w.end(() => log('end cb called'));
  w.on('close', () => {
    log('errored', w.errored && w.errored.message);
    done();
  });
});

scenario('writable: write error from _write', (done) => {
  const w = new Writable({
    write(chunk, enc, cb) {
      cb(new Error(`bad ${chunk}`));
    },
  });
  watch(w, 'w', ['finish', 'close', 'error', 'drain']);
  log('write returns', w.write('one', (err) => log('write cb', err && err.message)));
  log('write 2 returns', w.write('two', (err) => log('write 2 cb', err && err.message)));
  ticks('after');
  w.on('close', () => {
    log('destroyed', w.destroyed, 'writable', w.writable);
    done();
  });
});

scenario('writable: write after end, end twice, null', (done) => {
  const w = new Writable({ write(c, e, cb) { cb(); } });
  watch(w, 'w', ['finish', 'close', 'error']);
  try {
    w.write(null);
  } catch (e) {
    log('null:', e.code, e.name, e.message);
  }
  try {
    w.write(42);
  } catch (e) {
    log('number:', e.code, e.name);
  }
  w.end();
  log('write after end returns', w.write('x', (err) => log('write cb', err.code)));
  w.on('close', () => {
    w.end((err) => {
      log('end after close cb', err && err.code);
      done();
    });
  });
});

scenario('writable: not implemented _write', (done) => {
  const w = new Writable();
  w.on('error', (e) => {
    log('error', e.code, e.message);
  });
  try {
    w.write('x');
  } catch (e) {
    log('threw', e.code, e.message);
  }
  setTimeout(done, 2);
});

scenario('readable: destroy with error', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  r.push('x');
  r.destroy(new Error('boom'));
  log('destroyed', r.destroyed, 'errored', r.errored && r.errored.message, 'readable', r.readable);
  r.push('y');
  log('push after destroy', r.push('z'));
  r.destroy(new Error('second'));
  ticks('after destroy');
  r.on('close', () => {
    log('closed', r.closed, r.readableAborted);
    done();
  });
});

scenario('readable: destroy without error, custom _destroy', (done) => {
  const r = new Readable({
    read() {},
    destroy(err, cb) {
      log('_destroy', err);
      setTimeout(() => cb(err), 2);
    },
  });
  watch(r, 'r');
  r.destroy(null, (err) => log('destroy cb', err));
  log('destroyed', r.destroyed);
  r.on('close', done);
});

scenario('readable: _destroy turning into error', (done) => {
  const w = new Writable({
    write(c, e, cb) { cb(); },
    destroy(err, cb) {
      cb(new Error('from _destroy'));
    },
  });
  watch(w, 'w', ['finish', 'close', 'error']);
  w.destroy();
  w.on('close', done);
});

scenario('readable: emitClose false, autoDestroy false', (done) => {
  const r = new Readable({ read() {}, emitClose: false, autoDestroy: false });
  watch(r, 'r');
  r.push('a');
  r.push(null);
  r.resume();
  setTimeout(() => {
    log('destroyed', r.destroyed);
    r.destroy();
    setTimeout(() => {
      log('destroyed now', r.destroyed);
      done();
    }, 2);
  }, 5);
});

scenario('readable: push after EOF and bad chunks', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r', ['error', 'close', 'end']);
  r.push(null);
  r.push('late');
  r.on('close', () => {
    const r2 = new Readable({ read() {} });
    r2.on('error', (e) => log('r2 error', e.code, e.message));
    r2.push({});
    r2.on('close', done);
  });
});

scenario('readable: error thrown in _read', (done) => {
  const r = new Readable({
    read() {
      throw new Error('read threw');
    },
  });
  watch(r, 'r', ['error', 'close', 'end', 'data']);
  r.resume();
  r.on('close', done);
});

scenario('readable: not implemented _read', (done) => {
  const r = new Readable();
  r.on('error', (e) => log('error', e.code, e.message));
  r.on('close', done);
  r.read();
});

scenario('unshift', (done) => {
  const r = new Readable({ read() {} });
  r.push('world');
  r.once('readable', () => {
    const c = r.read(2);
    log('read', c.toString());
    r.unshift(Buffer.from('hello '));
    r.unshift('>> ');
    log('after unshift', r.read().toString());
    r.push(null);
    r.on('end', () => {
      log('end');
      done();
    });
    r.resume();
  });
});

scenario('readable: data listener with readable listener', (done) => {
  const r = new Readable({ read() {} });
  r.on('readable', () => {
    log('readable');
    let c;
    while ((c = r.read()) !== null) log('read', c.toString());
  });
  r.on('data', (d) => log('data', d.toString()));
  r.push('a');
  r.push('b');
  setTimeout(() => {
    r.removeAllListeners('readable');
    r.push('c');
    setTimeout(() => {
      log('flowing', r.readableFlowing);
      r.push(null);
      r.on('end', () => {
        log('end');
        done();
      });
    }, 2);
  }, 2);
});

scenario('readable: once(data) flows one chunk', (done) => {
  const r = new Readable({ read() {} });
  r.push('a');
  r.push('b');
  r.once('data', (d) => {
    log('once data', d.toString());
    r.pause();
    setTimeout(() => {
      log('buffered', r.readableLength, 'flowing', r.readableFlowing);
      done();
    }, 2);
  });
});

scenario('readable: read(0) and needReadable with hwm 0', (done) => {
  let i = 0;
  const r = new Readable({
    highWaterMark: 0,
    read() {
      i++;
      log('read', i);
      process.nextTick(() => this.push(i <= 2 ? String(i) : null));
    },
  });
  r.on('data', (d) => log('data', d.toString()));
  r.on('end', () => {
    log('end');
    done();
  });
});

scenario('construct', (done) => {
  const w = new Writable({
    construct(cb) {
      log('construct');
      setTimeout(() => {
        log('constructed');
        cb();
      }, 2);
    },
    write(c, e, cb) {
      log('_write', c.toString());
      cb();
    },
  });
  w.write('early');
  log('written before construct');
  w.end();
  w.on('finish', () => log('finish'));
  w.on('close', () => {
    const r = new Readable({
      construct(cb) {
        cb(new Error('construct failed'));
      },
      read() {
        log('read should not run');
      },
    });
    watch(r, 'r', ['error', 'close']);
    r.resume();
    r.on('close', done);
  });
});

scenario('destroy before construct done', (done) => {
  const r = new Readable({
    construct(cb) {
      log('construct');
      setTimeout(cb, 2);
    },
    read() {},
    destroy(err, cb) {
      log('_destroy', err && err.message);
      cb(err);
    },
  });
  watch(r, 'r', ['error', 'close']);
  r.destroy(new Error('early'));
  log('destroyed', r.destroyed);
  r.on('close', done);
});

scenario('subclassing: util.inherits and class', (done) => {
  function Counter(max, options) {
    if (!(this instanceof Counter)) return new Counter(max, options);
    Readable.call(this, options);
    this.max = max;
    this.i = 0;
  }
  util.inherits(Counter, Readable);
  Counter.prototype._read = function () {
    this.i++;
    this.push(this.i > this.max ? null : String(this.i));
  };
  class Upper extends Transform {
    _transform(chunk, enc, cb) {
      cb(null, chunk.toString().toUpperCase());
    }
  }
  function Sink() {
    Writable.call(this, { decodeStrings: false });
    this.text = '';
  }
  util.inherits(Sink, Writable);
  Sink.prototype._write = function (chunk, enc, cb) {
    this.text += chunk;
    cb();
  };
  const sink = new Sink();
  log(sink instanceof Writable, Counter(1) instanceof Readable, new Upper() instanceof Duplex);
  new Counter(5).pipe(new Upper()).pipe(sink).on('finish', () => {
    log('text', sink.text);
    done();
  });
});

scenario('Duplex: two sides, allowHalfOpen false', (done) => {
  const d = new Duplex({
    allowHalfOpen: false,
    read() {},
    write(chunk, enc, cb) {
      log('_write', chunk.toString());
      this.push(chunk.toString().split('').reverse().join(''));
      cb();
    },
  });
  watch(d, 'd', ['data', 'end', 'finish', 'close', 'prefinish']);
  d.write('abc');
  setTimeout(() => d.push(null), 2);
  d.on('close', () => {
    log('writableEnded', d.writableEnded, 'readableEnded', d.readableEnded);
    done();
  });
});

scenario('Duplex: readable false / writable false', (done) => {
  const d = new Duplex({ readable: false, write(c, e, cb) { cb(); } });
  log('readable', d.readable, 'writable', d.writable);
  const d2 = new Duplex({ writable: false, read() {} });
  log('readable', d2.readable, 'writable', d2.writable);
  d.end('x');
  d.on('close', () => {
    log('d closed');
    done();
  });
});

scenario('Transform: _flush, push many, objectMode sides', (done) => {
  const t = new Transform({
    readableObjectMode: true,
    transform(chunk, enc, cb) {
      for (const ch of chunk.toString()) this.push({ ch });
      cb();
    },
    flush(cb) {
      log('flush');
      cb(null, { ch: 'END' });
    },
  });
  watch(t, 't', ['data', 'end', 'finish', 'prefinish', 'close']);
  t.write('ab');
  t.end('c');
  t.on('close', done);
});

scenario('Transform: error in transform callback', (done) => {
  const t = new Transform({
    transform(chunk, enc, cb) {
      if (chunk.toString() === 'bad') cb(new Error('bad chunk'));
      else cb(null, chunk);
    },
  });
  watch(t, 't', ['data', 'end', 'finish', 'close', 'error']);
  t.write('good');
  t.write('bad');
  t.write('after', (err) => log('after cb', err && err.code));
  t.on('close', done);
});

scenario('Transform: backpressure on the readable side', (done) => {
  let transformed = 0;
  const t = new Transform({
    highWaterMark: 2,
    objectMode: true,
    transform(chunk, enc, cb) {
      transformed++;
      cb(null, chunk);
    },
  });
  const results = [];
  for (let i = 0; i < 6; i++) results.push(t.write(i));
  log('write results', results, 'transformed', transformed, 'readable length', t.readableLength, 'writable length', t.writableLength);
  setTimeout(() => {
    log('later transformed', transformed);
    t.on('data', (d) => log('data', d));
    t.on('drain', () => log('drain'));
    t.end();
    t.on('end', () => {
      log('end', transformed);
      done();
    });
  }, 2);
});

scenario('PassThrough', (done) => {
  const p = new PassThrough();
  watch(p, 'p', ['data', 'end', 'finish', 'close']);
  p.end('through');
  p.on('close', done);
});

scenario('event order of a whole flow', (done) => {
  const r = Readable.from(['x', 'y']);
  const w = new Writable({
    objectMode: true,
    write(chunk, enc, cb) {
      log('w _write', chunk);
      cb();
    },
  });
  watch(r, 'r', ['data', 'end', 'close', 'pause', 'resume']);
  watch(w, 'w', ['finish', 'close', 'pipe', 'drain']);
  r.pipe(w);
  w.on('close', done);
});

scenario('process.stdout is writable', (done) => {
  log(process.stdout instanceof Writable, typeof process.stdout.write, process.stdout.writable, typeof process.stdout.on, process.stdout.fd);
  flush('stdout write');
  const ret = process.stdout.write('written directly\n', () => {
    log('stdout write cb');
    process.stdout.write(Buffer.from('a buffer\n'), () => done());
  });
  log('returned', ret);
});

scenario('pipe to process.stdout does not end it', (done) => {
  flush('pipe to stdout');
  const r = Readable.from(['line 1\n', 'line 2\n']);
  r.pipe(process.stdout);
  r.on('end', () => {
    process.nextTick(() => {
      log('stdout still writable', process.stdout.writable, process.stdout.writableEnded);
      done();
    });
  });
});

scenario('legacy Stream pipe', (done) => {
  const src = new stream.Stream();
  const dest = new PassThrough();
  const seen = [];
  dest.on('data', (d) => seen.push(d.toString()));
  dest.on('end', () => {
    log('dest end', seen);
    done();
  });
  src.pipe(dest);
  src.emit('data', 'one');
  src.emit('data', 'two');
  src.emit('end');
});

runAll();
