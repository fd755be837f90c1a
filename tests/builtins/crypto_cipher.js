// node:crypto's ciphers: createCipheriv/createDecipheriv for AES
// CBC/ECB/CTR/GCM and ChaCha20-Poly1305 with fixed keys, IVs and
// plaintexts (hex printed), fed whole and in odd-sized chunks, as streams,
// with padding off, AAD and tags; getCipherInfo; and Node's errors.
'use strict';
const crypto = require('crypto');
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', Buffer.isBuffer(r) ? r.toString('hex') : r);
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, JSON.stringify(e.message), e.library, e.reason);
  }
}

const pattern = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + seed) & 0xff));
const keys = { 16: pattern(16, 1), 24: pattern(24, 2), 32: pattern(32, 3) };
const iv16 = pattern(16, 9);
const iv12 = pattern(12, 11);
const texts = [0, 1, 15, 16, 17, 31, 32, 33, 100, 1000].map((n) => pattern(n, 5));

function run(make, data, chunk) {
  const c = make();
  const parts = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(c.update(data.subarray(i, i + chunk)));
  parts.push(c.final());
  return { out: Buffer.concat(parts), sizes: parts.map((p) => p.length).join(','), c };
}

const names = [];
for (const bits of [128, 192, 256]) for (const m of ['cbc', 'ecb', 'ctr', 'gcm']) names.push(`aes-${bits}-${m}`);
names.push('chacha20-poly1305');

console.log('--- round trips');
for (const name of names) {
  const info = crypto.getCipherInfo(name);
  const key = keys[info.keyLength];
  const iv = info.ivLength === undefined ? null : info.ivLength === 12 ? iv12 : iv16;
  const aead = info.mode === 'gcm' || name === 'chacha20-poly1305';
  for (const text of texts) {
    for (const chunk of [1000, 7, 16]) {
      const enc = run(() => crypto.createCipheriv(name, key, iv), text, chunk || 1);
      const tag = aead ? enc.c.getAuthTag().toString('hex') : '';
      const dec = run(() => {
        const d = crypto.createDecipheriv(name, key, iv);
        if (aead) d.setAuthTag(Buffer.from(tag, 'hex'));
        return d;
      }, enc.out, chunk);
      console.log(name, text.length, chunk, enc.out.toString('hex').slice(0, 96), enc.sizes, tag, dec.sizes, dec.out.equals(text));
    }
  }
}

console.log('--- padding off');
for (const name of ['aes-128-cbc', 'aes-256-ecb']) {
  const iv = name.endsWith('ecb') ? null : iv16;
  const c = crypto.createCipheriv(name, keys[name.includes('256') ? 32 : 16], iv).setAutoPadding(false);
  const ct = Buffer.concat([c.update(texts[6]), c.final()]);
  const d = crypto.createDecipheriv(name, keys[name.includes('256') ? 32 : 16], iv);
  d.setAutoPadding(false);
  console.log(name, ct.toString('hex'), Buffer.concat([d.update(ct), d.final()]).toString('hex'));
  // The padded decipher of unpadded data: bad decrypt.
  attempt(`${name} padded decrypt of unpadded`, () => {
    const p = crypto.createDecipheriv(name, keys[name.includes('256') ? 32 : 16], iv);
    p.update(ct);
    return p.final();
  });
}
attempt('no padding partial block', () => {
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  c.setAutoPadding(false);
  c.update('abc');
  return c.final();
});
attempt('decrypt partial block', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', keys[16], iv16);
  d.update(Buffer.alloc(15));
  return d.final();
});
attempt('decrypt zero block', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', keys[16], iv16);
  d.update(Buffer.alloc(16));
  return d.final();
});
attempt('decrypt nothing', () => crypto.createDecipheriv('aes-128-cbc', keys[16], iv16).final());

console.log('--- string encodings');
{
  const c = crypto.createCipheriv('aes-256-cbc', keys[32], iv16);
  const b64 = c.update('héllo wörld, a text of a few blocks of length', 'utf8', 'base64') + c.final('base64');
  console.log(b64);
  const d = crypto.createDecipheriv('aes-256-cbc', keys[32], iv16);
  console.log(d.update(b64, 'base64', 'utf8') + d.final('utf8'));
  // String keys and IVs are UTF-8: these grow past 16 bytes.
  attempt('latin1 key as string', () => crypto.createCipheriv('aes-128-ctr', keys[16].toString('latin1'), iv16.toString('latin1')));
  attempt('latin1 key as string, ascii iv', () => crypto.createCipheriv('aes-128-ctr', keys[16].toString('latin1'), 'i'.repeat(16)));
  const k = crypto.createCipheriv('aes-128-ctr', 'k'.repeat(16), 'i'.repeat(16));
  console.log(k.update('0a0b0c', 'hex', 'hex'), k.final().length);
}

