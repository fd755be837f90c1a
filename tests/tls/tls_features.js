// TLS features: echo both ways, ALPN, SNI (addContext, SNICallback), the
// peer certificate, client certificates, createSecureContext, errors
// for bad arguments, checkServerIdentity's rules.
'use strict';
const tls = require('tls');
const net = require('net');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));
const ca = read('ca.pem');
const leaf = { key: read('leaf.key'), cert: read('leaf.pem') };
const other = { key: read('other.key'), cert: read('other.pem') };

function listen(server) {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
}

function connect(options) {
  return new Promise((resolve, reject) => {
    const c = tls.connect({ host: '127.0.0.1', ca, ...options });
    c.once('secureConnect', () => resolve(c));
    c.once('error', reject);
  });
}

function collect(s) {
  return new Promise((r) => {
    let t = '';
    s.on('data', (d) => { t += d; });
    s.on('end', () => r(t));
  });
}

async function echo() {
  const server = tls.createServer(leaf, (s) => {
    console.log('server: secureConnection encrypted', s.encrypted, 'authorized', s.authorized, 'protocol', s.getProtocol());
    s.pipe(s);
  });
  const port = await listen(server);
  const c = await connect({ port, servername: 'localhost' });
  console.log('client: instanceof', c instanceof tls.TLSSocket, c instanceof net.Socket, 'encrypted', c.encrypted);
  console.log('client: authorized', c.authorized, 'alpn', c.alpnProtocol, 'protocol', c.getProtocol());
  console.log('client: remote is the server', c.remotePort === port, c.remoteAddress);
  const cert = c.getPeerCertificate();
  console.log('cert subject', JSON.stringify(cert.subject), 'issuer', JSON.stringify(cert.issuer));
  console.log('cert altnames', cert.subjectaltname, 'ca', cert.ca);
  console.log('cert raw', Buffer.isBuffer(cert.raw), cert.fingerprint256.length, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(cert.fingerprint256));
  console.log('cert dates', typeof cert.valid_from, / GMT$/.test(cert.valid_to));
  const detailed = c.getPeerCertificate(true);
  console.log('detailed issuer', detailed.issuerCertificate && detailed.issuerCertificate.subject.CN);
  const cipher = c.getCipher();
  console.log('cipher', cipher.name, cipher.standardName, cipher.version);
  const got = collect(c);
  const big = 'x'.repeat(100000);
  c.write('hello ');
  c.write(big);
  c.end(' world');
  const text = await got;
  console.log('echoed', text.length, text.startsWith('hello x'), text.endsWith('x world'));
  server.close();
}

async function alpn() {
  const server = tls.createServer({ ...leaf, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
    console.log('server alpn', s.alpnProtocol);
    s.end();
  });
  const port = await listen(server);
  for (const protocols of [['http/1.1'], ['foo', 'h2'], undefined]) {
    const c = await connect({ port, servername: 'localhost', ALPNProtocols: protocols });
    console.log('client offered', JSON.stringify(protocols), 'got', c.alpnProtocol);
    await collect(c);
  }
  server.close();
  const buf = {};
  tls.convertALPNProtocols(['h2', 'http/1.1'], buf);
  console.log('convertALPNProtocols', buf.ALPNProtocols.toString('hex'));
}

async function sni() {
  const server = tls.createServer(leaf, (s) => {
    console.log('server servername', s.servername);
    s.end();
  });
  server.addContext('*.test', other);
  const port = await listen(server);
  for (const servername of ['localhost', 'other.test']) {
    const c = await connect({ port, servername });
    console.log('sni', servername, '→ cert CN', c.getPeerCertificate().subject.CN, 'authorized', c.authorized);
    await collect(c);
  }
  server.close();

  const calls = [];
  const server2 = tls.createServer({
    ...leaf,
    SNICallback(name, cb) {
      calls.push(name);
      setTimeout(() => cb(null, name === 'other.test' ? tls.createSecureContext(other) : undefined), 5);
    },
  }, (s) => s.end());
  const port2 = await listen(server2);
  const c = await connect({ port: port2, servername: 'other.test' });
  console.log('SNICallback chose', c.getPeerCertificate().subject.CN, 'calls', calls);
  await collect(c);
  server2.close();
}

