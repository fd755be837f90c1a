// node:dgram: UDP sockets over libuv (binding.dgram, mod.rs). As Node:
// addresses go through dns.lookup (or options.lookup) first, so bind,
// connect and send finish asynchronously; sends and connects made before
// the bind is done wait in a queue; 'close' follows close() on the next tick.
'use strict';

const EventEmitter = internals.requireBuiltin('events');
const { Buffer } = internals.requireBuiltin('buffer');
const { codeError, invalidArgType, validateFunction, validateNumber, validateString, validateAbortSignal } = internals.errors;
const pipe = internals.pipe();
const { kOnEvent, register, errnoException } = pipe;
const native = internals.binding.dgram;
const stream = internals.binding.stream;

// What mod.rs sends (handles.rs' EV_* constants).
const EV_CLOSE = 6;
const EV_MESSAGE = 12;
const EV_SEND = 13;

const UNBOUND = 0;
const BINDING = 1;
const BOUND = 2;
const DISCONNECTED = 0;
const CONNECTING = 1;
const CONNECTED = 2;

const kState = Symbol('kStateSymbol');

// libuv's uv_udp_flags.
const UV_UDP_IPV6ONLY = 1;
const UV_UDP_REUSEADDR = 4;
const UV_UDP_REUSEPORT = 64;

// ---- errors ----------------------------------------------------------------

const notRunning = () => codeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
const isConnected = () => codeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
const notConnected = () => codeError(Error, 'ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
const BUFFER_TYPES = 'an instance of Buffer, TypedArray, or DataView';

// Node's exceptionWithHostPort: `bind EADDRINUSE 127.0.0.1:41234`.
function hostPortError(errno, syscall, address, port) {
  const e = errnoException(errno, syscall, port > 0 ? `${address}:${port}` : address);
  e.address = address;
  if (port) e.port = port;
  return e;
}

// ERR_SOCKET_BUFFER_SIZE, one of Node's SystemErrors.
function bufferSizeError(errno, syscall) {
  const code = stream.errName(errno);
  const message = stream.errMessage(errno);
  const e = codeError(Error, 'ERR_SOCKET_BUFFER_SIZE', `Could not get or set buffer size: ${syscall} returned ${code} (${message})`);
  e.name = 'SystemError';
  Object.assign(e, { info: { errno, code, message, syscall }, errno, syscall });
  return e;
}

// Port as Node's validatePort(port, 'Port', false): a number or numeric
// string in 1..65535.
function validatePort(port) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) || port > 0xFFFF || port === 0) {
    throw codeError(RangeError, 'ERR_SOCKET_BAD_PORT',
      `Port should be > 0 and < 65536. Received ${internals.describe(port)}.`);
  }
  return port | 0;
}

function healthCheck(socket) {
  if (socket[kState].handle === null) throw notRunning();
}

// ---- Socket ----------------------------------------------------------------

function Socket(type, listener) {
  EventEmitter.call(this);
  let options;
  let lookup;
  if (type !== null && typeof type === 'object') {
    options = type;
    type = options.type;
    lookup = options.lookup;
  }
  if (lookup === undefined) lookup = internals.requireBuiltin('dns').lookup;
  else validateFunction(lookup, 'lookup');
  if (type !== 'udp4' && type !== 'udp6') {
    throw codeError(TypeError, 'ERR_SOCKET_BAD_TYPE', 'Bad socket type specified. Valid types are: udp4, udp6');
  }
  const handle = native.udp();
  if (handle < 0) throw errnoException(handle, 'socket');
  this.type = type;
  if (typeof listener === 'function') this.on('message', listener);
  this[kState] = {
    handle,
    family: type === 'udp4' ? 4 : 6,
    lookup,
    receiving: false,
    bindState: UNBOUND,
    connectState: DISCONNECTED,
    queue: undefined,
    reuseAddr: options && options.reuseAddr,
    ipv6Only: options && options.ipv6Only,
    reusePort: options && options.reusePort,
    recvBufferSize: options && options.recvBufferSize ? options.recvBufferSize : undefined,
    sendBufferSize: options && options.sendBufferSize ? options.sendBufferSize : undefined,
    sends: new Map(),
    nextSend: 0,
  };
  register(handle, this);
  if (options && options.signal !== undefined) {
    const { signal } = options;
    validateAbortSignal(signal, 'options.signal');
    const onAborted = () => {
      if (this[kState].handle !== null) this.close();
    };
    if (signal.aborted) {
      onAborted();
    } else {
      signal.addEventListener('abort', onAborted, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAborted));
    }
  }
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);

