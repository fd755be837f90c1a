// node:stream — pipe() and pipeline(): backpressure through Transform
// chains, several destinations, unpipe, error propagation and cleanup,
// finished(), stream/promises, addAbortSignal, compose, duplexPair.
'use strict';
const stream = require('stream');
const { Readable, Writable, Duplex, Transform, PassThrough } = stream;
const { log, scenario, runAll, watch } = require('./lib/stream_harness');
const { pipeline, finished } = stream;
const sp = require('stream/promises');

function upper() {
  return new Transform({
    transform(chunk, enc, cb) {
      cb(null, chunk.toString().toUpperCase());
    },
  });
}
function slowSink(tag, hwm, delay = 1) {
  const got = [];
  const w = new Writable({
    highWaterMark: hwm,
    write(chunk, enc, cb) {
      got.push(chunk.toString());
      setTimeout(cb, delay);
    },
  });
  w.got = got;
  watch(w, tag, ['drain', 'finish', 'close', 'error', 'pipe', 'unpipe']);
  return w;
}
function source(chunks, opts = {}) {
  const list = [...chunks];
  return new Readable({
    ...opts,
    read() {
      this.push(list.length ? list.shift() : null);
    },
  });
}

scenario('pipe chain with Transform and backpressure', (done) => {
  const r = source(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'], { highWaterMark: 4 });
  watch(r, 'r', ['end', 'close', 'pause', 'resume']);
  const t = upper();
  watch(t, 't', ['end', 'finish', 'close', 'pause', 'resume', 'drain']);
  const w = slowSink('w', 4);
  r.pipe(t).pipe(w);
  w.on('close', () => {
    log('got', w.got);
    done();
  });
});

scenario('write() false and drain with a Transform', (done) => {
  const t = new PassThrough({ highWaterMark: 3 });
  const results = [];
  for (const c of ['ab', 'cd', 'ef', 'gh']) results.push(t.write(c));
  log('results', results, 'needDrain', t.writableNeedDrain, 'lengths', t.readableLength, t.writableLength);
  t.on('drain', () => log('drain'));
  t.on('data', (d) => log('data', d.toString()));
  t.end();
  t.on('close', done);
});

scenario('pipe to two destinations, one slow', (done) => {
  const r = source(['1', '2', '3', '4', '5', '6'], { highWaterMark: 2 });
  const fast = slowSink('fast', 16, 0);
  const slow = slowSink('slow', 1, 3);
  r.pipe(fast);
  r.pipe(slow);
  let closed = 0;
  const onClose = () => {
    if (++closed === 2) {
      log('fast', fast.got, 'slow', slow.got);
      done();
    }
  };
  fast.on('close', onClose);
  slow.on('close', onClose);
});

scenario('unpipe in the middle', (done) => {
  const r = new Readable({ read() {} });
  const w = slowSink('w', 16, 0);
  r.pipe(w);
  r.push('one');
  setTimeout(() => {
    r.unpipe(w);
    log('flowing after unpipe', r.readableFlowing, 'pipes', r._readableState.pipes.length);
    r.push('two');
    setTimeout(() => {
      log('buffered', r.readableLength, 'w got', w.got, 'w ended', w.writableEnded);
      done();
    }, 3);
  }, 3);
});

scenario('pipe with end: false', (done) => {
  const r = source(['x', 'y']);
  const w = slowSink('w', 16, 0);
  r.pipe(w, { end: false });
  r.on('end', () => {
    log('r end, w ended?', w.writableEnded);
    w.end('z');
  });
  w.on('close', () => {
    log('got', w.got);
    done();
  });
});

scenario('pipe: destination error unpipes', (done) => {
  const r = new Readable({ read() {} });
  const w = new Writable({
    write(chunk, enc, cb) {
      cb(new Error('sink broke'));
    },
  });
  watch(w, 'w', ['error', 'close', 'unpipe', 'finish']);
  watch(r, 'r', ['pause', 'close', 'error', 'end']);
  r.pipe(w);
  r.push('x');
  setTimeout(() => {
    log('r flowing', r.readableFlowing, 'r destroyed', r.destroyed, 'pipes', r._readableState.pipes.length);
    done();
  }, 5);
});

scenario('pipe from an already ended stream', (done) => {
  const r = source(['only']);
  r.resume();
  r.on('end', () => {
    setTimeout(() => {
      const w = slowSink('w', 16, 0);
      r.pipe(w);
      w.on('finish', () => {
        log('late pipe finished', w.got);
        done();
      });
    }, 1);
  });
});

scenario('pipeline: success', (done) => {
  const r = source(['a', 'b', 'c']);
  const t = upper();
  const w = slowSink('w', 16, 0);
  watch(r, 'r', ['end', 'close']);
  watch(t, 't', ['end', 'finish', 'close']);
  const ret = pipeline(r, t, w, (err) => {
    log('pipeline callback', err, w.got);
    process.nextTick(done);
  });
  log('returns last', ret === w);
});

scenario('pipeline: error in the middle destroys everything', (done) => {
  const r = new Readable({ read() {} });
  const t = new Transform({
    transform(chunk, enc, cb) {
      if (chunk.toString() === 'bad') cb(new Error('transform failed'));
      else cb(null, chunk);
    },
  });
  const w = slowSink('w', 16, 0);
  watch(r, 'r', ['end', 'close', 'error']);
  watch(t, 't', ['end', 'finish', 'close', 'error']);
  pipeline(r, t, w, (err) => {
    log('pipeline callback', err && err.message);
    log('destroyed', r.destroyed, t.destroyed, w.destroyed);
    setTimeout(done, 2);
  });
  r.push('good');
  setTimeout(() => r.push('bad'), 2);
});

scenario('pipeline: source error', (done) => {
  const r = new Readable({
    read() {
      process.nextTick(() => this.destroy(new Error('source failed')));
    },
  });
  const w = slowSink('w', 16, 0);
  pipeline(r, w, (err) => {
    log('pipeline callback', err && err.message, 'w destroyed', w.destroyed);
    setTimeout(done, 2);
  });
});

scenario('pipeline: destination error', (done) => {
  const r = source(['1', '2', '3']);
  watch(r, 'r', ['end', 'close', 'error']);
  const w = new Writable({
    write(chunk, enc, cb) {
      cb(chunk.toString() === '2' ? new Error('dest failed') : null);
    },
  });
  pipeline(r, w, (err) => {
    log('pipeline callback', err && err.message, 'r destroyed', r.destroyed);
    setTimeout(done, 2);
  });
});

scenario('pipeline: premature close', (done) => {
  const r = new Readable({ read() {} });
  const t = new PassThrough();
  const w = slowSink('w', 16, 0);
  pipeline(r, t, w, (err) => {
    log('pipeline callback', err && err.code, err && err.message);
    setTimeout(done, 2);
  });
  r.push('x');
  setTimeout(() => t.destroy(), 2);
});

scenario('pipeline: generators and async functions', (done) => {
  pipeline(
    function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    },
    async function* (src) {
      for await (const chunk of src) yield chunk.toUpperCase() + '!';
    },
    async function (src) {
      let all = '';
      for await (const chunk of src) all += chunk;
      return all;
    },
    (err, value) => {
      log('callback', err, value);
      done();
    },
  );
});

