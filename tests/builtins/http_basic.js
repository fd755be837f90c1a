// node:http server and client in one process: heads and bodies both ways
// (Content-Length, chunked, trailers), a keep-alive Agent reusing one
// socket, Expect: 100-continue, upgrade, HEAD/204 without body, header
// checks with Node's errors. Every wait is bounded (a guard timer).
'use strict';
const http = require('http');
const net = require('net');

const guard = setTimeout(() => {
  console.log('TIMED OUT in', current);
  process.exit(1);
}, 20000);
guard.unref();

let logs = {};
const log = (side, ...a) => (logs[side] ??= []).push(a.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
let current = '';
const scenarios = [];
const scenario = (name, fn) => scenarios.push([name, fn]);
function next(i = 0) {
  if (i === scenarios.length) {
    console.log('all scenarios ran');
    return;
  }
  const [name, fn] = scenarios[i];
  current = name;
  logs = {};
  let finished = false;
  fn(() => {
    if (finished) return;
    finished = true;
    setTimeout(() => {
      console.log(`--- ${name}`);
      for (const side of Object.keys(logs).sort()) for (const l of logs[side]) console.log(`${side}: ${l}`);
      next(i + 1);
    }, 5);
  });
}
// Raw headers without the ones that vary (Date, the port in Host).
const raw = (h) => {
  const out = [];
  for (let i = 0; i < h.length; i += 2) {
    if (/^date$/i.test(h[i])) continue;
    out.push(`${h[i]}=${/^host$/i.test(h[i]) ? h[i + 1].replace(/:\d+$/, ':PORT') : h[i + 1]}`);
  }
  return out.join(' | ');
};
const body = (stream, cb) => {
  const parts = [];
  stream.on('data', (d) => parts.push(d));
  stream.on('end', () => cb(Buffer.concat(parts).toString()));
};
function withServer(handler, run, options = {}) {
  const server = http.createServer(options, handler);
  server.listen(0, '127.0.0.1', () => run(server, server.address().port));
  return server;
}

scenario('GET with a Content-Length response', (done) => {
  withServer((req, res) => {
    log('server', req.method, req.url, req.httpVersion, raw(req.rawHeaders));
    res.setHeader('X-One', '1');
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    log('server', res.getHeaderNames(), res.hasHeader('x-one'), res.getHeader('X-ONE'));
    res.writeHead(201, 'Made', { 'Content-Type': 'text/plain' });
    log('server', 'headersSent', res.headersSent);
    res.end('created');
  }, (server, port) => {
    http.get({ port, host: '127.0.0.1', path: '/a?b=c', headers: { 'X-Req': 'r' }, agent: false }, (res) => {
      log('client', res.statusCode, res.statusMessage, res.httpVersion, raw(res.rawHeaders));
      log('client', res.headers['set-cookie'], res.headers['content-length']);
      body(res, (b) => {
        log('client', 'body', b, res.complete);
        server.close(done);
      });
    });
  });
});

scenario('POST chunked with trailers, chunked response with trailers', (done) => {
  withServer((req, res) => {
    log('server', req.headers['transfer-encoding'], req.headers['content-length']);
    body(req, (b) => {
      log('server', 'body', b, req.trailers, req.rawTrailers);
      res.writeHead(200, { 'Trailer': 'X-Sum' });
      res.write('a');
      res.write(Buffer.from('bc'));
      res.addTrailers({ 'X-Sum': '3' });
      res.end();
    });
  }, (server, port) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent: false }, (res) => {
      log('client', res.headers['transfer-encoding'], res.headers.trailer);
      body(res, (b) => {
        log('client', 'body', b, res.trailers);
        server.close(done);
      });
    });
    req.write('one ');
    req.write('two');
    req.addTrailers({ 'X-Client': 'yes' });
    req.end();
  });
});