// The address as the socket's family resolves it (Node's lookup4/lookup6:
// an empty address is the loopback one).
function resolve(socket, address, cb) {
  const state = socket[kState];
  const fallback = state.family === 4 ? '127.0.0.1' : '::1';
  state.lookup(address || fallback, state.family, cb);
}

Socket.prototype[kOnEvent] = function onDgramEvent(kind, a, b) {
  const state = this[kState];
  switch (kind) {
    case EV_MESSAGE:
      if (typeof a === 'number') {
        this.emit('error', errnoException(a, 'recvmsg'));
        return;
      }
      this.emit('message', Buffer.from(a), { address: b.address, family: b.family, port: b.port, size: a.byteLength });
      break;
    case EV_SEND: {
      const req = state.sends.get(a);
      state.sends.delete(a);
      if (req) req.callback(b < 0 ? hostPortError(b, 'send', req.address, req.port) : null, b < 0 ? undefined : b);
      break;
    }
    case EV_CLOSE:
      break;
  }
};

Socket.prototype.bind = function bind(port_, address_ /* , callback */) {
  let port = port_;
  healthCheck(this);
  const state = this[kState];
  if (state.bindState !== UNBOUND) throw codeError(Error, 'ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound');
  state.bindState = BINDING;
  const cb = arguments.length && arguments[arguments.length - 1];
  if (typeof cb === 'function') {
    const removeListeners = () => {
      this.removeListener('error', removeListeners);
      this.removeListener('listening', onListening);
    };
    const onListening = () => {
      removeListeners();
      cb.call(this);
    };
    this.on('error', removeListeners);
    this.on('listening', onListening);
  }
  let address;
  if (port !== null && typeof port === 'object') {
    if (port.fd !== undefined && port.fd !== null) {
      throw codeError(Error, 'ERR_NOT_IMPLEMENTED', 'dgram socket.bind({ fd }) is not implemented in nabi');
    }
    address = port.address || '';
    port = port.port;
  } else {
    address = typeof address_ === 'function' ? '' : address_;
  }
  if (!address) address = this.type === 'udp4' ? '0.0.0.0' : '::';
  resolve(this, address, (err, ip) => {
    if (state.handle === null) return;
    if (err) {
      state.bindState = UNBOUND;
      this.emit('error', err);
      return;
    }
    let flags = 0;
    if (state.reuseAddr) flags |= UV_UDP_REUSEADDR;
    if (state.ipv6Only) flags |= UV_UDP_IPV6ONLY;
    if (state.reusePort) flags |= UV_UDP_REUSEPORT;
    // Node takes the port as a uint32 and keeps its low 16 bits ('abc' is 0).
    const r = native.bind(state.handle, ip, ((port || 0) >>> 0) & 0xffff, state.family, flags);
    if (r) {
      state.bindState = UNBOUND;
      this.emit('error', hostPortError(r, 'bind', ip, port));
      return;
    }
    startListening(this);
  });
  return this;
};

function startListening(socket) {
  const state = socket[kState];
  native.recvStart(state.handle);
  state.receiving = true;
  state.bindState = BOUND;
  if (state.recvBufferSize) bufferSize(socket, state.recvBufferSize, true);
  if (state.sendBufferSize) bufferSize(socket, state.sendBufferSize, false);
  socket.emit('listening');
}

