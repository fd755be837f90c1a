// Buffer's string conversions in every encoding, against Node: all 256
// byte values and pseudo-random data both ways, malformed input (Node's
// lenient hex/base64 decoding), lone surrogates, odd utf16le lengths,
// partial characters in write(), fill patterns and the string length limit.
'use strict';
const { constants } = require('buffer');

const encodings = ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'utf16le', 'ucs2'];

// FNV-1a of every unit; past 64 Ki units of every 7th, past 1 Mi of every
// 61st (the interpreter's loop, not the conversion, would be most of the
// test's time; a wrong block of a conversion still shows).
const stride = (n) => (n > 1 << 20 ? 61 : n > 1 << 16 ? 7 : 1);
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += stride(s.length)) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return `${s.length}:${h.toString(16)}`;
}
function bytes(b) {
  let h = 2166136261;
  for (let i = 0; i < b.length; i += stride(b.length)) h = Math.imul(h ^ b[i], 16777619) >>> 0;
  return `${b.length}:${h.toString(16)}`;
}

let seed = 7;
const random = (n) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  return b;
};

const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const data = random(10007);
for (const enc of encodings) {
  for (const [name, b] of [['all', all], ['random', data], ['odd', all.subarray(1, 6)], ['empty', Buffer.alloc(0)]]) {
    const s = b.toString(enc);
    const back = Buffer.from(s, enc);
    console.log(enc, name, hash(s), bytes(back), Buffer.byteLength(s, enc), b.toString(enc, 3, 9) === s.slice(0, 0) ? '' : hash(b.toString(enc, 3, 9)));
  }
}

// Strings with characters beyond Latin-1, surrogate pairs and lone surrogates.
const texts = ['', 'abc', 'h\u00e9llo \u20ac', '\u{1f600}x\u{10ffff}', 'a\ud800b', '\udc00', 'x\ud83d', '\ud83d\ude00\ud800', '\u0100\u01ff\uffff'];
for (const enc of encodings) {
  console.log(enc, texts.map((t) => bytes(Buffer.from(t, enc))).join(' '));
}
console.log(JSON.stringify(Array.from(Buffer.from('a\ud800b'))), JSON.stringify(Array.from(new TextEncoder().encode('\udfff'))));

// Malformed hex and base64.
for (const s of ['abz', 'zab', 'a', 'ab c', 'AbCd', '0g', 'ffff\u00e9ff']) console.log('hex', JSON.stringify(s), Buffer.from(s, 'hex').toString('hex'));
for (const s of ['YQ==YQ==', 'Y Q = =', 'YQ=YQ', 'YWJj\nZA', 'YQ', 'Y', '-_-_', '+/+/', 'YQ===a', 'Y\u00e9WJj', '====', 'YWJjZGVm\r\n']) {
  console.log('base64', JSON.stringify(s), Buffer.from(s, 'base64').toString('hex'), Buffer.from(s, 'base64url').toString('hex'));
}

// Hex and base64 read each UTF-16 unit of a string as its low byte, as
// Node does ('\u0141' is 'A', '\u203d' is '=', '\u0100' is skipped), in
// from() and in write() (into buffers cut short too).
for (const s of ['\u0141\u0141\u0141\u0141', 'QUJD\u0141Q\u4142', 'QU\u0100JD', 'QU\u203dJD', 'QUJD\u0141\u0142', '\u20acQUJD', '4\u0131\u0142\u0143', '\u0141\u0142', 'ab\u0167f']) {
  const out = [];
  for (const enc of ['base64', 'base64url', 'hex']) {
    const into = Buffer.alloc(2, 0xee);
    out.push(Buffer.from(s, enc).toString('hex'), into.write(s, enc), into.toString('hex'));
  }
  console.log('wide', JSON.stringify(s), out.join(' '));
}

// Odd lengths in utf16le.
console.log(JSON.stringify(Buffer.from([0x61, 0, 0x62]).toString('utf16le')), JSON.stringify(Buffer.from([0x61, 0, 0x62, 0, 0x63]).toString('utf16le', 1)));
console.log(JSON.stringify(Buffer.from([0, 0xd8]).toString('utf16le')), JSON.stringify(Array.from(Buffer.from('\ud800', 'utf16le'))));

// write() writes whole characters only.
for (const [enc, s] of [['utf16le', 'ab'], ['utf8', '\u00e9\u00e9'], ['utf8', '\u20ac'], ['utf8', '\u{1f600}'], ['latin1', 'abcd'], ['hex', 'aabbccdd']]) {
  const b = Buffer.alloc(3);
  console.log('write', enc, b.write(s, enc), Array.from(b).join(','));
}

