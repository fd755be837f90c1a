// One side of a cross-runtime conversation (runtime/tests/cross.rs runs
// the server under one runtime and the client under the other):
//
//   http_peer.js server        an http server (GET, chunked POST echo,
//                              trailers, upgrade to a line echo) and a net
//                              echo server; prints "PORTS <http> <net>",
//                              closes after the client's "/bye"
//   http_peer.js client H N    the client side; prints what it saw
// Every wait is bounded by a guard timer.
'use strict';
const http = require('http');
const net = require('net');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

const body = (stream, cb) => {
  const parts = [];
  stream.on('data', (d) => parts.push(d));
  stream.on('end', () => cb(Buffer.concat(parts).toString()));
};

function server() {
  const echo = net.createServer((s) => s.pipe(s));
  const hs = http.createServer((req, res) => {
    body(req, (b) => {
      if (req.url === '/bye') {
        res.end('bye');
        hs.close();
        echo.close();
        return;
      }
      res.setHeader('X-Method', req.method);
      if (req.method === 'POST') {
        res.writeHead(200, { Trailer: 'X-Len' });
        res.write(b.toUpperCase());
        res.addTrailers({ 'X-Len': String(b.length) });
        res.end();
      } else {
        res.end(`hello ${req.url} ${req.headers['x-from']}`);
      }
    });
  });
  hs.on('upgrade', (req, socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: lines\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d) => socket.write(`> ${d}`));
    socket.on('end', () => socket.end());
  });
  let ready = 0;
  const up = () => {
    if (++ready === 2) console.log(`PORTS ${hs.address().port} ${echo.address().port}`);
  };
  hs.listen(0, '127.0.0.1', up);
  echo.listen(0, '127.0.0.1', up);
}

function client(hport, nport) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const steps = [
    (next) => http.get({ port: hport, host: '127.0.0.1', path: '/a', agent, headers: { 'X-From': 'peer' } }, (res) => {
      body(res, (b) => { console.log('GET', res.statusCode, res.headers['x-method'], res.headers['content-length'], b); next(); });
    }),
    (next) => {
      const req = http.request({ port: hport, host: '127.0.0.1', method: 'POST', path: '/p', agent }, (res) => {
        body(res, (b) => {
          console.log('POST', res.statusCode, res.headers['transfer-encoding'], b, res.trailers['x-len'], req.reusedSocket);
          next();
        });
      });
      req.write('chunk one, ');
      req.end('chunk two');
    },
    (next) => {
      const req = http.request({ port: hport, host: '127.0.0.1', agent: false, headers: { Connection: 'Upgrade', Upgrade: 'lines' } });
      req.on('upgrade', (res, socket) => {
        console.log('upgrade', res.statusCode, res.headers.upgrade);
        socket.end('line');
        body(socket, (b) => { console.log('upgraded echo', b); next(); });
      });
      req.end();
    },
    (next) => {
      const c = net.connect(nport, '127.0.0.1', () => c.end(Buffer.alloc(100000, 'x')));
      body(c, (b) => { console.log('net echo', b.length, c.bytesWritten, c.bytesRead); next(); });
    },
    (next) => http.get({ port: hport, host: '127.0.0.1', path: '/bye', agent: false }, (res) => {
      body(res, (b) => { console.log('bye', b); agent.destroy(); next(); });
    }),
  ];
  let i = 0;
  const next = () => (i < steps.length ? steps[i++](next) : console.log('done'));
  next();
}

if (process.argv[2] === 'server') server();
else client(Number(process.argv[3]), Number(process.argv[4]));
