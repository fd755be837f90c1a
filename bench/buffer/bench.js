// Buffer string conversions on 64 MB: MB/s of input for toString(enc) and
// Buffer.from(string, enc) and buf.write(string, enc), best of 3, plus
// Buffer.alloc(n, string), buf.fill(string, enc) and
// Buffer.byteLength(string) (UTF-8; MB/s of the string's length).
// Prints one JSON object: { "<case>": MB/s }.
'use strict';
const MB = 1 << 20;
const size = Number(process.argv[2] || 64) * MB;
const src = require('crypto').randomFillSync(Buffer.alloc(size));

function best(fn) {
  let t = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t;
}

const out = {};
for (const enc of ['latin1', 'hex', 'base64', 'base64url', 'utf16le', 'utf8']) {
  // utf8 over ASCII text (random bytes would be mostly U+FFFD).
  const buf = enc === 'utf8' ? Buffer.from(src.toString('base64').slice(0, size)) : src;
  let s;
  out[`toString('${enc}')`] = size / MB / best(() => { s = buf.toString(enc); });
  out[`Buffer.from(s, '${enc}')`] = size / MB / best(() => Buffer.from(s, enc));
  const into = Buffer.allocUnsafe(buf.length);
  out[`buf.write(s, '${enc}')`] = size / MB / best(() => into.write(s, enc));
  if (enc === 'utf8') out["Buffer.byteLength(s)"] = s.length / MB / best(() => Buffer.byteLength(s));
  s = undefined;
}
out["Buffer.alloc(n, 'abc')"] = size / MB / best(() => Buffer.alloc(size, 'abc'));
const into = Buffer.allocUnsafe(size);
out["buf.fill('\u20ac', 'utf8')"] = size / MB / best(() => into.fill('\u20ac', 'utf8'));
console.log(JSON.stringify(out));
