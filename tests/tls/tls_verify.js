// tls.connect against servers with good and bad certificates: what the
// client sees (secureConnect, authorized, authorizationError, or the
// error and its code) for each, as Node 24 reports it.
'use strict';
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));
const ca = read('ca.pem');

const cases = [
  ['signed by the ca', 'leaf', {}],
  ['servername matches', 'leaf', { servername: 'localhost' }],
  ['hostname mismatch', 'leaf', { servername: 'example.com' }],
  ['hostname mismatch, not rejected', 'leaf', { servername: 'example.com', rejectUnauthorized: false }],
  ['self-signed without ca', 'self', { ca: undefined }],
  ['self-signed, not rejected', 'self', { ca: undefined, rejectUnauthorized: false }],
  ['self-signed as its own ca', 'self', { ca: read('self.pem'), servername: 'localhost' }],
  ['unknown ca', 'leaf', { ca: read('self.pem') }],
  ['chain without its root', 'chain', { ca: undefined, servername: 'localhost' }],
  ['chain with its root', 'chain', { servername: 'localhost' }],
  ['root sent in the chain', 'rootchain', { ca: undefined, servername: 'localhost' }],
  ['expired', 'expired', { servername: 'localhost' }],
  ['custom checkServerIdentity', 'leaf', { servername: 'localhost', checkServerIdentity: (h, c) => new Error(`no ${h} ${c.subject.CN}`) }],
];

function serverFor(which) {
  if (which === 'rootchain') return { key: read('leaf.key'), cert: Buffer.concat([read('leaf.pem'), ca]) };
  return { key: read(`${which}.key`), cert: read(`${which}.pem`) };
}

async function one([name, which, extra]) {
  const server = tls.createServer(serverFor(which), (s) => {
    s.on('error', () => {});
    s.end('hello');
  });
  server.on('tlsClientError', () => {});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  await new Promise((resolve) => {
    const c = tls.connect({ port: server.address().port, host: '127.0.0.1', ca, ...extra }, () => {
      console.log(name, ': secureConnect authorized', c.authorized, 'error', c.authorizationError);
    });
    let text = '';
    c.on('data', (d) => { text += d; });
    c.on('end', () => console.log(name, ': read', JSON.stringify(text)));
    c.on('error', (e) => console.log(name, ': error', e.code, e.message, e.reason || ''));
    c.on('close', () => resolve());
  });
  server.close();
}

(async () => {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  for (const c of cases) await one(c);
  // NODE_TLS_REJECT_UNAUTHORIZED=0 makes rejectUnauthorized default to
  // false (with a warning on stderr, which is not compared).
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  await one(['env allows self-signed', 'self', { ca: undefined }]);
  await one(['env, second connection', 'self', { ca: undefined }]);
  await one(['env, explicit rejectUnauthorized', 'self', { ca: undefined, rejectUnauthorized: true }]);
  clearTimeout(timer);
  console.log('done');
})();
