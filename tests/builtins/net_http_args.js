// Wrong arguments to net and http throw Node's errors (codes, classes,
// messages), before any socket is made.
'use strict';
const net = require('net');
const http = require('http');

const t = (f) => {
  try {
    const r = f();
    console.log('ok', typeof r);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
};
t(() => net.connect({ port: 80, host: 5 }));
t(() => net.createServer().listen({ port: 'abc' }));
t(() => net.createServer().listen(-5));
t(() => new net.Socket().write(123));
t(() => net.connect({ path: 5 }));
t(() => http.createServer().listen({ port: 1e6 }));
t(() => http.request({ port: 1, host: '127.0.0.1', headers: { x: 'a\r\nb' } }));
t(() => http.request('not a url'));
t(() => http.request({ port: 1, method: 5 }));
t(() => http.get({ port: 'x' }));
t(() => new http.Agent().getName({ host: 'a', port: 1 }));
console.log(new http.Agent().getName({ host: 'a', port: 1, family: 6 }), new http.Agent({ keepAlive: true }).keepAlive);
