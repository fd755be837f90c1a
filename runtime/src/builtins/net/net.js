// node:net: Socket and Server over libuv TCP and pipe handles
// (binding.net, mod.rs; reading, writing and closing are pipe.js' Socket,
// the base of this one), connect/createServer/listen with Node's argument
// shapes and errors, and isIP & co.
'use strict';

const EventEmitter = internals.requireBuiltin('events');
const { codeError, invalidArgType, stubs, validateFunction, validateNumber } = internals.errors;
const pipe = internals.pipe();
const { EV, kOnEvent, kOnOther, kHandle, kBytesRead, kBytesWritten, kActive, register, errnoException } = pipe;
const native = internals.binding.net;
const stream = internals.binding.stream;

// A dotted quad of decimal bytes without leading zeros.
const V4_BYTE = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = new RegExp(`^${V4_BYTE}(?:\\.${V4_BYTE}){3}$`);
const HEX = /^[0-9a-fA-F]{1,4}$/;

function isIPv4(input) {
  return V4.test(`${input}`);
}

// Eight groups of 1-4 hex digits, the last two may be a dotted quad, one
// `::` may stand for one or more zero groups; an optional `%zone`.
function isIPv6(input) {
  let s = `${input}`;
  const pct = s.indexOf('%');
  if (pct !== -1) {
    if (!/^[0-9a-zA-Z.:-]+$/.test(s.slice(pct + 1))) return false;
    s = s.slice(0, pct);
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part) => (part === '' ? [] : part.split(':'));
  const parts = halves.flatMap(groups);
  let count = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (HEX.test(p)) count += 1;
    else if (i === parts.length - 1 && V4.test(p)) count += 2;
    else return false;
  }
  if (halves.length === 2) {
    // `::` at an end leaves an empty half; elsewhere an empty group is bad.
    return count <= 7;
  }
  return count === 8;
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}


// ---- errors ----------------------------------------------------------------

// Node's exceptionWithHostPort: `connect ECONNREFUSED 127.0.0.1:1`.
function hostPortError(errno, syscall, address, port) {
  const where = port ? `${address}:${port}` : address;
  const e = errnoException(errno, syscall, where);
  e.address = address;
  if (port) e.port = port;
  return e;
}

// Node's uvExceptionWithHostPort: `listen EADDRINUSE: address already in
// use 127.0.0.1:80`, code before errno.
function uvHostPortError(errno, syscall, address, port) {
  const code = stream.errName(errno);
  const where = port ? `${address}:${port}` : address;
  const e = new Error(`${syscall} ${code}: ${stream.errMessage(errno)} ${where}`);
  e.code = code;
  e.errno = errno;
  e.syscall = syscall;
  e.address = address;
  if (port) e.port = port;
  return e;
}

function badPort(name, port, allowZero = true) {
  const op = allowZero ? '>=' : '>';
  return codeError(RangeError, 'ERR_SOCKET_BAD_PORT',
    `${name} should be ${op} 0 and < 65536. Received ${internals.describe(port)}.`);
}

// A port as Node accepts it: a number or numeric string in 0..65535.
function validatePort(port, name = 'Port', allowZero = true) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) || port > 0xFFFF || (port === 0 && !allowZero)) {
    throw badPort(name, port, allowZero);
  }
  return port | 0;
}

// ---- arguments -------------------------------------------------------------

const isPipeName = (s) => typeof s === 'string' && !(Number(s) >= 0);

// [options, callback] from connect's or listen's arguments.
function normalizeArgs(args) {
  if (args.length === 0) return [{}, null];
  const arg0 = args[0];
  let options = {};
  if (typeof arg0 === 'object' && arg0 !== null) {
    options = arg0;
  } else if (isPipeName(arg0)) {
    options.path = arg0;
  } else {
    options.port = arg0;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const cb = args[args.length - 1];
  return [options, typeof cb === 'function' ? cb : null];
}

// ---- Socket ----------------------------------------------------------------

const kTimeout = Symbol('kTimeout');
const kLastActive = Symbol('kLastActive');
const kPeer = Symbol('kPeer');
const kConnectTo = Symbol('kConnectTo');

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  options = options === undefined ? {} : options;
  if (typeof options === 'number') options = { fd: options };
  if (options.fd !== undefined) throw codeError(Error, 'ERR_NOT_IMPLEMENTED', 'net.Socket({ fd }) is not implemented in nabi');
  pipe.Socket.call(this, options);
  this[kTimeout] = null;
  this[kLastActive] = 0;
  this[kPeer] = null;
  this[kConnectTo] = null;
  this.server = null;
  this._server = null;
  if (options.noDelay) this.setNoDelay(true);
  if (options.keepAlive) this.setKeepAlive(true, options.keepAliveInitialDelay);
}
Object.setPrototypeOf(Socket.prototype, pipe.Socket.prototype);
Object.setPrototypeOf(Socket, pipe.Socket);

