// One side of a cross-runtime conversation (runtime/tests/cross.rs runs
// the server under one runtime and the client under the other):
//
//   fetch_peer.js server     an http server (text, JSON, POST echo, chunked,
//                            gzip, redirect, 404) that also upgrades to a
//                            WebSocket echoing one text frame; prints
//                            "PORTS <http>", closes after the client's "/bye"
//   fetch_peer.js client H   the global fetch and WebSocket as the client;
//                            prints what they saw
// Every wait is bounded by a guard timer.
'use strict';
const http = require('http');
const crypto = require('crypto');
const zlib = require('zlib');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

function server() {
  const upgraded = new Set();
  const hs = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      switch (req.url) {
        case '/bye':
          res.end('bye');
          hs.close();
          hs.closeAllConnections();
          for (const s of upgraded) s.destroy();
          return;
        case '/json':
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ ua: req.headers['user-agent'], accept: req.headers.accept }));
        case '/echo':
          return res.end(`${req.method} ${req.headers['content-type']} ${req.headers['content-length']} ${body}`);
        case '/chunked':
          res.write('a-');
          return setTimeout(() => res.end('b'), 5);
        case '/gzip':
          res.setHeader('content-encoding', 'gzip');
          return res.end(zlib.gzipSync('unzipped'));
        case '/moved':
          res.writeHead(301, { location: '/json' });
          return res.end();
        default:
          res.writeHead(404, 'Not Here');
          return res.end('nothing');
      }
    });
  });
  hs.on('upgrade', (req, socket) => {
    upgraded.add(socket);
    const accept = crypto.createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('error', () => {});
    socket.once('data', (d) => {
      // One small masked text frame from the client: echo it upper-cased, then close 1000.
      const len = d[1] & 0x7f;
      const text = Buffer.from(d.subarray(6, 6 + len).map((b, i) => b ^ d[2 + (i & 3)])).toString().toUpperCase();
      socket.write(Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]));
      socket.write(Buffer.from([0x88, 2, 0x03, 0xe8]));
      socket.once('data', () => socket.end());
    });
  });
  hs.listen(0, '127.0.0.1', () => console.log(`PORTS ${hs.address().port}`));
}

async function client(port) {
  const base = `http://127.0.0.1:${port}`;
  let r = await fetch(`${base}/json`);
  console.log('json', r.status, r.headers.get('content-type'), JSON.stringify(await r.json()));
  r = await fetch(`${base}/echo`, { method: 'POST', body: 'sent body' });
  console.log('echo', await r.text());
  r = await fetch(`${base}/chunked`);
  console.log('chunked', r.headers.get('transfer-encoding'), await r.text());
  r = await fetch(`${base}/gzip`);
  console.log('gzip', await r.text());
  r = await fetch(`${base}/moved`);
  console.log('moved', r.status, r.redirected, r.url.replace(base, ''));
  r = await fetch(`${base}/missing`);
  console.log('missing', r.status, r.ok, r.statusText, await r.text());
  await new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.onopen = () => ws.send('over the wire');
    ws.onmessage = (e) => console.log('ws message', e.data);
    ws.onclose = (e) => {
      console.log('ws close', e.code, e.wasClean);
      resolve();
    };
  });
  r = await fetch(`${base}/bye`);
  console.log('bye', await r.text());
  console.log('done');
}

if (process.argv[2] === 'server') server();
else client(Number(process.argv[3])).catch((e) => {
  console.log('FAILED', e, e.cause);
  process.exit(1);
});
