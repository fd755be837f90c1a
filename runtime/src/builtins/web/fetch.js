// The fetch globals Node 24 has (undici's behaviour): fetch, Headers,
// Request, Response, FormData, Blob, File, over nabi's own http client
// (an https: URL goes to node:https, chosen by scheme in `transports`).
// Loaded on first use of one of them (bootstrap.js' lazy globals).
// A body is a ReadableStream of node:stream/web.
'use strict';
const { Buffer } = require('buffer');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\0\r\n]/;
const trimWs = (v) => v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBytes(chunk) {
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk.slice(0));
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  throw new TypeError('Received non-Uint8Array chunk');
}

function concat(parts) {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

// Bodies are web streams (node:stream/web).
const { ReadableStream } = internals.requireBuiltin('stream/web');
const isDisturbed = (stream) => internals.webStreamAdapters.isDisturbed(stream);

function streamOf(bytes) {
  return new ReadableStream({
    start(c) {
      if (bytes.byteLength) c.enqueue(bytes);
      c.close();
    },
  });
}

// ---- Blob, File ------------------------------------------------------------

class Blob {
  #bytes;
  #type;
  constructor(parts = [], options = {}) {
    if (typeof parts !== 'object' || parts === null || typeof parts[Symbol.iterator] !== 'function') {
      throw new TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
    }
    const chunks = [];
    for (const p of parts) chunks.push(p instanceof Blob ? p.#bytes : toBytes(typeof p === 'object' && !ArrayBuffer.isView(p) && !(p instanceof ArrayBuffer) ? String(p) : p));
    this.#bytes = concat(chunks);
    const type = options && options.type !== undefined ? String(options.type) : '';
    this.#type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : '';
  }
  get size() {
    return this.#bytes.byteLength;
  }
  get type() {
    return this.#type;
  }
  slice(start = 0, end = this.size, type = '') {
    const b = new Blob([], { type });
    b.#bytes = this.#bytes.slice(start, end);
    return b;
  }
  async arrayBuffer() {
    return this.#bytes.slice().buffer;
  }
  async bytes() {
    return this.#bytes.slice();
  }
  async text() {
    return decoder.decode(this.#bytes);
  }
  stream() {
    return streamOf(this.#bytes.slice());
  }
  get [Symbol.toStringTag]() {
    return 'Blob';
  }
}

class File extends Blob {
  #name;
  #lastModified;
  constructor(parts, name, options = {}) {
    if (arguments.length < 2) throw new TypeError("Failed to construct 'File': 2 arguments required.");
    super(parts, options);
    this.#name = String(name);
    this.#lastModified = options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
  }
  get name() {
    return this.#name;
  }
  get lastModified() {
    return this.#lastModified;
  }
  get [Symbol.toStringTag]() {
    return 'File';
  }
}

// ---- Headers ---------------------------------------------------------------

const guards = new WeakMap(); // Headers -> 'immutable' | 'none'

class Headers {
  #map = new Map(); // lower-case name -> { name, values }
  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [k, v] of init.#map) this.#map.set(k, { name: v.name, values: [...v.values] });
    } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const p = [...pair];
        if (p.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + p.length + '.');
        this.append(p[0], p[1]);
      }
    } else if (typeof init === 'object') {
      for (const k of Object.keys(init)) this.append(k, init[k]);
    } else {
      throw new TypeError("Headers constructor: Expected init to be an object.");
    }
  }
  #check(op, name, value) {
    name = String(name);
    if (!TOKEN.test(name)) throw new TypeError(`Headers.${op}: "${name}" is an invalid header name.`);
    if (value !== undefined) {
      value = trimWs(String(value));
      if (BAD_VALUE.test(value)) throw new TypeError(`Headers.${op}: "${value}" is an invalid header value.`);
    }
    if (guards.get(this) === 'immutable') throw new TypeError('immutable');
    return [name, value];
  }
  append(name, value) {
    [name, value] = this.#check('append', name, value);
    const key = name.toLowerCase();
    const e = this.#map.get(key);
    if (e) e.values.push(value);
    else this.#map.set(key, { name, values: [value] });
  }
  set(name, value) {
    [name, value] = this.#check('set', name, value);
    this.#map.set(name.toLowerCase(), { name, values: [value] });
  }
  delete(name) {
    [name] = this.#check('delete', name);
    this.#map.delete(name.toLowerCase());
  }
  get(name) {
    name = String(name);
    if (!TOKEN.test(name)) throw new TypeError(`Headers.get: "${name}" is an invalid header name.`);
    const e = this.#map.get(name.toLowerCase());
    if (!e) return null;
    return e.values.join(', ');
  }
  has(name) {
    name = String(name);
    if (!TOKEN.test(name)) throw new TypeError(`Headers.has: "${name}" is an invalid header name.`);
    return this.#map.has(name.toLowerCase());
  }
  getSetCookie() {
    const e = this.#map.get('set-cookie');
    return e ? [...e.values] : [];
  }
  *entries() {
    for (const key of [...this.#map.keys()].sort()) {
      const e = this.#map.get(key);
      if (key === 'set-cookie') for (const v of e.values) yield [key, v];
      else yield [key, e.values.join(', ')];
    }
  }
  *keys() {
    for (const [k] of this.entries()) yield k;
  }
  *values() {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(cb, thisArg) {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'Headers';
  }
  // [name, value] pairs in insertion order with the names as given (what goes on the wire).
  _raw() {
    const out = [];
    for (const e of this.#map.values()) {
      if (e.name.toLowerCase() === 'set-cookie') for (const v of e.values) out.push([e.name, v]);
      else out.push([e.name, e.values.join(', ')]);
    }
    return out;
  }
}

function immutable(headers) {
  guards.set(headers, 'immutable');
  return headers;
}

// ---- FormData --------------------------------------------------------------

class FormData {
  #entries = [];
  constructor(form) {
    if (form !== undefined) throw new TypeError("FormData constructor: Argument 1 could not be converted to: undefined.");
  }
  static #entry(name, value, filename) {
    name = String(name);
    if (value instanceof Blob) {
      if (!(value instanceof File) || filename !== undefined) {
        value = new File([value], filename !== undefined ? String(filename) : value instanceof File ? value.name : 'blob', { type: value.type });
      }
    } else {
      value = String(value);
    }
    return [name, value];
  }
  append(name, value, filename) {
    this.#entries.push(FormData.#entry(name, value, filename));
  }
  set(name, value, filename) {
    const e = FormData.#entry(name, value, filename);
    const i = this.#entries.findIndex(([n]) => n === e[0]);
    if (i < 0) {
      this.#entries.push(e);
      return;
    }
    this.#entries[i] = e;
    this.#entries = this.#entries.filter(([n], j) => j <= i || n !== e[0]);
  }
  get(name) {
    const e = this.#entries.find(([n]) => n === String(name));
    return e ? e[1] : null;
  }
  getAll(name) {
    return this.#entries.filter(([n]) => n === String(name)).map(([, v]) => v);
  }
  has(name) {
    return this.#entries.some(([n]) => n === String(name));
  }
  delete(name) {
    this.#entries = this.#entries.filter(([n]) => n !== String(name));
  }
  *entries() {
    yield* this.#entries.map(([n, v]) => [n, v]);
  }
  *keys() {
    for (const [n] of this.#entries) yield n;
  }
  *values() {
    for (const [, v] of this.#entries) yield v;
  }
  forEach(cb, thisArg) {
    for (const [n, v] of this.#entries) cb.call(thisArg, v, n, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'FormData';
  }
}

// multipart/form-data as undici writes it.
async function multipart(form) {
  const boundary = `----formdata-undici-0${String(Math.random()).slice(2, 13).padStart(11, '0')}`;
  const esc = (s) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const normalize = (s) => s.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');
  const parts = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${esc(normalize(name))}"\r\n\r\n${normalize(value)}\r\n`));
    } else {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${esc(normalize(name))}"; filename="${esc(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`));
      parts.push(await value.bytes(), encoder.encode('\r\n'));
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  return { bytes: concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

// ---- Body ------------------------------------------------------------------

// A body given to Request/Response: { stream, bytes (when known), type }.
function extractBody(init, keepalive) {
  if (typeof init === 'string') return { bytes: encoder.encode(init), type: 'text/plain;charset=UTF-8' };
  if (init instanceof URLSearchParams) return { bytes: encoder.encode(init.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) return { bytes: toBytes(init), type: null };
  if (init instanceof Blob) return { blob: init, type: init.type || null };
  if (init instanceof FormData) return { form: init, type: null };
  if (init instanceof ReadableStream) {
    if (keepalive) throw new TypeError('keepalive');
    if (init.locked) throw new TypeError('Response body object should not be disturbed or locked');
    return { stream: init, type: null };
  }
  if (init && typeof init[Symbol.asyncIterator] === 'function') {
    const it = init[Symbol.asyncIterator]();
    return {
      stream: new ReadableStream({
        async pull(c) {
          const { value, done } = await it.next();
          if (done) c.close();
          else c.enqueue(toBytes(value));
        },
      }),
      type: null,
    };
  }
  return { bytes: encoder.encode(String(init)), type: 'text/plain;charset=UTF-8' };
}

// The body's bytes as one Uint8Array (or a stream of them for the wire).
async function materialize(body) {
  if (body.bytes) return body.bytes;
  if (body.blob) return body.blob.bytes();
  if (body.form) {
    const m = await multipart(body.form);
    return m.bytes;
  }
  const parts = [];
  for await (const c of body.stream) parts.push(toBytes(c));
  return concat(parts);
}

const kBody = Symbol('body');
const kState = Symbol('state');

function bodyStream(holder) {
  const b = holder[kBody];
  if (!b) return null;
  if (!b.stream) {
    b.stream = new ReadableStream({
      async start(c) {
        try {
          const bytes = await materialize({ ...b, stream: null });
          if (bytes.byteLength) c.enqueue(bytes);
          c.close();
        } catch (e) {
          c.error(e);
        }
      },
    });
  }
  return b.stream;
}

async function consume(holder, what) {
  const b = holder[kBody];
  if (holder.bodyUsed) {
    throw new TypeError('Body is unusable: Body has already been read');
  }
  let bytes = new Uint8Array(0);
  if (b) {
    b.used = true;
    if (b.stream) {
      const parts = [];
      const reader = b.stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parts.push(toBytes(value));
      }
      bytes = concat(parts);
    } else {
      bytes = await materialize(b);
    }
  }
  switch (what) {
    case 'text':
      return decoder.decode(bytes);
    case 'json':
      return JSON.parse(decoder.decode(bytes));
    case 'arrayBuffer':
      return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
    case 'bytes':
      return bytes;
    case 'blob':
      return new Blob([bytes], { type: holder.headers.get('content-type') || '' });
    case 'formData': {
      const type = holder.headers.get('content-type') || '';
      if (/^application\/x-www-form-urlencoded/i.test(type)) {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(decoder.decode(bytes))) form.append(k, v);
        return form;
      }
      throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
    }
  }
}

const BodyMixin = {
  get body() {
    return bodyStream(this);
  },
  get bodyUsed() {
    const b = this[kBody];
    return !!(b && (b.used || (b.stream && (b.stream.locked || isDisturbed(b.stream)))));
  },
  text() { return consume(this, 'text'); },
  json() { return consume(this, 'json'); },
  arrayBuffer() { return consume(this, 'arrayBuffer'); },
  bytes() { return consume(this, 'bytes'); },
  blob() { return consume(this, 'blob'); },
  formData() { return consume(this, 'formData'); },
};

function mixBody(proto) {
  for (const key of Object.keys(BodyMixin)) {
    Object.defineProperty(proto, key, { ...Object.getOwnPropertyDescriptor(BodyMixin, key), enumerable: true });
  }
}

function cloneBody(holder) {
  const b = holder[kBody];
  if (!b) return null;
  if (holder.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
  if (!b.stream) return { ...b };
  const [x, y] = b.stream.tee();
  b.stream = x;
  return { stream: y, type: b.type };
}

// ---- Request ---------------------------------------------------------------

const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

class Request {
  constructor(input, init = {}) {
    if (arguments.length < 1) throw new TypeError("Request constructor: At least 1 argument required, but only 0 present.");
    init = init ?? {};
    let base = null;
    if (input instanceof Request) base = input[kState];
    let url;
    if (base) {
      url = base.url;
    } else {
      try {
        url = new URL(String(input)).href;
      } catch (e) {
        throw new TypeError(`Failed to parse URL from ${input}`, { cause: e });
      }
      if (/^[^:]+:\/\/[^/]*@/.test(url)) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
    }
    let method = base ? base.method : 'GET';
    if (init.method !== undefined) {
      method = String(init.method);
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (['CONNECT', 'TRACE', 'TRACK'].includes(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      if (METHODS.includes(upper)) method = upper;
    }
    const redirect = init.redirect ?? (base ? base.redirect : 'follow');
    if (!['follow', 'manual', 'error'].includes(redirect)) {
      throw new TypeError(`Request constructor: ${redirect} is not an accepted type. Expected one of follow, manual, error.`);
    }
    if (init.duplex !== undefined && init.duplex !== 'half') {
      // Node 24's message, "undefined" included.
      throw new TypeError(`undefined: ${init.duplex} is not an accepted type. Expected one of half.`);
    }
    const signal = init.signal !== undefined ? init.signal : base ? base.signal : null;
    if (signal != null && !(signal instanceof AbortSignal)) {
      throw new TypeError("Request constructor: Expected signal (\"" + String(signal) + "\") to be an instance of AbortSignal.");
    }
    const headers = new Headers(init.headers !== undefined ? init.headers : base ? base.headers : undefined);
    let body = null;
    if (init.body != null) {
      if (method === 'GET' || method === 'HEAD') throw new TypeError('Request with GET/HEAD method cannot have body.');
      body = extractBody(init.body, init.keepalive);
      if (body.stream && init.duplex !== 'half') throw new TypeError('RequestInit: duplex option is required when sending a body.');
      if (body.type && !headers.has('content-type')) headers.append('content-type', body.type);
    } else if (base && base.body) {
      if (input.bodyUsed) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      body = base.body;
      base.body = { used: true };
    }
    // A controller of our own, following the given signal (what Node's Request.signal is).
    const controller = new AbortController();
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    }
    this[kState] = {
      url, method, headers, redirect, signal: controller.signal, body,
      keepalive: !!(init.keepalive ?? (base && base.keepalive)),
      mode: init.mode ?? (base ? base.mode : 'cors'),
      credentials: init.credentials ?? (base ? base.credentials : 'same-origin'),
      cache: init.cache ?? (base ? base.cache : 'default'),
      duplex: init.duplex ?? 'half',
    };
    this[kBody] = body;
  }
  get url() { return this[kState].url; }
  get method() { return this[kState].method; }
  get headers() { return this[kState].headers; }
  get redirect() { return this[kState].redirect; }
  get signal() { return this[kState].signal; }
  get keepalive() { return this[kState].keepalive; }
  get mode() { return this[kState].mode; }
  get credentials() { return this[kState].credentials; }
  get cache() { return this[kState].cache; }
  get duplex() { return this[kState].duplex; }
  get destination() { return ''; }
  get referrer() { return 'about:client'; }
  get referrerPolicy() { return ''; }
  get integrity() { return ''; }
  clone() {
    if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
    const r = new Request(this.url, { method: this.method, headers: this.headers, redirect: this.redirect, signal: this.signal });
    r[kBody] = r[kState].body = cloneBody(this);
    return r;
  }
  get [Symbol.toStringTag]() {
    return 'Request';
  }
}
mixBody(Request.prototype);

// ---- Response --------------------------------------------------------------

const NULL_BODY = [101, 103, 204, 205, 304];
const REDIRECTS = [301, 302, 303, 307, 308];

class Response {
  constructor(body = null, init = {}) {
    init = init ?? {};
    const status = init.status !== undefined ? Number(init.status) : 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    const statusText = init.statusText !== undefined ? String(init.statusText) : '';
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(statusText)) throw new TypeError('Invalid statusText');
    const headers = new Headers(init.headers);
    let b = null;
    if (body !== null && body !== undefined) {
      if (NULL_BODY.includes(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
      b = extractBody(body);
      if (b.type && !headers.has('content-type')) headers.append('content-type', b.type);
    }
    this[kState] = { status, statusText, headers, type: 'default', url: '', urlList: [] };
    this[kBody] = b;
  }
  static error() {
    const r = new Response(null, { status: 200 });
    Object.assign(r[kState], { status: 0, type: 'error' });
    immutable(r[kState].headers);
    return r;
  }
  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const headers = new Headers(init && init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new Response(text, { ...init, headers });
  }
  static redirect(url, status = 302) {
    let parsed;
    try {
      parsed = new URL(String(url));
    } catch (e) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause: e });
    }
    if (!REDIRECTS.includes(status)) throw new RangeError(`Invalid status code ${status}`);
    const r = new Response(null, { status, headers: { location: parsed.href } });
    immutable(r[kState].headers);
    return r;
  }
  get type() { return this[kState].type; }
  get url() { return this[kState].url; }
  get redirected() { return this[kState].urlList.length > 1; }
  get status() { return this[kState].status; }
  get ok() { return this[kState].status >= 200 && this[kState].status <= 299; }
  get statusText() { return this[kState].statusText; }
  get headers() { return this[kState].headers; }
  clone() {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const r = new Response(null);
    r[kState] = { ...this[kState], headers: new Headers(this.headers) };
    if (guards.get(this.headers) === 'immutable') immutable(r[kState].headers);
    r[kBody] = cloneBody(this);
    return r;
  }
  get [Symbol.toStringTag]() {
    return 'Response';
  }
}
mixBody(Response.prototype);

// ---- fetch -----------------------------------------------------------------

// The client for each scheme: node:http for http:, node:https for https:
// (loaded on first use, so a program that only fetches http: never loads TLS).
const transports = {
  'http:': () => require('http'),
  'https:': () => require('https'),
};
const agents = new Map();
function agentFor(protocol) {
  let agent = agents.get(protocol);
  if (!agent) {
    const mod = transports[protocol]();
    agent = new mod.Agent({ keepAlive: true, keepAliveMsecs: 4000, timeout: 4000 });
    agents.set(protocol, agent);
  }
  return agent;
}

function failed(cause) {
  return new TypeError('fetch failed', { cause });
}

function dataUrl(url) {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url.href);
  if (!m) throw failed(new TypeError('invalid data: URL'));
  const type = m[1] || 'text/plain;charset=US-ASCII';
  const bytes = m[2] ? Buffer.from(decodeURIComponent(m[3]), 'base64') : Buffer.from(decodeURIComponent(m[3]), 'latin1');
  const r = new Response(new Uint8Array(bytes), { status: 200, statusText: 'OK', headers: { 'content-type': type } });
  r[kState].type = 'basic';
  r[kState].url = url.href;
  r[kState].urlList = [url.href];
  immutable(r.headers);
  return r;
}

function decoderFor(encoding) {
  const zlib = require('zlib');
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress ? zlib.createBrotliDecompress() : null;
    default:
      return null;
  }
}

// One request/response exchange over the scheme's client; resolves with the
// IncomingMessage (body not read yet) or rejects with the request's error.
function exchange(url, state, bytes, signal) {
  return new Promise((resolve, reject) => {
    let mod;
    try {
      mod = transports[url.protocol]();
    } catch (e) {
      reject(e);
      return;
    }
    const headers = [['host', url.host], ['connection', 'keep-alive']];
    const given = state.headers._raw();
    const has = (n) => given.some(([k]) => k.toLowerCase() === n);
    for (const [k, v] of given) if (k.toLowerCase() !== 'host') headers.push([k, v]);
    if (!has('accept')) headers.push(['accept', '*/*']);
    if (!has('accept-language')) headers.push(['accept-language', '*']);
    if (!has('sec-fetch-mode')) headers.push(['sec-fetch-mode', 'cors']);
    if (!has('user-agent')) headers.push(['user-agent', 'node']);
    if (!has('accept-encoding')) headers.push(['accept-encoding', 'gzip, deflate']);
    const stream = bytes instanceof ReadableStream ? bytes : null;
    if (stream) {
      bytes = null;
      if (!has('transfer-encoding')) headers.push(['transfer-encoding', 'chunked']);
    } else if (bytes && !has('content-length')) headers.push(['content-length', String(bytes.byteLength)]);
    else if (!bytes && ['POST', 'PUT'].includes(state.method)) headers.push(['content-length', '0']);
    const req = mod.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: url.pathname + url.search,
      method: state.method,
      headers: headers.flat(),
      setHost: false,
      agent: agentFor(url.protocol),
    });
    const onAbort = () => req.destroy();
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      reject(e);
    });
    req.on('response', (res) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve({ res, req });
    });
    if (!stream) {
      req.end(bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined);
      return;
    }
    (async () => {
      for await (const chunk of stream) {
        const b = toBytes(chunk);
        if (b.byteLength && !req.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) {
          await new Promise((resolve) => {
            req.once('drain', resolve);
            req.once('close', resolve);
          });
          if (req.destroyed) return;
        }
      }
      req.end();
    })().catch((e) => req.destroy(e));
  });
}

function responseOf(res, req, url, urlList, method, signal) {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {}
  }
  immutable(headers);
  const r = new Response(null);
  r[kState] = { status: res.statusCode, statusText: res.statusMessage || '', headers, type: 'basic', url: url.href, urlList };
  if (method === 'HEAD' || NULL_BODY.includes(res.statusCode)) {
    res.resume();
    return r;
  }
  let source = res;
  const encoding = (headers.get('content-encoding') || '').toLowerCase().trim();
  const inflate = encoding && !encoding.includes(',') ? decoderFor(encoding) : null;
  if (inflate) {
    res.on('error', (e) => inflate.destroy(e));
    source = res.pipe(inflate);
  }
  let finished = false;
  let open = true; // the stream takes chunks (not closed, errored or cancelled)
  const stream = new ReadableStream({
    start(c) {
      const fail = (e) => {
        open = false;
        c.error(e);
      };
      // Backpressure: the socket pauses while the body's queue is full.
      source.on('data', (chunk) => {
        if (!open) return;
        c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (c.desiredSize <= 0) source.pause();
      });
      source.on('end', () => {
        finished = true;
        if (open) c.close();
        open = false;
      });
      source.on('error', (e) => fail(new TypeError('terminated', { cause: e })));
      res.on('aborted', () => fail(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })));
      if (signal) {
        const onAbort = () => {
          if (!finished) {
            fail(signal.reason);
            req.destroy();
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        source.on('end', () => signal.removeEventListener('abort', onAbort));
      }
    },
    pull() {
      source.resume();
    },
    cancel() {
      open = false;
      req.destroy();
    },
  });
  r[kBody] = { stream, type: null };
  return r;
}

async function fetch(input, init = undefined) {
  if (arguments.length < 1) throw new TypeError("fetch: At least 1 argument required, but only 0 present.");
  const request = new Request(input, init);
  const state = { ...request[kState], headers: new Headers(request[kState].headers) };
  const signal = state.signal;
  if (signal.aborted) throw signal.reason;
  let url = new URL(state.url);
  const urlList = [url.href];
  let method = state.method;
  // A stream body goes out chunked as it is read; the others with a length.
  const upload = state.body && state.body.stream && !state.body.bytes ? state.body.stream : null;
  let bytes = state.body && !upload ? await materialize(state.body) : null;
  if (state.body) state.body.used = true;
  if (state.body && state.body.form && !state.headers.has('content-type')) {
    const m = await multipart(state.body.form);
    bytes = m.bytes;
    state.headers.set('content-type', m.type);
  }
  const aborted = new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  for (let redirects = 0; ; redirects++) {
    if (url.protocol === 'data:') return dataUrl(url);
    if (!transports[url.protocol]) throw failed(new TypeError('unknown scheme'));
    let res;
    let req;
    try {
      const body = urlList.length === 1 && upload ? upload : bytes;
      ({ res, req } = await Promise.race([exchange(url, { ...state, method }, body, signal), aborted]));
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw failed(e);
    }
    const location = res.headers.location;
    if (!REDIRECTS.includes(res.statusCode) || location === undefined || state.redirect === 'manual') {
      return responseOf(res, req, url, urlList, method, signal);
    }
    res.resume();
    if (state.redirect === 'error') throw failed(new Error('unexpected redirect'));
    if (redirects >= 20) throw failed(new Error('redirect count exceeded'));
    let next;
    try {
      next = new URL(location, url);
    } catch (e) {
      throw failed(e);
    }
    if (next.username || next.password) throw failed(new TypeError('URL cannot contain credentials'));
    if (next.origin !== url.origin) {
      for (const h of ['authorization', 'cookie', 'proxy-authorization', 'host']) state.headers.delete(h);
    }
    if (((res.statusCode === 301 || res.statusCode === 302) && method === 'POST') || (res.statusCode === 303 && method !== 'HEAD' && method !== 'GET')) {
      method = 'GET';
      bytes = null;
      for (const h of ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length']) state.headers.delete(h);
    } else if (upload) {
      throw failed(new TypeError('Cannot follow redirect with a streamed body'));
    }
    url = next;
    urlList.push(url.href);
  }
}

module.exports = { fetch, Headers, Request, Response, FormData, Blob, File, ReadableStream };
