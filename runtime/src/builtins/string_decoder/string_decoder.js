// node:string_decoder — decodes byte chunks without splitting multi-byte
// characters across chunks.
'use strict';

const { Buffer } = internals.requireBuiltin('buffer');

// A function, not a class: as in Node, subclasses written the ES5 way call
// it on their own `this` (iconv-lite's InternalDecoder, which
// body-parser uses, does `StringDecoder.call(this, enc)`).
function StringDecoder(encoding) {
  if (encoding === undefined || encoding === null) encoding = 'utf8';
  if (typeof encoding !== 'string' || !Buffer.isEncoding(encoding)) {
    throw internals.errors.codeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${typeof encoding === 'symbol' ? String(encoding) : encoding}`);
  }
  this.encoding = String(encoding).toLowerCase().replace('-', '');
  if (this.encoding === 'ucs2' || this.encoding === 'utf16le') this.encoding = 'utf16le';
  if (this.encoding === 'binary') this.encoding = 'latin1';
  this._pending = Buffer.alloc(0);
}

Object.assign(StringDecoder.prototype, {
  write(chunk) {
    if (typeof chunk === 'string') return chunk;
    if (!ArrayBuffer.isView(chunk)) {
      throw internals.errors.invalidArgType('buf', 'an instance of Buffer, TypedArray, or DataView', chunk);
    }
    let buf = Buffer.concat([this._pending, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]);
    let keep = 0;
    if (this.encoding === 'utf8') {
      // Hold back an incomplete trailing sequence.
      for (let i = Math.max(0, buf.length - 3); i < buf.length; i++) {
        const b = buf[i];
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
        if (need && i + need > buf.length) {
          keep = buf.length - i;
          break;
        }
      }
    } else if (this.encoding === 'utf16le') {
      keep = buf.length % 2;
    } else if (this.encoding === 'base64') {
      keep = buf.length % 3;
    }
    this._pending = buf.subarray(buf.length - keep);
    buf = buf.subarray(0, buf.length - keep);
    return buf.toString(this.encoding);
  },
  end(chunk) {
    let s = chunk ? this.write(chunk) : '';
    if (this._pending.length) {
      s += this._pending.toString(this.encoding);
      this._pending = Buffer.alloc(0);
    }
    return s;
  },
});

module.exports = { StringDecoder };
