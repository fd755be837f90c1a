// The fetch globals (fetch, Headers, Request, Response, FormData, Blob)
// against an http server in this process: bodies, redirects, aborts,
// errors, header guards. Loopback only; every wait bounded by a guard.
'use strict';
const http = require('http');
const zlib = require('zlib');
const net = require('net');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 15000);

const t = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, `${e.name}: ${e.message}`);
  }
};

// ---- the classes without a network --------------------------------------
console.log(typeof fetch, typeof Headers, typeof Request, typeof Response, typeof FormData, typeof Blob);
t('bad name', () => new Headers({ 'a b': '1' }));
t('bad value', () => new Headers({ a: '1\n2' }));
t('trim', () => new Headers({ a: ' x\t' }).get('a'));
t('entries', () => JSON.stringify([...new Headers([['B', '2'], ['a', '1'], ['set-cookie', 'x'], ['Set-Cookie', 'y'], ['a', '3']])]));
t('getSetCookie', () => new Headers([['set-cookie', 'x'], ['Set-Cookie', 'y']]).getSetCookie().join('|'));
t('missing', () => new Headers().get('nope'));
t('immutable', () => Response.error().headers.set('a', 'b'));
t('error response', () => [Response.error().type, Response.error().status, Response.error().ok].join(' '));
t('null body status', () => new Response('x', { status: 204 }));
t('status range', () => new Response('x', { status: 99 }));
t('relative url', () => new Request('/x'));
t('get with body', () => new Request('http://a/', { method: 'GET', body: 'x' }));
t('connect', () => new Request('http://a/', { method: 'CONNECT' }));
t('bad method', () => new Request('http://a/', { method: 'bad method' }));
t('post upper', () => new Request('http://a/', { method: 'post' }).method);
t('request ct', () => new Request('http://a/', { method: 'POST', body: 'x' }).headers.get('content-type'));
t('params ct', () => new Request('http://a/', { method: 'POST', body: new URLSearchParams('a=1') }).headers.get('content-type'));
t('duplex full', () => new Request('http://a/', { method: 'POST', body: 'x', duplex: 'full' }));
t('keepalive stream', () => new Request('http://a/', { method: 'POST', body: new Response('x').body, keepalive: true, duplex: 'half' }));
t('request headers', () => JSON.stringify([...new Request('http://a/', { headers: { 'X-A': '1' } }).headers]));
t('request defaults', () => { const r = new Request('http://a/b?c'); return [r.method, r.url, r.redirect, r.mode, r.credentials, r.cache, r.signal.aborted, r.body].join(' '); });
const code = (f) => () => { try { f(); } catch (e) { return `${e.name} ${e.code} ${e.message}`; } };
t('timeout type', code(() => AbortSignal.timeout('x')));
t('timeout range', code(() => AbortSignal.timeout(-1)));
t('timeout integer', code(() => AbortSignal.timeout(1.5)));
t('any type', code(() => AbortSignal.any([1])));
t('any sequence', code(() => AbortSignal.any(5)));
t('any aborted', () => { const s = AbortSignal.any([AbortSignal.abort('r1'), AbortSignal.abort('r2')]); return [s.aborted, s.reason].join(' '); });
t('new AbortSignal', code(() => new AbortSignal()));
t('redirect bad', () => Response.redirect('http://a/', 200));
t('redirect', () => { const r = Response.redirect('http://a/b', 301); return [r.status, r.headers.get('location')].join(' '); });
t('json', () => { const r = Response.json({ a: 1 }, { status: 201 }); return [r.status, r.headers.get('content-type')].join(' '); });
t('defaults', () => { const r = new Response(); return [r.status, r.ok, JSON.stringify(r.statusText), r.type, JSON.stringify(r.url), r.redirected, r.body].join(' '); });

