// node:dgram over loopback (127.0.0.1 and ::1): echo between two sockets,
// rinfo, connected sockets, buffer lists and slices, empty datagrams, the
// implicit bind of a first send (and the queue before it), lookups (the
// default address, 'localhost', options.lookup), socket options, buffer
// sizes, ref/unref keeping or not keeping the loop alive, close callbacks,
// AbortSignal, and Node's errors. Prints no ports; every wait is bounded.
'use strict';
const dgram = require('dgram');
const cp = require('child_process');

const guard = setTimeout(() => {
  console.log('TIMED OUT in', current);
  process.exit(1);
}, 20000);
guard.unref();

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
  console.log(`--- ${name}`);
  fn(() => next(i + 1));
}

const errLine = (e) => `${e.name} ${e.code} ${e.message}`;
function tryIt(label, fn) {
  try {
    console.log(label, 'ok', fn());
  } catch (e) {
    console.log(label, 'threw', errLine(e));
  }
}

// A bound echo server: answers each datagram with `echo:` + it.
function echoServer(type, address, cb) {
  const s = dgram.createSocket(type);
  s.on('message', (msg, rinfo) => s.send(`echo:${msg}`, rinfo.port, rinfo.address));
  s.bind(0, address, () => cb(s));
  return s;
}

scenario('echo udp4', (done) => {
  echoServer('udp4', '127.0.0.1', (server) => {
    const a = server.address();
    console.log('server', a.address, a.family, typeof a.port, a.port > 0);
    const client = dgram.createSocket('udp4');
    client.on('listening', () => console.log('client listening (implicit bind)'));
    client.on('message', (msg, rinfo) => {
      console.log('client got', JSON.stringify(msg.toString()), Buffer.isBuffer(msg));
      console.log('rinfo', Object.keys(rinfo).join(), rinfo.address, rinfo.family, rinfo.size, rinfo.port === a.port);
      let closed = 0;
      const both = () => ++closed === 2 && done();
      client.close(() => { console.log('client close cb'); both(); });
      server.close(() => { console.log('server close cb'); both(); });
      console.log('close returned (close is on the next tick)');
    });
    client.send('ping', a.port, '127.0.0.1', (err, bytes) => console.log('send cb', err, bytes));
  });
});

scenario('echo udp6', (done) => {
  echoServer('udp6', '::1', (server) => {
    const a = server.address();
    console.log('server', a.address, a.family);
    const client = dgram.createSocket({ type: 'udp6' });
    client.on('message', (msg, rinfo) => {
      console.log('client got', msg.toString(), rinfo.address, rinfo.family, rinfo.size);
      console.log('client address', client.address().address, client.address().family);
      client.close();
      server.close(done);
    });
    client.send(Buffer.from('six'), a.port, '::1');
  });
});

scenario('connected send', (done) => {
  echoServer('udp4', '127.0.0.1', (server) => {
    const port = server.address().port;
    const client = dgram.createSocket('udp4');
    tryIt('remoteAddress before connect', () => client.remoteAddress());
    tryIt('disconnect before connect', () => client.disconnect());
    client.connect(port, '127.0.0.1', () => {
      console.log('connect cb', client.remoteAddress().address, client.remoteAddress().port === port);
      tryIt('connect again', () => client.connect(port));
      tryIt('send with port', () => client.send('x', port, '127.0.0.1'));
      client.once('message', (msg) => {
        console.log('connected got', msg.toString());
        client.once('message', (msg2) => {
          console.log('connected got', msg2.toString());
          client.disconnect();
          tryIt('remoteAddress after disconnect', () => client.remoteAddress());
          client.close();
          server.close(done);
        });
        client.send(Buffer.from('0123456789'), 2, 3, (err, n) => console.log('slice send cb', err, n));
      });
      client.send('hi', (err, n) => console.log('connected send cb', err, n));
    });
    client.on('connect', () => console.log('connect event'));
  });
});