// Work that waits for the bind to finish; dropped if it fails.
function enqueue(socket, fn) {
  const state = socket[kState];
  if (state.queue === undefined) {
    state.queue = [];
    const onError = () => {
      socket.removeListener('listening', onListening);
      state.queue = undefined;
    };
    const onListening = () => {
      socket.removeListener(EventEmitter.errorMonitor, onError);
      const queue = state.queue;
      state.queue = undefined;
      for (const f of queue) f();
    };
    socket.once(EventEmitter.errorMonitor, onError);
    socket.once('listening', onListening);
  }
  state.queue.push(fn);
}

Socket.prototype.connect = function connect(port, address, callback) {
  port = validatePort(port);
  if (typeof address === 'function') {
    callback = address;
    address = '';
  } else if (address === undefined) {
    address = '';
  }
  validateString(address, 'address');
  const state = this[kState];
  if (state.connectState !== DISCONNECTED) throw isConnected();
  state.connectState = CONNECTING;
  if (state.bindState === UNBOUND) this.bind({ port: 0 }, null);
  if (state.bindState !== BOUND) {
    enqueue(this, () => doConnect(this, port, address, callback));
    return;
  }
  doConnect(this, port, address, callback);
};

function doConnect(socket, port, address, callback) {
  const state = socket[kState];
  if (callback) socket.once('connect', callback);
  resolve(socket, address, (err, ip) => {
    if (state.handle === null) return;
    let ex = err;
    if (!ex) {
      const r = native.connect(state.handle, ip, port, state.family);
      if (r) ex = hostPortError(r, 'connect', address, port);
    }
    if (ex) {
      state.connectState = DISCONNECTED;
      process.nextTick(() => {
        if (callback) {
          socket.removeListener('connect', callback);
          callback(ex);
        } else {
          socket.emit('error', ex);
        }
      });
      return;
    }
    state.connectState = CONNECTED;
    process.nextTick(() => socket.emit('connect'));
  });
}

Socket.prototype.disconnect = function disconnect() {
  const state = this[kState];
  if (state.connectState !== CONNECTED) throw notConnected();
  const r = native.connect(state.handle);
  if (r) throw errnoException(r, 'connect');
  state.connectState = DISCONNECTED;
};

function isView(v) {
  return ArrayBuffer.isView(v);
}

// A Buffer over `offset`..`offset + length` of `buffer`.
function sliceBuffer(buffer, offset, length) {
  if (typeof buffer === 'string') buffer = Buffer.from(buffer);
  else if (!isView(buffer)) throw invalidArgType('buffer', `of type string or ${BUFFER_TYPES}`, buffer);
  offset >>>= 0;
  length >>>= 0;
  if (offset > buffer.byteLength) throw outOfBounds('offset');
  if (offset + length > buffer.byteLength) throw outOfBounds('length');
  return Buffer.from(buffer.buffer, buffer.byteOffset + offset, length);
}

function outOfBounds(name) {
  return codeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', `"${name}" is outside of buffer bounds`);
}

function bufferList(list) {
  const out = [];
  for (const b of list) {
    if (typeof b === 'string') out.push(Buffer.from(b));
    else if (isView(b)) out.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    else return null;
  }
  return out;
}