Socket.prototype.connect = function connect(...args) {
  const [options, cb] = Array.isArray(args[0]) && args.length === 1 ? args[0] : normalizeArgs(args);
  if (this.connecting || this[kHandle] !== null) {
    throw codeError(Error, 'ERR_SOCKET_CONNECTING', 'Socket is already connecting');
  }
  if (cb) this.once('connect', cb);
  const { path } = options;
  if (path !== undefined && path !== null) {
    if (typeof path !== 'string') throw invalidArgType('options.path', 'of type string', path);
    this.connecting = true;
    const id = native.pipe();
    this[kHandle] = id;
    register(id, this);
    this[kConnectTo] = [path];
    const r = native.connectPipe(id, path);
    if (r < 0) process.nextTick(() => this.destroy(hostPortError(r, 'connect', path)));
    return this;
  }
  if (options.port === undefined || options.port === null) {
    throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "options" or "port" or "path" argument must be specified');
  }
  const port = validatePort(options.port);
  const host = options.host || 'localhost';
  if (typeof host !== 'string') throw invalidArgType('options.host', 'of type string', host);
  this.connecting = true;
  const start = (address) => {
    if (this.destroyed) return;
    const id = native.tcp();
    this[kHandle] = id;
    register(id, this);
    if (this[kNoDelay]) native.noDelay(id, true);
    this[kConnectTo] = [address, port];
    const r = native.connect(id, address, port);
    if (r < 0) this.destroy(hostPortError(r, 'connect', address, port));
  };
  if (isIP(host)) {
    start(host);
  } else {
    const family = options.family === undefined ? 0 : options.family;
    internals.requireBuiltin('dns').lookup(host, { family, hints: options.hints || 0 }, (err, address, fam) => {
      this.emit('lookup', err, address, fam, host);
      if (err) this.destroy(err);
      else start(address);
    });
  }
  return this;
};

Socket.prototype[kOnOther] = function onOther(kind, a) {
  if (kind !== EV.CONNECT) return;
  if (this.destroyed) return;
  if (a < 0) {
    const [address, port] = this[kConnectTo];
    this.connecting = false;
    this.destroy(hostPortError(a, 'connect', address, port));
    return;
  }
  this.connecting = false;
  this.emit('connect');
  this.emit('ready');
  this._touch();
  if (this.readable && !this.isPaused()) this.read(0);
};

Socket.prototype._touch = function _touch() {
  if (this[kTimeout] !== null) this[kLastActive] = Date.now();
};

const kNoDelay = Symbol('kNoDelay');
Socket.prototype.setNoDelay = function setNoDelay(enable) {
  const on = enable === undefined ? true : !!enable;
  this[kNoDelay] = on;
  if (typeof this[kHandle] === 'number' && native.noDelay) native.noDelay(this[kHandle], on);
  return this;
};

Socket.prototype.setKeepAlive = function setKeepAlive(enable, initialDelay) {
  const delay = ~~((initialDelay || 0) / 1000);
  if (typeof this[kHandle] === 'number') native.keepAlive(this[kHandle], !!enable, delay);
  return this;
};