// fill patterns.
console.log(Array.from(Buffer.alloc(7, 'ab')).join(','), Array.from(Buffer.alloc(5, '\u00e9')).join(','), Array.from(Buffer.alloc(4, 'YQ==', 'base64')).join(','));
console.log(Array.from(Buffer.alloc(3, '')).join(','), Array.from(Buffer.alloc(9).fill(Buffer.from([1, 2, 3, 4]), 2, 8)).join(','));
for (const [offset, end] of [[0, 100], [8, undefined], [9, 10], [12, undefined], [0, -1]]) {
  try {
    console.log('fill', offset, end, Array.from(Buffer.alloc(10).fill('ab', offset, end)).join(','));
  } catch (e) {
    console.log('fill', offset, end, e.code);
  }
}
console.log(bytes(Buffer.alloc(100000, 'xyz')), bytes(Buffer.alloc(65537, 'abcdefgh', 'hex')));

// Past the longest string the engine makes: an error at once, before any
// string is made (the buffers are never written, so their pages stay unused).
const over = { hex: constants.MAX_STRING_LENGTH / 2 + 1, latin1: constants.MAX_STRING_LENGTH + 1, ascii: constants.MAX_STRING_LENGTH + 1 };
for (const enc of ['hex', 'base64', 'base64url', 'latin1', 'ascii']) {
  const n = over[enc] ?? Math.ceil((constants.MAX_STRING_LENGTH + 1) * 3 / 4) + 1;
  try {
    Buffer.allocUnsafe(n).toString(enc);
    console.log(enc, 'no error');
  } catch (e) {
    console.log(enc, e.name, e.code, e.message);
  }
}

