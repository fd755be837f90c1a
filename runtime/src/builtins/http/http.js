// node:http: server, client and keep-alive Agent over net, with heads
// parsed natively (binding.http, mod.rs: httparse, and Node's checks
// against request smuggling); bodies framed here (Content-Length, chunked,
// trailers), Expect: 100-continue, upgrade and CONNECT, header checks with
// Node's errors, headersTimeout/requestTimeout.
'use strict';

const METHODS = ["ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE"];

const STATUS_CODES = {
  100: 'Continue',
  101: 'Switching Protocols',
  102: 'Processing',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  207: 'Multi-Status',
  208: 'Already Reported',
  226: 'IM Used',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: 'I\'m a Teapot',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};

const { codeError, invalidArgType, stubs, validateFunction } = internals.errors;

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function validateHeaderName(name, label = 'Header name') {
  if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
    throw codeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${label} must be a valid HTTP token ["${name}"]`);
  }
}

function validateHeaderValue(name, value) {
  if (value === undefined) {
    throw codeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
  }
  if (BAD_VALUE_CHAR.test(`${value}`)) {
    throw codeError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
}

const net = internals.requireBuiltin('net');
const EventEmitter = internals.requireBuiltin('events');
const { Readable, Stream } = internals.requireBuiltin('stream');
const { Buffer } = internals.requireBuiltin('buffer');
const native = internals.binding.http;

const CRLF = '\r\n';
const EMPTY = Buffer.alloc(0);

// ---- headers ---------------------------------------------------------------

// Headers whose duplicates Node drops (the first wins).
const SINGLE = new Set(['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards',
  'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

// Node's IncomingMessage header object from raw [name, value, …].
function headersFrom(raw, joinDuplicates) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    const have = headers[name];
    if (have === undefined) {
      headers[name] = name === 'set-cookie' ? [value] : value;
    } else if (name === 'set-cookie') {
      have.push(value);
    } else if (joinDuplicates) {
      headers[name] = `${have}, ${value}`;
    } else if (SINGLE.has(name)) {
      // keep the first
    } else if (name === 'cookie') {
      headers[name] = `${have}; ${value}`;
    } else {
      headers[name] = `${have}, ${value}`;
    }
  }
  return headers;
}

// The Date header's text, made at most once a second (as Node does).
let dateText = '';
let dateSecond = -1;
function utcDate() {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

// ---- the parser --------------------------------------------------------------

const kHead = 0;
const kBody = 1;
const kChunkSize = 2;
const kChunkData = 3;
const kChunkEnd = 4;
const kTrailers = 5;
const kUntilClose = 6;
const kDone = 7;

function parseError(code, bytes) {
  const reason = {
    HPE_HEADER_OVERFLOW: 'Header overflow',
    HPE_UNEXPECTED_CONTENT_LENGTH: 'Unexpected content-length header',
    HPE_INVALID_CONTENT_LENGTH: 'Invalid character in Content-Length',
    HPE_INVALID_TRANSFER_ENCODING: 'Request has invalid `Transfer-Encoding`',
    HPE_INVALID_CHUNK_SIZE: 'Invalid character in chunk size',
    HPE_INVALID_HEADER_TOKEN: 'Invalid header value char',
    HPE_INVALID_METHOD: 'Invalid method encountered',
    HPE_INVALID_VERSION: 'Invalid HTTP version',
    HPE_INVALID_STATUS: 'Invalid status code',
    HPE_LF_EXPECTED: 'Missing expected LF after header value',
  }[code] || 'Parse Error';
  const e = new Error(`Parse Error: ${reason}`);
  e.code = code;
  e.reason = reason;
  e.bytesParsed = 0;
  if (bytes) e.rawPacket = bytes;
  return e;
}

// Splits one connection's bytes into messages. `onHead(info)` gets the
// head and returns how the body is framed; `onBody(buf)`, `onEnd(trailers)`
// follow; a returned 'upgrade' stops the parser and hands the rest over.
class Parser {
  constructor(isRequest, maxHeaderSize, handlers) {
    this.isRequest = isRequest;
    this.maxHeaderSize = maxHeaderSize;
    this.h = handlers;
    this.buf = EMPTY;
    this.state = kHead;
    this.left = 0;
    this.paused = false;
    this.stopped = false;
  }

  execute(data) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    this.run();
  }

  run() {
    let off = 0;
    const buf = this.buf;
    while (!this.stopped && !this.paused && off < buf.length) {
      switch (this.state) {
        case kHead: {
          const r = this.isRequest ? native.parseRequest(buf, off) : native.parseResponse(buf, off);
          if (r === 0) {
            if (buf.length - off > this.maxHeaderSize) return this.fail('HPE_HEADER_OVERFLOW');
            this.buf = buf.subarray(off);
            return;
          }
          if (typeof r === 'string') return this.fail(r, buf.subarray(off));
          if (r[0] > this.maxHeaderSize + 2) return this.fail('HPE_HEADER_OVERFLOW');
          off += r[0];
          const info = { a: r[1], b: r[2], minor: r[3], flags: r[4], length: r[5], raw: r[6] };
          const framing = this.h.onHead(info);
          if (framing === 'upgrade') {
            this.stopped = true;
            this.h.onUpgrade(buf.subarray(off));
            return;
          }
          this.setFraming(framing);
          break;
        }
        case kBody: {
          const n = Math.min(this.left, buf.length - off);
          this.left -= n;
          this.h.onBody(buf.subarray(off, off + n));
          off += n;
          if (this.left === 0) this.finish(null);
          break;
        }
        case kUntilClose:
          this.h.onBody(buf.subarray(off));
          off = buf.length;
          break;
        case kChunkSize: {
          const r = native.chunkSize(buf, off);
          if (r === 0) {
            this.buf = buf.subarray(off);
            return;
          }
          if (typeof r === 'string') return this.fail(r);
          off += r[0];
          this.left = r[1];
          this.state = r[1] === 0 ? kTrailers : kChunkData;
          break;
        }
        case kChunkData: {
          const n = Math.min(this.left, buf.length - off);
          this.left -= n;
          this.h.onBody(buf.subarray(off, off + n));
          off += n;
          if (this.left === 0) this.state = kChunkEnd;
          break;
        }
        case kChunkEnd:
          if (buf.length - off < 2) {
            this.buf = buf.subarray(off);
            return;
          }
          if (buf[off] !== 13 || buf[off + 1] !== 10) return this.fail('HPE_STRICT');
          off += 2;
          this.state = kChunkSize;
          break;
        case kTrailers: {
          const r = native.trailers(buf, off);
          if (r === 0) {
            this.buf = buf.subarray(off);
            return;
          }
          if (typeof r === 'string') return this.fail(r);
          off += r[0];
          this.finish(r.slice(1));
          break;
        }
        case kDone:
          // Bytes after a message that ends the connection: ignored.
          off = buf.length;
          break;
      }
    }
    this.buf = off >= buf.length ? EMPTY : buf.subarray(off);
  }

  setFraming(f) {
    if (f.chunked) this.state = kChunkSize;
    else if (f.length > 0) {
      this.state = kBody;
      this.left = f.length;
    } else if (f.untilClose) this.state = kUntilClose;
    else this.finish(null);
  }

  finish(trailers) {
    this.state = kHead;
    this.h.onEnd(trailers || []);
  }

  // The connection ended: a body read until close ends with it.
  eof() {
    if (this.state === kUntilClose) this.finish(null);
  }

  fail(code, bytes) {
    this.stopped = true;
    this.h.onError(parseError(code === 'HPE_STRICT' ? 'HPE_STRICT' : code, bytes));
  }

  pause() {
    this.paused = true;
  }

  resume() {
    if (!this.paused) return;
    this.paused = false;
    if (this.buf.length) this.run();
  }
}

// What binding.http's head parse says about the headers (mod.rs' F_*).
const F_CLOSE = 1;
const F_KEEP_ALIVE = 2;
const F_CONN_UPGRADE = 4;
const F_UPGRADE = 8;
const F_HOST = 16;
const F_EXPECT = 32;
const F_CHUNKED = 64;
const F_LENGTH = 128;
const CHUNKED = { chunked: true };
const NO_BODY = { length: 0 };

// How a request's body is framed, from its head's flags (as framing()).
function requestFraming(info) {
  if (info.flags & F_CHUNKED) return CHUNKED;
  if (info.flags & F_LENGTH && info.length > 0) return { length: info.length };
  return NO_BODY;
}

// How a message's body is framed, from its headers.
function framing(headers, { isRequest, method, status }) {
  if (!isRequest && (status === 204 || status === 304 || (status >= 100 && status < 200) || method === 'HEAD')) {
    return { length: 0 };
  }
  const te = headers['transfer-encoding'];
  if (te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te)) return { chunked: true };
  const cl = headers['content-length'];
  if (cl !== undefined) return { length: Number(cl) };
  if (isRequest) return { length: 0 };
  return { untilClose: true };
}

// ---- IncomingMessage ---------------------------------------------------------

// An IncomingMessage makes its Readable state when first used (any
// stream method, property or listener reads `_readableState`): a request
// without a body whose handler never reads it (most GETs) then costs no
// stream machinery. Until then kLazy says how far the body got.
const kLazy = Symbol('kLazy');
const kOpen = 1; // the body may still come
const kEnded = 2; // the body ended (push(null) owed)
const kDumped = 3; // ended and dumped unread: as if it had flowed to 'end'
const kMessageOptions = { autoDestroy: false };

function makeReadableState(msg) {
  const lazy = msg[kLazy];
  msg[kLazy] = 0;
  const state = new Readable.ReadableState(kMessageOptions, msg, false);
  Object.defineProperty(msg, '_readableState', { value: state, writable: true, configurable: true, enumerable: true });
  if (lazy === kEnded) {
    Readable.prototype.push.call(msg, null);
  } else if (lazy === kDumped) {
    state.ended = true;
    state.endEmitted = true;
    state.flowing = true;
    state.dataEmitted = false;
  }
  return state;
}

// The end of a message's body.
function endBody(msg) {
  if (msg[kLazy]) msg[kLazy] = kEnded;
  else msg.push(null);
}

function IncomingMessage(socket) {
  if (!(this instanceof IncomingMessage)) return new IncomingMessage(socket);
  if (typeof this._construct === 'function') {
    Readable.call(this, kMessageOptions);
  } else {
    Stream.call(this, kMessageOptions);
    this[kLazy] = kOpen;
  }
  this.socket = socket;
  this.httpVersionMajor = null;
  this.httpVersionMinor = null;
  this.httpVersion = null;
  this.complete = false;
  this.rawHeaders = [];
  this.rawTrailers = [];
  this.joinDuplicateHeaders = false;
  this.aborted = false;
  this.upgrade = null;
  this.url = '';
  this.method = null;
  this.statusCode = null;
  this.statusMessage = null;
  this._headers = null;
  this._trailers = null;
  this._consuming = false;
  this._dumped = false;
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);

Object.defineProperties(IncomingMessage.prototype, {
  _readableState: {
    configurable: true,
    get() { return makeReadableState(this); },
    set(v) {
      this[kLazy] = 0;
      Object.defineProperty(this, '_readableState', { value: v, writable: true, configurable: true, enumerable: true });
    },
  },
  connection: { configurable: true, get() { return this.socket; }, set(v) { this.socket = v; } },
  headers: {
    configurable: true,
    get() { return (this._headers ??= headersFrom(this.rawHeaders, this.joinDuplicateHeaders)); },
    set(v) { this._headers = v; },
  },
  trailers: {
    configurable: true,
    get() { return (this._trailers ??= headersFrom(this.rawTrailers, this.joinDuplicateHeaders)); },
    set(v) { this._trailers = v; },
  },
  headersDistinct: {
    configurable: true,
    get() {
      const o = {};
      for (let i = 0; i < this.rawHeaders.length; i += 2) (o[this.rawHeaders[i].toLowerCase()] ??= []).push(this.rawHeaders[i + 1]);
      return o;
    },
  },
});

IncomingMessage.prototype._read = function _read() {
  this._consuming = true;
  const parser = this._parser;
  if (parser && parser.paused) {
    parser.resume();
    if (this.socket && !parser.paused) this.socket.resume();
  }
};

IncomingMessage.prototype._dump = function _dump() {
  if (this[kLazy] === kEnded) {
    // Nothing read, nothing listening: the body is over already.
    this._dumped = true;
    this[kLazy] = kDumped;
    return;
  }
  if (!this._dumped) {
    this._dumped = true;
    this.removeAllListeners('data');
    this.resume();
  }
};

IncomingMessage.prototype.setTimeout = function setTimeout(ms, cb) {
  if (cb) this.on('timeout', cb);
  this.socket.setTimeout(ms);
  return this;
};

IncomingMessage.prototype._destroy = function _destroy(err, cb) {
  if (!this.readableEnded || !this.complete) {
    this.aborted = true;
    if (this.socket && !this.socket.destroyed && !this.complete) this.socket.destroy(err);
  }
  cb(err);
};

// Pushes body bytes; a full buffer pauses the parser and the socket.
function pushBody(msg, parser, socket, chunk) {
  if (msg._dumped) return;
  if (!msg.push(Buffer.from(chunk))) {
    parser.pause();
    socket.pause();
  }
}

// emit() only when someone listens (or emit is replaced): the events every
// request goes through mostly have no listener, and an emit() that finds
// none still costs the interpreter its argument list.
const baseEmit = EventEmitter.prototype.emit;
function emitHeard(target, name, arg) {
  const events = target._events;
  if ((events !== undefined && events[name] !== undefined) || target.emit !== baseEmit) {
    if (arg === undefined) target.emit(name);
    else target.emit(name, arg);
  }
}

// ---- OutgoingMessage ---------------------------------------------------------

const kHeaders = Symbol('kHeaders');
const kQueue = Symbol('kQueue');

function validateHeaderPair(name, value) {
  validateHeaderName(name);
  validateHeaderValue(name, value);
}

function OutgoingMessage() {
  Stream.call(this);
  this[kHeaders] = null; // lowercase name → [name, value]
  this[kQueue] = null; // output before a socket is assigned
  this._header = null;
  this._headerPending = false;
  this.socket = null;
  this.finished = false;
  this.writableEnded = false;
  this.writableFinished = false;
  this.chunkedEncoding = false;
  this.useChunkedEncodingByDefault = true;
  this.sendDate = false;
  this.shouldKeepAlive = true;
  this._contentLength = null;
  this._hasBody = true;
  this._trailer = '';
  this._last = false;
  this._removedContLen = false;
  this._removedTE = false;
  this.strictContentLength = false;
  this.destroyed = false;
}
Object.setPrototypeOf(OutgoingMessage.prototype, Stream.prototype);
Object.setPrototypeOf(OutgoingMessage, Stream);

function headersSentError(what) {
  return codeError(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${what} headers after they are sent to the client`);
}

