// Node streams to and from web streams: Readable.toWeb/fromWeb,
// Writable.toWeb/fromWeb.
'use strict';
const { Readable, Writable } = require('stream');

async function main() {
  const web = Readable.toWeb(Readable.from([Buffer.from('ab'), Buffer.from('cd')], { objectMode: false }));
  const chunks = [];
  for await (const c of web) chunks.push(c.constructor.name + ':' + Buffer.from(c).toString());
  console.log('toWeb', chunks);

  const objects = Readable.toWeb(Readable.from([{ a: 1 }, { b: 2 }]));
  const objs = [];
  for await (const o of objects) objs.push(o);
  console.log('toWeb objects', objs);

  const failing = new Readable({ read() { this.destroy(new Error('node side failed')); } });
  await Readable.toWeb(failing).getReader().read().catch((e) => console.log('rejects:', e.message));

  const fromWeb = Readable.fromWeb(new ReadableStream({
    start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue(new Uint8Array([33])); c.close(); },
  }));
  let text = '';
  for await (const c of fromWeb) text += c.toString();
  console.log('fromWeb', text, Buffer.isBuffer(Buffer.from(text)));

  const fromWebObjects = Readable.fromWeb(ReadableStream.from([1, 'two', { three: 3 }]), { objectMode: true });
  const got = [];
  for await (const x of fromWebObjects) got.push(x);
  console.log('fromWeb objects', got);

  const erroring = Readable.fromWeb(new ReadableStream({ pull(c) { c.error(new Error('web side failed')); } }));
  erroring.on('error', (e) => console.log('error event:', e.message));
  erroring.resume();
  await new Promise((r) => erroring.on('close', r));

  const sink = [];
  const nodeWritable = new Writable({ write(chunk, enc, cb) { sink.push(chunk.toString()); cb(); } });
  const ws = Writable.toWeb(nodeWritable);
  const writer = ws.getWriter();
  await writer.write(new Uint8Array([120]));
  await writer.write(new Uint8Array([121]));
  await writer.close();
  console.log('toWeb writable', sink, nodeWritable.writableFinished);

  const webSink = [];
  let closed = false;
  const nodeSide = Writable.fromWeb(new WritableStream({
    write(chunk) { webSink.push(Buffer.from(chunk).toString()); },
    close() { closed = true; },
  }));
  nodeSide.write('p');
  nodeSide.end('q');
  await new Promise((r) => nodeSide.on('finish', r));
  console.log('fromWeb writable', webSink, closed);

  // Duplex: a PassThrough as a web pair, and a TransformStream as a Duplex.
  const { Duplex, PassThrough } = require('stream');
  const pair = Duplex.toWeb(new PassThrough());
  const pw = pair.writable.getWriter();
  pw.write(new Uint8Array([65, 66]));
  pw.close();
  const through = [];
  for await (const c of pair.readable) through.push(Buffer.from(c).toString());
  console.log('Duplex.toWeb', through);

  const upper = new TransformStream({ transform(chunk, c) { c.enqueue(Buffer.from(chunk).toString().toUpperCase()); } });
  const duplex = Duplex.fromWeb(upper, { encoding: 'utf8' });
  let upperText = '';
  duplex.on('data', (t) => { upperText += t; });
  duplex.write('abc');
  duplex.end('def');
  await new Promise((r) => duplex.on('end', r));
  console.log('Duplex.fromWeb', upperText);
}
main();