scenario('buffer lists, slices and empty datagrams', (done) => {
  const server = dgram.createSocket('udp4');
  const got = [];
  server.on('message', (msg, rinfo) => {
    got.push(`${JSON.stringify(msg.toString())}/${rinfo.size}`);
    if (got.length === 4) {
      console.log('server got', got.join(' '));
      client.close();
      server.close(done);
    }
  });
  const client = dgram.createSocket('udp4');
  server.bind({ port: 0, address: '127.0.0.1' }, () => {
    const port = server.address().port;
    // One after the other, so the order is fixed.
    client.send([Buffer.from('ab'), 'cd', new Uint8Array([101])], port, '127.0.0.1', (err, n) => {
      console.log('list sent', err, n);
      client.send(Buffer.from('hello world'), 6, 5, port, '127.0.0.1', (err2, n2) => {
        console.log('slice sent', err2, n2);
        client.send([], port, '127.0.0.1', (err3, n3) => {
          console.log('empty list sent', err3, n3);
          client.send(new DataView(new ArrayBuffer(2)), port, '127.0.0.1', (err4, n4) => console.log('DataView sent', err4, n4));
        });
      });
    });
  });
});

scenario('default address and localhost', (done) => {
  const server = dgram.createSocket('udp4');
  let n = 0;
  server.on('message', (msg, rinfo) => {
    console.log('got', msg.toString(), 'from', rinfo.address);
    if (++n === 2) {
      client.close();
      server.close(done);
    }
  });
  const client = dgram.createSocket('udp4');
  server.bind(0, () => {
    console.log('bound to', server.address().address);
    const port = server.address().port;
    client.send('no address', port, (err) => {
      console.log('cb', err);
      client.send('localhost', port, 'localhost');
    });
  });
});

scenario('queued before the bind', (done) => {
  echoServer('udp4', '127.0.0.1', (server) => {
    const port = server.address().port;
    const client = dgram.createSocket('udp4');
    const events = [];
    client.on('listening', () => events.push('listening'));
    client.on('message', (m) => events.push(`message ${m}`));
    client.send('one', port, '127.0.0.1', () => events.push('sent one'));
    client.send('two', port, '127.0.0.1', () => events.push('sent two'));
    console.log('queue count while binding', client.getSendQueueCount());
    setTimeout(() => {
      // Both echoes are in by now (loopback); sort the messages' order away.
      console.log(events.slice(0, 3).join(', '), '|', events.slice(3).sort().join(', '));
      // A close made before a bind ends waits for it too.
      const late = dgram.createSocket('udp4');
      late.bind(0, '127.0.0.1', () => console.log('late listening'));
      late.close(() => {
        console.log('late closed');
        client.close();
        server.close(done);
      });
    }, 300);
  });
});

scenario('refused, too big, listener argument', (done) => {
  // A port nobody listens on: the ICMP answer comes back to a connected
  // socket as a recvmsg error.
  const probe = dgram.createSocket('udp4');
  probe.bind(0, '127.0.0.1', () => {
    const port = probe.address().port;
    probe.close(() => {
      const c = dgram.createSocket('udp4', (m) => console.log('listener got', m.toString()));
      c.on('error', (e) => {
        console.log('error event', e.code, e.syscall, e.message, Object.keys(e).join());
        c.close(() => {
          // close() before the bind is done waits for it; the queued send goes first.
          const d = dgram.createSocket('udp6');
          d.send('a', 9, '::1', (err) => console.log('queued send before close', err));
          d.close(() => console.log('closed after its bind', d.listenerCount('listening')));
          d.on('listening', () => console.log('d listening (already closed by the queued close)'));
          setTimeout(done, 100);
        });
      });
      c.connect(port, '127.0.0.1', () => {
        c.send(Buffer.alloc(70000), (err) => console.log('too big', err.code, err.syscall, err.message, Object.keys(err).join(), err.address));
        c.send('x', (err, n) => console.log('sent', err, n));
      });
    });
  });
});

