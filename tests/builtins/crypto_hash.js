// node:crypto's hashes, HMAC, PBKDF2, scrypt, timingSafeEqual and
// getRandomValues: digests of known inputs in every encoding, chunked
// against one-shot, published test vectors, and Node's errors (name, code,
// message). Printed results are compared between node and nabi.
'use strict';
const crypto = require('crypto');
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', Buffer.isBuffer(r) ? `<Buffer ${r.toString('hex')}>` : r);
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, JSON.stringify(e.message));
  }
}

// Inputs: empty, short, one byte short of / at / past a block, long, and
// bytes that are not valid UTF-8.
const long = Buffer.alloc(100000);
for (let i = 0; i < long.length; i++) long[i] = (i * 131 + 7) & 0xff;
const inputs = {
  empty: '',
  abc: 'abc',
  fox: 'The quick brown fox jumps over the lazy dog',
  block55: 'a'.repeat(55),
  block64: 'b'.repeat(64),
  block129: 'c'.repeat(129),
  unicode: 'héllo wörld € 𝄞',
  binary: Buffer.from([0, 255, 128, 1, 0xc3, 0x28, 0xfe]),
  long,
};

const algorithms = [
  'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-224', 'sha512-256',
  'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'ripemd160', 'blake2b512', 'blake2s256',
  'shake128', 'shake256',
];

console.log('--- digests');
for (const alg of algorithms) {
  for (const [name, data] of Object.entries(inputs)) {
    console.log(alg, name, crypto.createHash(alg).update(data).digest('hex'));
  }
}

console.log('--- names');
for (const name of ['SHA256', 'Sha1', 'MD5', 'RSA-SHA256', 'rsa-sha512', 'sha256WithRSAEncryption', 'RSA-SHA1-2',
  'ssl3-md5', 'ssl3-sha1', 'sha-1', 'SHA-256', 'sha2-384', 'SHA2-512/224', 'sha-512/256', 'RSA-SHA512/224',
  'sha512-256WithRSAEncryption', 'RSA-SHA3-256', 'id-rsassa-pkcs1-v1_5-with-sha3-512', 'RMD160', 'ripemd',
  'ripemd-160', 'RSA-RIPEMD160', 'BLAKE2B512', 'blake2s-256', 'SHAKE256']) {
  attempt(`createHash(${name})`, () => crypto.createHash(name).update('abc').digest('hex'));
}
const hashes = crypto.getHashes();
console.log('getHashes is sorted strings', Array.isArray(hashes), hashes.every((h) => typeof h === 'string'));
for (const name of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-224', 'sha512-256', 'sha3-256',
  'ripemd160', 'blake2b512', 'shake128', 'RSA-SHA256', 'sha256WithRSAEncryption', 'ssl3-md5']) {
  console.log('getHashes has', name, hashes.includes(name));
}

console.log('--- encodings');
for (const enc of ['hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'HEX', 'Base64']) {
  const s = crypto.createHash('sha256').update('encode me').digest(enc);
  console.log(enc, typeof s, JSON.stringify(s));
}
for (const enc of [undefined, 'buffer', 'bogus']) {
  const d = crypto.createHash('sha1').update('encode me').digest(enc);
  console.log(String(enc), Buffer.isBuffer(d), d.length, d.toString('hex'));
}
console.log('utf8 digest', JSON.stringify(crypto.createHash('md5').update('x').digest('utf8')).length > 2);

console.log('--- update encodings');
const sha = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(...p);
  return h.digest('hex');
};
console.log('hex', sha(['616263', 'hex']) === sha(['abc']));
console.log('base64', sha(['YWJj', 'base64']) === sha(['abc']), sha(['YWJj', 'base64url']) === sha(['abc']));
console.log('latin1', sha(['\u00e9\u00ff', 'latin1']), sha(['\u00e9\u00ff', 'binary']), sha([Buffer.from([0xe9, 0xff])]));
console.log('utf8', sha(['\u00e9\u00ff', 'utf8']), sha(['\u00e9\u00ff']), sha(['\u00e9\u00ff', 'utf-8']));
console.log('utf16le', sha(['ab', 'utf16le']) === sha([Buffer.from([0x61, 0, 0x62, 0])]));
console.log('unknown encoding is utf8', sha(['abc', 'bogus']) === sha(['abc']));
// Lone surrogates are U+FFFD in UTF-8, as Node encodes them.
console.log('surrogates', sha(['a\ud800b']), sha(['\udc00\ud800']), sha(['\ud83d\ude00']) === sha([Buffer.from([0xf0, 0x9f, 0x98, 0x80])]),
  crypto.createHmac('sha1', '\ud800').update('\udfff').digest('hex'), crypto.pbkdf2Sync('\ud800', 'x\udc00', 1, 8, 'sha1').toString('hex'));
