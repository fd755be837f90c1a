// buffer.isUtf8 / isAscii: valid U+FFFD bytes are UTF-8, truncated or
// stray bytes are not; an ArrayBuffer or typed array is accepted (its own window
// of bytes only); anything else, a DataView too, is ERR_INVALID_ARG_TYPE.
'use strict';
const { isUtf8, isAscii } = require('buffer');

const backing = new Uint8Array([0xff, 0x61, 0x62, 0xff]);
const inputs = {
  'U+FFFD written': Buffer.from('\ufffd'),
  'U+FFFD bytes': Buffer.from([0xef, 0xbf, 0xbd]),
  'stray 0xff': Buffer.from([0xff]),
  'truncated 2-byte': Buffer.from([0xc3]),
  'overlong': Buffer.from([0xc0, 0xaf]),
  'surrogate bytes': Buffer.from([0xed, 0xa0, 0x80]),
  'mixed text': Buffer.from('héllo € 😀'),
  'ascii Uint8Array': new Uint8Array([0x61, 0x7f]),
  'empty ArrayBuffer': new ArrayBuffer(0),
  'zeroed ArrayBuffer': new ArrayBuffer(3),
  'window inside bad bytes': new Uint8Array(backing.buffer, 1, 2),
  'Uint16Array': new Uint16Array([0x6161, 0x00e9]),
  'SharedArrayBuffer': new SharedArrayBuffer(4),
};
for (const [name, input] of Object.entries(inputs)) {
  console.log(`${name}: utf8=${isUtf8(input)} ascii=${isAscii(input)}`);
}
for (const f of [isUtf8, isAscii]) {
  for (const bad of ['abc', 1, null, undefined, {}, [1, 2], new DataView(new ArrayBuffer(1))]) {
    try {
      f(bad);
      console.log(f.name, 'accepted', typeof bad);
    } catch (e) {
      console.log(f.name, e.name, e.code, e.message);
    }
  }
}