console.log('--- AEAD: AAD, tag lengths, IV lengths, tampering');
for (const name of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305']) {
  const key = keys[name === 'aes-128-gcm' ? 16 : 32];
  for (const aad of [null, Buffer.from('header'), pattern(40, 1)]) {
    const c = crypto.createCipheriv(name, key, iv12);
    if (aad) c.setAAD(aad);
    const ct = Buffer.concat([c.update(texts[6]), c.final()]);
    const tag = c.getAuthTag();
    console.log(name, aad && aad.length, ct.toString('hex'), tag.toString('hex'));
    for (const [what, t, a, data] of [['good', tag, aad, ct], ['tag flipped', Buffer.from(tag).fill(1, 0, 1), aad, ct],
      ['aad changed', tag, Buffer.from('other'), ct], ['data changed', tag, aad, Buffer.concat([ct.subarray(1), Buffer.from([0])])]]) {
      attempt(`${name} ${what}`, () => {
        const d = crypto.createDecipheriv(name, key, iv12);
        d.setAuthTag(t);
        if (a) d.setAAD(a);
        return Buffer.concat([d.update(data), d.final()]).equals(texts[6]);
      });
    }
  }
}
for (const ivLen of [1, 8, 16, 60]) {
  const c = crypto.createCipheriv('aes-192-gcm', keys[24], pattern(ivLen, 4));
  const ct = Buffer.concat([c.update(texts[4]), c.final()]);
  console.log('gcm iv', ivLen, ct.toString('hex'), c.getAuthTag().toString('hex'));
}
for (const n of [4, 8, 12, 13, 16]) {
  const c = crypto.createCipheriv('aes-128-gcm', keys[16], iv12, { authTagLength: n });
  c.final();
  const tag = c.getAuthTag();
  console.log('authTagLength', n, tag.toString('hex'));
  attempt(`short tag ${n} accepted`, () => {
    const d = crypto.createDecipheriv('aes-128-gcm', keys[16], iv12);
    d.setAuthTag(tag);
    return d.final().length;
  });
}
{
  const c = crypto.createCipheriv('chacha20-poly1305', keys[32], iv12, { authTagLength: 10 });
  c.update('x');
  c.final();
  console.log('chacha tag 10', c.getAuthTag().toString('hex'));
}

console.log('--- streams');
{
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  const chunks = [];
  c.on('data', (d) => chunks.push(d));
  c.on('end', () => {
    const ct = Buffer.concat(chunks);
    console.log('stream cipher', ct.toString('hex'));
    const d = crypto.createDecipheriv('aes-128-cbc', keys[16], iv16);
    const out = [];
    d.on('data', (x) => out.push(x));
    d.on('end', () => console.log('stream decipher', Buffer.concat(out).toString()));
    d.write(ct.subarray(0, 5));
    d.end(ct.subarray(5));
  });
  c.write('streamed ');
  c.write(Buffer.from('through a '));
  c.end('Transform');
  const bad = crypto.createDecipheriv('aes-128-cbc', keys[16], iv16);
  bad.on('error', (e) => console.log('stream error', e.code, e.message));
  bad.on('data', () => {});
  bad.end(Buffer.alloc(16));
  console.log(c instanceof require('stream').Transform, typeof crypto.Cipheriv, crypto.Decipheriv.name);
}