OutgoingMessage.prototype.setHeader = function setHeader(name, value) {
  if (this._header) throw headersSentError('set');
  validateHeaderPair(name, value);
  (this[kHeaders] ??= Object.create(null))[name.toLowerCase()] = [name, value];
  return this;
};

OutgoingMessage.prototype.appendHeader = function appendHeader(name, value) {
  if (this._header) throw headersSentError('append');
  validateHeaderPair(name, value);
  const key = name.toLowerCase();
  const h = (this[kHeaders] ??= Object.create(null));
  if (h[key]) {
    const prev = Array.isArray(h[key][1]) ? h[key][1] : [h[key][1]];
    h[key] = [h[key][0], prev.concat(value)];
  } else {
    h[key] = [name, value];
  }
  return this;
};

OutgoingMessage.prototype.getHeader = function getHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  const e = this[kHeaders] && this[kHeaders][name.toLowerCase()];
  return e && e[1];
};

OutgoingMessage.prototype.getHeaders = function getHeaders() {
  const o = Object.create(null);
  if (this[kHeaders]) for (const k of Object.keys(this[kHeaders])) o[k] = this[kHeaders][k][1];
  return o;
};

OutgoingMessage.prototype.getHeaderNames = function getHeaderNames() {
  return this[kHeaders] ? Object.keys(this[kHeaders]) : [];
};

