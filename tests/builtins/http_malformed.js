// An http server refuses malformed and request-smuggling shapes as Node
// does (the status line it answers, the connection closed, no 'request'):
// a second Content-Length, Content-Length with Transfer-Encoding, a
// Transfer-Encoding not ending in chunked, obs-fold, CR or LF inside a
// header value, a bad chunk size, a missing Host, an oversized head; and a
// slowloris connection is cut by headersTimeout/requestTimeout with 408.
// Every wait is bounded (a guard timer).
'use strict';
const http = require('http');
const net = require('net');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

// Sends `bytes` on a fresh connection; `cb(answer)` with what came back
// before the server closed.
function send(port, bytes, cb, { keepOpen = false } = {}) {
  const c = net.connect(port, '127.0.0.1', () => (keepOpen ? c.write(bytes) : c.end(bytes)));
  const parts = [];
  c.on('data', (d) => parts.push(d));
  c.on('error', () => {});
  c.on('close', () => cb(Buffer.concat(parts).toString('latin1')));
}

const cases = [
  ['valid', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc'],
  ['duplicate Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc'],
  ['different Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
  ['Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
  ['Transfer-Encoding not chunked last', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n'],
  ['CR inside a value', 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n'],
  ['bare LF inside the head', 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\nInjected: 1\r\n\r\n'],
  ['bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
  ['space before colon', 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad : 1\r\n\r\n'],
  ['missing Host on HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: 1\r\n\r\n'],
  ['a head over maxHeaderSize', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`],
  ['not HTTP', 'HELLO\r\n\r\n'],
];

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    console.log('  request', req.method, req.url, JSON.stringify(Buffer.concat(parts).toString()));
    res.end('ok');
  });
});
server.on('clientError', (err, socket) => {
  console.log('  clientError', err.code);
  // What Node's default handler answers, written here so the log shows it.
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large'
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
});

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  let i = 0;
  const nextCase = () => {
    if (i === cases.length) {
      server.close(defaultHandler);
      return;
    }
    const [name, bytes] = cases[i++];
    console.log(name);
    send(port, bytes, (answer) => {
      console.log('  answer', JSON.stringify(answer.split('\r\n')[0]));
      nextCase();
    });
  };
  nextCase();
});

// Without a 'clientError' listener, Node's own answer.
function defaultHandler() {
  const s2 = http.createServer((req, res) => res.end('ok'));
  s2.listen(0, '127.0.0.1', () => {
    const port = s2.address().port;
    const shapes = [cases[1], cases[5], cases[10], cases[11]];
    let i = 0;
    const nextCase = () => {
      if (i === shapes.length) {
        s2.close(slowloris);
        return;
      }
      const [name, bytes] = shapes[i++];
      send(port, bytes, (answer) => {
        console.log('default', name, JSON.stringify(answer.replace(/Date: [^\r]*\r\n/, '')));
        nextCase();
      });
    };
    nextCase();
  });
}

// A head that never completes, then a body that never completes: each
// connection is answered 408 and closed once its timeout passed.
function slowloris() {
  const s3 = http.createServer({ headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 }, (req, res) => {
    req.on('data', () => {});
    req.on('end', () => res.end('ok'));
  });
  s3.listen(0, '127.0.0.1', () => {
    const port = s3.address().port;
    let t0 = Date.now();
    send(port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ', (answer) => {
      const took = Date.now() - t0;
      console.log('slow head', JSON.stringify(answer.split('\r\n')[0]), took >= 250 && took < 5000);
      t0 = Date.now();
      send(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial', (answer) => {
        const took = Date.now() - t0;
        console.log('slow body', JSON.stringify(answer.split('\r\n')[0]), took >= 550 && took < 5000);
        s3.close(() => console.log('done'));
      }, { keepOpen: true });
    }, { keepOpen: true });
  });
}