// An idle timer: 'timeout' once the socket saw no read or write for `ms`;
// any activity re-arms it.
Socket.prototype.setTimeout = function setTimeout(ms, callback) {
  if (typeof ms !== 'number') throw invalidArgType('msecs', 'of type number', ms);
  if (!(ms >= 0) || !Number.isFinite(ms)) {
    throw codeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "msecs" is out of range. It must be a non-negative finite number. Received ${ms}`);
  }
  if (callback !== undefined) validateFunction(callback, 'callback');
  const t = this[kTimeout];
  if (t) globalThis.clearTimeout(t.timer);
  if (ms === 0) {
    this[kTimeout] = null;
    this[kActive] = null;
    this.timeout = 0;
    if (callback) this.removeListener('timeout', callback);
    return this;
  }
  this.timeout = ms;
  if (callback) this.once('timeout', callback);
  const state = { ms, timer: null, fired: false };
  this[kTimeout] = state;
  this[kLastActive] = Date.now();
  const arm = (delay) => {
    state.timer = globalThis.setTimeout(() => {
      if (this[kTimeout] !== state || this.destroyed) return;
      const idle = Date.now() - this[kLastActive];
      if (idle + 1 < ms) {
        arm(ms - idle);
      } else {
        state.fired = true;
        this.emit('timeout');
      }
    }, delay);
    state.timer.unref();
  };
  this[kActive] = () => {
    this[kLastActive] = Date.now();
    if (state.fired && this[kTimeout] === state) {
      state.fired = false;
      arm(ms);
    }
  };
  arm(ms);
  return this;
};

const origDestroy = pipe.Socket.prototype._destroy;
Socket.prototype._destroy = function _destroy(err, cb) {
  const t = this[kTimeout];
  if (t) globalThis.clearTimeout(t.timer);
  this[kTimeout] = null;
  this.connecting = false;
  if (this.server) {
    // Read the addresses while the handle is there (Node keeps them).
    this.remoteAddress;
  }
  origDestroy.call(this, err, cb);
};

Socket.prototype.address = function address() {
  if (typeof this[kHandle] !== 'number') return {};
  const a = native.sockname(this[kHandle]);
  return typeof a === 'number' ? {} : a;
};

function peer(socket) {
  if (socket[kPeer] === null && typeof socket[kHandle] === 'number' && !socket.connecting) {
    const a = native.peername(socket[kHandle]);
    if (typeof a === 'object') socket[kPeer] = a;
  }
  return socket[kPeer] || {};
}

const local = (socket) => socket.address();

Object.defineProperties(Socket.prototype, {
  remoteAddress: { configurable: true, get() { return peer(this).address; } },
  remoteFamily: { configurable: true, get() { return peer(this).family; } },
  remotePort: { configurable: true, get() { return peer(this).port; } },
  localAddress: { configurable: true, get() { return local(this).address; } },
  localFamily: { configurable: true, get() { return local(this).family; } },
  localPort: { configurable: true, get() { return local(this).port; } },
  bytesRead: { configurable: true, get() { return this[kBytesRead]; } },
  bytesWritten: {
    configurable: true,
    get() {
      let pending = 0;
      const state = this._writableState;
      if (state && state.buffered) {
        for (const { chunk, encoding } of state.buffered) {
          pending += typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
        }
      }
      return this[kBytesWritten] + pending;
    },
  },
  pending: { configurable: true, get() { return typeof this[kHandle] !== 'number' || this.connecting; } },
  readyState: {
    configurable: true,
    get() {
      if (this.connecting) return 'opening';
      if (this.readable && this.writable) return 'open';
      if (this.readable && !this.writable) return 'readOnly';
      if (!this.readable && this.writable) return 'writeOnly';
      return 'closed';
    },
  },
});

const { Buffer } = internals.requireBuiltin('buffer');

function connect(...args) {
  const [options, cb] = normalizeArgs(args);
  if (options.timeout) validateNumber(options.timeout, 'options.timeout');
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket.connect([options, cb]);
}

// ---- Server ----------------------------------------------------------------

const kServerHandle = Symbol('kServerHandle');
const kConnections = Symbol('kConnections');
const kPipePath = Symbol('kPipePath');
const kUnref = Symbol('kUnref');

function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);
  EventEmitter.call(this);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  if (listener) this.on('connection', listener);
  this[kServerHandle] = null;
  this[kConnections] = 0;
  this[kPipePath] = null;
  this[kUnref] = false;
  this.allowHalfOpen = options.allowHalfOpen || false;
  this.pauseOnConnect = !!options.pauseOnConnect;
  this.noDelay = !!options.noDelay;
  this.keepAlive = !!options.keepAlive;
  this.keepAliveInitialDelay = ~~(options.keepAliveInitialDelay / 1000);
  this.maxConnections = undefined;
}
Object.setPrototypeOf(Server.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Server, EventEmitter);

Object.defineProperty(Server.prototype, 'listening', {
  configurable: true,
  get() { return this[kServerHandle] !== null; },
});

Server.prototype.listen = function listen(...args) {
  const [options, cb] = normalizeArgs(args);
  if (cb) this.once('listening', cb);
  if (this[kServerHandle] !== null) {
    throw codeError(Error, 'ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.');
  }
  const backlog = toBacklog(options.backlog) || toBacklog(args.length > 1 && args[1]) ||
    toBacklog(args.length > 2 && args[2]) || 511;
  if (options.path !== undefined && options.path !== null) {
    if (typeof options.path !== 'string') throw invalidArgType('options.path', 'of type string', options.path);
    const id = native.pipe();
    let r = native.bindPipe(id, options.path);
    if (r === 0) r = native.listen(id, backlog);
    if (r < 0) {
      stream.close(id);
      process.nextTick(() => this.emit('error', uvHostPortError(r, 'listen', options.path)));
      return this;
    }
    this[kPipePath] = options.path;
    this.startListening(id);
    return this;
  }
  if (options.port === undefined && options.host === undefined && args.length > 0 &&
      typeof args[0] !== 'function' && !(typeof args[0] === 'object' && args[0] !== null)) {
    // listen(undefined | null, …) listens on a random port, as Node.
  } else if (typeof args[0] === 'object' && args[0] !== null && options.port === undefined && !('port' in options) &&
      options.host === undefined && options.path === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'options' must have the property "port" or "path". Received ${internals.requireBuiltin('util').inspect(options)}`);
  }
  const port = options.port === undefined || options.port === null ? 0 : validatePort(options.port, 'options.port');
  const host = options.host;
  const bindTo = (address) => {
    const id = native.tcp();
    let r;
    if (address === undefined) {
      // No host: the IPv6 any-address, dual-stack, else IPv4's.
      address = '::';
      r = native.bind(id, '::', port, false);
      if (r < 0) {
        stream.close(id);
        return bindTo('0.0.0.0');
      }
    } else {
      r = native.bind(id, address, port, !!options.ipv6Only);
    }
    if (r === 0) r = native.listen(id, backlog);
    if (r < 0) {
      stream.close(id);
      process.nextTick(() => this.emit('error', uvHostPortError(r, 'listen', address, port)));
      return;
    }
    this.startListening(id);
  };
  if (host === undefined || host === null || host === '') bindTo(undefined);
  else if (isIP(host)) bindTo(host);
  else {
    internals.requireBuiltin('dns').lookup(host, (err, address) => {
      if (err) this.emit('error', err);
      else bindTo(address);
    });
  }
  return this;
};