OutgoingMessage.prototype.getRawHeaderNames = function getRawHeaderNames() {
  return this[kHeaders] ? Object.values(this[kHeaders]).map((e) => e[0]) : [];
};

OutgoingMessage.prototype.hasHeader = function hasHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  return !!(this[kHeaders] && this[kHeaders][name.toLowerCase()]);
};

OutgoingMessage.prototype.removeHeader = function removeHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  if (this._header) throw headersSentError('remove');
  const key = name.toLowerCase();
  if (key === 'content-length') this._removedContLen = true;
  else if (key === 'transfer-encoding') this._removedTE = true;
  if (this[kHeaders]) delete this[kHeaders][key];
};

OutgoingMessage.prototype.flushHeaders = function flushHeaders() {
  if (!this._header) this._implicitHeader();
  this._send(EMPTY);
};

// What _storeHeader saw among the headers (bits of `seen`).
const SEEN_CONNECTION = 1;
const SEEN_LENGTH = 2;
const SEEN_TE = 4;
const SEEN_DATE = 8;
const SEEN_TRAILER = 16;

// The head text of `name: value` (each value of an array), left in
// `headLine`, and in the returned bits what framing header it is;
// `validate` checks the value (headers from setHeader were checked then).
let headLine = '';
function headerLine(msg, name, value, validate) {
  if (Array.isArray(value)) {
    let seen = 0;
    let text = '';
    for (const v of value) {
      seen |= headerLine(msg, name, v, validate);
      text += headLine;
    }
    headLine = text;
    return seen;
  }
  if (validate) validateHeaderValue(name, value);
  headLine = `${name}: ${value}${CRLF}`;
  // Only names of these lengths matter for framing.
  const n = name.length;
  if (n !== 10 && n !== 14 && n !== 17 && n !== 4 && n !== 7) return 0;
  const key = name.toLowerCase();
  if (key === 'connection') {
    if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) msg._last = true;
    else msg.shouldKeepAlive = true;
    return SEEN_CONNECTION;
  }
  if (key === 'content-length') return SEEN_LENGTH;
  if (key === 'transfer-encoding') {
    if (/(?:^|,)\s*chunked\s*$/i.test(String(value))) msg.chunkedEncoding = true;
    return SEEN_TE;
  }
  if (key === 'date') return SEEN_DATE;
  if (key === 'trailer') return SEEN_TRAILER;
  return 0;
}

// Builds the head from `firstLine` and the headers, deciding the framing.
OutgoingMessage.prototype._storeHeader = function _storeHeader(firstLine, headers) {
  let head = firstLine;
  let seen = 0;
  if (headers) {
    if (Array.isArray(headers)) {
      if (headers.length && Array.isArray(headers[0])) {
        for (const [n, v] of headers) {
          seen |= headerLine(this, n, v, true);
          head += headLine;
        }
      } else {
        for (let i = 0; i < headers.length; i += 2) {
          seen |= headerLine(this, headers[i], headers[i + 1], true);
          head += headLine;
        }
      }
    } else {
      const own = this[kHeaders] === headers;
      for (const k of Object.keys(headers)) {
        const e = headers[k];
        if (own && Array.isArray(e) && e.length === 2) seen |= headerLine(this, e[0], e[1], false);
        else seen |= headerLine(this, k, e, true);
        head += headLine;
      }
    }
    headLine = '';
  }
  if (this.sendDate && !(seen & SEEN_DATE)) head += `Date: ${utcDate()}${CRLF}`;
  if (!(seen & SEEN_CONNECTION)) {
    const keep = this.shouldKeepAlive && !this._last;
    if (this._defaultKeepAlive === false) {
      // a server response to a request without keep-alive: nothing
      this._last = true;
    } else if (keep) {
      head += `Connection: keep-alive${CRLF}`;
      if (this._keepAliveHint) head += this._keepAliveHint;
    } else {
      this._last = true;
      head += `Connection: close${CRLF}`;
    }
  }
  if (!(seen & (SEEN_LENGTH | SEEN_TE))) {
    if (!this._hasBody) {
      // no body (HEAD, 204, 304)
    } else if (!this.useChunkedEncodingByDefault) {
      // A GET, HEAD, … request: no body framing; a response to HTTP/1.0:
      // the body ends with the connection.
      this._last = true;
    } else if (!(seen & SEEN_TRAILER) && this._contentLength !== null && !this._removedContLen) {
      head += `Content-Length: ${this._contentLength}${CRLF}`;
    } else if (!this._removedTE) {
      head += `Transfer-Encoding: chunked${CRLF}`;
      this.chunkedEncoding = true;
    } else {
      this._last = true;
    }
  }
  this._header = head + CRLF;
  this._headerPending = true;
};

const pipe = internals.pipe();

// The pending head and `data` in one native write to the socket's handle,
// past its Writable (the hot path of a response sent by end()): only when
// that Writable has nothing queued, so the order of bytes holds (libuv
// queues a later write behind this one). False when it cannot, or the
// write failed (the Writable then writes and reports the error).
function sendDirect(msg, data, cb) {
  const socket = msg.socket;
  if (!socket || msg._attached === false || socket.connecting || socket.destroyed) return false;
  const h = socket[pipe.kHandle];
  if (typeof h !== 'number') return false;
  const ws = socket._writableState;
  if (ws.length !== 0 || ws.writing || ws.corked || ws.ending || ws.errored) return false;
  const r = native.send(h, msg._header, data);
  if (r < 0) return false;
  msg._headerPending = false;
  socket[pipe.kBytesWritten] += msg._header.length + data.length;
  if (socket[pipe.kActive]) socket[pipe.kActive]();
  if (r === 0) {
    if (cb) process.nextTick(cb);
  } else {
    socket[pipe.kWrites].set(r, (err) => {
      if (cb) cb(err);
      if (err) socket.destroy(err);
    });
  }
  return true;
}

