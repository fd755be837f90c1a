// The `ws` echo benchmark's two sides (bench/ws/run.sh):
//
//   echo.js server            a ws WebSocketServer (bufferutil and
//                             utf-8-validate installed) echoing every
//                             message; prints "READY <port>"
//   echo.js client PORT C S   C connections of ws' client, each sending a
//                             1 KiB binary message and waiting for its
//                             echo, for S seconds; prints JSON:
//                             messages/s, p50, p99 (ms)
//   echo.js global PORT C S   the same with the runtime's WebSocket global
'use strict';
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
if (!modules) throw new Error('set NABI_PACKAGES_DIR to the installed node_modules (tests/packages/install.sh net)');
const ws = createRequire(path.join(modules, '..', 'index.js'))('ws');
const { WebSocketServer } = ws;
const WebSocket = process.argv[2] === 'global' ? globalThis.WebSocket : ws.WebSocket;
const on = (socket, event, f) => (socket.on ? socket.on(event, f) : socket.addEventListener(event, f));

function server() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  wss.on('listening', () => console.log(`READY ${wss.address().port}`));
}

function client(port, connections, seconds) {
  const payload = Buffer.alloc(1024, 0xab);
  const latencies = [];
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < connections; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    ws.binaryType = 'arraybuffer';
    let sent;
    const send = () => {
      sent = process.hrtime.bigint();
      ws.send(payload);
    };
    on(ws, 'open', send);
    on(ws, 'message', () => {
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      if (Date.now() < end) send();
      else ws.close();
    });
    on(ws, 'close', () => {
      if (++done < connections) return;
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
      console.log(JSON.stringify({ messages: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) }));
    });
  }
}

if (process.argv[2] === 'server') server();
else client(Number(process.argv[3]), Number(process.argv[4] || 10), Number(process.argv[5] || 5));
