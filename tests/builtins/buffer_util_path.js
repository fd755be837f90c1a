// Built-ins packages' JS uses: buffer, util, path, events, string_decoder,
// url. Printed results are compared between node and nabi.
'use strict';
const assert = require('assert');
const { Buffer } = require('buffer');
const util = require('util');
const path = require('path');
const { EventEmitter, once } = require('events');
const { StringDecoder } = require('string_decoder');
const url = require('url');

const b = Buffer.from('héllo wörld €');
for (const enc of ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'utf16le']) {
  const s = b.toString(enc);
  console.log(enc, JSON.stringify(s), Buffer.from(s, enc).length, Buffer.byteLength(s, enc));
}
console.log(Buffer.from('aGVsbG8', 'base64').toString(), Buffer.from('68656c6c6f', 'hex').toString());
const n = Buffer.alloc(16);
n.writeUInt32LE(0xdeadbeef, 0);
n.writeInt16BE(-2, 4);
n.writeDoubleLE(1.5, 8);
console.log(n.toString('hex'), n.readUInt32LE(0).toString(16), n.readInt16BE(4), n.readDoubleLE(8), n.readUIntBE(0, 3));
n.writeBigUInt64BE(2n ** 63n, 8);
console.log(n.readBigUInt64BE(8), n.readBigInt64BE(8));
console.log(Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString(), Buffer.compare(Buffer.from('a'), Buffer.from('b')));
console.log(b.indexOf('wörld'), b.includes('€'), b.slice(1, 3).toString('hex'), b.subarray(-3).toString(), Buffer.alloc(3, 'ab').toString());
console.log(JSON.stringify(Buffer.from([1, 2])), Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(1)), Buffer.from('x').equals(Buffer.from('x')));
console.log(util.inspect(Buffer.from([1, 2, 3])), util.inspect(new Map([['k', { deep: { deeper: { deepest: 1 } } }]])));
assert.throws(() => n.readUInt32LE(14), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => Buffer.from({}), { code: 'ERR_INVALID_ARG_TYPE' });

console.log(util.format('%s %d %i %f %j %o %%', 'str', 42.5, 42.5, '1.5', { a: 1 }, [1]), util.format('a', 1, { b: 2 }));
console.log(util.inspect({ a: [1, { b: { c: { d: 1 } } }], s: 'q\'uote', f() {}, [Symbol.iterator]: 1 }));
console.log(util.inspect('x'.repeat(5)), util.inspect([,'a',,]), util.inspect(new Error('e').message), util.types.isPromise(Promise.resolve()));
function Old() {}
util.inherits(Old, EventEmitter);
console.log(new Old() instanceof EventEmitter, Old.super_ === EventEmitter);
const p = util.promisify((a, cb) => setTimeout(() => cb(null, a * 2), 1));

console.log(path.join('/a/b', '../c', './d'), path.resolve('/x', 'y', '..', 'z'), path.dirname('/a/b/c.txt'), path.basename('/a/b/c.txt', '.txt'),
  path.extname('f.tar.gz'), path.relative('/a/b/c', '/a/d'), path.normalize('a//b/../c/'), path.isAbsolute('a'), JSON.stringify(path.parse('/home/u/f.txt')));

const e = new EventEmitter();
const seen = [];
e.on('x', (v) => seen.push(`on ${v}`));
e.once('x', (v) => seen.push(`once ${v}`));
e.prependListener('x', (v) => seen.push(`first ${v}`));
e.emit('x', 1);
e.emit('x', 2);
console.log(seen.join(','), e.listenerCount('x'), e.eventNames());
assert.throws(() => e.emit('error', new Error('unhandled')), /unhandled/);

const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1))), JSON.stringify(d.end()));

console.log(url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/tmp/a b#c.txt').href, new URL('https://u:p@example.com:8080/p/a?q=1#h').host);
const u = new URL('../x?y=1', 'http://h.test/a/b/c');
console.log(u.href, u.searchParams.get('y'), new URLSearchParams('a=1&b=2&a=3').getAll('a'));

(async () => {
  console.log(await p(21));
  setTimeout(() => e.emit('later', 'v'), 1);
  console.log(await once(e, 'later'));
})();
