// One side of a cross-runtime TLS/HTTPS conversation (runtime/tests/tls.rs).
// `server`: a tls echo server (ALPN h2/http1.1), a tls server with a
// self-signed certificate and an https server; prints `PORTS a b c` and
// exits after the clients are done. `client a b c`: talks to them and
// prints what it sees.
'use strict';
const tls = require('tls');
const https = require('https');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));
const ca = read('ca.pem');
const leaf = { key: read('leaf.key'), cert: read('leaf.pem') };

if (process.argv[2] === 'server') {
  const servers = [];
  // The client's last request ends the servers.
  const finish = () => {
    for (const s of servers) s.close();
  };
  const echo = tls.createServer({ ...leaf, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
    s.pipe(s);
  });
  const self = tls.createServer({ key: read('self.key'), cert: read('self.pem') }, (s) => {
    s.on('error', () => {});
    s.end('self');
  });
  self.on('tlsClientError', () => {});
  const web = https.createServer(leaf, (req, res) => {
    let n = 0;
    req.on('data', (d) => { n += d.length; });
    req.on('end', () => {
      res.setHeader('content-type', 'text/plain');
      res.end(`${req.method} ${req.url} ${n} ${req.socket.alpnProtocol}`);
      if (req.url === '/last') finish();
    });
  });
  servers.push(echo, self, web);
  let listening = 0;
  for (const s of servers) {
    s.listen(0, '127.0.0.1', () => {
      if (++listening === 3) console.log(`PORTS ${servers.map((x) => x.address().port).join(' ')}`);
    });
  }
  setTimeout(() => process.exit(2), 25000).unref();
} else {
  const [echoPort, selfPort, webPort] = process.argv.slice(3).map(Number);
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 25000);
  const talk = () => new Promise((resolve, reject) => {
    const c = tls.connect({ port: echoPort, host: '127.0.0.1', servername: 'localhost', ca, ALPNProtocols: ['http/1.1'] }, () => {
      console.log('echo: authorized', c.authorized, 'alpn', c.alpnProtocol, 'CN', c.getPeerCertificate().subject.CN);
      c.write('ping '.repeat(4000));
      c.end('BYE');
    });
    let n = 0;
    c.on('data', (d) => { n += d.length; });
    c.on('end', () => { console.log('echo: got', n); resolve(); });
    c.on('error', reject);
  });
  const selfSigned = () => new Promise((resolve) => {
    const c = tls.connect({ port: selfPort, host: '127.0.0.1', servername: 'localhost', ca });
    c.on('secureConnect', () => console.log('self: connected?!'));
    c.on('error', (e) => { console.log('self: error', e.code); });
    c.on('close', () => resolve());
  });
  const get = (p, method = 'GET', payload) => new Promise((resolve, reject) => {
    const req = https.request({ host: 'localhost', port: webPort, path: p, method, ca }, (res) => {
      let t = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { t += d; });
      res.on('end', () => { console.log('https', p, res.statusCode, res.headers['content-type'], t); resolve(); });
    });
    req.on('error', reject);
    req.end(payload);
  });
  (async () => {
    await talk();
    await selfSigned();
    // The self-signed server counts a connection once it is secure on
    // its side; a rejected client may not get that far, so accept unchecked.
    await new Promise((resolve) => {
      const c = tls.connect({ port: selfPort, host: '127.0.0.1', rejectUnauthorized: false }, () => {
        console.log('self unchecked: authorized', c.authorized, c.authorizationError);
      });
      let t = '';
      c.on('data', (d) => { t += d; });
      c.on('end', () => { console.log('self unchecked: read', t); resolve(); });
    });
    await get('/first');
    await get('/post', 'POST', 'y'.repeat(50000));
    await get('/last');
    https.globalAgent.destroy();
    clearTimeout(timer);
    console.log('done');
  })();
}
