// url's legacy API against Node 24: url.parse (with parseQueryString and
// slashesDenoteHost), url.format (objects, strings, WHATWG URLs with
// options), url.resolve/resolveObject, urlToHttpOptions, domainToASCII/Unicode.
'use strict';
const url = require('url');
const show = (u) => JSON.stringify(u);
const inputs = ['http://user:pass@Host.COM:8080/p/a/t/h?query=string#hash', 'http://x.com', '/foo/bar?baz=1', '//host/path', 'mailto:a@b.com', 'javascript:alert(1)', 'file:///etc/passwd', 'HTTP://EXAMPLE.com/A B', 'http://ex.com/a\\b?c\\d', 'http://[::1]:3000/x', 'http://中文.com/', 'ws://a/b', 'foo', 'foo/bar', '?q=1', '#h', 'http://a.com?x', 'http://a.com#x', 'http://a@b@c/', 'http://a b.com/', 'http://x.com/ {}|^`', 'https://a.com:/', 'redis://:pw@host:6379/0', 'http://a.com/%zz', '  http://trim.com/  ', 'git+ssh://git@github.com:org/repo.git', 'http://ex.com:65536/', 'http://a_b.com/', 'c:\\x\\y', 'http://x.com/?a=1&a=2&b'];
for (const i of inputs) {
  try { console.log(show(url.parse(i))); } catch (e) { console.log(i, e.code, e.message); }
}
console.log(show(url.parse('http://x.com/?a=1&a=2&b', true)));
console.log(show(url.parse('/p', true)));
console.log(show(url.parse('//host/path', false, true)));
console.log(url.parse('http://x.com') instanceof url.Url, url.parse('http://x.com').constructor.name);
for (const o of [{ protocol: 'http', host: 'a.com', pathname: 'x', search: 'q=1', hash: 'h' }, { protocol: 'https:', hostname: 'b.com', port: 8080, query: { a: [1, 2], b: 'c d' } }, { protocol: 'mailto', pathname: 'a@b' }, { hostname: '::1', port: 80, pathname: '/a?b#c' }, { protocol: 'file', pathname: '//x' }, { auth: 'u:p w', host: 'h' }, {}, 'http://a.com/b c'])
  console.log(url.format(o));
try { url.format(5) } catch (e) { console.log(e.code, e.message) }
console.log(url.format(new URL('http://u:p@xn--espaol-zwa.com:81/p?q#h'), { auth: false, fragment: false, search: false, unicode: true }));
console.log(url.format(new URL('file:///a/b')));
const pairs = [['/one/two/three', 'four'], ['http://example.com/', '/one'], ['http://example.com/one', '/two'], ['http://a/b/c/d;p?q', 'g'], ['http://a/b/c/d;p?q', './g'], ['http://a/b/c/d;p?q', 'g/'], ['http://a/b/c/d;p?q', '/g'], ['http://a/b/c/d;p?q', '//g'], ['http://a/b/c/d;p?q', '?y'], ['http://a/b/c/d;p?q', 'g?y'], ['http://a/b/c/d;p?q', '#s'], ['http://a/b/c/d;p?q', '..'], ['http://a/b/c/d;p?q', '../..'], ['http://a/b/c/d;p?q', '../../../g'], ['http://a/b/c/d;p?q', 'https://x/y'], ['http://a/b/c/d;p?q', 'mailto:x@y'], ['mailto:a@b', 'c@d'], ['a/b', '../c'], ['', 'x'], ['http://u:p@a/b', '/c'], ['http://u:p@a/b', '//c/d'], ['http://a/b/', '.'], ['/a/b/', '../../..'], ['http://a', 'b'], ['file:///a/b', 'c'], ['http://a/b?x', '']];
for (const [a, b] of pairs) console.log(a, b, JSON.stringify(url.resolve(a, b)));
console.log(show(url.resolveObject('http://a/b', '../c')));
console.log(show(url.urlToHttpOptions(new URL('http://u%20:p@[::1]:81/a?b#c'))));
console.log(show(url.urlToHttpOptions(new URL('https://x.com/'))));
try { url.parse(5) } catch (e) { console.log(e.code, e.message) }

for (const d of ['español.com','xn--iñvalid.com','EXAMPLE.com','中文.com','a b.com','','0x7f.1','xn--espaol-zwa.com','ß.de','a..b','-x.com','x_y.com','[::1]','%41.com','faß.de','a.b.c.','Ⅷ.com','☃.net']) console.log(JSON.stringify(d), JSON.stringify(url.domainToASCII(d)), JSON.stringify(url.domainToUnicode(d)));
try{url.domainToASCII()}catch(e){console.log(e.code,e.message)}
console.log(url.domainToASCII(5), url.domainToASCII({}));