// Writes bytes to the socket, or queues them until one is assigned.
OutgoingMessage.prototype._send = function _send(data, cb) {
  if (this._headerPending && sendDirect(this, data, cb)) return true;
  let out = data;
  if (this._headerPending) {
    this._headerPending = false;
    const h = Buffer.from(native.latin1(this._header));
    out = data.length ? Buffer.concat([h, data]) : h;
  }
  if (!out.length) {
    if (cb) process.nextTick(cb);
    return true;
  }
  if (this.socket && this._attached !== false && !this.socket.destroyed) return this.socket.write(out, cb);
  const q = (this[kQueue] ??= []);
  q.push([out, cb]);
  this._queued = (this._queued || 0) + out.length;
  if (this._queued >= 16384) this._needDrain = true;
  return !this._needDrain;
};

OutgoingMessage.prototype._flushQueue = function _flushQueue() {
  const q = this[kQueue];
  this[kQueue] = null;
  this._queued = 0;
  let ok = true;
  if (q) for (const [data, cb] of q) ok = this.socket.write(data, cb);
  if (this._needDrain && ok) {
    this._needDrain = false;
    process.nextTick(() => this.emit('drain'));
  }
};

// Chunks written in one tick go out as one chunk on the next (as Node 24).
function flushChunks(msg) {
  msg._chunkScheduled = false;
  const parts = msg._chunks;
  if (!parts || !parts.length || msg.writableEnded) return;
  msg._chunks = [];
  const cbs = msg._chunkCbs;
  msg._chunkCbs = [];
  const data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  const framed = Buffer.concat([Buffer.from(`${data.length.toString(16)}${CRLF}`), data, Buffer.from(CRLF)]);
  const ok = msg._send(framed, cbs.length ? (err) => { for (const cb of cbs) cb(err); } : undefined);
  // A write() that said false waits for 'drain': from the socket when it
  // is full, else now.
  if (msg._needDrain && ok) {
    msg._needDrain = false;
    msg.emit('drain');
  }
}

function toBuffer(chunk, encoding) {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
}

OutgoingMessage.prototype.write = function write(chunk, encoding, cb) {
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = undefined;
  }
  if (this.writableEnded) {
    const e = codeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
    process.nextTick(() => {
      if (cb) cb(e);
      this.emit('error', e);
    });
    return true;
  }
  if (chunk === null) throw codeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  const data = toBuffer(chunk, encoding);
  if (!this._header) this._implicitHeader();
  if (!this._hasBody) {
    if (cb) process.nextTick(cb);
    return true;
  }
  if (!data.length) {
    if (cb) process.nextTick(cb);
    return this._send(EMPTY) !== false;
  }
  if (this.chunkedEncoding) {
    (this._chunks ??= []).push(data);
    (this._chunkCbs ??= []);
    if (cb) this._chunkCbs.push(cb);
    this._chunkBytes = (this._chunkScheduled ? this._chunkBytes : 0) + data.length;
    if (!this._chunkScheduled) {
      this._chunkScheduled = true;
      process.nextTick(flushChunks, this);
    }
    if (this._chunkBytes < 16384) return true;
    this._needDrain = true;
    return false;
  }
  return this._send(data, cb);
};

OutgoingMessage.prototype.addTrailers = function addTrailers(headers) {
  this._trailer = '';
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of list) {
    if (!TOKEN.test(name)) throw codeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Trailer name must be a valid HTTP token ["${name}"]`);
    if (BAD_VALUE_CHAR.test(`${value}`)) throw codeError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in trailer content ["${name}"]`);
    this._trailer += `${name}: ${value}${CRLF}`;
  }
};

OutgoingMessage.prototype.end = function end(chunk, encoding, cb) {
  if (typeof chunk === 'function') {
    cb = chunk;
    chunk = null;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = undefined;
  }
  if (this.writableEnded) {
    if (cb) {
      if (this.writableFinished) process.nextTick(cb);
      else this.once('finish', cb);
    }
    return this;
  }
  let data = EMPTY;
  if (chunk !== null && chunk !== undefined) data = toBuffer(chunk, encoding);
  if (!this._header) {
    if (this._contentLength === null && !this._removedContLen) this._contentLength = data.length;
    this._implicitHeader();
  }
  let out = this._hasBody ? data : EMPTY;
  let endCbs = null;
  if (this.chunkedEncoding && this._hasBody) {
    const parts = [];
    if (this._chunks && this._chunks.length) {
      // What this tick wrote goes out with the end, in one chunk.
      data = Buffer.concat([...this._chunks, data]);
      this._chunks = [];
      endCbs = this._chunkCbs;
      this._chunkCbs = [];
    }
    if (data.length) parts.push(Buffer.from(`${data.length.toString(16)}${CRLF}`), data, Buffer.from(CRLF));
    parts.push(Buffer.from(native.latin1(`0${CRLF}${this._trailer}${CRLF}`)));
    out = Buffer.concat(parts);
  }
  this.writableEnded = true;
  this.finished = true;
  if (cb) this.once('finish', cb);
  const onDone = (err) => {
    if (endCbs) for (const f of endCbs) f(err);
    this._finish();
  };
  if (out.length || this._headerPending) this._send(out, onDone);
  else process.nextTick(onDone);
  return this;
};

OutgoingMessage.prototype._finish = function _finish() {
  if (this.writableFinished) return;
  this.writableFinished = true;
  emitHeard(this, 'prefinish');
  emitHeard(this, 'finish');
  if (this._onFinish) this._onFinish();
};

OutgoingMessage.prototype.destroy = function destroy(err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this.socket) this.socket.destroy(err);
  else this.once('socket', (s) => s.destroy(err));
  return this;
};

Object.defineProperties(OutgoingMessage.prototype, {
  connection: { configurable: true, get() { return this.socket; } },
  writableLength: { configurable: true, get() { return this.socket ? this.socket.writableLength : 0; } },
  writableHighWaterMark: { configurable: true, get() { return this.socket ? this.socket.writableHighWaterMark : 16384; } },
  writableCorked: { configurable: true, get() { return 0; } },
  writableNeedDrain: { configurable: true, get() { return !!(this.socket && this.socket.writableNeedDrain); } },
  writable: { configurable: true, get() { return !this.writableEnded && !this.destroyed; } },
  headersSent: {
    configurable: true,
    get() { return !!this._header; },
    set() {},
  },
});
OutgoingMessage.prototype.cork = function cork() { if (this.socket) this.socket.cork(); };
OutgoingMessage.prototype.uncork = function uncork() { if (this.socket) this.socket.uncork(); };
OutgoingMessage.prototype.setTimeout = function setTimeout(ms, cb) {
  if (cb) this.on('timeout', cb);
  if (this.socket) this.socket.setTimeout(ms);
  else this.once('socket', (s) => s.setTimeout(ms));
  return this;
};

// ---- ServerResponse ------------------------------------------------------------

function ServerResponse(req, options) {
  if (!(this instanceof ServerResponse)) return new ServerResponse(req, options);
  OutgoingMessage.call(this);
  this.req = req;
  this.statusCode = 200;
  this.statusMessage = undefined;
  this.sendDate = true;
  this._isResponse = true;
  this._sent100 = false;
  this._expect_continue = false;
  if (req.method === 'HEAD') this._hasBody = false;
  this.shouldKeepAlive = req._keepAlive;
  if (req.httpVersionMinor === 0) {
    // An HTTP/1.0 client gets chunks only if it asked for them (TE).
    this.useChunkedEncodingByDefault = /(?:^|\W)chunked(?:$|\W)/i.test(req.headers.te || '');
    this.shouldKeepAlive = false;
  }
  this._attached = false;
}
Object.setPrototypeOf(ServerResponse.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ServerResponse, OutgoingMessage);