console.log('views', sha([new Uint16Array([0x6261, 0x63])]) === sha([Buffer.from('abc\0')]),
  sha([new DataView(new Uint8Array([120, 97, 98, 99, 120]).buffer, 1, 3)]) === sha(['abc']),
  sha([new Float64Array([1.5])]) === sha([Buffer.from(new Float64Array([1.5]).buffer)]));
attempt('hex odd length', () => crypto.createHash('md5').update('abc', 'hex'));

console.log('--- chunked');
for (const alg of algorithms) {
  const whole = crypto.createHash(alg).update(long).digest('hex');
  const h = crypto.createHash(alg);
  for (let i = 0, step = 1; i < long.length; i += step, step = (step * 7 + 3) % 4099) h.update(long.subarray(i, i + step));
  const text = Object.values(inputs).filter((v) => typeof v === 'string').join('');
  const t = crypto.createHash(alg);
  for (const ch of text) t.update(ch);
  console.log(alg, h.digest('hex') === whole, t.digest('base64') === crypto.createHash(alg).update(text).digest('base64'));
}

console.log('--- copy');
{
  const h = crypto.createHash('sha256').update('one');
  const c = h.copy();
  h.update('two');
  const c2 = c.copy().update('two');
  console.log(c.digest('hex'), h.digest('hex'), c2.digest('hex'));
  attempt('copy after digest', () => h.copy());
  const s = crypto.createHash('shake256').update('xof');
  console.log(s.copy({ outputLength: 5 }).digest('hex'), s.copy().digest('hex'), s.digest('hex'));
}

console.log('--- outputLength');
attempt('shake128 0', () => crypto.createHash('shake128', { outputLength: 0 }).update('abc').digest('hex'));
attempt('shake128 5', () => crypto.createHash('shake128', { outputLength: 5 }).update('abc').digest('hex'));
attempt('shake256 100', () => crypto.createHash('shake256', { outputLength: 100 }).update('abc').digest('hex'));
attempt('sha256 32', () => crypto.createHash('sha256', { outputLength: 32 }).update('abc').digest('hex'));
attempt('sha256 16', () => crypto.createHash('sha256', { outputLength: 16 }));
attempt('outputLength -1', () => crypto.createHash('shake256', { outputLength: -1 }));
attempt('outputLength string', () => crypto.createHash('shake256', { outputLength: '5' }));
attempt('options null', () => crypto.createHash('md5', null).digest('hex'));

console.log('--- hash errors');
attempt('unknown', () => crypto.createHash('nope'));
attempt('md5-sha256', () => crypto.createHash('sha256-md5'));
attempt('no algorithm', () => crypto.createHash());
attempt('number algorithm', () => crypto.createHash(256));
attempt('digest twice', () => {
  const h = crypto.createHash('md5');
  h.digest();
  h.digest();
});
attempt('update after digest', () => {
  const h = crypto.createHash('md5');
  h.digest('hex');
  h.update('x');
});
attempt('update number', () => crypto.createHash('md5').update(5));
attempt('update null', () => crypto.createHash('md5').update(null));
attempt('update object', () => crypto.createHash('md5').update({}));
attempt('update ArrayBuffer', () => crypto.createHash('md5').update(new ArrayBuffer(2)));
attempt('Hash without new', () => crypto.Hash('md5').update('a').digest('hex'));
console.log('chaining', crypto.createHash('md5').update('a') instanceof crypto.Hash);

