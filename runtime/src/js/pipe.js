// Sockets over libuv stream handles (binding.stream, builtins/handles.rs):
// the stdio of child processes (child_process.js), process.stdin, and the
// base of net.Socket (net.js adds connecting, addresses and options). In
// Node these are net.Socket / tty.ReadStream: a Duplex whose readable side
// reads the handle (stopping while the buffer is full), whose writable
// side writes to it and shuts it down on end(), and which closes the
// handle when destroyed and then emits 'close' (hadError). Events of every
// handle arrive through `onEvent` (bootstrap's ioEvent hook).
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');
const stream = internals.requireBuiltin('stream');
const { Duplex, Readable } = stream;
const native = binding.stream;
const child = binding.child;

// What mod.rs sends (its EV_* constants; dgram.js adds MESSAGE 12, SEND 13).
const EV = { DATA: 1, EOF: 2, READ_ERROR: 3, WRITE: 4, SHUTDOWN: 5, CLOSE: 6, EXIT: 7, CONNECTION: 8, CONNECT: 9 };

const kOnEvent = Symbol('kOnEvent');
// A subclass' handler for the events a pipe has not (net.js: connect).
const kOnOther = Symbol('kOnOther');
const kHandle = Symbol('kHandle');
const kReading = Symbol('kReading');
const kWrites = Symbol('kWrites');
const kShutdown = Symbol('kShutdown');
const kHadError = Symbol('kHadError');
const kBytesRead = Symbol('kBytesRead');
const kBytesWritten = Symbol('kBytesWritten');
// Called on every read and write (net.js' setTimeout watches it).
const kActive = Symbol('kActive');

// handle id → what receives its events (a Socket, a child process' handle).
const handles = new Map();

function register(id, owner) {
  handles.set(id, owner);
}

function onEvent(id, kind, a, b) {
  const owner = handles.get(id);
  if (kind === EV.CLOSE) handles.delete(id);
  if (owner) owner[kOnEvent](kind, a, b);
}

// Node's ErrnoException: `<syscall> <CODE>[ <extra>]` with errno, code,
// syscall.
function errnoException(errno, syscall, extra) {
  const code = native.errName(errno);
  const e = new Error(extra ? `${syscall} ${code} ${extra}` : `${syscall} ${code}`);
  e.errno = errno;
  e.code = code;
  e.syscall = syscall;
  return e;
}

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  options = options || {};
  const handle = typeof options.handle === 'number' ? options.handle : null;
  const duplexOptions = {
    allowHalfOpen: !!options.allowHalfOpen,
    emitClose: false,
    autoDestroy: true,
    decodeStrings: false,
  };
  if (options.readable === false) duplexOptions.readable = false;
  if (options.writable === false) duplexOptions.writable = false;
  if (options.highWaterMark !== undefined) duplexOptions.highWaterMark = options.highWaterMark;
  Duplex.call(this, duplexOptions);
  this[kHandle] = handle;
  this[kReading] = false;
  this[kWrites] = new Map();
  this[kShutdown] = null;
  this[kHadError] = false;
  this[kBytesRead] = 0;
  this[kBytesWritten] = 0;
  this[kActive] = null;
  this.connecting = false;
  if (handle !== null) {
    register(handle, this);
    // Start reading at once (data is buffered up to the high-water mark),
    // as a net.Socket made over a handle does.
    if (options.readable !== false && !options.manualStart) this.read(0);
  }
}
Object.setPrototypeOf(Socket.prototype, Duplex.prototype);
Object.setPrototypeOf(Socket, Duplex);

function stopReading(socket) {
  if (socket[kReading]) {
    socket[kReading] = false;
    if (socket[kHandle] !== null) native.readStop(socket[kHandle]);
  }
}

Socket.prototype[kOnEvent] = function onSocketEvent(kind, a, b) {
  switch (kind) {
    case EV.DATA:
      if (this.destroyed) return;
      this[kBytesRead] += a.byteLength;
      if (this[kActive]) this[kActive]();
      // A full buffer stops the reading until the next _read.
      if (!this.push(Buffer.from(a))) stopReading(this);
      break;
    case EV.EOF:
      this[kReading] = false;
      if (this.destroyed) return;
      this.push(null);
      this.read(0);
      break;
    case EV.READ_ERROR:
      this[kReading] = false;
      this.destroy(errnoException(a, 'read'));
      break;
    case EV.WRITE: {
      const cb = this[kWrites].get(a);
      this[kWrites].delete(a);
      if (cb && !this.destroyed) cb(b < 0 ? errnoException(b, 'write') : undefined);
      break;
    }
    case EV.SHUTDOWN: {
      const cb = this[kShutdown];
      this[kShutdown] = null;
      if (cb) cb();
      break;
    }
    case EV.CLOSE:
      this.emit('close', this[kHadError]);
      break;
    default:
      if (this[kOnOther]) this[kOnOther](kind, a, b);
  }
};