scenario('pipeline: iterable into a stream', (done) => {
  const w = slowSink('w', 2, 1);
  pipeline(['p', 'q', 'r', 's'], w, (err) => {
    log('callback', err, w.got);
    done();
  });
});

scenario('pipeline: bad arguments', (done) => {
  try {
    pipeline(source(['x']), () => {});
  } catch (e) {
    log(e.code, e.message);
  }
  try {
    pipeline(source(['x']), new PassThrough());
  } catch (e) {
    log(e.code, e.name);
  }
  done();
});

scenario('stream/promises pipeline', (done) => {
  const chunks = [];
  sp.pipeline(
    Readable.from(['1', '2', '3']),
    new Transform({
      objectMode: true,
      transform(c, e, cb) {
        cb(null, Number(c) * 10);
      },
    }),
    new Writable({
      objectMode: true,
      write(c, e, cb) {
        chunks.push(c);
        cb();
      },
    }),
  ).then((v) => {
    log('resolved', v, chunks);
    return sp.pipeline(
      Readable.from(['x']),
      new Writable({
        write(c, e, cb) {
          cb(new Error('nope'));
        },
      }),
    );
  }).catch((e) => {
    log('rejected', e.message);
    done();
  });
});

scenario('stream/promises pipeline with an AbortSignal', (done) => {
  const ac = new AbortController();
  const r = new Readable({ read() {} });
  watch(r, 'r', ['close', 'error']);
  sp.pipeline(r, new PassThrough(), slowSink('w', 16, 0), { signal: ac.signal }).then(
    () => log('resolved?'),
    (e) => {
      log('rejected', e.name, e.code, e.message);
      setTimeout(done, 2);
    });
  r.push('x');
  setTimeout(() => ac.abort(), 2);
});