async function clientCerts() {
  const server = tls.createServer({ ...leaf, ca, requestCert: true, rejectUnauthorized: false }, (s) => {
    const cert = s.getPeerCertificate();
    console.log('server: client authorized', s.authorized, s.authorizationError, 'CN', cert.subject && cert.subject.CN);
    s.end();
  });
  const port = await listen(server);
  let c = await connect({ port, servername: 'localhost', key: read('client.key'), cert: read('client.pem') });
  await collect(c);
  c = await connect({ port, servername: 'localhost', key: read('self.key'), cert: read('self.pem') });
  await collect(c);
  server.close();

  // requestCert with rejectUnauthorized (the default): a client without a
  // certificate fails the handshake on both sides.
  const strict = tls.createServer({ ...leaf, ca, requestCert: true }, (s) => {
    console.log('strict server: secure, client authorized', s.authorized);
    s.end('welcome');
  });
  strict.on('tlsClientError', (e) => console.log('strict server: tlsClientError', e.code, e.reason));
  const strictPort = await listen(strict);
  for (const [label, extra] of [['no certificate', {}], ['good certificate', { key: read('client.key'), cert: read('client.pem') }]]) {
    await new Promise((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: strictPort, servername: 'localhost', ca, ...extra }, () => console.log(label, ': secureConnect'));
      s.on('data', (d) => console.log(label, ': data', String(d)));
      s.on('error', (e) => console.log(label, ': error', e.code, e.reason));
      s.on('close', resolve);
    });
  }
  strict.close();
}

// tls.connect over a socket already connected, to a plain net server
// whose sockets become TLS server sockets (`new TLSSocket(s, { isServer })`).
async function wrapped() {
  const server = net.createServer((raw) => {
    raw.once('data', (first) => {
      console.log('plain first line', String(first).trim());
      raw.write('STARTTLS ok\n', () => {
        const s = new tls.TLSSocket(raw, { isServer: true, secureContext: tls.createSecureContext(leaf) });
        s.on('secure', () => console.log('server side: secure', s.encrypted, s.getProtocol()));
        s.on('data', (d) => s.end(`echo ${d}`));
      });
    });
  });
  const port = await listen(server);
  const raw = net.connect(port, '127.0.0.1');
  await new Promise((r) => raw.once('connect', r));
  raw.write('STARTTLS\n');
  await new Promise((r) => raw.once('data', (d) => { console.log('plain reply', String(d).trim()); r(); }));
  const c = await connect({ socket: raw, servername: 'localhost' });
  console.log('upgraded: authorized', c.authorized, c.encrypted, c.remotePort === port);
  const got = collect(c);
  c.write('over tls');
  console.log('got', await got);
  server.close();
}

// An idle secure socket times out (options.timeout, then setTimeout(0)).
async function idle() {
  const server = tls.createServer(leaf, () => {});
  const port = await listen(server);
  const c = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, timeout: 100 });
  await new Promise((r) => c.once('timeout', r));
  console.log('idle: timeout', c.timeout);
  c.setTimeout(0);
  c.destroy();
  await new Promise((r) => c.once('close', r));
  console.log('idle: closed', c.destroyed);
  server.close();
}

function badArguments() {
  const tryIt = (label, f) => {
    try {
      f();
      console.log(label, 'no error');
    } catch (e) {
      console.log(label, e.name, e.code);
    }
  };
  tryIt('key number', () => tls.createSecureContext({ key: 5 }));
  tryIt('cert object', () => tls.createSecureContext({ cert: {} }));
  tryIt('SNICallback', () => tls.createServer({ SNICallback: 1 }));
  tryIt('good context', () => tls.createSecureContext(leaf));
  const ctx = tls.createSecureContext(leaf);
  console.log('context', ctx instanceof tls.SecureContext, typeof ctx.context);
}

function identity() {
  const cert = (alt, cn) => ({ subject: cn ? { CN: cn } : {}, subjectaltname: alt });
  const cases = [
    ['a.example.com', cert('DNS:*.example.com')],
    ['example.com', cert('DNS:*.example.com')],
    ['a.b.example.com', cert('DNS:*.example.com')],
    ['EXAMPLE.com.', cert('DNS:example.com')],
    ['foo.com', cert(undefined, 'foo.com')],
    ['bar.com', cert(undefined, 'foo.com')],
    ['127.0.0.1', cert('IP Address:127.0.0.1')],
    ['::1', cert('IP Address:0:0:0:0:0:0:0:1')],
    ['10.0.0.1', cert('DNS:10.0.0.1')],
    ['x.com', cert('URI:http://x.com/')],
    ['xn--a.example.com', cert('DNS:*.example.com')],
    ['ab.example.com', cert('DNS:a*.example.com')],
  ];
  for (const [host, c] of cases) {
    const e = tls.checkServerIdentity(host, c);
    console.log('checkServerIdentity', host, e ? `${e.code}: ${e.reason}` : 'ok');
  }
}

(async () => {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  await echo();
  await alpn();
  await sni();
  await clientCerts();
  await wrapped();
  await idle();
  badArguments();
  identity();
  console.log('constants', tls.DEFAULT_MIN_VERSION, tls.DEFAULT_MAX_VERSION, typeof tls.getCiphers()[0]);
  // The bundled roots (Mozilla's list: the count differs between snapshots).
  const roots = tls.rootCertificates;
  console.log('rootCertificates', Object.isFrozen(roots), roots.length > 100, roots === tls.rootCertificates,
    roots.every((p) => /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/.test(p)));
  clearTimeout(timer);
  console.log('done');
})();