ServerResponse.prototype.assignSocket = function assignSocket(socket) {
  this.socket = socket;
  this._attached = true;
  emitHeard(this, 'socket', socket);
  this._flushQueue();
};

ServerResponse.prototype.detachSocket = function detachSocket() {
  this._attached = false;
};

ServerResponse.prototype.writeContinue = function writeContinue(cb) {
  this.socket.write(`HTTP/1.1 100 Continue${CRLF}${CRLF}`, 'latin1', cb);
  this._sent100 = true;
};

ServerResponse.prototype.writeProcessing = function writeProcessing(cb) {
  this.socket.write(`HTTP/1.1 102 Processing${CRLF}${CRLF}`, 'latin1', cb);
};

ServerResponse.prototype.writeEarlyHints = function writeEarlyHints(hints, cb) {
  let head = `HTTP/1.1 103 Early Hints${CRLF}`;
  for (const [k, v] of Object.entries(hints)) head += `${k}: ${Array.isArray(v) ? v.join(', ') : v}${CRLF}`;
  this.socket.write(head + CRLF, 'latin1', cb);
};

ServerResponse.prototype._implicitHeader = function _implicitHeader() {
  this.writeHead(this.statusCode);
};

// The Keep-Alive header line for a server's keepAliveTimeout (made once).
let hintFor = -1;
let hintText = '';
function keepAliveHint(ms) {
  if (ms !== hintFor) {
    hintFor = ms;
    hintText = `Keep-Alive: timeout=${Math.floor(ms / 1000)}${CRLF}`;
  }
  return hintText;
}

ServerResponse.prototype.writeHead = function writeHead(statusCode, reason, obj) {
  if (this._header) throw codeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot write headers after they are sent to the client');
  const original = statusCode;
  statusCode |= 0;
  if (statusCode < 100 || statusCode > 999) {
    throw codeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${original}`);
  }
  if (typeof reason === 'string') {
    this.statusMessage = reason;
  } else {
    if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
    obj ??= reason;
  }
  if (this.statusMessage !== STATUS_CODES[statusCode] && /[\r\n]/.test(this.statusMessage)) {
    throw codeError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in statusMessage');
  }
  this.statusCode = statusCode;
  let headers;
  if (this[kHeaders]) {
    if (obj) {
      if (Array.isArray(obj)) {
        for (let i = 0; i < obj.length; i += 2) this.appendHeader(obj[i], obj[i + 1]);
      } else {
        for (const k of Object.keys(obj)) if (k) this.setHeader(k, obj[k]);
      }
    }
    headers = this[kHeaders];
  } else if (obj) {
    if (Array.isArray(obj)) {
      if (obj.length % 2 !== 0) throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'headers' is invalid. Received ${internals.requireBuiltin('util').inspect(obj)}`);
      for (let i = 0; i < obj.length; i += 2) validateHeaderName(obj[i]);
    } else {
      for (const k of Object.keys(obj)) validateHeaderName(k);
    }
    headers = obj;
  }
  if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode <= 199)) this._hasBody = false;
  if (this._expect_continue && !this._sent100) this.shouldKeepAlive = false;
  this._keepAliveHint = this._keepAliveTimeout ? keepAliveHint(this._keepAliveTimeout) : '';
  this._storeHeader(`HTTP/1.1 ${statusCode} ${this.statusMessage}${CRLF}`, headers);
  return this;
};

// ---- Server --------------------------------------------------------------------

const kConnState = Symbol('kConnState');

function Server(options, requestListener) {
  if (!(this instanceof Server)) return new Server(options, requestListener);
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  net.Server.call(this, { allowHalfOpen: true, noDelay: options.noDelay ?? true,
    keepAlive: options.keepAlive, keepAliveInitialDelay: options.keepAliveInitialDelay });
  initServer(this, options, requestListener);
  this.on('connection', connectionListener);
}

