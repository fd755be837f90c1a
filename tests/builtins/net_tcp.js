// node:net over TCP (IPv4, IPv6) and Unix sockets, server and client in one
// process: data both ways, events per side in order, addresses, half-open
// and full close, idle timeouts, backpressure (write() false, 'drain',
// pause/resume), bytesRead/bytesWritten, ref/unref, getConnections and
// maxConnections, errors with Node's codes (ECONNREFUSED, EADDRINUSE,
// ENOENT) and argument errors. Every wait is bounded (a guard timer).
'use strict';
const net = require('net');
const os = require('os');
const path = require('path');
const fs = require('fs');
const cp = require('child_process');

const guard = setTimeout(() => {
  console.log('TIMED OUT in', current);
  process.exit(1);
}, 20000);
guard.unref();

// Each side logs its own lines; a scenario prints them side by side-free
// (one side after the other), so cross-side interleaving cannot differ.
let logs = {};
const log = (side, ...a) => (logs[side] ??= []).push(a.join(' '));
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
// A done() that finishes on its second call (both sides finished).
const twice = (done) => {
  let n = 0;
  return () => ++n === 2 && done();
};
const errLine = (e, port) => [e.code, e.errno, e.syscall, e.address, e.port === port ? 'port' : e.port,
  e.message.replace(String(port), 'PORT')].join(' ');

// Echo: the server uppercases what it gets and ends when the client ends.
function echoScenario(name, listenArgs, connectArgs) {
  scenario(name, (finish) => {
    // Finished when both the client closed and the server closed.
    let waiting = 2;
    const done = () => --waiting === 0 && finish();
    const server = net.createServer((s) => {
      log('server', 'connection', s.remoteFamily, typeof s.remotePort, s.localPort === server.address().port);
      s.setEncoding('utf8');
      s.on('data', (d) => { log('server', 'data', d); s.write(d.toUpperCase()); });
      s.on('end', () => { log('server', 'end'); s.end(); });
      s.on('close', (e) => { log('server', 'close', e, s.bytesRead, s.bytesWritten); server.close(() => { log('server', 'closed'); done(); }); });
    });
    server.listen(...listenArgs(), () => {
      const a = server.address();
      log('server', 'listening', typeof a === 'string' ? 'path' : `${a.family} ${a.address}`);
      const c = net.connect(...connectArgs(a), () => {
        log('client', 'connect', c.readyState, c.connecting, c.remoteFamily, c.remoteAddress, c.remotePort === a.port);
        c.write('hello ');
        c.write(Buffer.from('world'), () => log('client', 'write cb'));
        c.end();
      });
      log('client', 'pending', c.pending, c.connecting, c.readyState);
      c.on('ready', () => log('client', 'ready'));
      c.on('data', (d) => log('client', 'data', d.toString()));
      c.on('end', () => log('client', 'end'));
      c.on('finish', () => log('client', 'finish'));
      c.on('close', (e) => {
        log('client', 'close', e, c.bytesRead, c.bytesWritten, c.readyState, c.destroyed);
        done();
      });
    });
  });
}
echoScenario('ipv4 echo', () => [0, '127.0.0.1'], (a) => [a.port, '127.0.0.1']);
echoScenario('ipv6 echo', () => [{ port: 0, host: '::1' }], (a) => [{ port: a.port, host: '::1' }]);
echoScenario('any-address server, localhost client', () => [0], (a) => [a.port, 'localhost']);
const sock = path.join(os.tmpdir(), `nabi-net-${process.pid}.sock`);
echoScenario('unix socket echo', () => [sock], () => [sock]);

scenario('the unix socket is gone after close', (done) => {
  log('main', fs.existsSync(sock));
  done();
});

scenario('ECONNREFUSED', (done) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const port = s.address().port;
    s.close(() => {
      const c = net.connect({ port, host: '127.0.0.1' });
      c.on('connect', () => log('client', 'connected?'));
      c.on('error', (e) => log('client', 'error', errLine(e, port)));
      c.on('close', (e) => { log('client', 'close', e, c.destroyed); done(); });
    });
  });
});

scenario('ENOENT on a missing unix socket', (done) => {
  const c = net.createConnection('/nonexistent/dir/x.sock');
  c.on('error', (e) => log('client', 'error', errLine(e)));
  c.on('close', () => done());
});

scenario('EADDRINUSE', (done) => {
  const a = net.createServer().listen(0, '127.0.0.1', () => {
    const port = a.address().port;
    const b = net.createServer();
    b.on('error', (e) => {
      log('server', 'error', errLine(e, port), b.listening);
      a.close(done);
    });
    b.listen(port, '127.0.0.1', () => log('server', 'listening?'));
  });
});

scenario('EADDRINUSE on a unix socket path', (done) => {
  const p = `${sock}.2`;
  const a = net.createServer().listen(p, () => {
    const b = net.createServer();
    b.on('error', (e) => {
      log('server', 'error', e.code, e.syscall, e.message.replace(p, 'PATH'));
      a.close(done);
    });
    b.listen(p);
  });
});

