// node:crypto's hkdf/hkdfSync (RFC 5869 vectors and derived keys over each
// HMAC digest, the callback form, Node's errors), randomFill/randomFillSync
// with offset and size (which bytes change, errors), and crypto.constants.
'use strict';
const crypto = require('crypto');
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', r instanceof ArrayBuffer ? `ArrayBuffer ${Buffer.from(r).toString('hex')}` : r);
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, JSON.stringify(e.message));
  }
}

console.log('--- hkdf');
// RFC 5869 test cases 1 and 3 (SHA-256), 4 (SHA-1).
const hex = (s) => Buffer.from(s, 'hex');
attempt('rfc5869 1', () => crypto.hkdfSync('sha256', Buffer.alloc(22, 0x0b), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42));
attempt('rfc5869 3', () => crypto.hkdfSync('sha256', Buffer.alloc(22, 0x0b), '', '', 42));
attempt('rfc5869 4', () => crypto.hkdfSync('sha1', Buffer.alloc(11, 0x0b), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42));
for (const digest of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA512-256', 'sha3-256', 'ripemd160', 'RSA-SHA256']) {
  for (const len of [1, 32, 100]) {
    attempt(`${digest} ${len}`, () => crypto.hkdfSync(digest, 'secret', 'salt', 'info', len));
  }
}
attempt('typed array inputs', () => crypto.hkdfSync('sha256', new Uint16Array([1, 2, 3]), new DataView(new ArrayBuffer(4)), new ArrayBuffer(2), 16));
attempt('max length', () => Buffer.from(crypto.hkdfSync('sha256', 'k', 's', 'i', 255 * 32)).subarray(-8));
attempt('past max length', () => crypto.hkdfSync('sha256', 'k', 's', 'i', 255 * 32 + 1));
attempt('length 0', () => crypto.hkdfSync('sha256', 'k', 's', 'i', 0));
attempt('negative length', () => crypto.hkdfSync('sha256', 'k', 's', 'i', -1));
attempt('fractional length', () => crypto.hkdfSync('sha256', 'k', 's', 'i', 1.5));
attempt('info 1024', () => crypto.hkdfSync('sha256', 'k', 's', Buffer.alloc(1024), 4));
attempt('info 1025', () => crypto.hkdfSync('sha256', 'k', 's', Buffer.alloc(1025), 4));
attempt('unknown digest', () => crypto.hkdfSync('nope', 'k', 's', 'i', 4));
attempt('shake digest', () => crypto.hkdfSync('shake256', 'k', 's', 'i', 4));
attempt('digest a number', () => crypto.hkdfSync(5, 'k', 's', 'i', 4));
attempt('ikm a number', () => crypto.hkdfSync('sha256', 5, 's', 'i', 4));
attempt('salt a number', () => crypto.hkdfSync('sha256', 'k', 5, 'i', 4));
attempt('info a number', () => crypto.hkdfSync('sha256', 'k', 's', 5, 4));
attempt('no callback', () => crypto.hkdf('sha256', 'k', 's', 'i', 4));
attempt('async unknown digest', () => crypto.hkdf('nope', 'k', 's', 'i', 4, () => {}));

console.log('--- randomFill');
function zeros(buf) {
  const b = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return Array.from(b, (x) => (x === 0 ? '0' : 'x')).join('');
}
const runs = (z) => z.replace(/x+/g, (m) => `[${m.length}]`).replace(/0+/g, (m) => `(${m.length})`);
// Which bytes a fill changes: a random byte may be 0, so the fill runs 8
// times on a zeroed buffer and the results are OR-ed (a filled byte stays
// 0 with probability 2^-64). Shown as runs: (n) untouched, [n] filled.
function filled(label, make, ...args) {
  attempt(label, () => {
    const seen = new Uint8Array(make().byteLength);
    let same = true;
    for (let i = 0; i < 8; i++) {
      const buf = make();
      same = same && crypto.randomFillSync(buf, ...args) === buf;
      const b = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      b.forEach((x, j) => { seen[j] |= x; });
    }
    return `${same} ${runs(zeros(seen))}`;
  });
}
const big = 64;
filled('whole', () => Buffer.alloc(big));
filled('offset', () => Buffer.alloc(big), 32);
filled('offset and size', () => Buffer.alloc(big), 16, 32);
filled('size 0', () => Buffer.alloc(big), 16, 0);
filled('Uint32Array offset', () => new Uint32Array(big), 16, 16);
filled('ArrayBuffer', () => new ArrayBuffer(big), 40);
filled('DataView', () => new DataView(new ArrayBuffer(big)), 48);
filled('offset = length', () => Buffer.alloc(big), big);
filled('offset past', () => Buffer.alloc(4), 5);
filled('offset negative', () => Buffer.alloc(4), -1);
filled('offset a string', () => Buffer.alloc(4), '1');
filled('size past', () => Buffer.alloc(4), 1, 4);
filled('Uint32Array size past', () => new Uint32Array(4), 1, 4);
filled('size negative', () => Buffer.alloc(4), 0, -1);
filled('size NaN', () => Buffer.alloc(4), 0, NaN);
attempt('not a buffer', () => crypto.randomFillSync(5));
attempt('randomFill no callback', () => crypto.randomFill(Buffer.alloc(4), 1, 2));
attempt('randomFill not a buffer', () => crypto.randomFill(5, () => {}));
attempt('randomFill offset past', () => crypto.randomFill(Buffer.alloc(4), 9, () => {}));

console.log('--- constants');
const { constants } = crypto;
// nabi has no OpenSSL, so no OPENSSL_VERSION_NUMBER; the rest are Node's.
const names = Object.keys(constants).filter((k) => k !== 'OPENSSL_VERSION_NUMBER');
console.log(names.length, names.join(' '));
for (const k of names) console.log(k, constants[k]);
console.log(Object.getPrototypeOf(constants) === null, Object.isFrozen(constants));

// The callback forms, one after another (their order is then fixed).
console.log('--- callbacks');
crypto.hkdf('sha512', 'key', 'salt', 'info', 20, (err, ab) => {
  console.log('hkdf', err, ab instanceof ArrayBuffer, Buffer.from(ab).toString('hex'));
  crypto.hkdf('sha256', 'key', 'salt', 'info', 0, (err2) => {
    console.log('hkdf length 0', err2 && err2.message);
    const buf = Buffer.alloc(big);
    const r = crypto.randomFill(buf, 32, (err3, b) => {
      console.log('randomFill', err3, b === buf, zeros(buf).slice(0, 32));
      const u = new Uint16Array(big);
      crypto.randomFill(u, 60, 4, (err4, b4) => console.log('randomFill offset size', err4, b4 === u, zeros(u).slice(0, 120)));
    });
    console.log('randomFill returns', r);
  });
});
