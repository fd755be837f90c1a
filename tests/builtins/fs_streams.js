// fs.createReadStream / fs.createWriteStream: open/ready/close events,
// chunking by highWaterMark, start/end, encodings, fds, errors with Node's
// code/syscall/path, piping and pipeline between files, writing then
// reading back.
'use strict';
const stream = require('stream');
const { Readable, Writable, Transform } = stream;
const { log, scenario, runAll, watch } = require('./lib/stream_harness');
const fs = require('fs');
const os = require('os');
const path = require('path');
const sp = require('stream/promises');

const dir = path.join(os.tmpdir(), `nabi-fs-streams-${process.pid}-${process.versions.nabi ? 'nabi' : 'node'}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const file = (name) => path.join(dir, name);
const clean = (s) => String(s).split(dir).join('<dir>');
const errInfo = (e) => [e.code, e.syscall, e.errno, e.path && clean(e.path), clean(e.message)];
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

console.log(typeof fs.ReadStream, typeof fs.WriteStream, fs.createReadStream(__filename) instanceof fs.ReadStream,
  fs.createReadStream(__filename) instanceof Readable, fs.WriteStream.prototype instanceof Writable);

scenario('write a file with a WriteStream', (done) => {
  const w = fs.createWriteStream(file('a.txt'));
  log('pending', w.pending, 'path', clean(w.path), 'flags', w.flags, 'fd', w.fd, 'bytesWritten', w.bytesWritten);
  w.on('open', (fd) => log('open', typeof fd, fd === w.fd, 'pending', w.pending));
  w.on('ready', () => log('ready'));
  w.on('finish', () => log('finish', w.bytesWritten));
  w.on('close', () => {
    log('close', w.fd, w.closed, w.destroyed);
    log('contents', fs.readFileSync(file('a.txt'), 'utf8'));
    done();
  });
  log('write 1', w.write('hello ', () => log('cb 1')));
  log('write 2', w.write(Buffer.from('world'), () => log('cb 2')));
  w.end('\nbye\n', () => log('end cb'));
});

scenario('read a file in chunks', (done) => {
  fs.writeFileSync(file('b.txt'), 'abcdefghijklmnopqrstuvwxyz');
  const r = fs.createReadStream(file('b.txt'), { highWaterMark: 10 });
  watch(r, 'r', ['data', 'end', 'close', 'error', 'pause', 'resume']);
  r.on('open', (fd) => log('open', typeof fd));
  r.on('ready', () => log('ready'));
  r.on('close', () => {
    log('bytesRead', r.bytesRead, 'hwm', r.readableHighWaterMark);
    done();
  });
});

scenario('start and end', (done) => {
  const r = fs.createReadStream(file('b.txt'), { start: 3, end: 7, encoding: 'utf8' });
  const got = [];
  r.on('data', (d) => got.push(d));
  r.on('end', () => {
    log('slice', got, r.bytesRead, r.pos, r.start, r.end);
    const r2 = fs.createReadStream(file('b.txt'), { start: 20, highWaterMark: 4 });
    const parts = [];
    r2.on('data', (d) => parts.push(d.toString()));
    r2.on('close', () => {
      log('from 20', parts);
      const r3 = fs.createReadStream(file('b.txt'), { end: 0 });
      r3.on('data', (d) => log('end 0', d.toString()));
      r3.on('close', done);
    });
  });
});

scenario('default highWaterMark and a large file', (done) => {
  const big = Buffer.alloc(200 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = i % 251;
  fs.writeFileSync(file('big.bin'), big);
  const r = fs.createReadStream(file('big.bin'));
  const sizes = [];
  const chunks = [];
  r.on('data', (d) => {
    sizes.push(d.length);
    chunks.push(d);
  });
  r.on('end', () => {
    log('hwm', r.readableHighWaterMark, 'sizes', sizes, 'equal', Buffer.concat(chunks).equals(big));
    done();
  });
});

scenario('missing file', (done) => {
  const r = fs.createReadStream(file('missing.txt'));
  r.on('open', () => log('open?'));
  r.on('error', (e) => log('error', ...errInfo(e), e instanceof Error));
  r.on('close', () => {
    log('close', r.destroyed);
    const w = fs.createWriteStream(file('no/such/dir/x.txt'));
    w.on('error', (e) => log('write error', ...errInfo(e)));
    w.write('lost', (err) => log('write cb', err && err.code));
    w.on('close', done);
  });
});

scenario('reading a directory', (done) => {
  const r = fs.createReadStream(dir);
  r.on('open', () => log('open'));
  r.on('error', (e) => log('error', e.code, e.syscall, clean(e.message)));
  r.on('close', done);
  r.resume();
});

scenario('append flag and fd option', (done) => {
  const w = fs.createWriteStream(file('a.txt'), { flags: 'a' });
  w.end('appended\n');
  w.on('close', () => {
    log('after append', JSON.stringify(fs.readFileSync(file('a.txt'), 'utf8')));
    const fd = fs.openSync(file('a.txt'), 'r');
    const r = fs.createReadStream(null, { fd, encoding: 'utf8', start: 6 });
    r.on('open', () => log('open emitted for fd?'));
    let text = '';
    r.on('data', (d) => (text += d));
    r.on('close', () => {
      log('via fd', JSON.stringify(text), 'fd after close', r.fd);
      let closedAlready = false;
      try {
        fs.closeSync(fd);
      } catch (e) {
        closedAlready = e.code === 'EBADF';
      }
      log('fd was closed by the stream', closedAlready);
      done();
    });
  });
});

scenario('WriteStream backpressure', (done) => {
  const w = fs.createWriteStream(file('bp.txt'), { highWaterMark: 10 });
  log('write', w.write('0123456789abcdef'), 'needDrain', w.writableNeedDrain, 'length', w.writableLength);
  log('write', w.write('more'), 'length', w.writableLength);
  w.on('drain', () => {
    log('drain', w.writableLength, w.bytesWritten);
    w.end();
  });
  w.on('close', () => {
    log('written', fs.readFileSync(file('bp.txt'), 'utf8'));
    done();
  });
});

scenario('write at a position (r+)', (done) => {
  fs.writeFileSync(file('c.txt'), '0123456789');
  const w = fs.createWriteStream(file('c.txt'), { flags: 'r+', start: 4 });
  w.write('ab');
  w.end('cd');
  w.on('close', () => {
    log('patched', fs.readFileSync(file('c.txt'), 'utf8'), 'pos', w.pos, 'bytesWritten', w.bytesWritten);
    done();
  });
});

scenario('encodings', (done) => {
  const w = fs.createWriteStream(file('d.txt'), { encoding: 'hex' });
  w.write('68656c6c6f');
  w.write(' world', 'utf8');
  w.end();
  w.on('close', () => {
    const r = fs.createReadStream(file('d.txt'), { encoding: 'base64', highWaterMark: 4 });
    const parts = [];
    r.on('data', (d) => parts.push(d));
    r.on('end', () => {
      log('base64 parts', parts, Buffer.from(parts.join(''), 'base64').toString());
      const r2 = fs.createReadStream(file('d.txt'), 'latin1');
      r2.on('data', (d) => log('string options', typeof d, d));
      r2.on('close', done);
    });
  });
});

scenario('copy with pipe, binary data', (done) => {
  const bytes = Buffer.alloc(1000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 255;
  fs.writeFileSync(file('src.bin'), bytes);
  const r = fs.createReadStream(file('src.bin'), { highWaterMark: 64 });
  const w = fs.createWriteStream(file('dst.bin'), { highWaterMark: 100 });
  r.pipe(w);
  w.on('close', () => {
    log('copied', fs.readFileSync(file('dst.bin')).equals(bytes), 'bytesWritten', w.bytesWritten);
    done();
  });
});

scenario('pipeline between files with a Transform', (done) => {
  fs.writeFileSync(file('lower.txt'), 'one\ntwo\nthree\n');
  stream.pipeline(
    fs.createReadStream(file('lower.txt'), { highWaterMark: 5 }),
    new Transform({
      transform(chunk, enc, cb) {
        cb(null, chunk.toString().toUpperCase());
      },
    }),
    fs.createWriteStream(file('upper.txt')),
    (err) => {
      log('pipeline done', err, JSON.stringify(fs.readFileSync(file('upper.txt'), 'utf8')));
      stream.pipeline(fs.createReadStream(file('nope.txt')), fs.createWriteStream(file('never.txt')), (err2) => {
        // (Whether the destination got opened before the teardown is a race.)
        log('failed pipeline', err2 && err2.code, err2 && err2.syscall);
        done();
      });
    });
});

scenario('stream/promises pipeline into a file', (done) => {
  sp.pipeline(Readable.from(['x', 'y', 'z']), fs.createWriteStream(file('gen.txt'))).then(() => {
    log('gen', fs.readFileSync(file('gen.txt'), 'utf8'));
    done();
  });
});

scenario('for await over a file', (done) => {
  (async () => {
    const seen = [];
    for await (const chunk of fs.createReadStream(file('b.txt'), { highWaterMark: 8, encoding: 'utf8' })) seen.push(chunk);
    log('chunks', seen);
    const r = fs.createReadStream(file('b.txt'), { highWaterMark: 4 });
    for await (const chunk of r) {
      log('first', chunk.toString());
      break;
    }
    log('destroyed after break', r.destroyed);
    setTimeout(() => {
      log('fd closed', r.fd, r.closed);
      done();
    }, 5);
  })();
});

scenario('close() and destroy()', (done) => {
  const r = fs.createReadStream(file('big.bin'), { highWaterMark: 1024 });
  let n = 0;
  r.on('data', () => {
    if (++n === 2) r.close((err) => log('close cb', err && err.code));
  });
  r.on('close', () => {
    log('read chunks', n, 'destroyed', r.destroyed);
    const w = fs.createWriteStream(file('e.txt'));
    w.write('partial');
    w.close((err) => {
      log('write close cb', err, fs.readFileSync(file('e.txt'), 'utf8'));
      const w2 = fs.createWriteStream(file('f.txt'));
      w2.on('error', (e) => log('w2 error', e.message));
      w2.destroy();
      w2.on('close', () => {
        log('w2 destroyed before open; exists', fs.existsSync(file('f.txt')));
        done();
      });
    });
  });
});

scenario('bad options', (done) => {
  for (const [what, fn] of [
    ['start > end', () => fs.createReadStream(file('b.txt'), { start: 5, end: 2 })],
    ['negative start', () => fs.createReadStream(file('b.txt'), { start: -1 })],
    ['string end', () => fs.createReadStream(file('b.txt'), { end: '3' })],
    ['bad path', () => fs.createReadStream(42)],
  ]) {
    try {
      fn();
      log(what, 'no throw');
    } catch (e) {
      log(what, e.code, e.name, e.message);
    }
  }
  // Bad flags fail when opening: an 'error' event.
  const w = fs.createWriteStream(file('x'), { flags: 'zz' });
  w.on('error', (e) => log('bad flags', e.code, e.name, e.message));
  w.on('close', done);
});

scenario('autoClose false', (done) => {
  const r = fs.createReadStream(file('b.txt'), { autoClose: false });
  r.resume();
  r.on('end', () => {
    setTimeout(() => {
      log('after end: destroyed', r.destroyed, 'fd open', typeof r.fd === 'number');
      r.destroy();
      r.on('close', () => {
        log('closed', r.fd);
        done();
      });
    }, 2);
  });
});

runAll();
