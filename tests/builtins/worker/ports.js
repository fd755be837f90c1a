// The worker side of worker_ports.js: answers on a transferred port, works
// on shared memory, and joins a BroadcastChannel.
'use strict';
const { parentPort, workerData, BroadcastChannel } = require('worker_threads');

const { port, shared, mode } = workerData;
if (mode === 'port') {
  // A port that came in workerData's transferList.
  port.on('message', (m) => {
    if (m === 'bye') {
      port.close();
      return;
    }
    port.postMessage({ echo: m, typeof: typeof m });
  });
} else if (mode === 'atomics') {
  const view = new Int32Array(shared);
  // Wait until the main thread stores 1 and notifies ('not-equal' when it
  // already did: which one depends on start-up time), then answer.
  const r = Atomics.wait(view, 0, 0, 10000);
  view[1] = 42;
  Atomics.store(view, 2, 1);
  Atomics.notify(view, 2);
  parentPort.postMessage(`woke: ${r !== 'timed-out'} ${view[0]}`);
} else if (mode === 'shared') {
  const bytes = new Uint8Array(shared);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i * 2;
  parentPort.postMessage('written');
} else if (mode === 'transfer-in') {
  parentPort.once('message', ({ port: p }) => {
    p.postMessage('hello through a port moved to the worker');
    p.close();
  });
} else if (mode === 'broadcast') {
  const bc = new BroadcastChannel('nabi-test');
  bc.onmessage = (e) => {
    bc.postMessage(`worker heard ${e.data}`);
    bc.close();
  };
  parentPort.postMessage('joined');
}
