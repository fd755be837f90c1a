// URL's setters: each component, with the WHATWG rules Node follows
// (special schemes, default ports, percent-encoding, ignored values).
'use strict';

function set(href, prop, value) {
  const u = new URL(href);
  u[prop] = value;
  console.log(`${href} .${prop}=${JSON.stringify(value)} ->`, u.href, `[${u[prop]}]`);
  return u;
}

// protocol: special stays special, file: takes no credentials or port.
set('http://a.com/p', 'protocol', 'https');
set('http://a.com/p', 'protocol', 'HTTPS:');
set('http://a.com/p', 'protocol', 'wss:rest');
set('http://a.com:443/p', 'protocol', 'https');
set('https://a.com:80/p', 'protocol', 'http');
set('http://a.com:8080/p', 'protocol', 'ws');
set('http://a.com/p', 'protocol', 'foo');
set('foo://a.com/p', 'protocol', 'http');
set('foo://a.com/p', 'protocol', 'bar');
set('http://a.com/p', 'protocol', '1http');
set('http://a.com/p', 'protocol', '');
set('http://u@a.com/p', 'protocol', 'file');
set('http://a.com:90/p', 'protocol', 'file');
set('http://a.com/p', 'protocol', 'file');
set('file:///etc/x', 'protocol', 'http');

// host and hostname.
set('http://a.com/p', 'host', 'b.org');
set('http://a.com/p', 'host', 'B.ORG:8080');
set('http://a.com:1/p', 'host', 'b.org');
set('http://a.com/p', 'host', 'b.org:80');
set('http://a.com/p', 'host', '');
set('http://a.com/p', 'host', 'b.org/x?y');
set('http://a.com/p', 'host', 'b c');
set('http://a.com/p', 'hostname', 'c.net');
set('http://a.com:8080/p', 'hostname', 'c.net:9');
set('http://a.com/p', 'hostname', '');
set('http://a.com/p', 'hostname', 'c.net/z');
set('http://a.com/p', 'hostname', '[::1]');

// port.
set('http://a.com/p', 'port', '8080');
set('http://a.com/p', 'port', 8081);
set('http://a.com:8080/p', 'port', '');
set('http://a.com/p', 'port', '80');
set('http://a.com/p', 'port', '12ab');
set('http://a.com/p', 'port', 'ab');
set('http://a.com/p', 'port', '65536');
set('http://a.com/p', 'port', '65535');
set('https://a.com:8443/p', 'port', '443');
set('file:///x', 'port', '99');

// pathname.
set('http://a.com/p', 'pathname', 'x/y');
set('http://a.com/p', 'pathname', '/a b/ü');
set('http://a.com/p', 'pathname', '/a/../b/./c');
set('http://a.com/p?q#h', 'pathname', '/n?m#k');
set('http://a.com/p', 'pathname', '');
set('http://a.com/p', 'pathname', '\\x\\y');

// search and hash.
const s = set('http://a.com/p?a=1', 'search', 'b=2&c= 3');
console.log(' searchParams', s.searchParams.get('b'), s.searchParams.get('c'), s.searchParams.has('a'));
set('http://a.com/p?a=1', 'search', '?x');
set('http://a.com/p?a=1', 'search', '');
set('http://a.com/p?a=1', 'search', '?');
set('http://a.com/p?a=1#h', 'search', 'q#r');
set('http://a.com/p#a', 'hash', 'b c');
set('http://a.com/p#a', 'hash', '#x');
set('http://a.com/p#a', 'hash', '');
set('http://a.com/p', 'hash', '#');

// username and password.
set('http://a.com/p', 'username', 'me');
set('http://a.com/p', 'username', 'm e@:/');
set('http://me@a.com/p', 'password', 'secret');
set('http://a.com/p', 'password', 'pw');
set('http://me:pw@a.com/p', 'username', '');
set('http://me:pw@a.com/p', 'password', '');
set('file:///x', 'username', 'me');
set('file:///x', 'password', 'pw');

// href re-parses, and throws on an invalid URL.
const h = set('http://a.com/p', 'href', 'https://b.org:81/q?r#s');
console.log(' parts', h.protocol, h.host, h.pathname, h.search, h.hash, h.searchParams.get('r'));
try {
  new URL('http://a.com').href = 'not a url';
} catch (e) {
  console.log('bad href', e.name, e.code);
}
