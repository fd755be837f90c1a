// ws (npm, unmodified) with bufferutil and utf-8-validate over nabi's
// http/net: a WebSocketServer and clients. Text and binary frames echoed
// (a 70000-byte binary frame: 64-bit length, masked by the client through
// bufferutil), ping/pong with payloads, close codes and reasons both ways,
// and an invalid UTF-8 text frame refused with 1007 (utf-8-validate).
//
//   ws.js                 server and clients in this process
//   ws.js --server        a server only; prints its port, ends after one client
//   ws.js --client PORT   the clients only, against that server
// Every wait is bounded by a guard timer.
'use strict';
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
if (!modules) throw new Error('set NABI_PACKAGES_DIR to the installed node_modules (tests/packages/install.sh net)');
const load = createRequire(path.join(modules, '..', 'index.js'));
const { WebSocket, WebSocketServer } = load('ws');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

function startServer(onListening, clientsToServe = 2) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  let served = 0;
  wss.on('connection', (ws, req) => {
    const log = (...a) => console.log('server:', ...a);
    log('connection', req.url, req.headers['sec-websocket-version'], typeof req.headers['sec-websocket-key']);
    ws.on('message', (data, isBinary) => {
      log('message', isBinary ? `binary ${data.length} ${data[0]} ${data[data.length - 1]}` : `text ${data.toString()}`);
      ws.send(data, { binary: isBinary });
    });
    ws.on('ping', (d) => log('ping', d.toString()));
    ws.on('error', (e) => log('error', e.code, e.message));
    ws.on('close', (code, reason) => {
      log('close', code, reason.toString());
      if (++served === clientsToServe) wss.close(() => log('closed'));
    });
  });
  wss.on('listening', () => onListening(wss.address().port));
}

function runClients(port, done) {
  const log = (...a) => console.log('client:', ...a);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/chat?x=1`);
  const big = Buffer.alloc(70000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
  let step = 0;
  ws.on('open', () => {
    log('open', ws.protocol === '', ws.readyState);
    ws.send('hello');
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      log('echo binary', data.length, Buffer.compare(data, big) === 0);
    } else {
      log('echo text', data.toString());
    }
    step++;
    if (step === 1) ws.send(big);
    else if (step === 2) ws.ping('p1');
  });
  ws.on('pong', (d) => {
    log('pong', d.toString());
    ws.close(4001, 'bye');
  });
  ws.on('close', (code, reason) => {
    log('close', code, reason.toString());
    // Then a frame of invalid UTF-8 sent as text: the server refuses it.
    const bad = new WebSocket(`ws://127.0.0.1:${port}/bad`);
    bad.on('open', () => bad.send(Buffer.from([0x68, 0xff, 0xfe]), { binary: false }));
    bad.on('close', (c, r) => {
      log('bad close', c, r.toString());
      const loaded = Object.keys(require.cache).map((k) => k.replace(/\\/g, '/'));
      // ws masks through bufferutil; for UTF-8 it prefers buffer.isUtf8
      // when the runtime has it (Node and nabi do), so utf-8-validate is
      // checked directly.
      log('bufferutil loaded by ws', loaded.some((k) => k.includes('/bufferutil/')));
      const isValidUTF8 = load('utf-8-validate');
      log('utf-8-validate', isValidUTF8(Buffer.from('héllo wörld, long enough for the native path')), isValidUTF8(Buffer.from([0x68, 0xff, 0xfe])));
      done();
    });
    bad.on('error', (e) => log('bad error', e.message));
  });
  ws.on('error', (e) => log('error', e.message));
}

const mode = process.argv[2];
if (mode === '--server') {
  startServer((port) => console.log(`PORT ${port}`));
} else if (mode === '--client') {
  runClients(Number(process.argv[3]), () => {});
} else {
  startServer((port) => runClients(port, () => {}));
}
