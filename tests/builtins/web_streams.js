// WHATWG streams (node:stream/web and the globals): default readers and
// writers, backpressure by highWaterMark, tee, pipeTo/pipeThrough, async
// iteration, errors and cancellation, the queuing strategies and the
// encoding/compression streams.
'use strict';
const web = require('stream/web');

const log = [];
const note = (...args) => log.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));

async function main() {
  console.log(web.ReadableStream === ReadableStream, web.WritableStream === WritableStream, web.TransformStream === TransformStream);
  console.log(Object.prototype.toString.call(new ReadableStream()), String(new WritableStream()));

  // Pull-driven source with highWaterMark 2: pulls fill the queue to 2.
  {
    let n = 0;
    const rs = new ReadableStream({
      pull(c) {
        note('pull', n, c.desiredSize);
        if (n < 4) c.enqueue(n++);
        else c.close();
      },
    }, { highWaterMark: 2 });
    await new Promise((r) => setTimeout(r, 10));
    note('before read', n);
    const reader = rs.getReader();
    console.log(rs.locked);
    const got = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      got.push(value);
    }
    note('read', got);
    await reader.closed;
    note('closed');
    reader.releaseLock();
    console.log(rs.locked);
    console.log(log.splice(0).join('\n'));
  }

  // Locking and errors.
  {
    const rs = new ReadableStream();
    rs.getReader();
    try {
      rs.getReader();
    } catch (e) {
      console.log(e.name, e.code, e.message);
    }
    const broken = new ReadableStream({ start(c) { c.error(new Error('boom')); } });
    await broken.getReader().read().catch((e) => console.log('read rejects:', e.message));
    try {
      new CountQueuingStrategy();
    } catch (e) {
      console.log(e.name, e.code);
    }
    const s = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
    console.log(s.highWaterMark, s.size(new Uint8Array(5)), new CountQueuingStrategy({ highWaterMark: 3 }).size());
  }

  // Async iteration, tee, cancel.
  {
    const chunks = () => new ReadableStream({ start(c) { ['a', 'b', 'c'].forEach((x) => c.enqueue(x)); c.close(); } });
    const seen = [];
    for await (const x of chunks()) seen.push(x);
    console.log('iterated', seen);
    const [left, right] = chunks().tee();
    const all = async (s) => { const out = []; for await (const x of s) out.push(x); return out; };
    console.log('tee', await all(left), await all(right));
    let cancelled;
    const rs = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(reason) { cancelled = reason; } });
    for await (const x of rs) { console.log('first', x); break; }
    console.log('cancelled with', cancelled, rs.locked);
    console.log('from', await all(ReadableStream.from([1, 2, 3])));
  }

  // WritableStream: writes in order, backpressure through ready/desiredSize.
  {
    const written = [];
    let release;
    const ws = new WritableStream({
      write(chunk) {
        written.push(chunk);
        if (chunk === 'slow') return new Promise((r) => { release = r; });
      },
      close() { written.push('<close>'); },
    }, new CountQueuingStrategy({ highWaterMark: 2 }));
    const writer = ws.getWriter();
    console.log('desired', writer.desiredSize);
    writer.write('slow');
    writer.write('x');
    console.log('desired after 2', writer.desiredSize);
    let ready = false;
    writer.ready.then(() => { ready = true; });
    await new Promise((r) => setTimeout(r, 10));
    console.log('ready while blocked', ready);
    release();
    await writer.ready;
    console.log('ready after', writer.desiredSize);
    await writer.close();
    console.log('written', written);
    await writer.closed;
    const failing = new WritableStream({ write() { throw new Error('sink failed'); } });
    const w2 = failing.getWriter();
    await w2.write('q').catch((e) => console.log('write rejects:', e.message));
    await w2.closed.catch((e) => console.log('closed rejects:', e.message));
    let aborted;
    const ab = new WritableStream({ abort(reason) { aborted = reason; } });
    await ab.abort('stop');
    console.log('aborted with', aborted);
  }

  // TransformStream, pipeThrough, pipeTo.
  {
    const upper = new TransformStream({
      transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
      flush(c) { c.enqueue('!'); },
    });
    const source = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
    const out = [];
    await source.pipeThrough(upper).pipeTo(new WritableStream({ write(x) { out.push(x); } }));
    console.log('piped', out);
    const identity = new TransformStream();
    const w = identity.writable.getWriter();
    w.write(1);
    w.close();
    const r = identity.readable.getReader();
    console.log(await r.read(), await r.read());
    const failing = new ReadableStream({ pull(c) { c.error(new Error('source failed')); } });
    let sinkAbort;
    await failing.pipeTo(new WritableStream({ abort(e) { sinkAbort = e.message; } }))
      .catch((e) => console.log('pipeTo rejects:', e.message, sinkAbort));
    const ac = new AbortController();
    const endless = new ReadableStream({ pull(c) { c.enqueue('x'); return new Promise((r) => setTimeout(r, 1)); } });
    const p = endless.pipeTo(new WritableStream(), { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('enough')), 5);
    await p.catch((e) => console.log('aborted pipe:', e.message));
  }

  // Encoding and compression.
  {
    const enc = new TextEncoderStream();
    const writer = enc.writable.getWriter();
    writer.write('h\ud83d');
    writer.write('\ude00!');
    writer.close();
    const bytes = [];
    for await (const b of enc.readable) bytes.push(...b);
    console.log('encoded', Buffer.from(bytes).toString('hex'));
    const dec = new TextDecoderStream();
    const dw = dec.writable.getWriter();
    const euro = Buffer.from('€uro');
    dw.write(euro.subarray(0, 1));
    dw.write(euro.subarray(1));
    dw.close();
    let text = '';
    for await (const t of dec.readable) text += t;
    console.log('decoded', text, dec.encoding);
    const input = Buffer.from('hello hello hello hello');
    const gz = ReadableStream.from([input]).pipeThrough(new CompressionStream('gzip'));
    const parts = [];
    for await (const b of gz) parts.push(Buffer.from(b));
    const zipped = Buffer.concat(parts);
    console.log('gzip magic', zipped.subarray(0, 2).toString('hex'), require('zlib').gunzipSync(zipped).toString());
    const back = ReadableStream.from([zipped]).pipeThrough(new DecompressionStream('gzip'));
    const unparts = [];
    for await (const b of back) unparts.push(Buffer.from(b));
    console.log('gunzip', Buffer.concat(unparts).toString());
    try {
      new CompressionStream('zip');
    } catch (e) {
      console.log(e.name, e.code);
    }
  }

  // Fetch bodies are these streams.
  {
    const res = new Response('body text');
    console.log('Response.body', res.body instanceof ReadableStream, res.bodyUsed);
    let text = '';
    for await (const t of res.body.pipeThrough(new TextDecoderStream())) text += t;
    console.log(text, res.bodyUsed);
    const fromStream = new Response(ReadableStream.from([new Uint8Array([111, 107])]));
    console.log(await fromStream.text());
    const server = require('http').createServer((req, rsp) => {
      rsp.write('one,');
      setTimeout(() => rsp.end('two'), 5);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const fetched = await fetch(`http://127.0.0.1:${server.address().port}/`);
    console.log('fetched body', fetched.body instanceof ReadableStream);
    const parts = [];
    await fetched.body.pipeTo(new WritableStream({ write(chunk) { parts.push(Buffer.from(chunk).toString()); } }));
    console.log('fetched', parts.join(''), fetched.bodyUsed);
    server.close();
  }
}
main();
