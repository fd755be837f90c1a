// node:stream — the less common corners: default high water marks, the
// is* helpers, stream.destroy, Duplex.from over every kind of body, compose
// with a generator, the iterator helpers, finished/pipeline with signals,
// buffered-write introspection, _construct and _flush errors, and
// multiple callbacks. Each line is one check, in order.
'use strict';
const stream = require('stream');
const { Readable, Writable, Duplex, PassThrough, Transform } = stream;
const log = (...a) => console.log(...a);
const safe = async (name, fn) => { try { log(name, await fn()); } catch (e) { log(name, 'threw', e.name, e.code, e.message); } };
(async () => {
  await safe('setDefaultHighWaterMark', () => { stream.setDefaultHighWaterMark(false, 1000); const h = new Readable().readableHighWaterMark; stream.setDefaultHighWaterMark(false, 16384); return h; });
  await safe('setDefaultHighWaterMark bad', () => stream.setDefaultHighWaterMark(false, -1));
  await safe('isErrored/isDisturbed', () => { const r = new Readable({ read() {} }); r.on('error', () => {}); r.destroy(new Error('x')); return [stream.isErrored(r), stream.isDisturbed(r), stream.isReadable(r), stream.isWritable(new PassThrough()), stream.isDestroyed(r)]; });
  await safe('Stream.destroy', () => { const p = new PassThrough(); p.on('error', (e) => log('destroy err', e.name)); stream.destroy(p); return p.destroyed; });
  await safe('Duplex.from iterable', async () => (await Duplex.from(['a', 'b']).toArray()));
  await safe('Duplex.from promise', async () => (await Duplex.from(Promise.resolve('v')).toArray()));
  await safe('Duplex.from readable', async () => (await Duplex.from(Readable.from(['r'])).toArray()));
  await safe('Duplex.from pair', async () => { const d = Duplex.from({ readable: Readable.from(['pr']), writable: new PassThrough() }); return d.toArray(); });
  await safe('Duplex.from writable', () => { const got = []; const d = Duplex.from(new Writable({ write(c, e, cb) { got.push(String(c)); cb(); } })); d.end('w'); return new Promise((res) => d.on('finish', () => res(got))); });
  await safe('Duplex.from async fn', () => new Promise((res) => { const d = Duplex.from(async function (src) { let s = ''; for await (const c of src) s += c; log('async fn got', s); }); d.on('finish', () => res('finished')); d.write('a'); d.end('b'); }));
  await safe('Duplex.from bad', () => Duplex.from(5));
  await safe('compose gen', async () => { const c = stream.compose(async function* (src) { for await (const x of src) yield String(x).toUpperCase(); }, new PassThrough({ objectMode: true })); c.end('hi'); return c.toArray(); });
  await safe('flatMap', async () => [await Readable.from([1, 2]).flatMap((x) => [x, x]).toArray()]);
  log('asIndexedPairs (removed in Node 22):', typeof Readable.prototype.asIndexedPairs);
  await safe('reduce empty', () => Readable.from([]).reduce((a, b) => a + b));
  await safe('finished with signal', () => new Promise((res) => { const ac = new AbortController(); const p = new PassThrough(); stream.finished(p, { signal: ac.signal }, (err) => res(err && err.name)); ac.abort(); }));
  await safe('promises.finished cleanup', async () => { const p = new PassThrough(); const f = stream.promises.finished(p, { cleanup: true }); p.end(); p.resume(); await f; return p.listenerCount('end'); });
  await safe('pipeline pre-aborted', () => stream.promises.pipeline(Readable.from(['x']), new PassThrough(), { signal: AbortSignal.abort() }).then(() => 'ok', (e) => e.name));
  await safe('pipeline dest fn rejects', () => new Promise((res) => stream.pipeline(Readable.from(['x']), async (src) => { for await (const c of src); throw new Error('dest fn'); }, (err) => res(err && err.message))));
  await safe('writable buffer', () => { const w = new Writable({ write(c, e, cb) { setTimeout(cb, 1); } }); w.write('a'); w.write('b'); w.write('c'); return [w.writableBuffer.length, w._writableState.bufferedRequestCount, w._writableState.getBuffer().length]; });
  await safe('construct error writable', () => new Promise((res) => { const w = new Writable({ construct(cb) { cb(new Error('c err')); }, write(c, e, cb) { cb(); } }); w.on('error', (e) => res(e.message)); w.write('x'); }));
  await safe('asyncDispose', async () => { if (!Symbol.asyncDispose) return 'n/a'; const r = new Readable({ read() {} }); await r[Symbol.asyncDispose]().catch((e) => e.name); return r.destroyed; });
  await safe('addAbortSignal bad', () => stream.addAbortSignal({}, new PassThrough()));
  await safe('writable objectMode encoding', () => new Promise((res) => { const w = new Writable({ objectMode: true, write(c, e, cb) { res([c, e]); cb(); } }); w.write({ a: 1 }); }));
  await safe('Readable.wrap static', async () => { const s = new stream.Stream(); const r = Readable.wrap(s); setTimeout(() => { s.emit('data', 'w1'); s.emit('end'); }, 1); return r.toArray(); });
  await safe('readable setEncoding hex', async () => { const r = Readable.from([Buffer.from([1, 255])], { objectMode: false }); r.setEncoding('hex'); return r.toArray(); });
  await safe('writev after cork many', () => new Promise((res) => { const seen = []; const w = new Writable({ writev(chunks, cb) { seen.push(chunks.length); cb(); } }); w.cork(); for (let i = 0; i < 5; i++) w.write(String(i)); w.uncork(); w.end(() => res(seen)); }));
  await safe('eventNames', () => { const r = new Readable({ read() {} }); r.on('data', () => {}); return r.eventNames(); });
  await safe('multiple callback', () => new Promise((res) => { const w = new Writable({ write(c, e, cb) { cb(); cb(); } }); w.on('error', (e) => res(e.code)); w.write('x'); }));
  await safe('Transform flush error', () => new Promise((res) => { const t = new Transform({ transform(c, e, cb) { cb(null, c); }, flush(cb) { cb(new Error('flush err')); } }); t.on('error', (e) => res(e.message)); t.resume(); t.end('x'); }));
})();
