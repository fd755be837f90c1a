// The fetch and WebSocket globals over https:/wss: (nabi's fetch picks the
// client module by scheme: https.js). A server whose certificate the
// default trust does not know fails the fetch with Node's code in
// `cause`; with NODE_TLS_REJECT_UNAUTHORIZED=0 (read when a connection is
// made, as in Node) the same fetches succeed: text, a POST, a redirect
// from http: to https:, and a wss: WebSocket echo.
'use strict';
const https = require('https');
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);

function handler(req, res) {
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => res.end(`${req.method} ${req.url} ${Buffer.concat(chunks)} ${req.socket.encrypted === true}`));
}

function upgrade(req, socket) {
  const accept = crypto.createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on('error', () => {});
  socket.once('data', (d) => {
    // One small masked text frame: echo it reversed, then close 1000.
    const len = d[1] & 0x7f;
    const text = Buffer.from(d.subarray(6, 6 + len).map((b, i) => b ^ d[2 + (i & 3)])).toString();
    const back = Buffer.from([...text].reverse().join(''));
    socket.write(Buffer.concat([Buffer.from([0x81, back.length]), back, Buffer.from([0x88, 2, 0x03, 0xe8])]));
    socket.once('data', () => socket.end());
  });
}

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

(async () => {
  const signed = https.createServer({ key: read('leaf.key'), cert: read('leaf.pem') }, handler);
  const own = https.createServer({ key: read('self.key'), cert: read('self.pem') }, handler);
  signed.on('upgrade', upgrade);
  const port = await listen(signed);
  const ownPort = await listen(own);
  const plain = http.createServer((req, res) => {
    res.writeHead(302, { location: `https://localhost:${port}/moved` });
    res.end();
  });
  const plainPort = await listen(plain);

  const fail = (label) => (e) => console.log(label, e.name, e.message, e.cause && e.cause.code);
  await fetch(`https://localhost:${port}/`).then(() => console.log('untrusted CA: fetched'), fail('untrusted CA'));
  await fetch(`https://localhost:${ownPort}/`).then(() => console.log('self-signed: fetched'), fail('self-signed'));
  await new Promise((resolve) => {
    const ws = new WebSocket(`wss://localhost:${port}/`);
    ws.onerror = (e) => console.log('wss untrusted', e.type);
    ws.onclose = (e) => {
      console.log('wss untrusted close', e.code, e.wasClean);
      resolve();
    };
  });

  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  let r = await fetch(`https://localhost:${port}/hello`);
  console.log('get', r.status, r.url.replace(String(port), 'PORT'), await r.text());
  r = await fetch(`https://localhost:${port}/post`, { method: 'POST', body: 'over tls' });
  console.log('post', await r.text());
  r = await fetch(`http://localhost:${plainPort}/start`);
  console.log('redirect', r.status, r.redirected, r.url.replace(String(port), 'PORT'), await r.text());
  await new Promise((resolve) => {
    const ws = new WebSocket(`wss://localhost:${port}/ws`);
    ws.onopen = () => ws.send('secure words');
    ws.onmessage = (e) => console.log('wss message', e.data);
    ws.onclose = (e) => {
      console.log('wss close', e.code, e.wasClean);
      resolve();
    };
  });

  for (const s of [signed, own, plain]) {
    s.close();
    s.closeAllConnections();
  }
  clearTimeout(guard);
  console.log('done');
})().catch((e) => {
  console.log('FAILED', e, e.cause);
  process.exit(1);
});