scenario('allowHalfOpen: the server writes after the client ended', (finish) => {
  const done = twice(finish);
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on('end', () => {
      log('server', 'end', s.writable);
      setTimeout(() => s.end('late reply'), 10);
    });
    s.resume();
    s.on('close', () => server.close(done));
  }).listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => c.end('x'));
    c.on('finish', () => log('client', 'finish'));
    c.on('data', (d) => log('client', 'data', d.toString()));
    c.on('end', () => log('client', 'end'));
    c.on('close', () => {
      log('client', 'close');
      done();
    });
  });
});

scenario('no allowHalfOpen: the server side ends itself', (finish) => {
  const done = twice(finish);
  const server = net.createServer((s) => {
    s.on('end', () => log('server', 'end'));
    s.on('finish', () => log('server', 'finish'));
    s.resume();
    s.on('close', () => { log('server', 'close'); server.close(done); });
  }).listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => c.end());
    c.on('end', () => {
      log('client', 'end');
      done();
    });
    c.resume();
  });
});

scenario('setTimeout on an idle socket', (finish) => {
  const done = twice(finish);
  const server = net.createServer((s) => {
    const t0 = Date.now();
    s.setTimeout(60, () => {
      log('server', 'timeout', s.timeout, Date.now() - t0 >= 55);
      s.setTimeout(0);
      log('server', 'timeout after 0', s.timeout);
      s.destroy();
    });
    s.on('close', () => server.close(done));
  }).listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1');
    // Activity keeps it from timing out for a while.
    let n = 0;
    const iv = setInterval(() => { if (++n <= 3) c.write('.'); else clearInterval(iv); }, 30);
    c.on('close', () => {
      log('client', 'close');
      done();
    });
  });
});

scenario('backpressure: write() false, drain, a paused reader', (finish) => {
  const done = twice(finish);
  const total = 4 * 1024 * 1024;
  const server = net.createServer((s) => {
    let got = 0;
    s.pause();
    setTimeout(() => s.resume(), 100);
    s.on('data', (d) => { got += d.length; });
    s.on('end', () => {
      log('server', 'got', got, s.bytesRead);
      s.end();
      server.close(done);
    });
  }).listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    let sawFalse = false;
    let drains = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!c.write(chunk)) {
          sawFalse = true;
          c.once('drain', () => { drains++; pump(); });
          return;
        }
      }
      c.end(() => {
        log('client', 'finished', sawFalse, drains > 0, c.bytesWritten);
        done();
      });
    };
    c.on('connect', pump);
    c.resume();
  });
});

scenario('options, ref/unref and connections', (done) => {
  const server = net.createServer();
  log('server', 'listening', server.listening, server.address());
  server.maxConnections = 1;
  const sockets = [];
  server.on('connection', (s) => {
    sockets.push(s);
    log('server', 'connection', s.setNoDelay(true) === s, s.setKeepAlive(true, 1000) === s, s.setNoDelay() === s);
    server.getConnections((err, n) => log('server', 'getConnections', err, n));
  });
  server.listen(0, '127.0.0.1', () => {
    log('server', 'listening', server.listening, server.ref() === server, server.unref() === server);
    const port = server.address().port;
    const c1 = net.connect(port, '127.0.0.1', () => {
      // A second connection beyond maxConnections is closed at once.
      const c2 = net.connect(port, '127.0.0.1');
      c2.on('close', () => {
        log('client', 'second closed by the server');
        c1.destroy();
        c1.on('close', () => setTimeout(() => {
          server.close(() => { log('server', 'closed', server.listening); done(); });
        }, 20));
      });
      c2.resume();
      c2.on('error', () => {});
    });
    c1.on('error', () => {});
  });
});

scenario('an unref()ed server lets the process exit', (done) => {
  const code = "const s = require('net').createServer().listen(0, '127.0.0.1', () => { s.unref(); console.log('listening'); });";
  cp.execFile(process.execPath, ['-e', code], { timeout: 10000 }, (err, stdout) => {
    log('child', err, JSON.stringify(stdout));
    done();
  });
});

scenario('argument errors', (done) => {
  const t = (f) => {
    try {
      f();
      log('main', 'no throw');
    } catch (e) {
      log('main', e.name, e.code, e.message);
    }
  };
  t(() => net.connect());
  t(() => net.connect({}));
  t(() => net.connect(70000, '127.0.0.1'));
  t(() => net.connect(-1));
  t(() => net.createServer().listen({}));
  t(() => net.createServer().listen(70000));
  t(() => new net.Socket().setTimeout('x'));
  t(() => new net.Socket().setTimeout(-1));
  t(() => net.createServer(5));
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    t(() => s.listen(0));
    s.close();
    s.close((e) => { log('main', 'second close', e.code, e.message); done(); });
  });
});

scenario('isIP & co.', (done) => {
  for (const a of ['127.0.0.1', '::1', 'fe80::1%lo', 'localhost', '1.1.1.256']) log('main', a, net.isIP(a), net.isIPv4(a), net.isIPv6(a));
  log('main', new net.Socket() instanceof require('stream').Duplex, net.Stream === net.Socket, typeof net.Server);
  done();
});

next();
