// node_api.h: buffers, cleanup hooks, callbacks, fatal_exception, process
// info, libuv used directly by an addon.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const n = load('node_api');

const b = n.buffers();
for (const [k, v] of Object.entries(b)) {
  assert.ok(Buffer.isBuffer(v), k);
  assert.ok(v instanceof Buffer && v instanceof Uint8Array, k);
}
assert.strictEqual(b.created.toString(), 'abcd');
assert.strictEqual(b.copied.toString('hex'), '68656c6c6f');
assert.strictEqual(b.external.toString(), 'xyz');
console.log('buffer info:', JSON.stringify(n.bufferInfo(Buffer.from('info'))), JSON.stringify(n.bufferInfo(new Uint16Array(2))),
  JSON.stringify(n.bufferInfo({})));
// An external buffer over NULL (ref-napi makes its NULL pointer so): an
// empty Buffer; its finalizer runs by the next turn of the loop.
const nb = n.nullBuffer();
console.log('null external buffer:', Buffer.isBuffer(nb.buffer), nb.buffer.length, nb.buffer.byteLength, nb.dataIsNull, nb.length,
  nb.buffer.toString('hex') === '', nb.buffer.buffer.byteLength);
// (Printed at exit: the other output here comes from threads in its own order.)
let nullFrees;
setImmediate(() => setImmediate(() => { nullFrees = n.nullFrees(); }));
process.on('exit', () => console.log('null external buffer finalized:', nullFrees));
if (typeof process.versions.nabi === 'string') {
  // node_api_create_buffer_from_arraybuffer is not in Node 20.
  const ab = new ArrayBuffer(8);
  new Uint8Array(ab).set([65, 66, 67, 68, 69, 70, 71, 72]);
  const r = n.fromArrayBuffer(ab, 2, 3);
  assert.strictEqual(r.status, status.ok);
  assert.ok(Buffer.isBuffer(r.value));
  assert.strictEqual(r.value.toString(), 'CDE');
  assert.strictEqual(r.value.buffer, ab);
  const bad = n.fromArrayBuffer(ab, 6, 4);
  assert.ok(bad.threw instanceof RangeError);
}
console.log('buffers: ok');

// make_callback at the outermost level drains nextTicks and microtasks
// before returning; inside a callback scope they wait for its close.
const order = [];
n.makeCallback(() => {
  process.nextTick(() => order.push('tick'));
  Promise.resolve().then(() => order.push('promise'));
  order.push('callback');
});
order.push('after make_callback');
console.log('make_callback order:', order.join(', '));
const order2 = [];
n.callbackScope(() => {
  process.nextTick(() => order2.push('tick'));
  Promise.resolve().then(() => order2.push('promise'));
  order2.push('callback');
});
order2.push('after scope');
console.log('callback scope order:', order2.join(', '));

const info = n.processInfo();
// napi_get_node_version and process.versions.node name the same release,
// the one nabi follows (Node 24 LTS).
assert.strictEqual(`${info.major}.${info.minor}.${info.patch}`, process.versions.node);
console.log('node version major:', info.major, process.version === `v${process.versions.node}`);
assert.strictEqual(info.release, 'node');
assert.ok(info.file.startsWith('file://') && info.file.endsWith('/node_api.node'), info.file);
assert.strictEqual(info.loopAlive, true);
console.log('process info: ok');

// `b` stays referenced to the end (a refcounting engine frees it earlier).
process.on('exit', () => console.log('exit event', Object.keys(b).length));
(async () => {
  assert.strictEqual(await n.uvTriple(14), 42);
  console.log('uv_queue_work from the addon: ok');
  n.addHooks();
  process.once('uncaughtException', (err, origin) => {
    console.log('fatal_exception reached the handler:', err.message, origin);
  });
  assert.strictEqual(n.fatalException(new Error('reported')), status.ok);
})();