scenario('keep-alive agent reuses one socket', (done) => {
  let connections = 0;
  const server = withServer((req, res) => res.end(`r${req.url}`), (server, port) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let n = 0;
    const one = () => {
      const req = http.get({ port, host: '127.0.0.1', path: `/${n}`, agent }, (res) => {
        body(res, (b) => {
          log('client', b, res.headers.connection, req.reusedSocket);
          if (++n < 3) setImmediate(one);
          else {
            log('client', 'free', Object.values(agent.freeSockets).flat().length === 1);
            setImmediate(() => {
              log('server', 'connections', connections);
              agent.destroy();
              server.close(done);
            });
          }
        });
      });
    };
    one();
  });
  server.on('connection', () => connections++);
});

scenario('Expect: 100-continue', (done) => {
  withServer((req, res) => {
    body(req, (b) => res.end(`got ${b}`));
  }, (server, port) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'PUT', agent: false, headers: { Expect: '100-continue', 'Content-Length': 4 } }, (res) => {
      body(res, (b) => {
        log('client', res.statusCode, b);
        server.close(done);
      });
    });
    req.on('continue', () => {
      log('client', 'continue');
      req.end('data');
    });
  });
});

scenario('checkContinue decides', (done) => {
  const server = withServer(null, (server, port) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent: false, headers: { Expect: '100-continue', 'Content-Length': 2 } }, (res) => {
      body(res, (b) => {
        log('client', res.statusCode, b);
        server.close(done);
      });
    });
    req.on('continue', () => log('client', 'continue?'));
    req.end();
  });
  server.on('checkContinue', (req, res) => {
    log('server', 'checkContinue', req.headers.expect);
    res.writeHead(417);
    res.end('no');
  });
});

