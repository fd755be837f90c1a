// node:querystring — Node's legacy query-string coder: parse/decode,
// stringify/encode, escape, unescape, unescapeBuffer. parse and stringify
// read `escape`/`unescape` off the module at call time, so overriding them
// takes effect, as in Node.
'use strict';

function malformed() {
  const err = new URIError('URI malformed');
  err.code = 'ERR_INVALID_URI';
  return err;
}

function escape(str) {
  if (typeof str !== 'string') str = typeof str === 'object' ? String(str) : `${str}`;
  if (!str.isWellFormed()) throw malformed();
  return encodeURIComponent(str);
}

const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

// Percent-decodes byte by byte, leaving a `%` not followed by two hex
// digits as it is; `+` becomes a space when decodeSpaces.
function unescapeBuffer(s, decodeSpaces) {
  const { Buffer } = internals.requireBuiltin('buffer');
  const src = Buffer.from(String(s));
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 37 && i + 2 < src.length && hex(src[i + 1]) >= 0 && hex(src[i + 2]) >= 0) {
      out[n++] = hex(src[i + 1]) * 16 + hex(src[i + 2]);
      i += 2;
    } else {
      out[n++] = c === 43 && decodeSpaces ? 32 : c;
    }
  }
  return out.subarray(0, n);
}

function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return unescapeBuffer(s, decodeSpaces).toString();
  }
}

function parse(qs, sep, eq, options) {
  const obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  sep = sep ? String(sep) : '&';
  eq = eq ? String(eq) : '=';
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  const custom = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : null;
  const decode = custom || module.exports.unescape;
  // The default decoder changes nothing without a `%`.
  const needsDecode = (s) => decode !== unescape || s.includes('%');
  const decodeOne = (s) => {
    s = s.replace(/\+/g, ' ');
    if (!needsDecode(s)) return s;
    try {
      return decode(s);
    } catch {
      return module.exports.unescape(s, true);
    }
  };
  let pieces = qs.split(sep);
  if (maxKeys > 0 && pieces.length > maxKeys) pieces = pieces.slice(0, maxKeys);
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    const at = piece.indexOf(eq);
    const key = decodeOne(at >= 0 ? piece.slice(0, at) : piece);
    const value = at >= 0 ? decodeOne(piece.slice(at + eq.length)) : '';
    const prev = obj[key];
    if (prev === undefined) obj[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else obj[key] = [prev, value];
  }
  return obj;
}

function primitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? `${v}` : '';
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : module.exports.escape;
  if (obj === null || typeof obj !== 'object') return '';
  const fields = [];
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const ks = encode(primitive(k)) + eq;
    if (Array.isArray(v)) {
      for (const item of v) fields.push(ks + encode(primitive(item)));
    } else {
      fields.push(ks + encode(primitive(v)));
    }
  }
  return fields.join(sep);
}

module.exports = {
  unescapeBuffer,
  unescape,
  escape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
