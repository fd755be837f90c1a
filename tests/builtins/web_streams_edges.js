// Web stream edge cases: released readers, writes after close, a tee branch
// cancelled, preventClose, a TransformStream's two strategies and a throwing
// transform, highWaterMark 0, 'bytes' sources through default readers, bad
// arguments, a size function, values({ preventCancel }).
'use strict';
const show = (p, tag) => p.then((v) => console.log(tag, 'ok', v), (e) => console.log(tag, 'err', e.name, e.code, e.message));
async function main() {
  const rs = new ReadableStream({ start(c) { c.enqueue(1); } });
  const r = rs.getReader();
  r.releaseLock();
  await show(r.closed, 'closed after release');
  await show(r.read(), 'read after release');
  const rs2 = new ReadableStream({ start(c) { c.close(); try { c.enqueue(1); } catch (e) { console.log('enqueue after close', e.name, e.code, e.message); } } });
  await show(rs2.getReader().read(), 'read closed');
  const ws = new WritableStream();
  const w = ws.getWriter();
  await w.close();
  console.log('desired after close', w.desiredSize);
  await show(w.write(1), 'write after close');
  const [a, b] = new ReadableStream({ start(c) { c.enqueue('x'); c.enqueue('y'); c.close(); } }).tee();
  await a.cancel('nope');
  const got = [];
  for await (const x of b) got.push(x);
  console.log('other branch', got);
  const out = [];
  const dest = new WritableStream({ write(x) { out.push(x); } });
  await new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).pipeTo(dest, { preventClose: true });
  console.log('preventClose', dest.locked, out);
  const dw = dest.getWriter();
  await dw.write(2);
  console.log(out);
  const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk * 2); } }, undefined, { highWaterMark: 2 });
  const tw = ts.writable.getWriter();
  console.log('ts desired', tw.desiredSize, ts.readable.locked);
  await tw.write(1);
  await tw.write(2);
  console.log('ts desired after 2', tw.desiredSize);
  const tr = ts.readable.getReader();
  console.log(await tr.read(), await tr.read());
  const errT = new TransformStream({ transform() { throw new Error('tx'); } });
  const ew = errT.writable.getWriter();
  await show(ew.write(1), 'transform throws');
  await show(errT.readable.getReader().read(), 'readable after throw');
  const hwm0 = new ReadableStream({ pull(c) { console.log('pulled hwm0'); c.enqueue(1); } }, { highWaterMark: 0 });
  await new Promise((r) => setTimeout(r, 5));
  console.log('before read');
  console.log(await hwm0.getReader().read());
  await show(new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1])); c.close(); } }).getReader().read().then((x) => [...x.value]), 'bytes');
  await show(Promise.resolve().then(() => new ReadableStream({ type: 'nope' })), 'bad type');
  await show(Promise.resolve().then(() => new ReadableStream({}, { highWaterMark: -1 })), 'bad hwm');
  const size = new ReadableStream({ start(c) { c.enqueue('abc'); console.log('desired', c.desiredSize); } }, { highWaterMark: 10, size: (s) => s.length });
  void size;
  console.log(Object.keys(await new ReadableStream({ start(c) { c.enqueue(1); } }).getReader().read()));
  const it = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); } }).values({ preventCancel: true });
  console.log(await it.next(), await it.return('r'));
}
main();

// Byte sources: their controller, transferred chunks read as Uint8Arrays.
async function bytes() {
  const rs = new ReadableStream({
    type: 'bytes',
    start(c) {
      console.log(c.constructor.name, c.byobRequest, c.desiredSize, c instanceof ReadableByteStreamController);
      const u = new Uint16Array([1, 2]);
      c.enqueue(u);
      console.log('source view after enqueue', u.byteLength);
      try {
        c.enqueue('x');
      } catch (e) {
        console.log(e.name, e.code, e.message);
      }
      c.close();
    },
  });
  const { value } = await rs.getReader().read();
  console.log(value, value.constructor.name);
  try {
    new ReadableStream({ type: 'bytes' }, { size() { return 1; } });
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
setTimeout(bytes, 50);

// Cancelling a web side stops the Node or zlib stream behind it, with no
// late errors; later writes to the compression input fail with the
// cancel reason.
async function cancelled() {
  const { Readable } = require('stream');
  let i = 0;
  const src = new Readable({ read() { this.push(Buffer.from(String(i++))); if (i > 50) this.push(null); } });
  for await (const c of Readable.toWeb(src)) { if (c.length) break; }
  console.log('broke out', src.destroyed);
  const gz = new CompressionStream('gzip');
  const w = gz.writable.getWriter();
  // (Whether this first write reached zlib before the cancel is timing.)
  w.write(new Uint8Array(100000).map((_, k) => k * 7)).catch(() => {});
  await gz.readable.cancel('stop');
  await new Promise((r) => setTimeout(r, 20));
  await w.write(new Uint8Array(1)).then(() => console.log('2nd resolved'), (e) => console.log('2nd rejected', e));
  console.log('desiredSize', w.desiredSize);
}
setTimeout(cancelled, 100);