scenario('upgrade', (done) => {
  const server = withServer((req, res) => res.end('plain'), (server, port) => {
    const req = http.request({ port, host: '127.0.0.1', agent: false, headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
    req.on('upgrade', (res, socket, head) => {
      log('client', 'upgrade', res.statusCode, res.headers.upgrade, head.toString());
      socket.write('ping');
      socket.once('data', (d) => {
        log('client', 'got', d.toString());
        socket.end();
        socket.on('close', () => server.close(done));
      });
    });
    req.end();
  });
  server.on('upgrade', (req, socket, head) => {
    log('server', 'upgrade', req.headers.upgrade, head.length);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhi');
    socket.on('data', (d) => socket.write(`echo ${d}`));
    socket.on('end', () => socket.end());
  });
});

scenario('HEAD and 204 have no body', (done) => {
  withServer((req, res) => {
    if (req.url === '/204') {
      res.writeHead(204);
      res.end();
    } else {
      res.setHeader('Content-Type', 'text/plain');
      res.end('body ignored for HEAD');
    }
  }, (server, port) => {
    http.request({ port, host: '127.0.0.1', method: 'HEAD', agent: false }, (res) => {
      log('client', 'HEAD', res.statusCode, raw(res.rawHeaders));
      body(res, (b) => {
        log('client', 'HEAD body', JSON.stringify(b));
        http.get({ port, host: '127.0.0.1', path: '/204', agent: false }, (res) => {
          log('client', '204', raw(res.rawHeaders));
          body(res, (b) => {
            log('client', '204 body', JSON.stringify(b));
            server.close(done);
          });
        });
      });
    }).end();
  });
});

scenario('a response written with write() is chunked; raw wire format', (done) => {
  withServer((req, res) => {
    res.write('hello world');
    res.end();
  }, (server, port) => {
    const c = net.connect(port, '127.0.0.1', () => c.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    body(c, (b) => {
      log('client', JSON.stringify(b.replace(/Date: [^\r]*\r\n/, '')));
      server.close(done);
    });
  });
});

scenario('backpressure: 4 MiB piped both ways through drain', (done) => {
  const { Readable } = require('stream');
  const source = (n) => {
    let left = n;
    return new Readable({
      read() {
        const k = Math.min(left, 65536);
        left -= k;
        this.push(k ? Buffer.alloc(k, 97) : null);
      },
    });
  };
  const size = 4 * 1024 * 1024;
  withServer((req, res) => {
    let got = 0;
    req.on('data', (d) => { got += d.length; });
    req.on('end', () => {
      log('server', 'request body', got);
      source(size).pipe(res);
    });
  }, (server, port) => {
    let drains = 0;
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent: false }, (res) => {
      let got = 0;
      res.pause();
      setTimeout(() => res.resume(), 50);
      res.on('data', (d) => { got += d.length; });
      res.on('end', () => {
        log('client', 'response body', got, res.headers['transfer-encoding'], drains > 0);
        server.close(done);
      });
    });
    req.on('drain', () => drains++);
    source(size).pipe(req);
  });
});

scenario('keepAliveTimeout closes an idle connection', (done) => {
  withServer((req, res) => res.end('one'), (server, port) => {
    const c = net.connect(port, '127.0.0.1', () => c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    let t0 = 0;
    c.on('data', (d) => {
      t0 = Date.now();
      log('client', 'response', d.toString().includes('Keep-Alive: timeout=0'), d.toString().endsWith('one'));
    });
    c.on('end', () => log('client', 'end'));
    c.on('close', () => {
      const idle = Date.now() - t0;
      log('client', 'closed by the server', idle >= 80 && idle < 5000);
      server.close(done);
    });
  }, { keepAliveTimeout: 150 });
});

scenario('HTTP/1.0 clients: no chunks unless asked (TE), the connection closes', (done) => {
  withServer((req, res) => {
    log('server', req.httpVersion, req.headers.te);
    res.write('hello ');
    res.end('world');
  }, (server, port) => {
    const go = (head, next) => {
      const c = net.connect(port, '127.0.0.1', () => c.write(head));
      body(c, (b) => {
        log('client', JSON.stringify(b.replace(/Date: [^\r]*\r\n/, '')));
        next();
      });
    };
    go('GET / HTTP/1.0\r\n\r\n', () => go('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
      () => go('GET / HTTP/1.0\r\nTE: chunked\r\n\r\n', () => server.close(done))));
  });
});

scenario('header and argument errors', (done) => {
  const t = (f) => {
    try {
      f();
      log('main', 'no throw');
    } catch (e) {
      log('main', e.name, e.code, e.message);
    }
  };
  withServer((req, res) => {
    t(() => res.setHeader('bad name', 'x'));
    t(() => res.setHeader('x-ok', 'a\nb'));
    t(() => res.setHeader('x-ok', undefined));
    t(() => res.writeHead(1000));
    t(() => res.writeHead(99));
    res.end('x');
    t(() => res.setHeader('late', '1'));
  }, (server, port) => {
    t(() => http.request({ port, path: '/a b' }));
    t(() => http.request({ port, protocol: 'https:' }));
    t(() => http.request({ port, method: 'BAD METHOD' }));
    t(() => http.request({ port, headers: { 'x y': 1 } }));
    http.get({ port, host: '127.0.0.1', agent: false }, (res) => {
      res.resume();
      res.on('end', () => server.close(done));
    });
  });
});

scenario('ECONNREFUSED from a request', (done) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const port = s.address().port;
    s.close(() => {
      const req = http.get({ port, host: '127.0.0.1', agent: false });
      req.on('error', (e) => {
        log('client', e.code, e.syscall, e.message.replace(String(port), 'PORT'));
        done();
      });
    });
  });
});

scenario('STATUS_CODES, METHODS, globalAgent', (done) => {
  log('main', http.STATUS_CODES[404], http.METHODS.includes('PATCH'), http.globalAgent instanceof http.Agent,
    http.globalAgent.keepAlive, typeof http.Server, new http.Server() instanceof net.Server);
  done();
});

next();
