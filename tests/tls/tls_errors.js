// TLS failures and their codes as Node reports them: no common ALPN
// protocol, no common version, a plain TCP server, a plain HTTP client,
// either side closing before the handshake, bad PEM and version options.
// Only codes are printed: OpenSSL's messages carry source paths.
'use strict';
const tls = require('tls');
const net = require('net');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));
const ca = read('ca.pem');
const leaf = { key: read('leaf.key'), cert: read('leaf.pem') };

function tlsPair(label, serverOptions, clientOptions) {
  return new Promise((resolve) => {
    const server = tls.createServer({ ...leaf, ...serverOptions }, (s) => {
      console.log(label, 'server: secure', s.getProtocol());
      s.end();
    });
    let pending = 2;
    const done = () => {
      if (--pending === 0) {
        server.close();
        resolve();
      }
    };
    server.on('tlsClientError', (e) => {
      console.log(label, 'server: tlsClientError', e.code, e.library, e.reason);
      done();
    });
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: server.address().port, host: '127.0.0.1', servername: 'localhost', ca, ...clientOptions }, () => {
        console.log(label, 'client: secure', c.getProtocol(), c.getCipher().name, c.getCipher().standardName);
        done();
      });
      c.on('error', (e) => console.log(label, 'client: error', e.code, e.library, e.reason));
      c.on('close', done);
      c.resume();
    });
  });
}

function plainServer() {
  return new Promise((resolve) => {
    const server = net.createServer((s) => {
      s.on('error', () => {});
      s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: server.address().port, host: '127.0.0.1' }, () => console.log('plain server: connected?'));
      c.on('error', (e) => console.log('plain server: client error', e.code, e.library, e.reason));
      c.on('close', () => {
        server.close();
        resolve();
      });
    });
  });
}

function plainClient(send) {
  return new Promise((resolve) => {
    const server = tls.createServer(leaf, () => console.log('plain client: secure?'));
    server.on('tlsClientError', (e, s) => console.log('plain client', JSON.stringify(send), ': tlsClientError', e.code, e.reason || e.message, s instanceof tls.TLSSocket));
    server.listen(0, '127.0.0.1', () => {
      const c = net.connect(server.address().port, '127.0.0.1', () => (send ? c.write(send) : c.end()));
      c.on('error', () => {});
      c.resume();
      c.on('close', () => setTimeout(() => {
        server.close();
        resolve();
      }, 100));
    });
  });
}

function serverHangsUp() {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.destroy());
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: server.address().port, host: '127.0.0.1' });
      c.on('error', (e) => console.log('server hangs up: client error', e.code, e.message));
      c.on('close', () => {
        server.close();
        resolve();
      });
    });
  });
}

(async () => {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  await tlsPair('alpn', { ALPNProtocols: ['h2'] }, { ALPNProtocols: ['foo'] });
  await tlsPair('versions', { maxVersion: 'TLSv1.2' }, { minVersion: 'TLSv1.3' });
  await tlsPair('tls1.2', { maxVersion: 'TLSv1.2' }, {});
  await tlsPair('tls1.2 rsa-less chacha', { maxVersion: 'TLSv1.2' }, { maxVersion: 'TLSv1.2' });
  await plainServer();
  await plainClient('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await plainClient('');
  await serverHangsUp();
  for (const [label, options] of [
    ['bad minVersion', { minVersion: 'TLSv1.5' }],
    ['bad maxVersion', { maxVersion: 'SSLv3' }],
    ['key not PEM', { key: 'nope', cert: leaf.cert }],
    ['cert not PEM', { cert: 'nope' }],
    ['key of another cert', { key: read('other.key'), cert: leaf.cert }],
    ['ca not PEM', { ca: 'nope' }],
  ]) {
    try {
      tls.createSecureContext(options);
      console.log(label, 'no error');
    } catch (e) {
      console.log(label, e.name, e.code, e.message);
    }
  }
  clearTimeout(timer);
  console.log('done');
})();