scenario('errors', (done) => {
  tryIt('bad type', () => dgram.createSocket('udp5'));
  tryIt('no type', () => dgram.createSocket({}));
  tryIt('bad lookup', () => dgram.createSocket({ type: 'udp4', lookup: 1 }));
  const s = dgram.createSocket('udp4');
  tryIt('address unbound', () => s.address());
  tryIt('port 0', () => s.send('x', 0, '127.0.0.1'));
  tryIt('port too big', () => s.send('x', 65536, '127.0.0.1'));
  tryIt('port string', () => s.send('x', 'abc', '127.0.0.1'));
  tryIt('number message', () => s.send(123, 1234, '127.0.0.1'));
  tryIt('bad list', () => s.send([1], 1234, '127.0.0.1'));
  tryIt('address not string', () => s.send('x', 1234, 5));
  tryIt('offset out of bounds', () => s.send(Buffer.alloc(2), 3, 1, 1234, '127.0.0.1'));
  tryIt('length out of bounds', () => s.send(Buffer.alloc(2), 1, 2, 1234, '127.0.0.1'));
  tryIt('connect port 0', () => s.connect(0));
  tryIt('connect address', () => s.connect(1234, 5));
  tryIt('setTTL string', () => s.setTTL('1'));
  tryIt('getRecvBufferSize unbound', () => s.getRecvBufferSize());
  tryIt('setSendBufferSize -1', () => s.setSendBufferSize(-1));
  tryIt('addMembership no group', () => s.addMembership());
  tryIt('setMulticastInterface number', () => s.setMulticastInterface(1));
  s.bind(0, '127.0.0.1', () => {
    tryIt('bind again', () => s.bind(0));
    const port = s.address().port;
    const t = dgram.createSocket('udp4');
    t.on('error', (e) => {
      console.log('in use:', e.code, e.errno < 0, e.syscall, e.address, e.port === port,
        e.message === `bind EADDRINUSE 127.0.0.1:${port}`);
      // The failed socket may bind again.
      t.bind(0, '127.0.0.1', () => {
        console.log('rebound after EADDRINUSE');
        t.close();
        s.close(() => {
          tryIt('close twice', () => s.close());
          tryIt('address closed', () => s.address());
          tryIt('send closed', () => s.send('x', 1234, '127.0.0.1'));
          tryIt('bind closed', () => s.bind(0));
          tryIt('ref closed', () => s.ref() === s);
          const w = dgram.createSocket('udp4');
          w.on('error', (e) => {
            console.log('udp4 bind ::1:', e.code, e.syscall, e.message);
            w.close();
            const lk = dgram.createSocket({ type: 'udp4', lookup: (host, family, cb) => {
              console.log('lookup called', host, family);
              if (host !== 'somewhere') return require('dns').lookup(host, family, cb);
              cb(Object.assign(new Error('no such host'), { code: 'ENOTFOUND' }));
            } });
            lk.send('x', 1234, 'somewhere', (e2) => {
              console.log('lookup send cb', e2.code, e2.message);
              lk.close(done);
            });
          });
          w.bind(0, '::1');
        });
      });
    });
    t.bind(port, '127.0.0.1');
  });
});