Socket.prototype._read = function _read() {
  if (this.connecting) {
    this.once('connect', () => this._read());
    return;
  }
  const h = this[kHandle];
  if (h !== null && !this[kReading]) {
    this[kReading] = true;
    const err = native.readStart(h);
    if (err) {
      this[kReading] = false;
      this.destroy(errnoException(err, 'read'));
    }
  }
};

Socket.prototype._write = function _write(chunk, encoding, cb) {
  if (this.connecting) {
    this.once('connect', () => this._write(chunk, encoding, cb));
    return;
  }
  const h = this[kHandle];
  if (h === null) {
    const e = new Error('Socket is closed');
    e.code = 'ERR_SOCKET_CLOSED';
    cb(e);
    return;
  }
  const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
  const r = native.write(h, data);
  if (r >= 0) {
    this[kBytesWritten] += data.length;
    if (this[kActive]) this[kActive]();
  }
  if (r === 0) cb();
  else if (r > 0) this[kWrites].set(r, cb);
  else cb(errnoException(r, 'write'));
};

Socket.prototype._final = function _final(cb) {
  if (this.connecting) {
    this.once('connect', () => this._final(cb));
    return;
  }
  const h = this[kHandle];
  if (h === null) {
    cb();
    return;
  }
  const r = native.shutdown(h);
  if (r === 0) this[kShutdown] = cb;
  // A handle that was never writable (the parent's end of a child's
  // stdout) has nothing to shut down.
  else if (native.errName(r) === 'ENOTCONN') cb();
  else cb(errnoException(r, 'shutdown'));
};

Socket.prototype._destroy = function _destroy(err, cb) {
  const h = this[kHandle];
  this[kReading] = false;
  this[kHadError] = !!err;
  if (h !== null) {
    this[kHandle] = null;
    // 'close' follows when libuv has closed the handle.
    native.close(h);
    cb(err);
  } else {
    cb(err);
    process.nextTick(() => this.emit('close', !!err));
  }
};

Socket.prototype.ref = function ref() {
  if (this[kHandle] !== null) native.ref(this[kHandle], true);
  return this;
};

Socket.prototype.unref = function unref() {
  if (this[kHandle] !== null) native.ref(this[kHandle], false);
  return this;
};

Socket.prototype.destroySoon = function destroySoon() {
  if (this.writable) this.end();
  if (this.writableFinished) this.destroy();
  else this.once('finish', this.destroy);
};

Object.defineProperty(Socket.prototype, '_handle', {
  configurable: true,
  get() {
    return this[kHandle] === null ? null : { fd: native.fileno(this[kHandle]) };
  },
});

// The fd under a socket's handle (for stdio of another spawn), or -1.
function fdOf(socket) {
  return socket instanceof Socket && socket[kHandle] !== null ? native.fileno(socket[kHandle]) : -1;
}

// A socket handed to another child as its stdio: the parent stops
// reading it, so what comes through goes to that child.
const kHandedOver = Symbol('kHandedOver');
function handOver(socket) {
  socket[kHandedOver] = true;
  stopReading(socket);
  socket.pause();
  socket._readableState.reading = false;
}

function emptyInput() {
  const s = new Readable({ read() {} });
  s.push(null);
  return s;
}

// process.stdin: a tty.ReadStream on a terminal, a Socket over a pipe on fd 0, a fs.ReadStream over
// a file, or an empty stream (in a worker, or when fd 0 is something else).
function createStdin() {
  let stdin;
  const type = binding.workerInfo ? 'UNKNOWN' : child.guessHandle(0);
  if (type === 'FILE') {
    const fs = internals.requireBuiltin('fs');
    stdin = new fs.ReadStream(null, { fd: 0, autoClose: false });
  } else if (type === 'TTY') {
    stdin = new (internals.requireBuiltin('tty').ReadStream)(0);
  } else if (type === 'PIPE' || type === 'TCP') {
    const id = child.openStream(0, false);
    if (id > 0) stdin = new Socket({ handle: id, readable: true, writable: false, manualStart: true });
    else stdin = emptyInput();
  } else {
    stdin = emptyInput();
  }
  stdin.fd = 0;
  // pause() stops the reading (one tick later, once the stream has
  // stopped flowing), so a paused stdin lets the process end.
  stdin.on('pause', () => {
    process.nextTick(() => {
      if (stdin[kReading] && !stdin.readableFlowing) {
        stdin._readableState.reading = false;
        stopReading(stdin);
      }
    });
  });
  return stdin;
}

// Signal names and numbers of this platform, and the name of a number
// (SIGABRT rather than SIGIOT: the first listed).
const signals = child.signals;
const signalNames = {};
for (const [name, n] of Object.entries(signals)) if (!(n in signalNames)) signalNames[n] = name;

module.exports = {
  Socket, EV, kOnEvent, kOnOther, kHandle, kReading, kWrites, kHadError, kBytesRead, kBytesWritten, kActive, register, onEvent, errnoException, createStdin, fdOf, handOver, kHandedOver, signals, signalNames,
};
