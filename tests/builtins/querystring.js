// querystring: parse, stringify, escape, unescape and their aliases, with
// custom separators, arrays, maxKeys and custom coders.
'use strict';
const qs = require('querystring');
const show = (v) => JSON.stringify(v);
const parsed = (v) => `${Object.getPrototypeOf(v) === null ? 'null-proto' : 'proto'} ${show(v)}`;

console.log(Object.keys(qs).sort().join());
console.log(qs.decode === qs.parse, qs.encode === qs.stringify, require('node:querystring') === qs);

for (const input of [
  'a=1&b=2', 'a=1&a=2&a=3', 'a', 'a=', '=1', '=', '&&a=1&&', 'a=b=c', 'a+b=c+d', 'a%20b=%41%42',
  'x=%E2%82%AC', 'bad=%E2%82', 'bad=%zz%4', 'pct=100%', 'plus=%2B', 'k=1&K=2', '__proto__=1&constructor=2',
  '', '?a=1', 'a[]=1&a[]=2', 'emoji=%F0%9F%98%80', 'a=1;b=2', 'a=%', 'a=%2', 'a=%%32%33',
]) {
  console.log('parse', show(input), parsed(qs.parse(input)));
}
console.log('sep/eq', parsed(qs.parse('a:1;b:2;a:3', ';', ':')));
console.log('multi-char', parsed(qs.parse('a=>1<>b=>2', '<>', '=>')));
console.log('maxKeys 2', parsed(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })));
console.log('maxKeys 0', parsed(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 0 })));
console.log('maxKeys counts empties', parsed(qs.parse('&&a=1&b=2', null, null, { maxKeys: 2 })));
const many = Array.from({ length: 1005 }, (_, i) => `k${i}=${i}`).join('&');
console.log('default maxKeys', Object.keys(qs.parse(many)).length);
console.log('custom decode', parsed(qs.parse('a=x&b=y', null, null, { decodeURIComponent: (s) => s.toUpperCase() })));
console.log('decode throws', parsed(qs.parse('a=%41', null, null, { decodeURIComponent: () => { throw new Error('no'); } })));
console.log('non-string', parsed(qs.parse(undefined)), parsed(qs.parse(5)), parsed(qs.parse({})));

for (const obj of [
  { a: 1, b: 'x y', c: true, d: false }, { a: [1, 2, 3] }, { a: [] }, { e: '' }, { n: null, u: undefined, o: {}, f() {} },
  { inf: Infinity, nan: NaN, big: 10n, neg: -0 }, { 'k y': 'v&=', ü: '€' }, { s: Symbol.iterator === 1 }, {},
  { nested: { a: 1 } }, { arr: ['a', null, 2, [3]] }, { "'!~*()": "'!~*()" },
]) {
  console.log('stringify', qs.stringify(obj));
}
console.log('stringify sep/eq', qs.stringify({ a: 1, b: [2, 3] }, ';', ':'));
console.log('stringify coder', qs.stringify({ a: 'x y' }, null, null, { encodeURIComponent: (s) => `<${s}>` }));
console.log('stringify non-object', show(qs.stringify('a')), show(qs.stringify(5)), show(qs.stringify(null)));
console.log('stringify array obj', qs.stringify(['x', 'y']));
try {
  qs.stringify({ a: '\ud800' });
} catch (e) {
  console.log('lone surrogate', e.name, e.code, e.message);
}

console.log('escape', qs.escape('a b&c=d/é€😀'), qs.escape(5), qs.escape({ toString: () => 'x y' }));
console.log('unescape', qs.unescape('a%20b+c'), qs.unescape('%E2%82%AC'), show(qs.unescape('%zz%E2')), qs.unescape('a+b', true));
console.log('unescapeBuffer', qs.unescapeBuffer('a%20b+%zz').toString(), qs.unescapeBuffer('a+b', true).toString(), qs.unescapeBuffer('%41%4').length);
const orig = qs.unescape;
qs.unescape = (s) => `[${s}]`;
console.log('overridden unescape', parsed(qs.parse('a=%41')));
qs.unescape = orig;
const origEscape = qs.escape;
qs.escape = (s) => `(${s})`;
console.log('overridden escape', qs.stringify({ a: 'b' }));
qs.escape = origEscape;