async function local() {
  const r = new Response('once');
  console.log('text', await r.text(), r.bodyUsed);
  await r.text().catch((e) => console.log('again', `${e.name}: ${e.message}`));
  const j = Response.json([1, 'two']);
  console.log('json', JSON.stringify(await j.json()));
  const c = new Response('cloned');
  const d = c.clone();
  console.log('clone', await c.text(), await d.text());
  const b = await new Response(new Uint8Array([104, 105]), { headers: { 'content-type': 'text/x' } }).blob();
  console.log('blob', b.size, b.type, await b.text());
  const ab = await new Response('abc').arrayBuffer();
  console.log('arrayBuffer', ab instanceof ArrayBuffer, ab.byteLength);
  const bytes = await new Response('abc').bytes();
  console.log('bytes', bytes instanceof Uint8Array, [...bytes].join(','));
  const fd = new FormData();
  fd.append('a', '1');
  fd.append('a', '2');
  fd.set('b', 'x');
  fd.append('f', new Blob(['data'], { type: 'text/plain' }), 'f.txt');
  console.log('form', fd.getAll('a').join(','), fd.get('b'), fd.has('c'), fd.get('f').name, fd.get('f').size, [...fd.keys()].join(','));
  const blob = new Blob(['ab', new Uint8Array([99]), new Blob(['d'])], { type: 'X/Y' });
  console.log('Blob', blob.size, blob.type, await blob.slice(1, 3).text());
  const parts = [];
  for await (const chunk of new Response('streamed').body) parts.push(Buffer.from(chunk).toString());
  console.log('iterate', parts.join(''));
  const reader = new Response('read').body.getReader();
  const first = await reader.read();
  console.log('reader', Buffer.from(first.value).toString(), (await reader.read()).done);
  const wrapped = new Response(new Request('http://a/', { method: 'PUT', body: 'req body' }).body);
  console.log('request body', await wrapped.text());
}

// ---- against a server ---------------------------------------------------------
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const u = new URL(req.url, 'http://x');
    switch (u.pathname) {
      case '/hello':
        res.setHeader('x-custom', 'yes');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.end('hello world');
        break;
      case '/json':
        res.setHeader('content-type', 'application/json');
        res.end('{"n":42}');
        break;
      case '/echo':
        res.end(JSON.stringify({
          method: req.method, body, type: req.headers['content-type'], len: req.headers['content-length'], te: req.headers['transfer-encoding'],
          accept: req.headers.accept, ua: req.headers['user-agent'], x: req.headers['x-test'],
          multipart: /^multipart\/form-data; boundary=/.test(req.headers['content-type'] || '') ? body.includes('name="f"; filename="f.txt"') : null,
        }));
        break;
      case '/chunked':
        res.write('one,');
        setTimeout(() => res.write('two,'), 5);
        setTimeout(() => res.end('three'), 10);
        break;
      case '/gzip':
        res.setHeader('content-encoding', 'gzip');
        res.end(zlib.gzipSync('compressed text'));
        break;
      case '/redirect': {
        const n = Number(u.searchParams.get('n'));
        res.statusCode = Number(u.searchParams.get('code') || 302);
        res.setHeader('location', n > 0 ? `/redirect?n=${n - 1}&code=${res.statusCode}` : '/echo');
        res.end();
        break;
      }
      case '/loop':
        res.statusCode = 302;
        res.setHeader('location', '/loop');
        res.end();
        break;
      case '/status':
        res.statusCode = 404;
        res.statusMessage = 'Nope';
        res.end('missing');
        break;
      case '/slow':
        setTimeout(() => res.end('late'), 3000);
        break;
      case '/half':
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 20);
        break;
      default:
        res.end('?');
    }
  });
});

