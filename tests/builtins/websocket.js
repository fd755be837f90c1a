// The WebSocket client global against a small RFC 6455 server written here
// on http's 'upgrade': text and binary echo (binaryType blob and
// arraybuffer, a 70000-byte frame), fragments, a ping the client answers,
// close codes both ways, a refused handshake, invalid UTF-8 (1007), and
// the argument errors. Loopback only; every wait bounded by a guard.
'use strict';
const http = require('http');
const crypto = require('crypto');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 15000);

const log = (...a) => console.log(...a);

function serverFrame(opcode, payload, fin = true) {
  payload = Buffer.from(payload);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : len < 65536 ? Buffer.from([0, 126, len >> 8, len & 255]) : Buffer.alloc(10);
  if (len >= 65536) {
    head[1] = 127;
    head.writeUInt32BE(len, 6);
  }
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, payload]);
}

// Reads the client's masked frames from a socket.
function frames(socket, onFrame) {
  let buf = Buffer.alloc(0);
  socket.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        len = buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        len = buf.readUInt32BE(6);
        at = 10;
      }
      const masked = (buf[1] & 0x80) !== 0;
      if (buf.length < at + (masked ? 4 : 0) + len) return;
      const mask = buf.subarray(at, at + 4);
      const data = Buffer.from(buf.subarray(at + 4, at + 4 + len));
      for (let i = 0; i < data.length; i++) data[i] ^= mask[i & 3];
      const opcode = buf[0] & 0x0f;
      buf = buf.subarray(at + 4 + len);
      onFrame(opcode, data, masked);
    }
  });
}