scenario('options', (done) => {
  const a = dgram.createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: 20000, sendBufferSize: 30000 });
  a.bind(0, '127.0.0.1', () => {
    const port = a.address().port;
    console.log('recv buffer at least 20000', a.getRecvBufferSize() >= 20000);
    console.log('send buffer at least 30000', a.getSendBufferSize() >= 30000);
    a.setRecvBufferSize(40000);
    console.log('recv buffer at least 40000', a.getRecvBufferSize() >= 40000);
    tryIt('setBroadcast', () => a.setBroadcast(true));
    tryIt('setTTL', () => a.setTTL(64));
    tryIt('setTTL 0', () => a.setTTL(0));
    tryIt('setMulticastTTL', () => a.setMulticastTTL(2));
    tryIt('setMulticastLoopback', () => a.setMulticastLoopback(true));
    tryIt('setMulticastInterface', () => a.setMulticastInterface('127.0.0.1'));
    tryIt('addMembership bad group', () => a.addMembership('not-an-ip'));
    // Joining may fail on a machine without multicast routes; Node and
    // nabi fail alike then.
    tryIt('addMembership', () => a.addMembership('224.0.0.114', '127.0.0.1'));
    tryIt('dropMembership', () => a.dropMembership('224.0.0.114', '127.0.0.1'));
    tryIt('addSourceSpecificMembership', () => a.addSourceSpecificMembership('127.0.0.1', '232.1.1.1', '127.0.0.1'));
    tryIt('dropSourceSpecificMembership', () => a.dropSourceSpecificMembership('127.0.0.1', '232.1.1.1', '127.0.0.1'));
    tryIt('dropMembership unjoined', () => a.dropMembership('224.0.0.114', '127.0.0.1'));
    tryIt('queue size', () => `${a.getSendQueueSize()} ${a.getSendQueueCount()}`);
    // reuseAddr: a second socket may share the port.
    const b = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    b.bind(port, '127.0.0.1', () => {
      console.log('shared port', b.address().port === port);
      b.close();
      const c = dgram.createSocket({ type: 'udp4', reusePort: true });
      const d = dgram.createSocket({ type: 'udp4', reusePort: true });
      c.bind(0, '127.0.0.1', () => d.bind(c.address().port, '127.0.0.1', () => {
        console.log('reusePort shared', d.address().port === c.address().port);
        c.close();
        d.close();
        oddPorts();
      }));
    });
  });
  // bind() takes the port as Node does: a uint32's low 16 bits, 'abc' is 0.
  const oddPorts = () => {
    let left = 3;
    for (const p of ['0', 'abc', null]) {
      const s = dgram.createSocket('udp4');
      s.bind(p, '127.0.0.1', () => {
        console.log('bind port', JSON.stringify(p), s.address().port > 0);
        s.close();
        if (--left === 0) ipv6Only();
      });
    }
  };
  const ipv6Only = () => {
    const v6 = dgram.createSocket({ type: 'udp6', ipv6Only: true });
    v6.bind(0, '::', () => {
      console.log('ipv6Only bound', v6.address().address, v6.address().family);
      v6.close();
      a.close(done);
    });
  };
});

scenario('AbortSignal', (done) => {
  const ac = new AbortController();
  const s = dgram.createSocket({ type: 'udp4', signal: ac.signal });
  s.on('close', () => {
    console.log('closed by abort');
    tryIt('aborted address', () => s.address());
    const pre = new AbortController();
    pre.abort();
    const s2 = dgram.createSocket({ type: 'udp4', signal: pre.signal });
    s2.on('close', () => {
      console.log('closed by an already-aborted signal');
      tryIt('bad signal', () => dgram.createSocket({ type: 'udp4', signal: {} }));
      done();
    });
  });
  s.bind(0, '127.0.0.1', () => ac.abort());
});

// Each child is a whole program: does the loop end while the socket is open?
function child(label, code, cb) {
  const p = cp.spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.on('close', (status) => {
    console.log(label, JSON.stringify(out), status);
    cb();
  });
}

scenario('ref and unref', (done) => {
  // The unref'd guard fires only if something wrongly keeps the loop alive.
  const pre = "const dgram = require('dgram'); process.on('exit', () => console.log('exit'));" +
    " setTimeout(() => { console.log('still running'); process.exit(3); }, 3000).unref();";
  child('unref bound', `${pre} const s = dgram.createSocket('udp4'); s.bind(0, '127.0.0.1', () => { s.unref(); console.log('bound'); });`, () => {
    child('unref before bind', `${pre} dgram.createSocket('udp4').unref().bind(0, '127.0.0.1', () => console.log('bound'));`, () => {
      child('ref again', `${pre} const s = dgram.createSocket('udp4'); s.bind(0, '127.0.0.1', () => { s.unref(); s.ref(); setTimeout(() => { console.log('timer'); s.close(); }, 100).unref(); });`, () => {
        child('close ends it', `${pre} const s = dgram.createSocket('udp4'); s.bind(0, '127.0.0.1', () => s.close(() => console.log('closed')));`, done);
      });
    });
  });
});

next();