// Large results, written straight into the engine's string or buffer (64 KiB
// and up): each encoding both ways, ASCII and non-ASCII UTF-8, malformed
// input that leaves the fast decoders, and writes that fit or are cut.
const large = random(200003);
const ascii = Buffer.from(large.toString('base64'));
for (const enc of encodings) {
  for (const [name, b] of [['random', large], ['ascii', ascii], ['part', large.subarray(5, 100004)]]) {
    const s = b.toString(enc);
    const back = Buffer.from(s, enc);
    const into = Buffer.alloc(back.length + 3);
    const cut = Buffer.alloc(back.length >> 1);
    console.log('large', enc, name, hash(s), bytes(back), into.write(s, 1, enc), bytes(into), cut.write(s, enc), bytes(cut));
  }
}
const b64 = large.toString('base64');
for (const s of [b64.replace(/=+$/, ''), b64.slice(0, 1000) + ' \n' + b64.slice(1000), b64.replace(/\+/g, '-').replace(/\//g, '_'), b64.slice(0, -2) + 'A=']) {
  console.log('large base64', bytes(Buffer.from(s, 'base64')));
}
const hx = large.toString('hex');
for (const s of [hx.toUpperCase(), hx.slice(0, 150001) + 'g' + hx.slice(150002), hx + 'f']) console.log('large hex', bytes(Buffer.from(s, 'hex')));
const wide = 'h\u00e9llo \u20ac\u{1f600}\ud800'.repeat(20000);
// (Hex and base64 read each UTF-16 unit as its low byte.)
for (const enc of encodings) console.log('large text', enc, bytes(Buffer.from(wide, enc)), Buffer.byteLength(wide, enc));
console.log('large utf8', hash(Buffer.from(wide).toString()), hash(Buffer.from(wide).toString('latin1')));
// UTF-8 writes of long two-byte strings cut anywhere: surrogate pairs and
// lone surrogates around every 16 Ki-unit block boundary, into buffers
// shorter than the string's UTF-8.
for (const t of ['a' + '\u{1f600}'.repeat(30000), '\u20ac'.repeat(16383) + '\ud800' + 'y'.repeat(20000) + '\udc00\u00e9'.repeat(9000), 'x'.repeat(16383) + '\ud83d\ude00' + '\u0141'.repeat(40000) + '\ud83d']) {
  const out = [Buffer.byteLength(t), bytes(Buffer.from(t))];
  for (const n of [16384 * 3 + 1, 65537, 70001, 100003, Buffer.byteLength(t) - 1]) {
    const b = Buffer.alloc(n, 0xee);
    out.push(b.write(t), bytes(b));
  }
  console.log('utf8 cut', out.join(' '));
}

// Past 4 MiB (results asked of the kernel in 2 MiB pages): same bytes.
console.log('huge', bytes(Buffer.alloc((5 << 20) + 3, 'x\u20acz')), hash(Buffer.alloc(5 << 20, 'ab').toString('latin1')), bytes(Buffer.from('q\u00e9'.repeat(5 << 19), 'utf8')), hash(random(5 << 20).toString('base64')));
console.log('large fill', bytes(Buffer.alloc(300001, '\u20acz')), bytes(Buffer.alloc(300001).fill(large.subarray(0, 70001), 7, 299999)));

// Pseudo-random strings of base64 and hex characters, separators and
// non-ASCII, decoded by from() and by write() into buffers of any size
// (a decoder that gives up must leave the bytes past its count alone).
{
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\u00e9g';
  let h = 0;
  const mix = (b) => { for (const x of b) h = Math.imul(h ^ x, 16777619) >>> 0; h = Math.imul(h ^ b.length, 16777619) >>> 0; };
  for (let i = 0; i < 900; i++) {
    const n = i % 300 === 0 ? 70000 + (i % 7) : (random(1)[0] % 40);
    const s = Array.from(random(n), (x) => alpha[x % alpha.length]).join('');
    for (const enc of ['base64', 'base64url', 'hex', 'latin1', 'utf16le', 'utf8']) {
      mix(Buffer.from(s, enc));
      const b = Buffer.alloc(random(1)[0] % 60);
      mix([b.write(s, enc)]);
      mix(b);
    }
  }
  console.log('mixed strings', h);
  // The same with characters past Latin-1 and lone surrogates (two-byte
  // strings): UTF-8 cut at whole characters, hex and base64 by low bytes,
  // and the UTF-8 read back (one-byte and two-byte results, U+FFFD).
  const wide = [...alpha, '\u20ac', '\u0141', '\u{1f600}', '\ud83d', '\ude00', '\u00ff'];
  h = 0;
  for (let i = 0; i < 900; i++) {
    const n = i % 300 === 0 ? 40000 + (i % 7) : (random(1)[0] % 30);
    const s = Array.from(random(n), (x) => wide[x % wide.length]).join('');
    for (const enc of encodings) {
      mix(Buffer.from(s, enc));
      const b = Buffer.alloc(random(1)[0] % 60, 0xee);
      mix([b.write(s, enc), Buffer.byteLength(s, enc)]);
      mix(b);
    }
    const back = Buffer.from(s).toString();
    mix([back.length]);
    mix(Buffer.from(back, 'utf16le'));
    mix(Buffer.from(Buffer.from(s, 'latin1').toString('utf8'), 'utf16le'));
  }
  console.log('mixed wide strings', h);
}

// Strings as the engine holds them: ropes (built by concatenation, small
// pieces and large), substrings of one-byte and two-byte strings, empty
// ones, read by from(), write() and byteLength; each string is read again
// afterwards and must be unchanged.
{
  const pieces = ['ab', '\u00e9', 'YQ==', '0f', '\u20ac', '\ud83d', '\ude00'];
  const ropes = [];
  for (const [name, n, only] of [['ascii', 50000, 1], ['latin1', 50000, 2], ['wide', 50000, 7], ['small', 20, 7]]) {
    let r = '';
    for (let i = 0; i < n; i++) r += pieces[i % only];
    ropes.push([name, r]);
    let l = 'x';
    for (let i = 0; i < n; i++) l = pieces[i % only] + l;
    ropes.push([name + ' left', l]);
  }
  const base = 'ABCDEF0123456789\u00e9\u00ff'.repeat(9000);
  const wideBase = base + '\u20ac';
  for (const [name, s] of [
    ...ropes,
    ['substring', base.substring(3, 150001)],
    ['wide substring', wideBase.substring(5, 170000)],
    ['wide substring latin1 chars', wideBase.slice(1, 100)],
    ['ascii substring', base.slice(0, 16).repeat(5000).substring(7)],
    ['empty', ''],
    ['empty substring', base.slice(5, 5)],
    ['empty rope', '' + ''],
  ]) {
    const before = hash(s);
    const out = [];
    for (const enc of encodings) {
      const b = Buffer.from(s, enc);
      const into = Buffer.alloc(Math.min(b.length + 2, 70001));
      out.push(bytes(b), into.write(s, 1, enc), bytes(into), Buffer.byteLength(s, enc));
    }
    console.log('held', name, before, hash(s) === before, hash(out.join()));
  }
  // A rope that is also held elsewhere, and one used as a property key.
  let r = '';
  for (let i = 0; i < 1000; i++) r += 'k\u00e9';
  const o = { [r]: 1 };
  const copy = r;
  console.log('shared rope', bytes(Buffer.from(r, 'latin1')), bytes(Buffer.from(copy)), o[copy], o[r + ''], r === copy);
}
