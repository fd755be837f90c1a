// undici (npm, unmodified) as the client of an http server: the server
// runs under one runtime (nabi or node), undici's client under Node.
// undici's client cannot run under nabi: every HTTP/1.1 connection gets
// its parser from lazyllhttp() in lib/dispatcher/client-h1.js, which
// makes `new WebAssembly.Module(llhttp wasm)` and `new WebAssembly.Instance`
// with no JavaScript fallback, and nabi's engine, QuickJS-ng, has no
// WebAssembly (under nabi, undici 7.16.0 loads, connects over nabi's net,
// then throws "ReferenceError: WebAssembly is not defined" there). Its
// only other client, client-h2.js, needs node:http2, which nabi lacks.
// Running it would need a WebAssembly global (Module, Instance with the
// `env` imports llhttp calls back into, Memory whose `buffer` is an
// ArrayBuffer over the instance's linear memory), e.g. over an
// interpreter crate such as wasmi. runtime/tests/packages.rs compares the
// client's output against a Node server's.
//
//   undici.js server        an http server; prints "PORT <port>", ends after "/bye"
//   undici.js client PORT   undici.request, a keep-alive Pool, chunked bodies
// Every wait is bounded by a guard timer.
'use strict';
const http = require('http');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

function server() {
  const sockets = new Map(); // socket -> its number, in order of arrival
  const hs = http.createServer((req, res) => {
    if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      res.setHeader('x-socket', String(sockets.get(req.socket)));
      res.setHeader('x-request-framing', req.headers['transfer-encoding'] || (req.headers['content-length'] !== undefined ? 'length' : 'none'));
      if (req.url === '/bye') {
        res.end('bye');
        hs.close();
        hs.closeAllConnections();
        return;
      }
      if (req.url === '/chunked') {
        // Written in pieces with no length: a chunked response.
        res.setHeader('content-type', 'text/plain');
        let i = 0;
        const next = () => {
          if (i === 5) return res.end();
          res.write(`part${i++};`);
          setTimeout(next, 2);
        };
        return next();
      }
      if (req.url === '/json') {
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ method: req.method, url: req.url }));
      }
      res.setHeader('content-type', 'text/plain');
      res.end(`${req.method} ${req.url} ${body.length} ${body.slice(0, 40)}`);
    });
  });
  hs.keepAliveTimeout = 5000;
  hs.listen(0, '127.0.0.1', () => console.log(`PORT ${hs.address().port}`));
}

async function client(port) {
  const path = require('path');
  const { createRequire } = require('module');
  const modules = process.env.NABI_PACKAGES_DIR;
  if (!modules) throw new Error('set NABI_PACKAGES_DIR to the installed node_modules (tests/packages/install.sh undici)');
  const { request, Pool } = createRequire(path.join(modules, '..', 'index.js'))('undici');
  const { Readable } = require('stream');
  const origin = `http://127.0.0.1:${port}`;
  const show = async (label, res) => {
    const text = await res.body.text();
    console.log(label, res.statusCode, res.headers['content-type'], res.headers['transfer-encoding'] || res.headers['content-length'], res.headers['x-request-framing'], JSON.stringify(text));
    return res;
  };

  // undici.request: a GET, a JSON body, a POST with a length.
  await show('get', await request(`${origin}/hello?x=1`));
  const j = await request(`${origin}/json`, { method: 'PUT' });
  console.log('json', j.statusCode, JSON.stringify(await j.body.json()));
  await show('post', await request(`${origin}/echo`, { method: 'POST', body: 'a fixed body' }));

  // Chunked both ways: a response written in pieces, a request body from a stream.
  const chunked = await request(`${origin}/chunked`);
  const parts = [];
  for await (const c of chunked.body) parts.push(c.toString());
  console.log('chunked response', chunked.statusCode, chunked.headers['transfer-encoding'], parts.join(''));
  const upload = Readable.from(['one,', 'two,', 'three'], { objectMode: false });
  await show('chunked request', await request(`${origin}/echo`, { method: 'POST', body: upload }));

  // A keep-alive Pool of two connections: twenty requests, at most two sockets.
  const pool = new Pool(origin, { connections: 2, keepAliveTimeout: 2000 });
  const results = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const res = await pool.request({ path: `/pool/${i}`, method: 'GET' });
      return { text: await res.body.text(), socket: res.headers['x-socket'] };
    }),
  );
  console.log('pool texts', results.map((r) => r.text.split(' ')[1]).join(','));
  const used = new Set(results.map((r) => r.socket));
  console.log('pool sockets', used.size <= 2, used.size >= 1);
  const again = await pool.request({ path: '/pool/again', method: 'GET' });
  await again.body.text();
  console.log('pool reuses', used.has(again.headers['x-socket']));
  await pool.close();

  const bye = await request(`${origin}/bye`);
  console.log('bye', await bye.body.text());
  console.log('done');
}

if (process.argv[2] === 'server') server();
else client(process.argv[3]).catch((e) => {
  console.log('FAILED', e);
  process.exit(1);
});
