// The WebSocket client global Node 24 has (undici's behaviour): RFC 6455
// over nabi's http client's upgrade (wss: through node:https, chosen by
// scheme). No extensions are offered (permessage-deflate is not
// negotiated). Loaded on first use of the global (bootstrap.js).
'use strict';
const { Buffer } = require('buffer');

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const transports = { 'ws:': () => require('http'), 'wss:': () => require('https') };
const { isUtf8 } = require('buffer');
const decoder = new TextDecoder();

class CloseEvent extends Event {
  #init;
  constructor(type, init = {}) {
    super(type, init);
    this.#init = { wasClean: !!init.wasClean, code: init.code ?? 0, reason: init.reason ?? '' };
  }
  get wasClean() { return this.#init.wasClean; }
  get code() { return this.#init.code; }
  get reason() { return this.#init.reason; }
}

function messageEvent(data, origin) {
  const e = new MessageEvent('message', { data });
  Object.defineProperty(e, 'origin', { value: origin, enumerable: true, configurable: true });
  return e;
}

function errorEvent(error) {
  const e = new Event('error');
  e.error = error;
  e.message = error ? error.message : '';
  return e;
}

// Masks come from a pool of random words, refilled 1024 at a time.
const maskPool = new Int32Array(1024);
const maskBytes = new Uint8Array(maskPool.buffer);
let maskAt = maskPool.length;
function nextMask() {
  if (maskAt === maskPool.length) {
    require('crypto').randomFillSync(maskPool);
    maskAt = 0;
  }
  return maskAt++;
}

// A client frame: header, mask, and the payload XORed with the mask a
// 32-bit word at a time (the interpreter's cost is per iteration).
function frame(opcode, payload) {
  const len = payload.length;
  const headLen = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const words = new Int32Array((len + 3) >>> 2);
  const bytes = new Uint8Array(words.buffer, 0, len);
  bytes.set(payload);
  const at = nextMask();
  const mask = maskPool[at];
  for (let i = 0; i < words.length; i++) words[i] ^= mask;
  const out = Buffer.allocUnsafe(headLen + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) {
    out[1] = 0x80 | len;
  } else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    out.writeUInt32BE(len >>> 0, 6);
  }
  out.set(maskBytes.subarray(at * 4, at * 4 + 4), headLen);
  out.set(bytes, headLen + 4);
  return out;
}

class WebSocket extends EventTarget {
  #url;
  #origin;
  #state = CONNECTING;
  #protocol = '';
  #binaryType = 'blob';
  #socket = null;
  #req = null;
  #buf = Buffer.alloc(0);
  #fragments = null; // { opcode, parts }
  #sentClose = false;
  #gotClose = null; // { code, reason }
  #buffered = 0;
  #sendChain = null;
  #closeFired = false;
  #failed = false;

  constructor(url, protocols = []) {
    super();
    if (arguments.length < 1) throw new TypeError("WebSocket constructor: At least 1 argument required, but only 0 present.");
    let parsed;
    try {
      parsed = new URL(String(url));
    } catch (e) {
      throw new DOMException(e.message, 'SyntaxError');
    }
    if (parsed.protocol === 'http:') parsed = new URL(`ws:${parsed.href.slice(5)}`);
    else if (parsed.protocol === 'https:') parsed = new URL(`wss:${parsed.href.slice(6)}`);
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new DOMException('expected a ws: or wss: url', 'SyntaxError');
    if (parsed.hash || parsed.href.endsWith('#')) throw new DOMException('hash', 'SyntaxError');
    if (protocols && typeof protocols === 'object' && !Array.isArray(protocols) && protocols.protocols !== undefined) protocols = protocols.protocols;
    if (typeof protocols === 'string') protocols = [protocols];
    protocols = [...(protocols || [])].map(String);
    if (new Set(protocols.map((p) => p.toLowerCase())).size !== protocols.length) throw new DOMException('Invalid Sec-WebSocket-Protocol value', 'SyntaxError');
    if (protocols.some((p) => !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))) throw new DOMException('Invalid Sec-WebSocket-Protocol value', 'SyntaxError');
    this.#url = parsed.href;
    this.#origin = parsed.origin;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.onclose = null;
    this.#connect(parsed, protocols);
  }

  get url() { return this.#url; }
  get readyState() { return this.#state; }
  get protocol() { return this.#protocol; }
  get extensions() { return ''; }
  get bufferedAmount() { return this.#buffered; }
  get binaryType() { return this.#binaryType; }
  set binaryType(v) {
    if (v === 'blob' || v === 'arraybuffer') this.#binaryType = v;
  }

  #connect(url, protocols) {
    const key = require('crypto').randomBytes(16).toString('base64');
    const headers = {
      host: url.host,
      upgrade: 'websocket',
      connection: 'upgrade',
      'sec-websocket-key': key,
      'sec-websocket-version': '13',
    };
    if (protocols.length) headers['sec-websocket-protocol'] = protocols.join(', ');
    Object.assign(headers, { accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'websocket', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' });
    let req;
    try {
      req = transports[url.protocol]().request({
        protocol: url.protocol === 'wss:' ? 'https:' : 'http:',
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: url.pathname + url.search,
        headers,
        setHost: false,
        agent: false,
      });
    } catch (e) {
      process.nextTick(() => this.#fail(e));
      return;
    }
    this.#req = req;
    req.on('error', (e) => this.#fail(e));
    req.on('response', (res) => {
      res.resume();
      this.#fail(new Error(`Received network error or non-101 status code. (${res.statusCode})`));
    });
    req.on('upgrade', (res, socket, head) => {
      const accept = require('crypto').createHash('sha1').update(key + GUID).digest('base64');
      const h = res.headers;
      let problem = null;
      if (String(h.upgrade).toLowerCase() !== 'websocket') problem = 'Server did not set Upgrade header to "websocket".';
      else if (String(h.connection).toLowerCase() !== 'upgrade') problem = 'Server did not set Connection header to "upgrade".';
      else if (h['sec-websocket-accept'] !== accept) problem = 'Incorrect hash received in Sec-WebSocket-Accept header.';
      else if (h['sec-websocket-extensions']) problem = 'Received different permessage-deflate parameters than the ones requested.';
      else if (h['sec-websocket-protocol'] !== undefined && !protocols.includes(h['sec-websocket-protocol'])) problem = 'Protocol was not set in the opening handshake.';
      this.#socket = socket;
      socket.on('close', () => this.#onSocketClose());
      socket.on('error', () => {});
      if (problem) {
        this.#fail(new Error(problem));
        return;
      }
      if (this.#state !== CONNECTING) {
        socket.destroy();
        return;
      }
      this.#protocol = h['sec-websocket-protocol'] || '';
      this.#state = OPEN;
      socket.setNoDelay(true);
      socket.on('data', (d) => this.#onData(d));
      socket.on('end', () => socket.end());
      this.dispatchEvent(new Event('open'));
      if (head && head.length) this.#onData(head);
    });
    req.end();
  }

  // Fails the connection (RFC 6455 §7.1.7): error, then close with 1006.
  #fail(err, code, reason = '') {
    if (this.#state === CLOSED || this.#failed) return;
    this.#failed = true;
    if (code && this.#socket && !this.#sentClose && this.#state === OPEN) {
      this.#sentClose = true;
      const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
      payload.writeUInt16BE(code);
      payload.write(reason, 2);
      this.#socket.write(frame(8, payload));
    }
    this.#state = CLOSING;
    this.dispatchEvent(errorEvent(err));
    if (this.#socket) this.#socket.destroy();
    else this.#onSocketClose();
  }

  #onSocketClose() {
    if (this.#closeFired) return;
    this.#closeFired = true;
    this.#state = CLOSED;
    const clean = this.#sentClose && this.#gotClose !== null;
    const got = this.#gotClose;
    const code = clean ? got.code : 1006;
    this.dispatchEvent(new CloseEvent('close', { wasClean: clean, code, reason: clean ? got.reason : '' }));
  }

  #onData(chunk) {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    // Nothing counts after the peer's close frame.
    while (this.#state !== CLOSED && this.#gotClose === null && this.#buf.length >= 2) {
      const b = this.#buf;
      const fin = (b[0] & 0x80) !== 0;
      const opcode = b[0] & 0x0f;
      let len = b[1] & 0x7f;
      let at = 2;
      if (b[0] & 0x70) return this.#fail(new Error('RSV1, RSV2, RSV3 must be clear'), 1002);
      if (b[1] & 0x80) return this.#fail(new Error('Frame cannot be masked'), 1002);
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        const hi = b.readUInt32BE(2);
        if (hi > 0x1fffff) return this.#fail(new Error('Received payload length > 2^53 bytes.'), 1009);
        len = hi * 2 ** 32 + b.readUInt32BE(6);
        at = 10;
      }
      if (b.length < at + len) return;
      const payload = b.subarray(at, at + len);
      this.#buf = b.subarray(at + len);
      if (opcode >= 8) {
        if (!fin || len > 125) return this.#fail(new Error('Invalid control frame'), 1002);
        this.#onControl(opcode, payload);
        continue;
      }
      if (opcode === 0) {
        if (!this.#fragments) return this.#fail(new Error('Unexpected continuation frame'), 1002);
        this.#fragments.parts.push(Buffer.from(payload));
      } else if (opcode === 1 || opcode === 2) {
        if (this.#fragments) return this.#fail(new Error('Expected continuation frame'), 1002);
        // A whole message is used before the next read: no copy.
        if (fin) {
          this.#onMessage(opcode, payload);
          continue;
        }
        this.#fragments = { opcode, parts: [Buffer.from(payload)] };
      } else {
        return this.#fail(new Error('Invalid opcode ' + opcode), 1002);
      }
      if (fin) {
        const { opcode: op, parts } = this.#fragments;
        this.#fragments = null;
        this.#onMessage(op, parts.length === 1 ? parts[0] : Buffer.concat(parts));
      }
    }
  }

  #onControl(opcode, payload) {
    if (opcode === 9) {
      if (this.#state === OPEN) this.#socket.write(frame(10, payload));
    } else if (opcode === 8) {
      if (payload.length === 1) return this.#fail(new Error('Received close frame with a 1-byte body.'), 1002);
      let code = 1005;
      let reason = '';
      if (payload.length >= 2) {
        code = payload.readUInt16BE(0);
        if (!isUtf8(payload.subarray(2))) return this.#fail(new Error('Invalid UTF-8 in close reason'), 1007);
        reason = decoder.decode(payload.subarray(2));
      }
      this.#gotClose = { code, reason };
      if (!this.#sentClose) {
        this.#sentClose = true;
        const back = Buffer.alloc(payload.length >= 2 ? 2 : 0);
        if (back.length) back.writeUInt16BE(code);
        this.#socket.write(frame(8, back));
      }
      this.#state = CLOSING;
      this.#socket.end();
    }
    // A pong needs nothing.
  }

  #onMessage(opcode, data) {
    if (this.#state !== OPEN) return;
    let value;
    if (opcode === 1) {
      if (!isUtf8(data)) return this.#fail(new Error('Received invalid UTF-8 in text frame.'), 1007, 'Received invalid UTF-8 in text frame.');
      value = decoder.decode(data);
    } else if (this.#binaryType === 'arraybuffer') {
      value = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    } else {
      value = new Blob([data]);
    }
    this.dispatchEvent(messageEvent(value, this.#origin));
  }

  #write(opcode, payload) {
    const size = payload.length;
    this.#buffered += size;
    this.#socket.write(frame(opcode, payload), () => {
      this.#buffered -= size;
    });
  }

  send(data) {
    if (arguments.length < 1) throw new TypeError("WebSocket.send: At least 1 argument required, but only 0 present.");
    if (this.#state === CONNECTING) throw new DOMException('Sent before connected.', 'InvalidStateError');
    if (this.#state !== OPEN || this.#sentClose) return;
    let job;
    if (typeof data === 'string') {
      job = [1, Buffer.from(data)];
    } else if (data instanceof ArrayBuffer) {
      job = [2, Buffer.from(data.slice(0))];
    } else if (ArrayBuffer.isView(data)) {
      job = [2, Buffer.from(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))];
    } else if (data instanceof Blob) {
      job = [2, data.arrayBuffer().then((ab) => Buffer.from(ab))];
      this.#buffered += data.size;
    } else {
      job = [1, Buffer.from(String(data))];
    }
    // Blobs are read asynchronously; later sends wait for them, keeping the order.
    if (this.#sendChain || job[1] instanceof Promise) {
      const blobSize = job[1] instanceof Promise ? data.size : 0;
      this.#sendChain = Promise.resolve(this.#sendChain)
        .then(() => job[1])
        .then((payload) => {
          this.#buffered -= blobSize;
          if (this.#state === OPEN && !this.#sentClose) this.#write(job[0], payload);
        });
      const chain = this.#sendChain;
      chain.then(() => {
        if (this.#sendChain === chain) this.#sendChain = null;
      });
    } else {
      this.#write(job[0], job[1]);
    }
  }

  close(code = undefined, reason = undefined) {
    if (code !== undefined) {
      code = Number(code);
      if (code !== 1000 && !(code >= 3000 && code <= 4999)) throw new DOMException('invalid code', 'InvalidAccessError');
    }
    let reasonBytes = Buffer.alloc(0);
    if (reason !== undefined) {
      reasonBytes = Buffer.from(String(reason));
      if (reasonBytes.length > 123) throw new DOMException(`Reason must be less than 123 bytes; received ${reasonBytes.length}`, 'SyntaxError');
    }
    if (this.#state === CLOSING || this.#state === CLOSED) return;
    if (this.#state === CONNECTING) {
      // As undici: the error and close events fire inside close(), and the
      // state reads CLOSING after it.
      const req = this.#req;
      this.#req = null;
      this.#fail(new Error('WebSocket was closed before the connection was established'));
      if (req) req.destroy();
      this.#state = CLOSING;
      return;
    }
    this.#state = CLOSING;
    this.#sentClose = true;
    let payload = Buffer.alloc(0);
    if (code !== undefined) {
      payload = Buffer.alloc(2 + reasonBytes.length);
      payload.writeUInt16BE(code);
      reasonBytes.copy(payload, 2);
    } else if (reason !== undefined) {
      payload = Buffer.alloc(2 + reasonBytes.length);
      payload.writeUInt16BE(1000);
      reasonBytes.copy(payload, 2);
    }
    Promise.resolve(this.#sendChain).then(() => this.#socket.write(frame(8, payload)));
  }

  get [Symbol.toStringTag]() {
    return 'WebSocket';
  }
}
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(WebSocket, name, { value, enumerable: true });
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}

module.exports = { WebSocket, CloseEvent };