const server = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end('not a websocket');
});
const upgraded = new Set();
server.on('upgrade', (req, socket) => {
  upgraded.add(socket);
  if (req.url === '/plain-http') {
    log('server: refused', req.url);
    return socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  }
  const key = req.headers['sec-websocket-key'];
  let accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  if (req.url === '/bad-accept') accept = 'wrong';
  const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`];
  const offered = req.headers['sec-websocket-protocol'];
  if (offered) lines.push(`Sec-WebSocket-Protocol: ${offered.split(',')[1].trim()}`);
  log('server: upgrade', req.url, req.headers['sec-websocket-version'], req.headers.upgrade, Buffer.from(key, 'base64').length, offered || '-');
  socket.write(lines.join('\r\n') + '\r\n\r\n');
  if (req.url === '/greet') socket.write(serverFrame(1, 'welcome'));
  frames(socket, (opcode, data, masked) => {
    if (opcode === 10) socket.write(serverFrame(1, `pong ${data}`));
    const shown = opcode === 2 ? `${data.length} bytes ${data[0]} ${data[data.length - 1]}` : JSON.stringify(data.toString());
    log('server: frame', opcode, masked, opcode === 8 ? `${data.length >= 2 ? data.readUInt16BE(0) : '-'} ${JSON.stringify(data.subarray(2).toString())}` : shown);
    if (opcode === 1 || opcode === 2) {
      const text = data.toString();
      if (text === 'ping me') return socket.write(serverFrame(9, 'are you there'));
      if (text === 'fragments') return socket.write(Buffer.concat([serverFrame(1, 'frag', false), serverFrame(0, 'men', false), serverFrame(0, 'ted')]));
      if (text === 'bad utf8') return socket.write(serverFrame(1, Buffer.from([0xff, 0xfe])));
      if (text === 'close me') {
        const p = Buffer.alloc(5);
        p.writeUInt16BE(4001);
        p.write('bye', 2);
        return socket.write(serverFrame(8, p));
      }
      socket.write(serverFrame(opcode, data));
    } else if (opcode === 8) {
      socket.end(serverFrame(8, data));
    }
  });
  socket.on('error', () => {});
  socket.on('end', () => socket.end());
});

function open(url, protocols) {
  const ws = new WebSocket(url, protocols);
  const seen = [];
  ws.addEventListener('open', () => log('client: open', ws.readyState, JSON.stringify(ws.protocol), JSON.stringify(ws.extensions)));
  ws.onerror = (e) => log('client: error', e.type);
  const closed = new Promise((resolve) => {
    ws.onclose = (e) => {
      log('client: close', e.code, JSON.stringify(e.reason), e.wasClean, ws.readyState, e instanceof Event);
      resolve(seen);
    };
  });
  const messages = [];
  let waiter = null;
  ws.onmessage = (e) => {
    messages.push(e);
    const w = waiter;
    waiter = null;
    if (w) w();
  };
  const next = () =>
    new Promise((resolve) => {
      const take = () => {
        if (messages.length) resolve(messages.shift());
        else waiter = take;
      };
      take();
    });
  const opened = new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
  return { ws, next, closed, opened };
}

async function describe(data) {
  if (typeof data === 'string') return `text ${JSON.stringify(data)}`;
  if (data instanceof ArrayBuffer) return `arraybuffer ${data.byteLength}`;
  if (data instanceof Blob) return `blob ${data.size} ${JSON.stringify(await data.text())}`;
  return typeof data;
}

(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `ws://127.0.0.1:${server.address().port}`;

  const tryIt = (label, f) => {
    try {
      f();
      log(label, 'ok');
    } catch (e) {
      log(label, e.name, e.message, e instanceof DOMException);
    }
  };
  tryIt('bad scheme', () => new WebSocket('ftp://x'));
  tryIt('fragment', () => new WebSocket(`${base}/#x`));
  log('constants', WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED);

  // Echo, both binary types, ping, fragments, and a clean close by the client.
  {
    const { ws, next, closed, opened } = open(`${base}/echo?x=1`);
    log('client: state', ws.readyState, ws.url.replace(String(server.address().port), 'PORT'), ws.binaryType, ws.bufferedAmount);
    tryIt('send early', () => ws.send('x'));
    await opened;
    ws.send('hello');
    let m = await next();
    log('client: message', await describe(m.data), m.origin.replace(String(server.address().port), 'PORT'));
    ws.send(new Uint8Array([1, 2, 3]));
    log('client: message', await describe((await next()).data));
    ws.binaryType = 'arraybuffer';
    const big = Buffer.alloc(70000, 7);
    big[0] = 1;
    ws.send(big);
    m = await next();
    log('client: message', await describe(m.data), new Uint8Array(m.data)[0], new Uint8Array(m.data)[69999]);
    // Both echoes arrive before the client logs either: the server's lines
    // come first whatever the timing.
    ws.send(new Blob(['from a blob']));
    ws.send('after the blob');
    const [a, b] = [await next(), await next()];
    log('client: message', await describe(a.data));
    log('client: message', await describe(b.data));
    // The server answers the client's pong with a text message.
    ws.send('ping me');
    log('client: message', await describe((await next()).data));
    ws.send('fragments');
    log('client: message', await describe((await next()).data));
    tryIt('bad code', () => ws.close(1001));
    tryIt('long reason', () => ws.close(1000, 'x'.repeat(124)));
    ws.close(1000, 'done');
    log('client: closing', ws.readyState);
    ws.send('ignored');
    await closed;
  }

  // The server closes with a code; a greeting sent with the 101; protocols.
  {
    const { ws, next, closed } = open(`${base}/greet`, ['one', 'two']);
    log('client: message', await describe((await next()).data));
    ws.send('close me');
    await closed;
  }

  // Invalid UTF-8 fails the connection (the server sees 1007).
  {
    const { ws, closed, opened } = open(`${base}/utf8`);
    await opened;
    ws.send('bad utf8');
    await closed;
  }

  // Handshakes that fail: a 404, a wrong accept hash, a refused port.
  await open(`${base}/`.replace('ws:', 'http:').replace(/\/$/, '/plain-http')).closed;
  await open(`${base}/bad-accept`).closed;
  {
    const { ws, closed } = open(`${base}/never`);
    ws.close();
    log('client: closed while connecting', ws.readyState);
    await closed;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  server.close();
  for (const s of upgraded) s.destroy();
  clearTimeout(guard);
  log('done');
})().catch((e) => {
  console.log('FAILED', e);
  process.exit(1);
});
