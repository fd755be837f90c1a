// The runtime's WebSocket global as the client of a ws (npm, unmodified)
// WebSocketServer with bufferutil and utf-8-validate: a subprotocol, text
// and binary echo (arraybuffer and blob), a server ping the client answers
// with a pong, a clean close by the client, then a close by the server
// with a code and reason. runtime/tests/packages.rs runs it under node and
// nabi and compares stdout. Every wait is bounded by a guard timer.
'use strict';
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
if (!modules) throw new Error('set NABI_PACKAGES_DIR to the installed node_modules (tests/packages/install.sh net)');
const { WebSocketServer } = createRequire(path.join(modules, '..', 'index.js'))('ws');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (set) => (set.has('chat') ? 'chat' : false) });
wss.on('connection', (ws, req) => {
  const log = (...a) => console.log('server:', ...a);
  log('connection', req.url, req.headers['sec-websocket-protocol']);
  ws.on('message', (data, isBinary) => {
    const text = data.toString();
    log('message', isBinary ? `binary ${data.length}` : `text ${text}`);
    if (text === 'ping me') return ws.ping('probe');
    if (text === 'close me') return ws.close(4000, 'server says bye');
    ws.send(data, { binary: isBinary });
  });
  ws.on('pong', (d) => {
    log('pong', d.toString());
    ws.send('pong seen');
  });
  ws.on('close', (code, reason) => log('close', code, reason.toString()));
});

function session(url, protocols, steps) {
  return new Promise((resolve) => {
    const log = (...a) => console.log('client:', ...a);
    const ws = new WebSocket(url, protocols);
    let step = 0;
    ws.onopen = () => {
      log('open', ws.protocol, ws.readyState);
      steps[step++](ws);
    };
    ws.onmessage = async (e) => {
      const d = e.data;
      log('message', typeof d === 'string' ? `text ${d}` : d instanceof ArrayBuffer ? `arraybuffer ${d.byteLength}` : `blob ${d.size} ${(await d.bytes())[0]}`);
      if (step < steps.length) steps[step++](ws);
    };
    ws.onerror = (e) => log('error', e.type);
    ws.onclose = (e) => {
      log('close', e.code, e.reason, e.wasClean);
      resolve();
    };
  });
}

wss.on('listening', async () => {
  const url = `ws://127.0.0.1:${wss.address().port}/path?q=1`;
  await session(url, ['chat', 'other'], [
    (ws) => ws.send('hello'),
    (ws) => ws.send(new Uint8Array(2000).fill(9)),
    (ws) => {
      ws.binaryType = 'arraybuffer';
      ws.send(new Blob(['blob bytes']));
    },
    (ws) => ws.send('ping me'),
    (ws) => ws.close(1000, 'client done'),
  ]);
  await session(url, [], [(ws) => ws.send('close me')]);
  wss.close(() => {
    clearTimeout(guard);
    console.log('done');
  });
});
