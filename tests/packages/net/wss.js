// ws (npm, unmodified) over nabi's https/tls: a WebSocketServer on an
// https server and a wss:// client trusting the test CA (certificates in
// NABI_TLS_DIR, made by runtime/tests/tls.rs). Text and a 70000-byte
// binary frame echoed, ping/pong, a close code and reason; a client that
// does not trust the CA fails with Node's code. Bounded by a guard timer.
'use strict';
const path = require('path');
const fs = require('fs');
const https = require('https');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
if (!modules) throw new Error('set NABI_PACKAGES_DIR to the installed node_modules (tests/packages/install.sh net)');
const load = createRequire(path.join(modules, '..', 'index.js'));
const { WebSocket, WebSocketServer } = load('ws');
const read = (f) => fs.readFileSync(path.join(process.env.NABI_TLS_DIR, f));

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

const server = https.createServer({ key: read('leaf.key'), cert: read('leaf.pem') });
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  console.log('server: connection encrypted', req.socket.encrypted, req.headers['sec-websocket-version']);
  ws.on('message', (data, binary) => ws.send(data, { binary }));
  ws.on('close', (code, reason) => console.log('server: close', code, String(reason)));
});

server.listen(0, '127.0.0.1', () => {
  const url = `wss://localhost:${server.address().port}/`;
  const ws = new WebSocket(url, { ca: read('ca.pem') });
  let n = 0;
  ws.on('open', () => {
    console.log('client: open', ws.protocol === '', ws.readyState);
    ws.send('hello over wss');
    ws.send(Buffer.alloc(70000, 7));
  });
  ws.on('message', (data, binary) => {
    console.log('client: message', binary, data.length, binary ? data[69999] : String(data));
    if (++n === 2) ws.ping('are you there');
  });
  ws.on('pong', (data) => {
    console.log('client: pong', String(data));
    ws.close(4000, 'done here');
  });
  ws.on('close', (code, reason) => {
    console.log('client: close', code, String(reason));
    const untrusting = new WebSocket(url);
    untrusting.on('error', (e) => console.log('untrusting client: error', e.code));
    untrusting.on('close', (code) => {
      console.log('untrusting client: close', code);
      wss.close();
      server.close(() => console.log('done'));
    });
  });
});