function toBacklog(v) {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return n >= 0 ? n : 0;
}

Server.prototype.startListening = function startListening(id) {
  this[kServerHandle] = id;
  register(id, this);
  if (this[kUnref]) stream.ref(id, false);
  process.nextTick(() => {
    if (this[kServerHandle] === id) this.emit('listening');
  });
};

Server.prototype[kOnEvent] = function onServerEvent(kind, a) {
  if (kind !== EV.CONNECTION) return;
  if (a < 0) {
    this.emit('error', errnoException(a, 'accept'));
    return;
  }
  if (this.maxConnections !== undefined && this[kConnections] >= this.maxConnections) {
    stream.close(a);
    return;
  }
  const socket = new Socket({
    handle: a,
    allowHalfOpen: this.allowHalfOpen,
    manualStart: this.pauseOnConnect,
  });
  if (this.pauseOnConnect) socket.pause();
  if (this.noDelay) socket.setNoDelay(true);
  if (this.keepAlive) socket.setKeepAlive(true, this.keepAliveInitialDelay * 1000);
  socket.server = this;
  socket._server = this;
  this[kConnections]++;
  socket.on('close', () => {
    this[kConnections]--;
    this.emitCloseIfDrained();
  });
  this.emit('connection', socket);
};

Server.prototype.emitCloseIfDrained = function emitCloseIfDrained() {
  if (this[kServerHandle] !== null || this[kConnections] > 0 || !this._closing) return;
  this._closing = false;
  process.nextTick(() => this.emit('close'));
};

Server.prototype.close = function close(cb) {
  if (typeof cb === 'function') {
    if (this[kServerHandle] === null) {
      this.once('close', () => cb(codeError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')));
    } else {
      this.once('close', cb);
    }
  }
  if (this[kServerHandle] !== null) {
    stream.close(this[kServerHandle]);
    this[kServerHandle] = null;
    this[kPipePath] = null;
  }
  this._closing = true;
  this.emitCloseIfDrained();
  return this;
};

Server.prototype.address = function address() {
  if (this[kServerHandle] === null) return null;
  if (this[kPipePath] !== null) return this[kPipePath];
  const a = native.sockname(this[kServerHandle]);
  return typeof a === 'number' ? {} : a;
};

Server.prototype.getConnections = function getConnections(cb) {
  process.nextTick(cb, null, this[kConnections]);
  return this;
};

Server.prototype.ref = function ref() {
  this[kUnref] = false;
  if (this[kServerHandle] !== null) stream.ref(this[kServerHandle], true);
  return this;
};

Server.prototype.unref = function unref() {
  this[kUnref] = true;
  if (this[kServerHandle] !== null) stream.ref(this[kServerHandle], false);
  return this;
};

Object.defineProperty(Server.prototype, 'connections', {
  configurable: true,
  get() { return this[kConnections]; },
});

function createServer(options, listener) {
  return new Server(options, listener);
}

let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;

module.exports = stubs({
  Socket, Stream: Socket, Server, connect, createConnection: connect, createServer, isIP, isIPv4, isIPv6,
  _normalizeArgs: normalizeArgs,
  getDefaultAutoSelectFamily: () => autoSelectFamily,
  setDefaultAutoSelectFamily: (v) => { autoSelectFamily = !!v; },
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout: (v) => { autoSelectFamilyAttemptTimeout = Math.max(10, v | 0); },
}, 'net', ['BlockList', 'SocketAddress']);
