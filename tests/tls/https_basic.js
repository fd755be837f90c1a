// https: a server and requests through the Agent (keep-alive reuse,
// agent: false), get with a URL, POST with a body, ALPN http/1.1, the
// wrong certificate failing the request with Node's code, an http Agent
// refused for https.
'use strict';
const https = require('https');
const http = require('http');
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const dir = process.env.NABI_TLS_DIR;
const read = (f) => fs.readFileSync(path.join(dir, f));
const ca = read('ca.pem');

function body(res) {
  return new Promise((r) => {
    let t = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { t += d; });
    res.on('end', () => r(t));
  });
}

function request(options, payload) {
  return new Promise((resolve, reject) => {
    const req = https.request(options, (res) => body(res).then((text) => resolve([res, text, req])));
    req.on('error', reject);
    req.end(payload);
  });
}

(async () => {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  const server = https.createServer({ key: read('leaf.key'), cert: read('leaf.pem') }, (req, res) => {
    let n = 0;
    req.on('data', (d) => { n += d.length; });
    req.on('end', () => {
      res.setHeader('x-alpn', String(req.socket.alpnProtocol));
      res.setHeader('x-encrypted', String(req.socket.encrypted));
      res.end(`${req.method} ${req.url} ${n}`);
    });
  });
  console.log('server instanceof', server instanceof tls.Server, server instanceof https.Server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;

  const agent = new https.Agent({ keepAlive: true, ca });
  console.log('agent', agent.defaultPort, agent.protocol);
  let [res, text, req] = await request({ host: 'localhost', port, path: '/a', agent });
  console.log(res.statusCode, text, res.headers['x-alpn'], res.headers['x-encrypted'], 'reused', req.reusedSocket);
  [res, text, req] = await request({ host: 'localhost', port, path: '/b', method: 'POST', agent }, 'x'.repeat(70000));
  console.log(res.statusCode, text, 'reused', req.reusedSocket);
  agent.destroy();

  [res, text] = await request({ host: 'localhost', port, path: '/c', agent: false, ca });
  console.log(res.statusCode, text);

  await new Promise((resolve) => {
    https.get(`https://localhost:${port}/url?q=1`, { ca }, (r) => body(r).then((t) => {
      console.log('get', r.statusCode, t);
      resolve();
    }));
  });

  await request({ host: 'localhost', port, path: '/noca', agent: false }).then(
    () => console.log('no ca: succeeded'),
    (e) => console.log('no ca:', e.code, e.message));
  await request({ host: '127.0.0.1', port, path: '/name', agent: false, ca, servername: 'example.com' }).then(
    () => console.log('bad name: succeeded'),
    (e) => console.log('bad name:', e.code));
  [res, text] = await request({ host: 'localhost', port, path: '/unchecked', agent: false, rejectUnauthorized: false });
  console.log('rejectUnauthorized false', res.statusCode, text);

  try {
    https.request({ host: 'localhost', port, agent: new http.Agent() });
  } catch (e) {
    console.log('http agent:', e.code, e.message);
  }
  try {
    http.request(`https://localhost:${port}/`);
  } catch (e) {
    console.log('http with https url:', e.code, e.message);
  }
  https.globalAgent.destroy();
  server.close(() => {
    clearTimeout(timer);
    console.log('done');
  });
})();
