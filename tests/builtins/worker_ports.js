// worker_threads' ports: MessageChannel, MessagePort, receiveMessageOnPort,
// BroadcastChannel, transferList (ArrayBuffers detached in the sender,
// ports moved, also to and from workers), SharedArrayBuffers shared with a
// worker, and Atomics.wait/notify between threads.
'use strict';
const path = require('path');
const { Worker, MessageChannel, MessagePort, BroadcastChannel, receiveMessageOnPort } = require('worker_threads');

const script = path.join(__dirname, 'worker', 'ports.js');
const attempt = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};

console.log('globals', typeof MessageChannel, globalThis.MessageChannel === MessageChannel,
  globalThis.MessagePort === MessagePort, globalThis.BroadcastChannel === BroadcastChannel, typeof MessageEvent);

async function sameThread() {
  const { port1, port2 } = new MessageChannel();
  console.log('ports', port1 instanceof MessagePort, port2 instanceof MessagePort, typeof port1.on, typeof port1.addEventListener);
  attempt('new MessagePort', () => new MessagePort());
  attempt('receive from non-port', () => receiveMessageOnPort({}));

  // Queued until read: receiveMessageOnPort takes them synchronously, in order.
  port2.postMessage({ a: 1, list: [1, 2], map: new Map([['k', 'v']]) });
  port2.postMessage('second');
  console.log(receiveMessageOnPort(port1), receiveMessageOnPort(port1), receiveMessageOnPort(port1));

  // Transfer: the sender's ArrayBuffer is detached, the receiver has the bytes.
  const ab = new Uint8Array([1, 2, 3, 4]).buffer;
  port2.postMessage({ ab }, [ab]);
  console.log('sender after transfer', ab.byteLength, ab.detached);
  const got = receiveMessageOnPort(port1).message;
  console.log('receiver', [...new Uint8Array(got.ab)]);
  attempt('copy of a typed array keeps the sender', () => {
    const t = new Uint8Array([9]);
    port2.postMessage(t);
    return [t.length, [...receiveMessageOnPort(port1).message]];
  });
  attempt('source port in transferList', () => port2.postMessage(port2, [port2]));
  attempt('port not in transferList', () => port2.postMessage({ p: port1 }));
  attempt('bad transferList item', () => port2.postMessage(1, [{}]));

  // Events: 'message' listeners get the value, addEventListener a MessageEvent.
  await new Promise((resolve) => {
    let n = 0;
    const show = (m) => (m && m.port ? 'a message with a port' : m);
    port1.addEventListener('message', (e) => console.log('event', e.constructor.name, e.type, show(e.data)));
    port1.on('message', (m) => {
      console.log('on message', show(m));
      if (++n === 2) resolve();
    });
    port2.postMessage('x');
    port2.postMessage({ y: 2 });
  });
  // Moving a port within the thread: the old object is dead, the new one works.
  const inner = new MessageChannel();
  port2.postMessage({ port: inner.port1 }, [inner.port1]);
  const moved = await new Promise((resolve) => port1.once('message', (m) => resolve(m.port)));
  console.log('moved port', moved instanceof MessagePort, moved !== inner.port1);
  inner.port2.postMessage('through the moved port');
  // (receiveMessageOnPort on the moved-away object crashes Node 24: not tried)
  console.log('new object', receiveMessageOnPort(moved));

  // close() closes both ends: 'close' on each (the other end hears it
  // when it is started).
  port2.on('message', () => {});
  await new Promise((resolve) => {
    let closes = 0;
    const done = (which) => () => {
      console.log('close', which);
      if (++closes === 2) resolve();
    };
    port1.on('close', done('port1'));
    port2.on('close', done('port2'));
    port1.close();
  });
  moved.close();
  inner.port2.close();
  console.log('post after close is ignored', port2.postMessage('lost'));
}

function runWorker(workerData, transferList, onMessage) {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData, transferList });
    w.on('message', (m) => onMessage && onMessage(m, w));
    w.on('error', reject);
    w.on('exit', resolve);
  });
}