// The HTTP part of a server (https.Server, a tls.Server, shares it: its
// 'secureConnection' sockets go to connectionListener).
function initServer(server, options, requestListener) {
  server.IncomingMessage = options.IncomingMessage || IncomingMessage;
  server.ServerResponse = options.ServerResponse || ServerResponse;
  server.maxHeaderSize = options.maxHeaderSize;
  server.requireHostHeader = options.requireHostHeader !== false;
  server.joinDuplicateHeaders = !!options.joinDuplicateHeaders;
  server.timeout = 0;
  server.maxHeadersCount = null;
  server.maxRequestsPerSocket = 0;
  server.headersTimeout = options.headersTimeout ?? 60000;
  server.requestTimeout = options.requestTimeout ?? 300000;
  server.keepAliveTimeout = options.keepAliveTimeout ?? 5000;
  server.connectionsCheckingInterval = options.connectionsCheckingInterval ?? 30000;
  if (server.requestTimeout > 0 && server.headersTimeout > 0 && server.headersTimeout > server.requestTimeout) {
    throw codeError(TypeError, 'ERR_OUT_OF_RANGE', `The value of "headersTimeout" is out of range. It must be <= requestTimeout. Received ${server.headersTimeout}`);
  }
  server._connections = new Set();
  if (requestListener) server.on('request', requestListener);
  server.on('listening', () => startChecking(server));
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

Server.prototype.setTimeout = function setTimeout(ms, cb) {
  this.timeout = ms;
  if (cb) this.on('timeout', cb);
  return this;
};

const netClose = net.Server.prototype.close;
Server.prototype.close = function close(cb) {
  if (this._checker) {
    clearInterval(this._checker);
    this._checker = null;
  }
  netClose.call(this, cb);
  this.closeIdleConnections();
  return this;
};

Server.prototype.closeAllConnections = function closeAllConnections() {
  for (const s of this._connections) s.destroy();
};

Server.prototype.closeIdleConnections = function closeIdleConnections() {
  for (const s of this._connections) {
    const st = s[kConnState];
    if (st && st.responses.length === 0 && !st.parsing) s.destroy();
  }
};

// headersTimeout / requestTimeout: every connectionsCheckingInterval, a
// connection whose head (or whole request) is late gets a 408.
function startChecking(server) {
  if (server._checker || server.connectionsCheckingInterval <= 0) return;
  if (!(server.headersTimeout > 0) && !(server.requestTimeout > 0)) return;
  server._checker = setInterval(() => {
    const now = Date.now();
    for (const s of server._connections) {
      const st = s[kConnState];
      if (!st || st.started === 0) continue;
      const late = (!st.headDone && server.headersTimeout > 0 && now - st.started > server.headersTimeout) ||
        (server.requestTimeout > 0 && now - st.started > server.requestTimeout);
      if (late) {
        st.started = 0;
        const e = codeError(Error, 'ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout');
        clientError(server, s, e, 408, 'Request Timeout');
      }
    }
  }, server.connectionsCheckingInterval);
  server._checker.unref();
}

function clientError(server, socket, err, status, text) {
  const st = socket[kConnState];
  if (st) st.parser.stopped = true;
  if (server.listenerCount('clientError')) {
    server.emit('clientError', err, socket);
    return;
  }
  if (socket.writable && (!st || st.responses.length === 0 || !st.responses[0]._header)) {
    socket.end(`HTTP/1.1 ${status} ${text}${CRLF}Connection: close${CRLF}${CRLF}`);
  }
  socket.destroy(err);
}

function connectionListener(socket) {
  const server = this;
  server._connections.add(socket);
  socket.on('close', () => server._connections.delete(socket));
  if (server.timeout) socket.setTimeout(server.timeout);
  socket.on('timeout', () => {
    const st = socket[kConnState];
    if (st && st.keepAliveSet && !server.timeout && (st.parsing || st.responses.length)) {
      // A request in progress: the keep-alive timeout waits for the next idle spell.
      socket.setTimeout(server.keepAliveTimeout);
      return;
    }
    const req = st && st.current;
    let handled = false;
    if (req && req.listenerCount('timeout')) { req.emit('timeout', socket); handled = true; }
    const res = st && st.responses[0];
    if (res && res.listenerCount('timeout')) { res.emit('timeout', socket); handled = true; }
    if (!handled && server.listenerCount('timeout')) { server.emit('timeout', socket); handled = true; }
    if (!handled) socket.destroy();
  });
  const st = {
    parser: null,
    responses: [],
    current: null,
    started: Date.now(),
    headDone: false,
    parsing: false,
    requests: 0,
  };
  socket[kConnState] = st;
  const maxHeaderSize = server.maxHeaderSize ?? maxHeaderSizeDefault;
  let req = null;
  const parser = new Parser(true, maxHeaderSize, {
    onHead(info) {
      st.headDone = true;
      st.parsing = true;
      req = new server.IncomingMessage(socket);
      req._parser = parser;
      req.method = info.a;
      req.url = info.b;
      req.httpVersionMajor = 1;
      req.httpVersionMinor = info.minor;
      req.httpVersion = `1.${info.minor}`;
      req.rawHeaders = info.raw;
      req.joinDuplicateHeaders = server.joinDuplicateHeaders;
      const flags = info.flags;
      req._keepAlive = info.minor === 1 ? !(flags & F_CLOSE) : (flags & F_KEEP_ALIVE) !== 0;
      st.current = req;
      st.requests++;
      if (info.minor === 1 && server.requireHostHeader && !(flags & F_HOST)) {
        // Node answers 400 itself, with no 'request'.
        handleRequest(server, socket, st, req, true, false);
        return requestFraming(info);
      }
      const upgrade = (flags & F_UPGRADE) !== 0 && (flags & F_CONN_UPGRADE) !== 0;
      req.upgrade = upgrade || req.method === 'CONNECT';
      if (req.method === 'CONNECT' || (upgrade && server.listenerCount('upgrade') > 0)) {
        if (server.listenerCount(req.method === 'CONNECT' ? 'connect' : 'upgrade') > 0) return 'upgrade';
        if (req.method === 'CONNECT') {
          socket.destroy();
          return 'upgrade';
        }
      }
      const f = requestFraming(info);
      handleRequest(server, socket, st, req, false, (flags & F_EXPECT) !== 0);
      return f;
    },
    onBody(chunk) {
      pushBody(req, parser, socket, chunk);
    },
    onEnd(trailers) {
      st.parsing = false;
      st.headDone = false;
      st.started = 0;
      req.rawTrailers = trailers;
      req.complete = true;
      endBody(req);
    },
    onUpgrade(head) {
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      st.started = 0;
      server._connections.delete(socket);
      const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
      req.complete = true;
      endBody(req);
      socket.setTimeout(0);
      server.emit(event, req, socket, Buffer.from(head));
    },
    onError(err) {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      clientError(server, socket, err, status, status === 431 ? 'Request Header Fields Too Large' : 'Bad Request');
    },
  });
  st.parser = parser;
  const onData = (d) => {
    if (st.started === 0 && !st.parsing) st.started = Date.now();
    parser.execute(d);
  };
  const onEnd = () => {
    parser.eof();
    if (req && !req.complete) {
      req.aborted = true;
    }
    if (st.responses.length === 0) socket.end();
    else st.endAfter = true;
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('drain', () => {
    const res = st.responses[0];
    if (res && res._attached) {
      res._needDrain = false;
      res.emit('drain');
    }
  });
  socket.on('error', (e) => {
    if (server.listenerCount('clientError')) server.emit('clientError', e, socket);
    else socket.destroy();
  });
  socket.on('close', () => {
    for (const res of st.responses) {
      if (!res.writableFinished) {
        res.destroyed = true;
        res.emit('close');
      }
    }
    if (req && !req.complete) {
      req.aborted = true;
      req.emit('aborted');
      req.destroy();
    }
  });
}

function handleRequest(server, socket, st, req, missingHost, hasExpect) {
  const res = new server.ServerResponse(req);
  res._keepAliveTimeout = server.keepAliveTimeout;
  if (server.maxRequestsPerSocket > 0 && st.requests >= server.maxRequestsPerSocket) res.shouldKeepAlive = false;
  st.responses.push(res);
  if (st.responses.length === 1) res.assignSocket(socket);
  else res.socket = socket;
  res._onFinish = () => {
    st.responses.shift();
    res.detachSocket();
    if (req[kLazy] === kEnded || (!req._consuming && !req.readableEnded)) req._dump();
    const last = res._last || !res.shouldKeepAlive;
    const next = st.responses[0];
    if (last) {
      socket.end();
      st.parser.stopped = true;
    } else if (next) {
      next.assignSocket(socket);
    } else if (st.endAfter) {
      socket.end();
    } else if (server.keepAliveTimeout > 0 && !server.timeout && !st.keepAliveSet) {
      // The keep-alive timer is armed once; reads and writes re-arm it, and
      // it is ignored while a request is in progress (timeout handler).
      st.keepAliveSet = true;
      socket.setTimeout(server.keepAliveTimeout);
    }
    emitHeard(res, 'close');
    emitHeard(req, 'close');
  };
  if (missingHost) {
    res.writeHead(400, ['Connection', 'close']);
    res.end();
    return;
  }
  const expect = hasExpect ? req.headers.expect : undefined;
  if (expect !== undefined) {
    if (req.httpVersionMinor === 1 && /^100-continue$/i.test(expect)) {
      res._expect_continue = true;
      if (server.listenerCount('checkContinue')) {
        server.emit('checkContinue', req, res);
        return;
      }
      res.writeContinue();
    } else if (server.listenerCount('checkExpectation')) {
      server.emit('checkExpectation', req, res);
      return;
    } else {
      res.writeHead(417);
      res.end();
      return;
    }
  }
  server.emit('request', req, res);
}

function createServer(options, listener) {
  return new Server(options, listener);
}

// ---- Agent -----------------------------------------------------------------------

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EventEmitter.call(this);
  this.options = { __proto__: null, ...options };
  if (this.options.noDelay === undefined) this.options.noDelay = true;
  this.options.path = null;
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
  this.keepAlive = this.options.keepAlive || false;
  this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
  this.maxFreeSockets = this.options.maxFreeSockets || 256;
  this.maxTotalSockets = this.options.maxTotalSockets || Infinity;
  this.scheduling = this.options.scheduling || 'lifo';
  this.requests = Object.create(null);
  this.sockets = Object.create(null);
  this.freeSockets = Object.create(null);
  this.totalSocketCount = 0;
  this.on('free', (socket, opts) => this._onFree(socket, opts));
}
Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Agent, EventEmitter);
Agent.defaultMaxSockets = Infinity;

