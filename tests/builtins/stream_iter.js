// node:stream — Readable.from (arrays, generators, async generators,
// promises, strings), for await and readable.iterator(), destroy on break
// and on errors, setEncoding with iteration, and the tick order of it all.
'use strict';
const stream = require('stream');
const { Readable } = stream;
const { log, scenario, runAll, watch, ticks } = require('./lib/stream_harness');

scenario('Readable.from(array): order against ticks', (done) => {
  const r = Readable.from(['a', 'b', 'c']);
  log('objectMode', r.readableObjectMode, 'hwm', r.readableHighWaterMark);
  watch(r, 'r', ['data', 'end', 'close', 'resume']);
  ticks('sync');
  r.on('close', done);
});

scenario('Readable.from(async generator)', (done) => {
  async function* gen() {
    yield 1;
    await null;
    yield 2;
    yield 3;
  }
  const r = Readable.from(gen());
  watch(r, 'r', ['data', 'end', 'close']);
  ticks('sync');
  r.on('close', done);
});

scenario('Readable.from: promises, strings, buffers, options', (done) => {
  const got = [];
  const r = Readable.from([Promise.resolve('p1'), 'plain', Promise.resolve('p2')]);
  r.on('data', (d) => got.push(d));
  r.on('end', () => {
    log('promises', got);
    const s = Readable.from('whole string');
    s.on('data', (d) => log('string chunk', d));
    s.on('end', () => {
      const b = Readable.from(Buffer.from('buf'), { objectMode: false });
      b.on('data', (d) => log('buffer chunk', d, b.readableObjectMode));
      b.on('end', done);
    });
  });
});

scenario('Readable.from: null value and throwing iterator', (done) => {
  const r = Readable.from(['ok', null, 'never']);
  watch(r, 'r', ['data', 'error', 'close']);
  r.on('close', () => {
    function* bad() {
      yield 'first';
      throw new Error('generator threw');
    }
    const r2 = Readable.from(bad());
    watch(r2, 'r2', ['data', 'error', 'close']);
    r2.on('close', () => {
      try {
        Readable.from(42);
      } catch (e) {
        log(e.code, e.message);
      }
      done();
    });
  });
});

scenario('for await over a Readable', (done) => {
  const r = new Readable({
    read() {},
  });
  let i = 0;
  const timer = setInterval(() => {
    i++;
    r.push(i <= 3 ? `chunk${i}` : null);
    if (i > 3) clearInterval(timer);
  }, 1);
  (async () => {
    for await (const chunk of r) log('got', chunk.toString());
    log('loop done, destroyed', r.destroyed, 'ended', r.readableEnded);
    setTimeout(done, 2);
  })();
});

scenario('for await with break destroys the stream', (done) => {
  const r = Readable.from(['a', 'b', 'c']);
  watch(r, 'r', ['close', 'error', 'end']);
  (async () => {
    for await (const chunk of r) {
      log('chunk', chunk);
      break;
    }
    log('after break: destroyed', r.destroyed);
    setTimeout(done, 2);
  })();
});

scenario('iterator({ destroyOnReturn: false })', (done) => {
  const r = Readable.from(['a', 'b', 'c']);
  (async () => {
    for await (const chunk of r.iterator({ destroyOnReturn: false })) {
      log('first', chunk);
      break;
    }
    log('destroyed', r.destroyed);
    const rest = [];
    for await (const chunk of r) rest.push(chunk);
    log('rest', rest);
    try {
      r.iterator(5);
    } catch (e) {
      log(e.code);
    }
    done();
  })();
});

scenario('error while iterating', (done) => {
  const r = new Readable({ read() {} });
  r.push('before');
  setTimeout(() => r.destroy(new Error('stream failed')), 2);
  (async () => {
    try {
      for await (const chunk of r) log('chunk', chunk.toString());
    } catch (e) {
      log('caught', e.message, 'destroyed', r.destroyed);
    }
    const r2 = Readable.from(['x', 'y']);
    watch(r2, 'r2', ['close', 'error']);
    try {
      for await (const chunk of r2) {
        log('r2 chunk', chunk);
        throw new Error('body threw');
      }
    } catch (e) {
      log('caught', e.message, 'r2 destroyed', r2.destroyed);
    }
    setTimeout(done, 2);
  })();
});

scenario('iteration with setEncoding and objectMode', (done) => {
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  r.push(Buffer.from([0xc3]));
  r.push(Buffer.from([0xa9, 0x41]));
  r.push(null);
  (async () => {
    const parts = [];
    for await (const s of r) parts.push(s);
    log('decoded', parts);
    const objs = [];
    for await (const o of Readable.from([{ n: 1 }, { n: 2 }])) objs.push(o.n);
    log('objects', objs);
    done();
  })();
});

scenario('async iterator protocol directly', (done) => {
  const r = Readable.from(['q', 'r']);
  const it = r[Symbol.asyncIterator]();
  log('iterator has stream', it.stream === r);
  it.next().then((a) => {
    log('next', a);
    return it.next();
  }).then((b) => {
    log('next', b);
    return it.next();
  }).then((c) => {
    log('next', c);
    return it.return();
  }).then((d) => {
    log('return', d);
    done();
  });
});

scenario('toArray, map, filter, reduce', (done) => {
  (async () => {
    log('toArray', await Readable.from([1, 2, 3]).toArray());
    log('map', await Readable.from([1, 2, 3]).map((x) => x * 2).toArray());
    log('filter', await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).toArray());
    log('reduce', await Readable.from([1, 2, 3, 4]).reduce((a, b) => a + b, 0));
    log('take/drop', await Readable.from([1, 2, 3, 4, 5]).drop(1).take(2).toArray());
    log('some/every/find', await Readable.from([1, 2]).some((x) => x > 1), await Readable.from([1, 2]).every((x) => x > 1),
      await Readable.from([1, 2, 3]).find((x) => x > 1));
    const seen = [];
    await Readable.from(['a', 'b']).forEach((x) => seen.push(x));
    log('forEach', seen);
    done();
  })();
});

scenario('events.once and on with streams', (done) => {
  const { once } = require('events');
  const r = Readable.from(['e1']);
  const ended = once(r, 'end');
  (async () => {
    const [chunk] = await once(r, 'data');
    log('once data', chunk);
    await ended;
    log('once end');
    done();
  })();
});

scenario('Readable.wrap of an old-style stream', (done) => {
  const old = new stream.Stream();
  old.pause = () => log('old paused');
  old.resume = () => log('old resumed');
  const r = new Readable({ highWaterMark: 2 }).wrap(old);
  old.emit('data', Buffer.from('abc'));
  old.emit('data', Buffer.from('def'));
  r.on('data', (d) => log('wrapped data', d.toString()));
  setTimeout(() => {
    old.emit('end');
    r.on('end', () => {
      log('wrapped end');
      done();
    });
  }, 2);
});

runAll();