scenario('finished', (done) => {
  const r = source(['a']);
  finished(r, (err) => log('readable finished', err));
  r.resume();
  const w = new Writable({ write(c, e, cb) { cb(); } });
  const cleanup = finished(w, (err) => log('writable finished', err));
  log('cleanup is a function', typeof cleanup);
  w.end('x');
  const d = new Readable({ read() {} });
  finished(d, (err) => log('destroyed early', err && err.code));
  d.destroy();
  const e = new Writable({ write(c, en, cb) { cb(new Error('write err')); } });
  e.on('error', () => {});
  finished(e, (err) => log('errored', err && err.message));
  e.write('x');
  const gone = new PassThrough();
  const stop = finished(gone, () => log('should not be called'));
  stop();
  gone.destroy();
  setTimeout(() => {
    // Already finished: called back on the next tick.
    finished(r, (err) => {
      log('finished again', err && err.code);
      done();
    });
  }, 5);
});

scenario('stream/promises finished', (done) => {
  const r = source(['a', 'b']);
  r.resume();
  sp.finished(r).then(() => {
    log('resolved');
    const bad = new Readable({ read() {} });
    const p = sp.finished(bad);
    bad.destroy(new Error('bad'));
    return p;
  }).catch((e) => {
    log('rejected', e.message);
    done();
  });
});

scenario('addAbortSignal', (done) => {
  const ac = new AbortController();
  const r = stream.addAbortSignal(ac.signal, new Readable({ read() {} }));
  watch(r, 'r', ['error', 'close']);
  ac.abort();
  const r2 = new Readable({ read() {}, signal: AbortSignal.abort() });
  r2.on('error', (e) => log('r2 error', e.name));
  r2.on('close', done);
});

scenario('compose', (done) => {
  const c = stream.compose(upper(), new Transform({
    transform(chunk, enc, cb) {
      cb(null, `[${chunk}]`);
    },
  }));
  const got = [];
  c.on('data', (d) => got.push(d.toString()));
  c.on('end', () => {
    log('composed', got);
    done();
  });
  c.write('a');
  c.end('b');
});

scenario('duplexPair', (done) => {
  const [a, b] = stream.duplexPair();
  b.on('data', (d) => log('b got', d.toString()));
  a.on('data', (d) => log('a got', d.toString()));
  a.write('to b');
  b.write('to a');
  b.on('end', () => {
    log('b end');
    done();
  });
  a.end();
});

scenario('Duplex.from async generator', (done) => {
  const d = stream.Duplex.from(async function* (src) {
    for await (const chunk of src) yield String(chunk).split('').reverse().join('');
  });
  const got = [];
  d.on('data', (c) => got.push(c));
  d.on('end', () => {
    log('got', got);
    done();
  });
  d.write('abc');
  d.write('def');
  d.end();
});

runAll();