Agent.prototype.getName = function getName(options = {}) {
  let name = options.host || 'localhost';
  name += ':';
  if (options.port) name += options.port;
  name += ':';
  if (options.localAddress) name += options.localAddress;
  if (options.family === 4 || options.family === 6) name += `:${options.family}`;
  if (options.socketPath) name += `:${options.socketPath}`;
  return name;
};

Agent.prototype.createConnection = function createConnection(options, cb) {
  return net.createConnection(options, cb);
};

Agent.prototype.keepSocketAlive = function keepSocketAlive(socket) {
  socket.setKeepAlive(true, this.keepAliveMsecs);
  socket.unref();
  const t = this.options.timeout;
  if (t > 0 && socket.timeout !== t) socket.setTimeout(t);
  return true;
};

Agent.prototype.reuseSocket = function reuseSocket(socket, req) {
  req.reusedSocket = true;
  socket.ref();
};

Agent.prototype.addRequest = function addRequest(req, options) {
  options = { __proto__: null, ...options, ...this.options };
  if (options.socketPath) options.path = options.socketPath;
  req._agentOptions = options;
  const name = this.getName(options);
  const free = this.freeSockets[name];
  while (free && free.length) {
    const socket = this.scheduling === 'fifo' ? free.shift() : free.pop();
    if (!free.length) delete this.freeSockets[name];
    if (socket.destroyed) continue;
    this.reuseSocket(socket, req);
    (this.sockets[name] ??= []).push(socket);
    socket.setTimeout(0);
    req.onSocket(socket);
    return;
  }
  const active = (this.sockets[name] || []).length;
  if (active < this.maxSockets && this.totalSocketCount < this.maxTotalSockets) {
    this.createSocket(req, options, name);
  } else {
    (this.requests[name] ??= []).push([req, options]);
  }
};

Agent.prototype.createSocket = function createSocket(req, options, name) {
  options._agentKey = name;
  const socket = this.createConnection(options);
  this.totalSocketCount++;
  (this.sockets[name] ??= []).push(socket);
  const remove = () => {
    for (const table of [this.sockets, this.freeSockets]) {
      const list = table[name];
      if (!list) continue;
      const i = list.indexOf(socket);
      if (i !== -1) {
        list.splice(i, 1);
        if (!list.length) delete table[name];
        this.totalSocketCount--;
        break;
      }
    }
    this._next(name);
  };
  socket.once('close', remove);
  socket.on('timeout', () => {
    if (this.freeSockets[name] && this.freeSockets[name].includes(socket)) socket.destroy();
  });
  socket.on('error', () => {
    if (this.freeSockets[name] && this.freeSockets[name].includes(socket)) socket.destroy();
  });
  req.onSocket(socket);
};

Agent.prototype._next = function _next(name) {
  const queue = this.requests[name];
  if (!queue || !queue.length) return;
  const [req, options] = queue.shift();
  if (!queue.length) delete this.requests[name];
  this.addRequest(req, options);
};

Agent.prototype._onFree = function _onFree(socket, options) {
  if (socket.destroyed) return;
  const name = this.getName({ __proto__: null, ...options, ...this.options });
  const queue = this.requests[name];
  if (queue && queue.length) {
    // A queued request takes the socket as it is (Node does not count
    // this as reusing it).
    const [req] = queue.shift();
    if (!queue.length) delete this.requests[name];
    req.onSocket(socket);
    return;
  }
  const active = this.sockets[name];
  const i = active ? active.indexOf(socket) : -1;
  if (i !== -1) {
    active.splice(i, 1);
    if (!active.length) delete this.sockets[name];
  }
  const free = this.freeSockets[name] || [];
  if (this.keepAlive && free.length < this.maxFreeSockets && this.keepSocketAlive(socket)) {
    free.push(socket);
    this.freeSockets[name] = free;
  } else {
    if (i !== -1) (this.sockets[name] ??= []).push(socket);
    socket.destroy();
  }
};

Agent.prototype.destroy = function destroy() {
  for (const table of [this.freeSockets, this.sockets]) {
    for (const list of Object.values(table)) for (const s of list.slice()) s.destroy();
  }
};

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

// ---- ClientRequest -----------------------------------------------------------------

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

function urlToOptions(url) {
  const o = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') o.port = Number(url.port);
  if (url.username || url.password) o.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return o;
}