Socket.prototype.send = function send(buffer, offset, length, port, address, callback) {
  let list;
  const state = this[kState];
  const connected = state.connectState === CONNECTED;
  if (!connected) {
    if (address || (port && typeof port !== 'function')) {
      buffer = sliceBuffer(buffer, offset, length);
    } else {
      callback = port;
      port = offset;
      address = length;
    }
  } else {
    if (typeof length === 'number') {
      buffer = sliceBuffer(buffer, offset, length);
      if (typeof port === 'function') {
        callback = port;
        port = null;
      }
    } else {
      callback = offset;
    }
    if (port || address) throw isConnected();
  }
  if (!Array.isArray(buffer)) {
    if (typeof buffer === 'string') list = [Buffer.from(buffer)];
    else if (!isView(buffer)) throw invalidArgType('buffer', `of type string or ${BUFFER_TYPES}`, buffer);
    else list = [buffer];
  } else if (!(list = bufferList(buffer))) {
    throw invalidArgType('buffer list arguments', `of type string or ${BUFFER_TYPES}`, buffer);
  }
  if (!connected) port = validatePort(port);
  if (typeof callback !== 'function') callback = undefined;
  if (typeof address === 'function') {
    callback = address;
    address = undefined;
  } else if (address != null) {
    validateString(address, 'address');
  }
  healthCheck(this);
  if (state.bindState === UNBOUND) this.bind({ port: 0 }, null);
  if (list.length === 0) list.push(Buffer.alloc(0));
  if (state.bindState !== BOUND) {
    enqueue(this, this.send.bind(this, list, port, address, callback));
    return;
  }
  const afterLookup = (ex, ip) => doSend(ex, this, ip, list, address, port, callback);
  if (!connected) resolve(this, address, afterLookup);
  else afterLookup(null, null);
};

function doSend(ex, socket, ip, list, address, port, callback) {
  const state = socket[kState];
  if (ex) {
    if (callback) process.nextTick(callback, ex);
    else process.nextTick(() => socket.emit('error', ex));
    return;
  }
  if (state.handle === null) return;
  let data = list.length === 1 ? list[0] : Buffer.concat(list);
  // mod.rs reads bytes of a Uint8Array.
  if (!(data instanceof Uint8Array)) data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const reqId = ++state.nextSend;
  const r = port
    ? native.send(state.handle, reqId, data, ip, port, state.family)
    : native.send(state.handle, reqId, data);
  if (r >= 1) {
    if (callback) process.nextTick(callback, null, r - 1);
    return;
  }
  if (r === 0) {
    if (callback) state.sends.set(reqId, { callback, address, port });
    return;
  }
  // A failed send is the callback's, never an 'error' (as Node).
  if (callback) process.nextTick(callback, hostPortError(r, 'send', address, port));
}

Socket.prototype.close = function close(callback) {
  const state = this[kState];
  if (typeof callback === 'function') this.on('close', callback);
  if (state.queue !== undefined) {
    state.queue.push(this.close.bind(this));
    return this;
  }
  healthCheck(this);
  if (state.receiving) {
    native.recvStop(state.handle);
    state.receiving = false;
  }
  stream.close(state.handle);
  state.handle = null;
  process.nextTick(() => this.emit('close'));
  return this;
};

Socket.prototype[Symbol.asyncDispose] = function asyncDispose() {
  if (this[kState].handle === null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    this.close((err) => (err ? reject(err) : resolve()));
  });
};

Socket.prototype.address = function address() {
  healthCheck(this);
  const out = native.sockname(this[kState].handle);
  if (typeof out === 'number') throw errnoException(out, 'getsockname');
  return out;
};

Socket.prototype.remoteAddress = function remoteAddress() {
  healthCheck(this);
  const state = this[kState];
  if (state.connectState !== CONNECTED) throw notConnected();
  const out = native.peername(state.handle);
  if (typeof out === 'number') throw errnoException(out, 'getpeername');
  return out;
};

function setOption(socket, which, value, syscall) {
  const r = native.option(socket[kState].handle, which, value);
  if (r) throw errnoException(r, syscall);
}

Socket.prototype.setBroadcast = function setBroadcast(arg) {
  setOption(this, 0, arg ? 1 : 0, 'setBroadcast');
};

Socket.prototype.setTTL = function setTTL(ttl) {
  validateNumber(ttl, 'ttl');
  setOption(this, 1, ttl, 'setTTL');
  return ttl;
};