console.log('--- crypto.hash');
if (typeof crypto.hash === 'function') {
  attempt('hash sha1', () => crypto.hash('sha1', 'abc'));
  attempt('hash default hex', () => crypto.hash('SHA256', 'abc') === crypto.createHash('sha256').update('abc').digest('hex'));
  attempt('hash base64', () => crypto.hash('md5', Buffer.from('abc'), 'base64'));
  attempt('hash buffer', () => crypto.hash('sha512', new Uint8Array([1, 2, 3]), 'buffer'));
  attempt('hash shake', () => crypto.hash('shake128', 'abc'));
  attempt('hash unknown', () => crypto.hash('nope', 'abc'));
  attempt('hash number', () => crypto.hash('sha1', 5));
  attempt('hash ArrayBuffer', () => crypto.hash('sha1', new ArrayBuffer(1)));
  attempt('hash bad encoding', () => crypto.hash('sha1', 'abc', 'bogus'));
  attempt('hash encoding number', () => crypto.hash('sha1', 'abc', 5));
}

console.log('--- hmac');
// RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-2) test cases.
const hmacCases = [
  ['0b'.repeat(16), '4869205468657265'],
  ['4a656665', '7768617420646f2079612077616e7420666f72206e6f7468696e673f'],
  ['aa'.repeat(20), 'dd'.repeat(50)],
  ['aa'.repeat(131), '54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374'],
  ['', ''],
];
for (const alg of algorithms.filter((a) => !a.startsWith('shake'))) {
  for (const [key, data] of hmacCases) {
    console.log('hmac', alg, key.length / 2, crypto.createHmac(alg, Buffer.from(key, 'hex')).update(Buffer.from(data, 'hex')).digest('hex'));
  }
}
{
  const ref = crypto.createHmac('sha256', 'key').update('data').digest('hex');
  const bytes = Buffer.from('key');
  const keys = {
    string: 'key',
    buffer: bytes,
    uint8: new Uint8Array(bytes),
    arraybuffer: new Uint8Array(bytes).buffer,
    dataview: new DataView(new Uint8Array(bytes).buffer),
    uint16: new Uint16Array(new Uint8Array([107, 101, 121, 0]).buffer, 0, 1),
  };
  for (const [name, key] of Object.entries(keys)) {
    console.log('hmac key', name, crypto.createHmac('sha256', key).update('data').digest('hex') === ref);
  }
  const h = crypto.createHmac('SHA512', 'k');
  for (const part of ['a', 'b', 'c']) h.update(part);
  console.log('hmac chunked', h.digest('base64') === crypto.createHmac('sha512', 'k').update('abc').digest('base64'));
  console.log('hmac alias', crypto.createHmac('RSA-SHA1', 'k').update('x').digest('hex') === crypto.createHmac('sha1', 'k').update('x').digest('hex'));
  const once = crypto.createHmac('md5', 'k');
  once.digest();
  const again = once.digest();
  console.log('hmac digest twice', Buffer.isBuffer(again), again.length, JSON.stringify(once.digest('hex')));
  attempt('hmac update after digest', () => once.update('x'));
}
attempt('hmac unknown', () => crypto.createHmac('nope', 'k'));
attempt('hmac no key', () => crypto.createHmac('sha256'));
attempt('hmac number key', () => crypto.createHmac('sha256', 5));
attempt('hmac null key', () => crypto.createHmac('sha256', null));
attempt('hmac number alg', () => crypto.createHmac(5, 'k'));
attempt('hmac update number', () => crypto.createHmac('sha1', 'k').update(1));

