// NODE_EXTRA_CA_CERTS (read by a child started with it) and
// tls.getCACertificates: the test CA trusted besides the bundled roots.
'use strict';
const tls = require('tls');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));

if (process.argv[2] === 'child') {
  const extra = tls.getCACertificates('extra');
  const bundled = tls.getCACertificates('bundled');
  const all = tls.getCACertificates();
  console.log('extra', extra.length);
  console.log('extra is the ca', extra[0].replace(/\s+/g, '') === String(read('ca.pem')).replace(/\s+/g, ''), extra[0].endsWith('-----END CERTIFICATE-----\n'));
  console.log('default = bundled + extra', all.length === bundled.length + 1, all[all.length - 1] === extra[0]);
  console.log('bundled is rootCertificates', bundled === tls.rootCertificates);
  for (const t of ['foo', 5]) {
    try {
      tls.getCACertificates(t);
    } catch (e) {
      console.log('type', t, e.name, e.code);
    }
  }
  const c = tls.connect({ port: +process.argv[3], host: '127.0.0.1', servername: 'localhost' }, () => {
    console.log('child: authorized', c.authorized, c.authorizationError);
    c.end();
  });
  c.on('error', (e) => console.log('child: error', e.code));
  c.resume();
} else {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  console.log('without the variable', tls.getCACertificates('extra').length);
  const server = tls.createServer({ key: read('leaf.key'), cert: read('leaf.pem') }, (s) => s.end());
  server.listen(0, '127.0.0.1', () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') };
    const child = spawn(process.execPath, [__filename, 'child', String(server.address().port)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      process.stdout.write(out);
      console.log('child exit', code);
      server.close();
      clearTimeout(timer);
    });
  });
}