Socket.prototype.setMulticastTTL = function setMulticastTTL(ttl) {
  validateNumber(ttl, 'ttl');
  setOption(this, 2, ttl, 'setMulticastTTL');
  return ttl;
};

Socket.prototype.setMulticastLoopback = function setMulticastLoopback(arg) {
  setOption(this, 3, arg ? 1 : 0, 'setMulticastLoopback');
  return arg;
};

Socket.prototype.setMulticastInterface = function setMulticastInterface(interfaceAddress) {
  healthCheck(this);
  validateString(interfaceAddress, 'interfaceAddress');
  const r = native.multicastInterface(this[kState].handle, interfaceAddress);
  if (r) throw errnoException(r, 'setMulticastInterface');
};

function membership(socket, join, group, iface, source, syscall) {
  const r = native.membership(socket[kState].handle, join, group, iface, source);
  if (r) throw errnoException(r, syscall);
}

function missingArg(name) {
  return codeError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
}

Socket.prototype.addMembership = function addMembership(multicastAddress, interfaceAddress) {
  healthCheck(this);
  if (!multicastAddress) throw missingArg('multicastAddress');
  membership(this, true, multicastAddress, interfaceAddress, undefined, 'addMembership');
};

Socket.prototype.dropMembership = function dropMembership(multicastAddress, interfaceAddress) {
  healthCheck(this);
  if (!multicastAddress) throw missingArg('multicastAddress');
  membership(this, false, multicastAddress, interfaceAddress, undefined, 'dropMembership');
};

function sourceMembership(socket, join, source, group, iface, syscall) {
  healthCheck(socket);
  validateString(source, 'sourceAddress');
  validateString(group, 'groupAddress');
  membership(socket, join, group, iface, source, syscall);
}

Socket.prototype.addSourceSpecificMembership = function addSourceSpecificMembership(sourceAddress, groupAddress, interfaceAddress) {
  sourceMembership(this, true, sourceAddress, groupAddress, interfaceAddress, 'addSourceSpecificMembership');
};

Socket.prototype.dropSourceSpecificMembership = function dropSourceSpecificMembership(sourceAddress, groupAddress, interfaceAddress) {
  sourceMembership(this, false, sourceAddress, groupAddress, interfaceAddress, 'dropSourceSpecificMembership');
};

function bufferSize(socket, size, recv) {
  if (size >>> 0 !== size) throw codeError(TypeError, 'ERR_SOCKET_BAD_BUFFER_SIZE', 'Buffer size must be a positive integer');
  const handle = socket[kState].handle;
  const r = handle === null ? -9 : native.bufferSize(handle, recv, size);
  if (r < 0) throw bufferSizeError(r, recv ? 'uv_recv_buffer_size' : 'uv_send_buffer_size');
  return r;
}

Socket.prototype.setRecvBufferSize = function setRecvBufferSize(size) {
  bufferSize(this, size, true);
};

Socket.prototype.setSendBufferSize = function setSendBufferSize(size) {
  bufferSize(this, size, false);
};

Socket.prototype.getRecvBufferSize = function getRecvBufferSize() {
  return bufferSize(this, 0, true);
};

Socket.prototype.getSendBufferSize = function getSendBufferSize() {
  return bufferSize(this, 0, false);
};

Socket.prototype.getSendQueueSize = function getSendQueueSize() {
  const h = this[kState].handle;
  return h === null ? 0 : native.queue(h)[0];
};

Socket.prototype.getSendQueueCount = function getSendQueueCount() {
  const h = this[kState].handle;
  return h === null ? 0 : native.queue(h)[1];
};

Socket.prototype.ref = function ref() {
  const h = this[kState].handle;
  if (h !== null) stream.ref(h, true);
  return this;
};

Socket.prototype.unref = function unref() {
  const h = this[kState].handle;
  if (h !== null) stream.ref(h, false);
  return this;
};

function createSocket(type, listener) {
  return new Socket(type, listener);
}

module.exports = { createSocket, Socket };