console.log('--- state errors');
attempt('getAuthTag before final', () => crypto.createCipheriv('aes-128-gcm', keys[16], iv12).getAuthTag());
attempt('getAuthTag on cbc', () => {
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  c.final();
  return c.getAuthTag();
});
attempt('setAuthTag on cbc', () => crypto.createDecipheriv('aes-128-cbc', keys[16], iv16).setAuthTag(Buffer.alloc(16)));
attempt('setAuthTag twice', () => crypto.createDecipheriv('aes-128-gcm', keys[16], iv12).setAuthTag(Buffer.alloc(16)).setAuthTag(Buffer.alloc(16)));
attempt('setAuthTag length 3', () => crypto.createDecipheriv('aes-128-gcm', keys[16], iv12).setAuthTag(Buffer.alloc(3)));
attempt('setAuthTag other than authTagLength', () => crypto.createDecipheriv('aes-128-gcm', keys[16], iv12, { authTagLength: 8 }).setAuthTag(Buffer.alloc(16)));
attempt('setAAD on cbc', () => crypto.createCipheriv('aes-128-cbc', keys[16], iv16).setAAD(Buffer.alloc(1)));
attempt('gcm no tag', () => {
  const d = crypto.createDecipheriv('aes-128-gcm', keys[16], iv12);
  d.update(Buffer.alloc(5));
  return d.final();
});
attempt('final twice', () => {
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  c.final();
  return c.final();
});
attempt('update after final', () => {
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  c.final();
  return c.update('a');
});
attempt('setAutoPadding after final', () => {
  const c = crypto.createCipheriv('aes-128-cbc', keys[16], iv16);
  c.final();
  return c.setAutoPadding(false);
});
attempt('setAuthTag on a cipher', () => crypto.createCipheriv('aes-128-gcm', keys[16], iv12).setAuthTag);
attempt('getAuthTag on a decipher', () => crypto.createDecipheriv('aes-128-gcm', keys[16], iv12).getAuthTag);

console.log('--- argument errors');
attempt('key length', () => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), iv16));
attempt('key length 256', () => crypto.createDecipheriv('aes-256-gcm', keys[16], iv12));
attempt('iv length', () => crypto.createCipheriv('aes-128-cbc', keys[16], Buffer.alloc(15)));
attempt('iv for ecb', () => crypto.createCipheriv('aes-128-ecb', keys[16], iv16));
attempt('null iv for ecb', () => crypto.createCipheriv('aes-128-ecb', keys[16], null).final());
attempt('null iv for cbc', () => crypto.createCipheriv('aes-128-cbc', keys[16], null));
attempt('empty iv for gcm', () => crypto.createCipheriv('aes-128-gcm', keys[16], Buffer.alloc(0)));
attempt('chacha iv 8', () => crypto.createCipheriv('chacha20-poly1305', keys[32], Buffer.alloc(8)));
attempt('unknown cipher', () => crypto.createCipheriv('aes-128-xyz', keys[16], iv16));
attempt('cipher not a string', () => crypto.createCipheriv(5, keys[16], iv16));
attempt('key a number', () => crypto.createCipheriv('aes-128-cbc', 5, iv16));
attempt('iv a number', () => crypto.createCipheriv('aes-128-cbc', keys[16], 5));
attempt('authTagLength 5', () => crypto.createCipheriv('aes-128-gcm', keys[16], iv12, { authTagLength: 5 }));
attempt('update a number', () => crypto.createCipheriv('aes-128-cbc', keys[16], iv16).update(5));
attempt('upper-case name', () => crypto.createCipheriv('AES-128-CBC', keys[16], iv16).final());
attempt('aes256 alias', () => crypto.createCipheriv('aes256', keys[32], iv16).final());

console.log('--- getCipherInfo and getCiphers');
for (const n of [...names, 'aes128', 'AES-256-CBC', 'id-aes256-GCM', 'nope', 419, 1018, 1]) console.log(n, JSON.stringify(crypto.getCipherInfo(n)));
console.log(JSON.stringify(crypto.getCipherInfo('aes-128-gcm', { ivLength: 8 })), crypto.getCipherInfo('aes-128-cbc', { ivLength: 8 }));
console.log(JSON.stringify(crypto.getCipherInfo('aes-128-cbc', { keyLength: 16 })), crypto.getCipherInfo('aes-128-cbc', { keyLength: 17 }));
attempt('getCipherInfo(null)', () => crypto.getCipherInfo(null));
const list = crypto.getCiphers();
console.log(names.every((n) => list.includes(n)), ['aes128', 'aes256', 'id-aes128-gcm'].every((n) => list.includes(n)),
  list.every((n) => n === n.toLowerCase()));

console.log('--- counter wrap');
// CTR's 128-bit counter wraps from all ones to zero, as OpenSSL's.
for (const iv of [Buffer.alloc(16, 0xff), Buffer.concat([Buffer.alloc(8, 1), Buffer.alloc(8, 0xff)])]) {
  const c = crypto.createCipheriv('aes-128-ctr', keys[16], iv);
  console.log(Buffer.concat([c.update(pattern(80, 2)), c.final()]).toString('hex'));
}