function ClientRequest(input, options, cb) {
  if (!(this instanceof ClientRequest)) return new ClientRequest(input, options, cb);
  OutgoingMessage.call(this);
  if (typeof input === 'string') {
    input = urlToOptions(new URL(input));
  } else if (input instanceof URL) {
    input = urlToOptions(input);
  } else {
    cb = options;
    options = input;
    input = null;
  }
  if (typeof options === 'function') {
    cb = options;
    options = input || {};
  } else {
    options = { ...input, ...options };
  }
  let agent = options.agent;
  const defaultAgent = options._defaultAgent || globalAgent;
  if (agent === false) agent = new defaultAgent.constructor();
  else if (agent === null || agent === undefined) {
    if (typeof options.createConnection !== 'function') agent = defaultAgent;
  } else if (typeof agent.addRequest !== 'function') {
    throw invalidArgType('options.agent', 'of type Agent-like Object, undefined, or false', agent);
  }
  this.agent = agent;
  const protocol = options.protocol || defaultAgent.protocol;
  const expected = (agent && agent.protocol) || defaultAgent.protocol;
  if (protocol !== expected) {
    throw codeError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "${expected}"`);
  }
  const defaultPort = options.defaultPort || (agent && agent.defaultPort) || 80;
  const port = options.port = options.port || defaultPort || 80;
  const host = options.host = options.hostname || options.host || 'localhost';
  const method = options.method === undefined || options.method === null ? 'GET' : options.method;
  if (typeof method !== 'string') throw invalidArgType('options.method', 'of type string', method);
  if (!TOKEN.test(method)) throw codeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${method}"]`);
  this.method = method.toUpperCase();
  const path = options.path === undefined ? '/' : options.path;
  if (/[\u0000-\u0020]/.test(path)) throw codeError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
  this.path = path;
  this.host = host;
  this.protocol = protocol;
  this.timeout = options.timeout;
  this.reusedSocket = false;
  this.aborted = false;
  this.res = null;
  this.maxHeadersCount = null;
  this._ended = false;
  this.maxHeaderSize = options.maxHeaderSize;
  this.joinDuplicateHeaders = options.joinDuplicateHeaders;
  this.useChunkedEncodingByDefault = !NO_BODY_METHODS.has(this.method);
  this.shouldKeepAlive = !!(agent && agent.keepAlive);
  if (cb) this.once('response', cb);
  if (options.timeout !== undefined) this.setTimeout(options.timeout);
  const headers = options.headers;
  let headersArray = null;
  if (Array.isArray(headers)) {
    headersArray = headers;
  } else if (headers) {
    for (const k of Object.keys(headers)) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
  }
  if (options.setHost !== false && !(headersArray ? headersArray.some((h, i) => i % 2 === 0 && /^host$/i.test(h)) : this.getHeader('host'))) {
    let hostHeader = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    if (port && +port !== defaultPort) hostHeader += `:${port}`;
    if (headersArray) headersArray = ['Host', hostHeader, ...headersArray];
    else this.setHeader('Host', hostHeader);
  }
  if (options.auth && !this.getHeader('authorization')) {
    this.setHeader('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
  }
  this._headersArray = headersArray;
  if (this.getHeader('expect') && !this._header) {
    this._implicitHeader();
    this._send(EMPTY);
  }
  if (options.signal) {
    const signal = options.signal;
    const onAbort = () => this.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
    if (signal.aborted) process.nextTick(onAbort);
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  if (agent) {
    agent.addRequest(this, options);
  } else {
    const optsWithPath = { ...options };
    if (options.socketPath) optsWithPath.path = options.socketPath;
    let called = false;
    const onCreate = (err, socket) => {
      if (called) return;
      called = true;
      if (err) process.nextTick(() => this.emit('error', err));
      else this.onSocket(socket);
    };
    const socket = options.createConnection ? options.createConnection(optsWithPath, onCreate) : net.createConnection(optsWithPath);
    if (socket) onCreate(null, socket);
  }
}
Object.setPrototypeOf(ClientRequest.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ClientRequest, OutgoingMessage);

ClientRequest.prototype._implicitHeader = function _implicitHeader() {
  if (this._header) throw headersSentError('render');
  this._storeHeader(`${this.method} ${this.path} HTTP/1.1${CRLF}`, this._headersArray || this[kHeaders]);
};

ClientRequest.prototype.abort = function abort() {
  if (this.aborted) return;
  this.aborted = true;
  process.nextTick(() => this.emit('abort'));
  this.destroy();
};

ClientRequest.prototype.destroy = function destroy(err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this.res) this.res._dump();
  this._destroyError = err;
  if (this.socket) this.socket.destroy(err);
  else {
    process.nextTick(() => {
      if (err) this.emit('error', err);
      else if (!this.res) this.emit('error', hangUp());
      this.emit('close');
    });
  }
  return this;
};

ClientRequest.prototype.setNoDelay = function setNoDelay(v) {
  if (this.socket) this.socket.setNoDelay(v);
  else this.once('socket', (s) => s.setNoDelay(v));
};

ClientRequest.prototype.setSocketKeepAlive = function setSocketKeepAlive(enable, delay) {
  if (this.socket) this.socket.setKeepAlive(enable, delay);
  else this.once('socket', (s) => s.setKeepAlive(enable, delay));
};

ClientRequest.prototype.setTimeout = function setTimeout(ms, cb) {
  if (cb) this.once('timeout', cb);
  const apply = (s) => {
    s.setTimeout(ms);
    if (!s[kReqTimeout]) {
      s[kReqTimeout] = true;
      s.on('timeout', () => {
        const r = s._httpMessage;
        if (r) r.emit('timeout');
      });
    }
  };
  if (this.socket) apply(this.socket);
  else this.once('socket', apply);
  return this;
};
const kReqTimeout = Symbol('kReqTimeout');

function hangUp() {
  const e = new Error('socket hang up');
  e.code = 'ECONNRESET';
  return e;
}

ClientRequest.prototype.onSocket = function onSocket(socket) {
  process.nextTick(() => {
    if (this.destroyed) {
      socket.destroy();
      this.socket = socket;
      this.emit('socket', socket);
      return;
    }
    this.socket = socket;
    socket._httpMessage = this;
    attachClient(this, socket);
    this.emit('socket', socket);
    this._flushQueue();
  });
};

function attachClient(req, socket) {
  let res = null;
  const parser = new Parser(false, req.maxHeaderSize ?? maxHeaderSizeDefault, {
    onHead(info) {
      const status = info.a;
      const msg = new IncomingMessage(socket);
      msg._parser = parser;
      msg.statusCode = status;
      msg.statusMessage = info.b;
      msg.httpVersionMajor = 1;
      msg.httpVersionMinor = info.minor;
      msg.httpVersion = `1.${info.minor}`;
      msg.rawHeaders = info.raw;
      msg.joinDuplicateHeaders = req.joinDuplicateHeaders;
      msg.req = req;
      if (status >= 100 && status < 200 && status !== 101) {
        if (status === 100) req.emit('continue');
        req.emit('information', { statusCode: status, statusMessage: info.b, httpVersion: msg.httpVersion,
          httpVersionMajor: 1, httpVersionMinor: info.minor, headers: msg.headers, rawHeaders: info.raw });
        return { length: 0, informational: true };
      }
      res = msg;
      req.res = res;
      const upgrade = status === 101 || (req.method === 'CONNECT' && status >= 200 && status < 300);
      if (upgrade) return 'upgrade';
      const conn = msg.headers.connection || '';
      if (/(?:^|,)\s*close\s*(?:,|$)/i.test(conn) || info.minor === 0) req.shouldKeepAlive = false;
      const f = framing(msg.headers, { isRequest: false, method: req.method, status });
      if (f.untilClose) req.shouldKeepAlive = false;
      // The socket is freed one tick after 'end', as in Node.
      res.on('end', () => process.nextTick(responseDone));
      const handled = req.emit('response', res);
      if (!handled) res._dump();
      return f;
    },
    onBody(chunk) {
      if (res) pushBody(res, parser, socket, chunk);
    },
    onEnd(trailers) {
      if (!res) return; // an informational response
      res.rawTrailers = trailers;
      res.complete = true;
      res.push(null);
    },
    onUpgrade(head) {
      detach();
      const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
      if (req.listenerCount(event)) {
        req.upgradeOrConnect = true;
        socket._httpMessage = null;
        res.complete = true;
        req.emit(event, res, socket, Buffer.from(head));
        req.emit('close');
      } else {
        socket.destroy();
      }
    },
    onError(err) {
      detach();
      socket.destroy();
      req.emit('error', err);
    },
  });
  const onData = (d) => parser.execute(d);
  const onEnd = () => {
    parser.eof();
  };
  const onClose = () => {
    detach();
    if (!res) {
      if (!req.destroyed || req._destroyError === undefined) req.emit('error', req._destroyError || hangUp());
      else req.emit('error', req._destroyError);
    } else if (!res.complete) {
      res.aborted = true;
      res.emit('aborted');
      const e = hangUp();
      e.message = 'aborted';
      e.code = 'ECONNRESET';
      res.destroy(e);
    }
    req.emit('close');
  };
  const onError = (err) => {
    if (!res) {
      req._destroyError = err;
    }
  };
  function detach() {
    socket.removeListener('data', onData);
    socket.removeListener('end', onEnd);
    socket.removeListener('close', onClose);
    socket.removeListener('error', onError);
    socket.removeListener('drain', onDrain);
  }
  function responseDone() {
    const finish = () => {
      detach();
      socket._httpMessage = null;
      if (req.shouldKeepAlive && req.agent && !socket.destroyed) {
        req.agent.emit('free', socket, req._agentOptions || { host: req.host, port: socket.remotePort && req._port });
        req.emit('close');
      } else {
        socket.destroySoon();
        socket.once('close', () => req.emit('close'));
      }
    };
    if (req.writableFinished) finish();
    else req.once('finish', finish);
  }
  const onDrain = () => {
    req._needDrain = false;
    req.emit('drain');
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', onClose);
  socket.on('error', onError);
  socket.on('drain', onDrain);
}

function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

let maxHeaderSizeDefault = 16384;

module.exports = stubs({
  METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue, maxHeaderSize: maxHeaderSizeDefault,
  Agent, globalAgent, ClientRequest, IncomingMessage, OutgoingMessage, Server, ServerResponse,
  createServer, request, get, setMaxIdleHTTPParsers() {},
  _connectionListener: connectionListener,
  _initServer: initServer,
}, 'http', []);
Object.defineProperty(module.exports, 'globalAgent', {
  enumerable: true, configurable: true, get: () => globalAgent, set(v) {},
});