console.log('--- pbkdf2');
// RFC 6070 (PBKDF2-HMAC-SHA1) and more digests.
const pbkdf2Cases = [
  ['password', 'salt', 1, 20, 'sha1'],
  ['password', 'salt', 2, 20, 'sha1'],
  ['password', 'salt', 4096, 20, 'sha1'],
  ['passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25, 'sha1'],
  ['pass\0word', 'sa\0lt', 4096, 16, 'sha1'],
  ['password', 'salt', 1, 32, 'sha256'],
  ['password', 'salt', 4096, 64, 'sha512'],
  ['password', 'salt', 3, 100, 'sha256'],
  ['password', 'salt', 5, 16, 'md5'],
  ['password', 'salt', 2, 40, 'sha3-256'],
  ['password', 'salt', 2, 30, 'ripemd160'],
  ['password', 'salt', 2, 20, 'RSA-SHA256'],
  [Buffer.from([1, 2, 3]), new Uint8Array([4, 5]), 10, 12, 'SHA384'],
  [new ArrayBuffer(3), new DataView(new ArrayBuffer(2)), 10, 12, 'sha224'],
  ['', '', 1, 8, 'sha1'],
];
for (const args of pbkdf2Cases) {
  console.log('pbkdf2Sync', args[2], args[3], args[4], crypto.pbkdf2Sync(...args).toString('hex'));
}
// A zero-length key cannot be derived since Node 24 (OpenSSL 3); the
// message differs between Node 24 and 26 (nabi has Node 26's).
try {
  crypto.pbkdf2Sync('password', 'salt', 1, 0, 'sha1');
  console.log('keylen 0 ok');
} catch (e) {
  console.log('keylen 0 throws', e.name, e.code);
}
attempt('iterations 0', () => crypto.pbkdf2Sync('p', 's', 0, 20, 'sha1'));
attempt('iterations string', () => crypto.pbkdf2Sync('p', 's', '1', 20, 'sha1'));
attempt('iterations 1.5', () => crypto.pbkdf2Sync('p', 's', 1.5, 20, 'sha1'));
attempt('iterations 2**31', () => crypto.pbkdf2Sync('p', 's', 2 ** 31, 20, 'sha1'));
attempt('keylen -1', () => crypto.pbkdf2Sync('p', 's', 1, -1, 'sha1'));
attempt('keylen NaN', () => crypto.pbkdf2Sync('p', 's', 1, NaN, 'sha1'));
attempt('digest unknown', () => crypto.pbkdf2Sync('p', 's', 1, 20, 'nope'));
attempt('digest missing', () => crypto.pbkdf2Sync('p', 's', 1, 20));
attempt('password number', () => crypto.pbkdf2Sync(5, 's', 1, 20, 'sha1'));
attempt('salt object', () => crypto.pbkdf2Sync('p', {}, 1, 20, 'sha1'));
attempt('pbkdf2 no callback', () => crypto.pbkdf2('p', 's', 1, 20, 'sha1'));
attempt('pbkdf2 bad digest', () => crypto.pbkdf2('p', 's', 1, 20, 'nope', () => {}));

console.log('--- scrypt');
// RFC 7914's first vector, and Node's defaults (N=16384, r=8, p=1).
const scryptCases = [
  ['', '', 64, { N: 16, r: 1, p: 1 }],
  ['password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }],
  ['pw', 'salt', 16, undefined],
  ['pw', 'salt', 16, {}],
  ['pw', 'salt', 16, { cost: 16, blockSize: 2, parallelization: 3 }],
  ['pw', 'salt', 16, { N: 0, r: 0, p: 0, maxmem: 0 }],
  ['pw', 'salt', 16, null],
  ['pw', 'salt', 0, { N: 16 }],
  [Buffer.from('pw'), new Uint16Array([1, 2]), 33, { N: 32, r: 2 }],
  ['pw', 'salt', 16, { N: 16, r: 1, p: 1, maxmem: 2432 }],
];
for (const [pw, salt, len, opts] of scryptCases) {
  console.log('scryptSync', len, JSON.stringify(opts), crypto.scryptSync(pw, salt, len, opts).toString('hex'));
}
attempt('scrypt async bad params', () => crypto.scrypt('pw', 'salt', 8, { N: 3 }, () => {}));
for (const opts of [
  { N: 15 }, { N: 1 }, { N: 2 ** 16, r: 1 }, { N: 2 ** 15 }, { N: 2 ** 15, maxmem: 64 << 20 }, { N: 16, r: 1, p: 1, maxmem: 2431 },
  { N: 16, cost: 16 }, { r: 1, blockSize: 1 }, { p: 1, parallelization: 1 }, { N: '16' }, { r: -1 }, { p: 1.5 },
  { N: 2 ** 40 }, { maxmem: -1 }, { maxmem: 2 ** 53 }, { maxmem: '1' }, { r: 2 ** 31 }, { N: 16, r: 1, p: 2 ** 29 },
]) {
  attempt(`scrypt ${JSON.stringify(opts)}`, () => crypto.scryptSync('pw', 'salt', 8, opts).toString('hex'));
}
attempt('scrypt keylen -1', () => crypto.scryptSync('pw', 'salt', -1));
attempt('scrypt keylen string', () => crypto.scryptSync('pw', 'salt', '1'));
attempt('scrypt password number', () => crypto.scryptSync(1, 'salt', 8));
attempt('scrypt no callback', () => crypto.scrypt('pw', 'salt', 8));

console.log('--- timingSafeEqual');
attempt('equal', () => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')));
attempt('differ', () => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')));
attempt('empty', () => crypto.timingSafeEqual(Buffer.alloc(0), new Uint8Array(0)));
attempt('views', () => crypto.timingSafeEqual(new Uint16Array([1]), new Uint8Array([1, 0])));
attempt('arraybuffer', () => crypto.timingSafeEqual(new ArrayBuffer(2), new DataView(new ArrayBuffer(2))));
attempt('length', () => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
attempt('string', () => crypto.timingSafeEqual('a', Buffer.from('a')));
attempt('second', () => crypto.timingSafeEqual(Buffer.from('a'), 1));

console.log('--- random');
console.log('randomUUID', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
console.log('getRandomValues', crypto.getRandomValues(new Uint32Array(4)).length, crypto.webcrypto.getRandomValues(new Int8Array(3)).length,
  globalThis.crypto.getRandomValues(new BigUint64Array(2)).length, typeof crypto.webcrypto.randomUUID());
attempt('getRandomValues float', () => crypto.getRandomValues(new Float32Array(2)));
attempt('getRandomValues DataView', () => crypto.getRandomValues(new DataView(new ArrayBuffer(2))));
attempt('getRandomValues number', () => crypto.getRandomValues(5));
attempt('getRandomValues too big', () => crypto.getRandomValues(new Uint8Array(65537)));
attempt('webcrypto unbound', () => {
  const { getRandomValues } = crypto.webcrypto;
  return getRandomValues(new Uint8Array(1));
});

console.log('--- async');
// Pool jobs finish in any order: print their results sorted, once all are in.
const order = [];
const results = [];
function done(line) {
  results.push(line);
  if (results.length === 4) {
    for (const r of results.sort()) console.log(r);
    console.log('callbacks after the tick:', order[0] === 'tick');
    hashStreams();
  }
}

// Hash and Hmac as Transform streams.
function hashStreams() {
  console.log('--- streams');
  const stream = require('stream');
  const h = crypto.createHash('sha256');
  h.on('readable', () => {
    const d = h.read();
    if (d) console.log('readable', d.toString('hex'));
  });
  h.write('ab');
  h.end('c');
  const m = crypto.createHmac('md5', 'k');
  m.setEncoding('base64');
  m.on('data', (d) => console.log('hmac data', d));
  m.on('finish', () => console.log('hmac finish'));
  stream.Readable.from(['x', 'y', Buffer.from('z')]).pipe(m);
  const plain = crypto.createHash('md5');
  console.log('is a stream', plain instanceof stream.Transform, typeof plain.pipe, Object.keys(plain).join());
  stream.pipeline(
    stream.Readable.from([Buffer.from('abc')]),
    crypto.createHash('sha1'),
    async function* (source) {
      for await (const chunk of source) console.log('pipeline', chunk.toString('hex'));
    },
    (err) => console.log('pipeline done', err),
  );
}
crypto.pbkdf2('password', 'salt', 2, 20, 'sha1', (err, key) => {
  order.push('pbkdf2');
  done(`pbkdf2 cb ${err} ${Buffer.isBuffer(key)} ${key.toString('hex')}`);
});
crypto.pbkdf2(Buffer.from('password'), 'salt', 2, 20, 'sha1', (err, key) => {
  order.push('pbkdf2 again');
  done(`pbkdf2 same as sync ${key.equals(crypto.pbkdf2Sync('password', 'salt', 2, 20, 'sha1'))}`);
});
crypto.scrypt('pw', 'salt', 16, (err, key) => {
  order.push('scrypt');
  done(`scrypt cb ${err} ${key.toString('hex')}`);
});
crypto.scrypt('pw', 'salt', 16, { N: 16 }, (err, key) => {
  order.push('scrypt N=16');
  done(`scrypt cb opts ${err} ${key.toString('hex')}`);
});
process.nextTick(() => order.push('tick'));
console.log('sync code done');
