// URLSearchParams: form-urlencoded parsing and serialization, set/delete/
// sort order, and a URL's searchParams writing back to its search.
'use strict';
const show = (p) => JSON.stringify([...p]);

for (const input of ['a=1&b=2&a=3', '?x=a+b&y=%41%zz&z=%E2%82', 'k&=v&&m=', 'e=%F0%9F%98%80', 'p=100%']) {
  const p = new URLSearchParams(input);
  console.log(JSON.stringify(input), show(p), p.toString(), p.size);
}
console.log('serialize', new URLSearchParams({ s: "a b!'()~*-._&=+/é" }).toString());
console.log('from pairs', new URLSearchParams([['a', 1], ['b', null]]).toString());

const p = new URLSearchParams('a=1&b=2&a=3&c=4');
p.set('a', 'x');
console.log('set keeps the first place', p.toString());
p.set('d', 'new');
p.append('b', '5');
p.delete('b', '2');
console.log('delete with value', p.toString(), p.has('b'), p.has('b', '5'), p.has('b', '2'), p.getAll('b'));
p.delete('b');
console.log('delete', p.toString(), p.get('b'), p.get('a'));
const s = new URLSearchParams('z=1&b=2&a=3&b=1&\u00e9=4&A=5');
s.sort();
console.log('sort', s.toString());
const seen = [];
s.forEach(function (v, k, self) { seen.push(`${k}:${v}:${self === s}:${this.t}`); }, { t: 'this' });
console.log(seen.join(' '), [...s.keys()].join(), [...s.values()].join());

const u = new URL('http://a.com/p?x=1#h');
u.searchParams.append('y', 'a b');
console.log(u.href, u.search);
u.searchParams.set('x', '2');
console.log(u.href);
u.searchParams.delete('x');
u.searchParams.delete('y');
console.log(u.href, JSON.stringify(u.search));
const v = new URL('http://a.com/?b=2&a=1');
const params = v.searchParams;
v.searchParams.sort();
console.log(v.href);
v.search = 'c=3';
console.log(params === v.searchParams, params.get('c'), params.has('a'));
v.href = 'http://b.org/?d=4';
console.log(params === v.searchParams, params.get('d'), params.has('c'));