async function acrossThreads() {
  // A port handed to a worker in workerData's transferList.
  const { port1, port2 } = new MessageChannel();
  const replies = [];
  port1.on('message', (m) => {
    replies.push(m);
    if (replies.length === 2) port1.postMessage('bye');
  });
  const closed = new Promise((resolve) => port1.once('close', resolve));
  const exited = runWorker({ mode: 'port', port: port2 }, [port2]);
  port1.postMessage('one');
  port1.postMessage(2);
  await closed;
  console.log('worker exit', await exited, replies);

  // A port sent to a running worker with postMessage (its parentPort
  // queues the message until it listens).
  const ch = new MessageChannel();
  const heard = new Promise((resolve) => ch.port1.once('message', resolve));
  const w = new Worker(script, { workerData: { mode: 'transfer-in' } });
  // Listen for 'exit' now: the worker may end before `heard` settles.
  const wExited = new Promise((resolve) => w.on('exit', resolve));
  w.postMessage({ port: ch.port2 }, [ch.port2]);
  console.log('got', await heard);
  await wExited;
  ch.port1.close();

  // SharedArrayBuffer: the worker's writes are visible here.
  const sab = new SharedArrayBuffer(8);
  await runWorker({ mode: 'shared', shared: sab }, undefined, (m) => console.log('worker says', m));
  console.log('shared bytes', [...new Uint8Array(sab)]);

  // Atomics.wait in the worker, notify from here; then wait here for its answer.
  const mem = new SharedArrayBuffer(16);
  const view = new Int32Array(mem);
  const answered = runWorker({ mode: 'atomics', shared: mem }, undefined, (m) => console.log('worker says', m));
  await new Promise((r) => setTimeout(r, 50));
  Atomics.store(view, 0, 1);
  console.log('notified', Atomics.notify(view, 0) >= 0);
  console.log('main waits', Atomics.wait(view, 2, 0, 10000) !== 'timed-out', view[1]);
  await answered;

  // BroadcastChannel between this thread and a worker.
  const bc = new BroadcastChannel('nabi-test');
  console.log('name', bc.name);
  const fromWorker = new Promise((resolve) => {
    bc.onmessage = (e) => resolve(`${e.constructor.name} ${e.data}`);
  });
  const bcExit = runWorker({ mode: 'broadcast' }, undefined, (m) => {
    if (m === 'joined') bc.postMessage('ping');
  });
  console.log(await fromWorker);
  bc.close();
  attempt('post on a closed channel', () => bc.postMessage(1));
  await bcExit;

  // Same-thread BroadcastChannels: every other member receives, not the sender.
  const a = new BroadcastChannel('local');
  const b = new BroadcastChannel('local');
  const c = new BroadcastChannel('local');
  const seen = [];
  a.onmessage = (e) => seen.push(`a:${e.data}`);
  b.addEventListener('message', (e) => seen.push(`b:${e.data}`));
  c.onmessage = (e) => seen.push(`c:${e.data}`);
  a.postMessage('from a');
  await new Promise((r) => setTimeout(r, 20));
  console.log(seen.sort().join(' '));
  a.close();
  b.close();
  c.close();
}

// What keeps a process alive: a BroadcastChannel until closed or unref'd,
// a port with a 'message' listener unless unref'd; a port alone does not.
function keepsAlive() {
  const { spawnSync } = require('child_process');
  for (const code of [
    "new BroadcastChannel('x')",
    "new BroadcastChannel('x').unref()",
    "const { port1 } = new MessageChannel(); port1.on('message', () => {})",
    "const { port1 } = new MessageChannel(); port1.on('message', () => {}); port1.unref()",
    'const { port1 } = new MessageChannel()',
  ]) {
    const r = spawnSync(process.execPath, ['-e', code], { timeout: 1000 });
    console.log(r.signal ? `kept alive (${r.signal}, ${r.error && r.error.code})` : `exited ${r.status}`, '<-', code);
  }
}

sameThread().then(acrossThreads).then(keepsAlive).then(() => console.log('done'));