async function remote(base) {
  let r = await fetch(`${base}/hello`);
  console.log('hello', r.status, r.ok, r.statusText, r.url === `${base}/hello`, r.redirected, r.type);
  console.log('headers', r.headers.get('x-custom'), r.headers.get('content-length'), r.headers.getSetCookie().join('|'));
  t('response immutable', () => r.headers.set('a', 'b'));
  console.log('body', await r.text());
  r = await fetch(`${base}/json`);
  console.log('json', JSON.stringify(await r.json()));
  r = await fetch(new URL(`${base}/echo`), { method: 'POST', body: 'payload', headers: { 'X-Test': 'given' } });
  console.log('post', await r.text());
  r = await fetch(`${base}/echo`, { method: 'PUT', body: new URLSearchParams({ a: '1', b: 'x y' }) });
  console.log('put', await r.text());
  r = await fetch(`${base}/echo`, { method: 'POST', body: new Uint8Array([65, 66]), headers: { accept: 'text/plain' } });
  console.log('bytes', await r.text());
  const form = new FormData();
  form.append('k', 'v');
  form.append('f', new Blob(['file body']), 'f.txt');
  r = await fetch(`${base}/echo`, { method: 'POST', body: form });
  console.log('form', JSON.parse(await r.text()).multipart);
  async function* pieces() {
    yield Buffer.from('streamed ');
    yield new Uint8Array([117, 112]);
  }
  await fetch(`${base}/echo`, { method: 'POST', body: pieces() }).catch((e) => console.log('no duplex', e.name, e.message));
  r = await fetch(`${base}/echo`, { method: 'POST', body: pieces(), duplex: 'half' });
  console.log('upload', await r.text());
  r = await fetch(`${base}/echo`, { method: 'PUT', body: new Response('a body as a stream').body, duplex: 'half' });
  console.log('upload body', await r.text());
  await fetch(`${base}/redirect?n=0&code=307`, { method: 'POST', body: pieces(), duplex: 'half' }).catch((e) => console.log('307 stream', e.name, e.message));
  r = await fetch(new Request(`${base}/echo`, { method: 'DELETE' }));
  console.log('request object', await r.text());
  r = await fetch(`${base}/chunked`);
  const parts = [];
  for await (const chunk of r.body) parts.push(Buffer.from(chunk).toString());
  console.log('chunked', parts.join(''), r.bodyUsed);
  r = await fetch(`${base}/gzip`);
  console.log('gzip', r.headers.get('content-encoding'), await r.text());
  r = await fetch(`${base}/redirect?n=2`);
  console.log('followed', r.status, r.redirected, r.url.replace(base, ''), JSON.parse(await r.text()).method);
  r = await fetch(`${base}/redirect?n=0&code=303`, { method: 'POST', body: 'dropped' });
  console.log('303', r.status, r.redirected, await r.text());
  r = await fetch(`${base}/redirect?n=0&code=307`, { method: 'POST', body: 'kept' });
  console.log('307', r.status, await r.text());
  r = await fetch(`${base}/redirect?n=0`, { redirect: 'manual' });
  console.log('manual', r.status, r.redirected, r.headers.get('location'), JSON.stringify(await r.text()));
  await fetch(`${base}/redirect?n=0`, { redirect: 'error' }).catch((e) => console.log('redirect error', e.name, e.message, e.cause && e.cause.message));
  await fetch(`${base}/loop`).catch((e) => console.log('loop', e.name, e.message, e.cause && e.cause.message));
  r = await fetch(`${base}/status`);
  console.log('status', r.status, r.ok, r.statusText, await r.text());
  r = await fetch(`${base}/hello`, { method: 'HEAD' });
  console.log('head', r.status, r.headers.get('content-length'), JSON.stringify(await r.text()));
  const c = new AbortController();
  const pending = fetch(`${base}/slow`, { signal: c.signal });
  setTimeout(() => c.abort(), 20);
  await pending.catch((e) => console.log('abort', e.name, e.message, e.code, e instanceof DOMException));
  await fetch(`${base}/slow`, { signal: AbortSignal.timeout(30) }).catch((e) => console.log('timeout', e.name, e.message, e.code));
  const c3 = new AbortController();
  const anyOf = fetch(`${base}/slow`, { signal: AbortSignal.any([c3.signal, AbortSignal.timeout(5000)]) });
  setTimeout(() => c3.abort(new Error('given reason')), 20);
  await anyOf.catch((e) => console.log('any', e.name, e.message));
  r = await fetch(`${base}/chunked`);
  const copy = r.clone();
  console.log('network clone', await r.text(), await copy.text());
  await fetch(`${base}/hello`, { signal: AbortSignal.abort('why') }).catch((e) => console.log('pre-aborted', e));
  const c2 = new AbortController();
  r = await fetch(`${base}/chunked`, { signal: c2.signal });
  c2.abort();
  await r.text().catch((e) => console.log('abort body', e.name));
  r = await fetch(`${base}/half`);
  await r.text().catch((e) => console.log('cut off', e.name, e.message));
  await fetch('nope://x').catch((e) => console.log('scheme', e.name, e.message, e.cause && e.cause.message));
  r = await fetch('data:text/plain;base64,aGk=');
  console.log('data', r.status, r.headers.get('content-type'), await r.text());
}

async function refused() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise((resolve) => s.close(resolve));
  await fetch(`http://127.0.0.1:${port}/`).catch((e) => {
    const c = e.cause;
    console.log('refused', e.name, e.message, c.code, c.syscall, c.address, c.port === port, c.message === `connect ECONNREFUSED 127.0.0.1:${port}`);
  });
}

(async () => {
  await local();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  await remote(`http://127.0.0.1:${server.address().port}`);
  await refused();
  server.close();
  server.closeAllConnections();
  clearTimeout(guard);
  console.log('done');
})().catch((e) => {
  console.log('FAILED', e);
  process.exit(1);
});
