// string_decoder's StringDecoder is a plain function, so ES5-style
// subclasses call it on their own object (iconv-lite's InternalDecoder,
// used by body-parser and so by express), and `binary` reads as latin1.
'use strict';
const { StringDecoder } = require('string_decoder');

function Inner(encoding) {
  StringDecoder.call(this, encoding);
  this.extra = 'mine';
}
Inner.prototype = Object.create(StringDecoder.prototype);
const d = new Inner('utf-8');
const euro = Buffer.from('€');
console.log(d.encoding, d.extra, d instanceof StringDecoder);
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1))), JSON.stringify(d.end()));
console.log(new StringDecoder('binary').encoding, new StringDecoder('UCS-2').encoding, new StringDecoder().encoding);
console.log(typeof StringDecoder, StringDecoder.length, Object.keys(StringDecoder.prototype).includes('write'));
