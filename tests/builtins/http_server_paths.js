// The http server's hot path keeps Node's behaviour at its edges: a
// request whose handler never reads it (its stream state, 'end' and
// 'close', readableEnded, a listener added after the response), a
// response sent by end() in one write (socket.bytesWritten, 'finish'
// after end() returns, write() after it), framing taken from the head
// (Connection: close, HTTP/1.0 keep-alive, Content-Length with leading
// zeros, a chunked body, Expect, a missing Host), several requests
// pipelined in one packet. Every wait is bounded (a guard timer).
'use strict';
const http = require('http');
const net = require('net');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

const lines = [];
const log = (...a) => lines.push(a.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));

// Sends `text` on one connection; `cb(answer)` once the server closed it
// or after `ms`, with Date values blanked.
function raw(port, text, ms, cb) {
  const c = net.connect(port, '127.0.0.1', () => c.write(text));
  let got = '';
  let finished = false;
  c.setEncoding('latin1');
  c.on('data', (d) => (got += d));
  const done = () => {
    if (finished) return;
    finished = true;
    clearTimeout(t);
    c.destroy();
    cb(got.replace(/Date: [^\r]*\r\n/g, '').replace(/\r\n/g, '|'));
  };
  const t = setTimeout(done, ms);
  c.on('close', done);
}

const server = http.createServer((req, res) => {
  if (req.url === '/unread') {
    log('unread before', req.complete, req.readableEnded, req.readable);
    // (Node has readableEnded and destroyed true at this 'close', which
    // comes after 'end' from autoDestroy; nabi emits it as the response
    // finishes, before 'end': not compared here.)
    req.on('close', () => log('unread close', req.complete));
    res.on('finish', () => {
      log('unread finish', req.readableEnded);
      // Added after the request was dumped: Node has emitted 'end' by now
      // or will not again.
      setTimeout(() => {
        let late = false;
        req.on('end', () => (late = true));
        setTimeout(() => log('unread late end listener fired', late, req.readableEnded), 20);
      }, 10);
    });
    res.end('u');
    return;
  }
  if (req.url === '/later') {
    // Untouched until well after the response: then as a dumped stream.
    // (readableFlowing is null there in Node 24, true in nabi: not compared.)
    res.on('finish', () => setTimeout(() => {
      let ended = false;
      req.on('end', () => (ended = true));
      const chunk = req.read();
      setTimeout(() => log('later', req.complete, req.readableEnded, req.readable, req.isPaused(), chunk, ended, req._dumped), 10);
    }, 10));
    res.end('l');
    return;
  }
  if (req.url === '/ignored') {
    // Nothing touches req at all.
    res.end('i');
    return;
  }
  if (req.url === '/bytes') {
    const before = req.socket.bytesWritten;
    let sync = true;
    res.on('finish', () => log('bytes finish after end returned', !sync));
    res.setHeader('Content-Type', 'text/plain');
    res.end('twelve bytes');
    sync = false;
    log('bytes written', req.socket.bytesWritten - before > 12, res.writableEnded, res.headersSent);
    res.write('more', (err) => log('write after end', err && err.code));
    res.on('error', (e) => log('error event', e.code));
    return;
  }
  if (req.url === '/body') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      log('body', req.method, JSON.stringify(body), req.headers['content-length'] ?? null, req.headers['transfer-encoding'] ?? null);
      res.end(`got ${body.length}`);
    });
    return;
  }
  if (req.url === '/expect') {
    log('expect handler', req.headers.expect);
    req.resume();
    req.on('end', () => res.end('e'));
    return;
  }
  log('request', req.method, req.url, req.httpVersion, req.headers.connection ?? null);
  res.end(`${req.url} ok`);
});

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const steps = [
    (next) => http.get({ port, host: '127.0.0.1', path: '/unread', agent: false }, (r) => {
      r.resume();
      r.on('end', () => setTimeout(next, 60));
    }),
    (next) => http.get({ port, host: '127.0.0.1', path: '/later', agent: false }, (r) => {
      r.resume();
      r.on('end', () => setTimeout(next, 60));
    }),
    (next) => http.get({ port, host: '127.0.0.1', path: '/bytes', agent: false }, (r) => {
      let b = '';
      r.on('data', (d) => (b += d));
      r.on('end', () => {
        log('bytes client', r.statusCode, r.headers['content-length'], b);
        setTimeout(next, 20);
      });
    }),
    (next) => raw(port, 'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2000, (a) => {
      log('close answer', a);
      next();
    }),
    (next) => raw(port, 'GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /c HTTP/1.0\r\n\r\n', 2000, (a) => {
      log('1.0 keep-alive answer', a);
      next();
    }),
    (next) => raw(port, 'POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 005\r\n\r\nhelloGET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2000, (a) => {
      log('length answer', a);
      next();
    }),
    (next) => raw(port, 'POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', 300, (a) => {
      log('chunked answer', a);
      next();
    }),
    (next) => raw(port, 'POST /expect HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok', 2000, (a) => {
      log('expect answer', a);
      next();
    }),
    (next) => raw(port, 'GET /nohost HTTP/1.1\r\n\r\n', 2000, (a) => {
      log('no host answer', a);
      next();
    }),
    (next) => raw(port, 'GET /ignored HTTP/1.1\r\nHost: x\r\n\r\nGET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n', 2000, (a) => {
      log('pipelined answer', a);
      next();
    }),
  ];
  const run = (i) => {
    if (i === steps.length) {
      server.close(() => {
        for (const l of lines) console.log(l);
        console.log('done');
      });
      return;
    }
    steps[i](() => run(i + 1));
  };
  run(0);
});
