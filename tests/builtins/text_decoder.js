// TextDecoder: fatal errors, the BOM, streaming across split sequences,
// utf-16le and windows-1252.
'use strict';
const show = (s) => JSON.stringify(s);
const bytes = (...b) => new Uint8Array(b);

function attempt(label, fn) {
  try {
    console.log(label, show(fn()));
  } catch (e) {
    console.log(label, e.name, e.code, e.message, e instanceof TypeError);
  }
}

// Invalid UTF-8, replaced or fatal.
const invalid8 = [
  [0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82], [0x61, 0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x61], [0xc3],
];
for (const b of invalid8) {
  attempt(`utf-8 ${b}`, () => new TextDecoder().decode(bytes(...b)));
  attempt(`utf-8 fatal ${b}`, () => new TextDecoder('utf-8', { fatal: true }).decode(bytes(...b)));
}
// A real U+FFFD is valid.
attempt('fatal real U+FFFD', () => new TextDecoder('utf-8', { fatal: true }).decode(bytes(0xef, 0xbf, 0xbd, 0x41)));
const fatal = new TextDecoder('utf8', { fatal: true });
console.log('fatal props', fatal.fatal, fatal.ignoreBOM, fatal.encoding);
attempt('fatal then valid', () => {
  try { fatal.decode(bytes(0xff)); } catch {}
  return fatal.decode(bytes(0x68, 0x69));
});

// The BOM: dropped once at the start of a stream, unless ignoreBOM.
const bom = bytes(0xef, 0xbb, 0xbf, 0x41, 0xef, 0xbb, 0xbf);
console.log('bom', show(new TextDecoder().decode(bom)), show(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom)));
const sb = new TextDecoder();
console.log('bom split', show([sb.decode(bytes(0xef), { stream: true }), sb.decode(bytes(0xbb, 0xbf, 0x42), { stream: true }), sb.decode(bytes(0xef, 0xbb, 0xbf))]));
console.log('bom after reset', show(sb.decode(bom)));
console.log('empty first chunk', show([sb.decode(bytes(), { stream: true }), sb.decode(bom)]));

// Streaming: every split of multi-byte text gives the whole text.
const text = 'aé€😀z\u{10ffff}';
const encoded = new TextEncoder().encode(text);
let splitsOk = 0;
for (let i = 0; i <= encoded.length; i++) {
  for (let j = i; j <= encoded.length; j++) {
    const d = new TextDecoder('utf-8', { fatal: true });
    const out = d.decode(encoded.subarray(0, i), { stream: true }) + d.decode(encoded.subarray(i, j), { stream: true }) + d.decode(encoded.subarray(j));
    if (out === text) splitsOk++;
    else console.log('split mismatch', i, j, show(out));
  }
}
console.log('utf-8 splits ok', splitsOk);
const byteAtATime = new TextDecoder();
let out = '';
for (const b of encoded) out += byteAtATime.decode(bytes(b), { stream: true });
console.log('byte at a time', show(out + byteAtATime.decode()));
const cut = new TextDecoder();
console.log('unfinished at end', show([cut.decode(bytes(0x61, 0xe2, 0x82), { stream: true }), cut.decode()]));
const cutFatal = new TextDecoder('utf-8', { fatal: true });
attempt('fatal unfinished at end', () => cutFatal.decode(bytes(0xe2, 0x82), { stream: true }) + cutFatal.decode());
const bad = new TextDecoder();
console.log('invalid continuation in stream', show([bad.decode(bytes(0xe2), { stream: true }), bad.decode(bytes(0x41), { stream: true }), bad.decode()]));

// UTF-16LE.
const u16 = [
  [0x41, 0x00, 0x3d, 0xd8, 0x00, 0xde], [0x00, 0xd8, 0x41, 0x00], [0x00, 0xdc], [0x41, 0x00, 0x42],
  [0x00, 0xd8, 0x41], [0xff, 0xfe, 0x41, 0x00], [0x00, 0xd8],
];
for (const b of u16) {
  attempt(`utf-16le ${b}`, () => new TextDecoder('utf-16le').decode(bytes(...b)));
  attempt(`utf-16le fatal ${b}`, () => new TextDecoder('utf-16le', { fatal: true }).decode(bytes(...b)));
}
console.log('utf-16le ignoreBOM', show(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes(0xff, 0xfe, 0x41, 0x00))));
const encoded16 = bytes(0x41, 0x00, 0xe9, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0x7a, 0x00);
let splits16 = 0;
for (let i = 0; i <= encoded16.length; i++) {
  const d = new TextDecoder('utf-16', { fatal: true });
  const o = d.decode(encoded16.subarray(0, i), { stream: true }) + d.decode(encoded16.subarray(i));
  if (o === 'Aé😀z') splits16++;
  else console.log('utf-16 split mismatch', i, show(o));
}
console.log('utf-16le splits ok', splits16);

// Labels.
for (const label of ['utf8', ' UTF-8 ', 'unicode-1-1-utf-8', 'utf-16', 'ucs-2', 'latin1', 'ascii', 'iso-8859-1', 'windows-1252']) {
  console.log('label', show(label), new TextDecoder(label).encoding);
}
attempt('unknown label', () => new TextDecoder('nope'));
console.log('windows-1252', show(new TextDecoder('latin1').decode(bytes(0x41, 0x80, 0x99, 0xe9, 0x81))));
try { new TextDecoder().decode('x'); } catch (e) { console.log('bad input', e.name, e.code); }
attempt('bad options', () => new TextDecoder().decode(bytes(), 1));
console.log('array buffer', show(new TextDecoder().decode(bytes(0xc3, 0xa9).buffer)), show(new TextDecoder().decode(new DataView(bytes(0x61).buffer))));
