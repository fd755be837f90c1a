// node:child_process — spawn, exec and execFile on libuv's uv_spawn
// (mod.rs beside this file) with pipe.js sockets for the stdio, and the synchronous
// spawns package loaders use (`ldd --version`, `uname`, …), and fork with
// its IPC channel (a socket pair on the child's fd named by NODE_CHANNEL_FD).
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');
const EventEmitter = internals.requireBuiltin('events');


// ---- argument checks, with Node's errors ------------------------------------

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}
const inspect = (v) => internals.requireBuiltin('util').inspect(v);
const argType = (name, expected, value) => internals.errors.invalidArgType(name, expected, value);
function argValue(name, value, reason = 'is invalid') {
  const what = name.includes('.') ? 'property' : 'argument';
  return codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${what} '${name}' ${reason}. Received ${inspect(value)}`);
}

const { validateString, validateObject, validateBoolean, validateInt32, validateAbortSignal } = internals.errors;
function validateNoNullBytes(value, name) {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw argValue(name, value, 'must be a string without null bytes');
  }
}
function validateTimeout(timeout) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw internals.errors.outOfRange('timeout', 'an unsigned integer', timeout);
  }
}
function validateMaxBuffer(maxBuffer) {
  if (maxBuffer != null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
    throw internals.errors.outOfRange('options.maxBuffer', 'a positive number', maxBuffer);
  }
}

// ---- signals ---------------------------------------------------------------

let pipeModule;
const pipe = () => (pipeModule ??= internals.pipe());

function convertToValidSignal(signal) {
  const { signals, signalNames } = pipe();
  if (typeof signal === 'number' && signalNames[signal]) return signal;
  if (typeof signal === 'string') {
    const n = signals[signal.toUpperCase()];
    if (n) return n;
  }
  throw codeError(TypeError, 'ERR_UNKNOWN_SIGNAL', `Unknown signal: ${signal}`);
}

function sanitizeKillSignal(killSignal) {
  if (typeof killSignal === 'string' || typeof killSignal === 'number') return convertToValidSignal(killSignal);
  if (killSignal != null) throw argType('options.killSignal', 'one of type string or number', killSignal);
  return undefined;
}

// ---- ChildProcess ------------------------------------------------------------

// The process handle: its events (exit) reach the ChildProcess.
class ProcessHandle {
  constructor(child, id, pid) {
    this.child = child;
    this.id = id;
    this.pid = pid;
    if (id) {
      const { register, kOnEvent, EV, signalNames } = pipe();
      this[kOnEvent] = (kind, status, signal) => {
        if (kind === EV.EXIT) onExit(this.child, status, signal ? signalNames[signal] || null : null);
      };
      register(id, this);
    }
  }
  kill(signal) {
    return binding.child.kill(this.id, signal);
  }
  close() {
    binding.stream.close(this.id);
  }
  ref() {
    binding.stream.ref(this.id, true);
  }
  unref() {
    binding.stream.ref(this.id, false);
  }
  hasRef() {
    return binding.stream.hasRef(this.id);
  }
}

function ChildProcess() {
  EventEmitter.call(this);
  this._closesNeeded = 1;
  this._closesGot = 0;
  this.connected = false;
  this.signalCode = null;
  this.exitCode = null;
  this.killed = false;
  this.spawnfile = null;
  this._handle = null;
}
Object.setPrototypeOf(ChildProcess.prototype, EventEmitter.prototype);
Object.setPrototypeOf(ChildProcess, EventEmitter);

function maybeClose(child) {
  child._closesGot++;
  if (child._closesGot === child._closesNeeded) child.emit('close', child.exitCode, child.signalCode);
}

// After the exit, streams nobody reads are drained so they end and close
// (not those handed to another child as its stdio).
function flushStdio(child) {
  const stdio = child.stdio;
  if (stdio == null) return;
  const { kHandedOver } = pipe();
  for (const s of stdio) {
    if (!s || !s.readable || s._readableState.readableListening || s[kHandedOver]) continue;
    s.resume();
  }
}

// The exit (or, with a negative code, the failed spawn) of the child.
function onExit(child, exitCode, signalCode) {
  if (signalCode) child.signalCode = signalCode;
  else child.exitCode = exitCode;
  if (child.stdin) child.stdin.destroy();
  if (child._handle) {
    if (child._handle.id) child._handle.close();
    child._handle = null;
  }
  if (exitCode < 0) {
    const syscall = child.spawnfile ? 'spawn ' + child.spawnfile : 'spawn';
    const err = pipe().errnoException(exitCode, syscall);
    if (child.spawnfile) err.path = child.spawnfile;
    err.spawnargs = child.spawnargs.slice(1);
    child.emit('error', err);
  } else {
    child.emit('exit', child.exitCode, child.signalCode);
  }
  process.nextTick(flushStdio, child);
  maybeClose(child);
}

// stdio as Node takes it → [{ type: 'pipe' | 'ignore' | 'fd', fd }].
function getValidStdio(stdio) {
  if (typeof stdio === 'string') {
    if (!['ignore', 'pipe', 'inherit', 'overlapped'].includes(stdio)) throw argValue('stdio', stdio);
    stdio = [stdio, stdio, stdio];
  } else if (!Array.isArray(stdio)) {
    throw argValue('stdio', stdio);
  } else {
    stdio = stdio.slice();
  }
  while (stdio.length < 3) stdio.push(undefined);
  let ipc = false;
  return stdio.map((s, i) => {
    if (s == null) s = i < 3 ? 'pipe' : 'ignore';
    if (s === 'ignore') return { type: 'ignore' };
    if (s === 'pipe' || s === 'overlapped' || (typeof s === 'number' && s < 0)) return { type: 'pipe' };
    if (s === 'ipc') {
      if (ipc) throw codeError(Error, 'ERR_IPC_ONE_PIPE', 'Child process can have only one IPC pipe');
      ipc = true;
      return { type: 'ipc' };
    }
    if (s === 'inherit') return { type: 'fd', fd: i };
    if (typeof s === 'number') return { type: 'fd', fd: s };
    if (typeof s === 'object' && typeof s.fd === 'number') return { type: 'fd', fd: s.fd };
    const fd = typeof s === 'object' ? pipe().fdOf(s) : -1;
    if (fd >= 0) return { type: 'fd', fd, socket: s };
    if (ArrayBuffer.isView(s) || typeof s === 'string') {
      throw codeError(TypeError, 'ERR_INVALID_SYNC_FORK_INPUT',
        `Asynchronous forks do not support Buffer, TypedArray, DataView or string input: ${inspect(s)}`);
    }
    throw argValue('stdio', s);
  });
}

// The spawn errors Node reports with an 'error' event rather than a throw.
const RUNTIME_ERRORS = ['EACCES', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOENT'];

ChildProcess.prototype.spawn = function spawn(options) {
  validateObject(options, 'options');
  const stdio = getValidStdio(options.stdio || 'pipe');
  if (options.envPairs === undefined) options.envPairs = [];
  else if (!Array.isArray(options.envPairs)) throw argType('options.envPairs', 'an instance of Array', options.envPairs);
  validateString(options.file, 'options.file');
  this.spawnfile = options.file;
  if (options.args === undefined) this.spawnargs = [];
  else if (!Array.isArray(options.args)) throw argType('options.args', 'an instance of Array', options.args);
  else this.spawnargs = options.args;

  const ipcIndex = stdio.findIndex((s) => s.type === 'ipc');
  const serialization = options.serialization === undefined ? 'json' : options.serialization;
  if (serialization !== 'json' && serialization !== 'advanced') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The property 'options.serialization' must be one of: undefined, 'json', 'advanced'. Received ${inspect(serialization)}`);
  }
  if (ipcIndex >= 0) {
    options.envPairs.push(`NODE_CHANNEL_FD=${ipcIndex}`, `NODE_CHANNEL_SERIALIZATION_MODE=${serialization}`);
  }

  const native = binding.child;
  const r = native.spawn({
    file: options.file,
    args: this.spawnargs,
    cwd: options.cwd == null ? undefined : String(options.cwd),
    envPairs: options.envPairs,
    stdio: stdio.map((s) => (s.type === 'fd' ? s.fd : s.type === 'ipc' ? 'duplex' : s.type)),
    detached: !!options.detached,
    uid: options.uid,
    gid: options.gid,
  });
  const err = r[0];
  const pipes = r.slice(3);
  this._handle = new ProcessHandle(this, r[1], r[2]);
  if (err) {
    const name = binding.stream.errName(err);
    if (!RUNTIME_ERRORS.includes(name)) {
      for (const id of pipes) if (id) binding.stream.close(id);
      this._handle = null;
      throw pipe().errnoException(err, 'spawn');
    }
    process.nextTick(() => onExit(this, err, null));
    if (name === 'EMFILE' || name === 'ENFILE') {
      for (const id of pipes) if (id) binding.stream.close(id);
      return err;
    }
  } else {
    process.nextTick(() => this.emit('spawn'));
    this.pid = r[2];
  }

  const { Socket, handOver } = pipe();
  const sockets = stdio.map((s, i) => {
    if (s.socket) handOver(s.socket);
    if (s.type !== 'pipe' || !pipes[i]) return null;
    const socket = new Socket({ handle: pipes[i], readable: i > 0 });
    if (i > 0) {
      this._closesNeeded++;
      socket.on('close', () => maybeClose(this));
    }
    return socket;
  });
  if (ipcIndex >= 0 && pipes[ipcIndex]) {
    const channel = new Socket({ handle: pipes[ipcIndex] });
    this._closesNeeded++;
    setupChannel(this, channel, serialization, () => maybeClose(this));
  }
  this.stdin = sockets[0];
  this.stdout = sockets[1];
  this.stderr = sockets[2];
  this.stdio = sockets;
  return err;
};

ChildProcess.prototype.kill = function kill(sig) {
  const signal = sig === 0 ? sig : convertToValidSignal(sig === undefined ? 'SIGTERM' : sig);
  if (this._handle && this._handle.id) {
    const err = this._handle.kill(signal);
    if (err === 0) {
      this.killed = true;
      return true;
    }
    const name = binding.stream.errName(err);
    if (name === 'ESRCH') {
      // Gone already.
    } else if (name === 'EINVAL' || name === 'ENOSYS') {
      throw pipe().errnoException(err, 'kill');
    } else {
      this.emit('error', pipe().errnoException(err, 'kill'));
    }
  }
  return false;
};

ChildProcess.prototype.ref = function ref() {
  if (this._handle && this._handle.id) this._handle.ref();
};

ChildProcess.prototype.unref = function unref() {
  if (this._handle && this._handle.id) this._handle.unref();
};

if (typeof Symbol.dispose === 'symbol') {
  ChildProcess.prototype[Symbol.dispose] = function dispose() {
    if (!this.killed) this.kill();
  };
}

// ---- IPC (fork) ----------------------------------------------------------------

// Messages over the channel: 'json' is a line of JSON per message, as in
// Node; 'advanced' is a 4-byte big-endian length and V8's value
// serialization as Node writes it (views as host objects behind a 0), so a
// nabi parent and a Node child understand each other.
let ipcSerializers;
function advancedSerializers() {
  if (ipcSerializers) return ipcSerializers;
  const v8 = internals.requireBuiltin('v8');
  class ChildProcessSerializer extends v8.DefaultSerializer {
    _writeHostObject(object) {
      this.writeUint32(0);
      return super._writeHostObject(object);
    }
  }
  class ChildProcessDeserializer extends v8.DefaultDeserializer {
    _readHostObject() {
      if (this.readUint32() !== 0) throw new Error('Unable to deserialize cloned data.');
      return super._readHostObject();
    }
  }
  ipcSerializers = { ChildProcessSerializer, ChildProcessDeserializer };
  return ipcSerializers;
}

function encodeMessage(message, serialization) {
  if (serialization === 'json') return Buffer.from(`${JSON.stringify(message)}\n`);
  const ser = new (advancedSerializers().ChildProcessSerializer)();
  ser.writeHeader();
  ser.writeValue(message);
  const body = ser.releaseBuffer();
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

function ipcError(code, message) {
  return codeError(Error, code, message);
}

// Gives `target` (a ChildProcess, or `process` in a forked child) Node's
// channel API: send, disconnect, connected, channel, 'message' and
// 'disconnect'.
function setupChannel(target, socket, serialization, onClosed) {
  target.connected = true;
  let pending = serialization === 'json' ? '' : Buffer.alloc(0);
  const deliver = (message) => process.nextTick(() => target.emit('message', message, undefined));
  socket.on('data', (chunk) => {
    if (serialization === 'json') {
      pending += chunk.toString('utf8');
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.length > 0) deliver(JSON.parse(line));
      }
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const n = pending.readUInt32BE(0);
      if (pending.length < 4 + n) break;
      const body = pending.subarray(4, 4 + n);
      pending = pending.subarray(4 + n);
      const des = new (advancedSerializers().ChildProcessDeserializer)(body);
      des.readHeader();
      deliver(des.readValue());
    }
  });
  let closed = false;
  let disconnectedHere = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    target.channel = null;
    if (target.connected) {
      target.connected = false;
      target.emit('disconnect');
    }
    // As in Node 24: a channel the parent disconnected itself does not
    // count for the child's 'close' event (which then never comes).
    if (onClosed && !disconnectedHere) onClosed();
  };
  socket.on('end', () => socket.destroy());
  socket.on('close', finish);
  socket.on('error', () => {});
  target.channel = {
    ref: () => socket.ref(),
    unref: () => socket.unref(),
    hasRef: () => socket.hasRef?.() ?? true,
  };
  target.send = function send(message, handle, options, callback) {
    if (typeof handle === 'function') {
      callback = handle;
      handle = undefined;
    } else if (typeof options === 'function') {
      callback = options;
    }
    if (message === undefined) {
      throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "message" argument must be specified');
    }
    if (!target.connected) {
      const err = ipcError('ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
      if (typeof callback === 'function') process.nextTick(callback, err);
      else process.nextTick(() => target.emit('error', err));
      return false;
    }
    const ok = socket.write(encodeMessage(message, serialization), () => {
      if (typeof callback === 'function') callback(null);
    });
    return ok;
  };
  target.disconnect = function disconnect() {
    if (!target.connected) {
      target.emit('error', ipcError('ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected'));
      return;
    }
    target.connected = false;
    disconnectedHere = true;
    // Pending messages go out first; the other side then sees the end.
    socket.end();
    process.nextTick(() => {
      target.emit('disconnect');
      socket.destroy();
    });
  };
  return socket;
}

// In a forked child (bootstrap calls this when NODE_CHANNEL_FD is set):
// `process` gets the channel, kept alive only while someone listens for
// 'message' or 'disconnect', as in Node.
function setupChildChannel(fd, serialization) {
  const { Socket } = pipe();
  const id = binding.child.openStream(fd, false);
  if (!(id > 0)) return;
  const socket = new Socket({ handle: id });
  setupChannel(process, socket, serialization === 'advanced' ? 'advanced' : 'json');
  socket.unref();
  const listening = () => process.listenerCount('message') + process.listenerCount('disconnect');
  process.on('newListener', (name) => {
    if (name === 'message' || name === 'disconnect') socket.ref();
  });
  process.on('removeListener', (name) => {
    if ((name === 'message' || name === 'disconnect') && listening() === 0) socket.unref();
  });
}

function fork(modulePath, args, options) {
  if (modulePath instanceof URL) modulePath = internals.requireBuiltin('url').fileURLToPath(modulePath);
  validateString(modulePath, 'modulePath');
  validateNoNullBytes(modulePath, 'modulePath');
  if (args == null) {
    args = [];
  } else if (!Array.isArray(args)) {
    if (typeof args !== 'object') throw argType('args', 'of type object', args);
    options = args;
    args = [];
  }
  options = { ...(options || {}) };
  const execArgv = options.execArgv || process.execArgv;
  args = [...execArgv, modulePath, ...args];
  if (typeof options.stdio === 'string') {
    options.stdio = [options.stdio, options.stdio, options.stdio, 'ipc'];
  } else if (!Array.isArray(options.stdio)) {
    const s = options.silent ? 'pipe' : 'inherit';
    options.stdio = [s, s, s, 'ipc'];
  } else if (!options.stdio.includes('ipc')) {
    throw codeError(Error, 'ERR_CHILD_PROCESS_IPC_REQUIRED',
      "Forked processes must have an IPC channel, missing value 'ipc' in options.stdio");
  }
  options.shell = false;
  return spawn(options.execPath || process.execPath, args, options);
}

// ---- spawn -------------------------------------------------------------------

function normalizeSpawnArguments(file, args, options) {
  validateString(file, 'file');
  validateNoNullBytes(file, 'file');
  if (file.length === 0) throw argValue('file', file, 'cannot be empty');
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args == null) {
    args = [];
  } else if (typeof args !== 'object') {
    throw argType('args', 'of type object', args);
  } else {
    options = args;
    args = [];
  }
  for (const [i, a] of args.entries()) validateNoNullBytes(a, `args[${i}]`);
  if (options === undefined) options = {};
  else validateObject(options, 'options');

  let cwd = options.cwd;
  if (cwd != null) {
    if (cwd instanceof URL) cwd = internals.requireBuiltin('url').fileURLToPath(cwd);
    else if (cwd instanceof Uint8Array) cwd = Buffer.from(cwd).toString();
    else if (typeof cwd !== 'string') throw argType('options.cwd', 'of type string or an instance of Buffer or URL', cwd);
    validateNoNullBytes(cwd, 'options.cwd');
  }
  if (options.detached != null) validateBoolean(options.detached, 'options.detached');
  if (options.uid != null) validateInt32(options.uid, 'options.uid');
  if (options.gid != null) validateInt32(options.gid, 'options.gid');
  if (options.shell != null && typeof options.shell !== 'boolean' && typeof options.shell !== 'string') {
    throw argType('options.shell', 'one of type boolean or string', options.shell);
  }
  if (options.argv0 != null) {
    validateString(options.argv0, 'options.argv0');
    validateNoNullBytes(options.argv0, 'options.argv0');
  }
  if (options.windowsHide != null) validateBoolean(options.windowsHide, 'options.windowsHide');
  if (options.windowsVerbatimArguments != null) {
    validateBoolean(options.windowsVerbatimArguments, 'options.windowsVerbatimArguments');
  }

  if (options.shell) {
    validateNoNullBytes(options.shell, 'options.shell');
    const command = [file, ...args].join(' ');
    file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    args = ['-c', command];
  }
  args.unshift(typeof options.argv0 === 'string' ? options.argv0 : file);

  const env = options.env || process.env;
  const envPairs = [];
  // Inherited keys too, as in Node.
  for (const key in env) {
    const value = env[key];
    if (value !== undefined) {
      validateNoNullBytes(key, `options.env['${key}']`);
      validateNoNullBytes(String(value), `options.env['${key}']`);
      envPairs.push(`${key}=${value}`);
    }
  }
  return {
    ...options,
    args,
    cwd,
    detached: !!options.detached,
    envPairs,
    file,
    windowsHide: !!options.windowsHide,
    windowsVerbatimArguments: !!options.windowsVerbatimArguments,
  };
}

function abortError(reason) {
  const { AbortError } = internals.stream;
  return new AbortError(undefined, { cause: reason });
}

function spawn(file, args, options) {
  options = normalizeSpawnArguments(file, args, options);
  validateTimeout(options.timeout);
  validateAbortSignal(options.signal, 'options.signal');
  const killSignal = sanitizeKillSignal(options.killSignal);
  const child = new ChildProcess();
  child.spawn(options);

  if (options.timeout > 0) {
    let timer = setTimeout(() => {
      if (timer) {
        try {
          child.kill(killSignal);
        } catch (err) {
          child.emit('error', err);
        }
        timer = null;
      }
    }, options.timeout);
    child.once('exit', () => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    });
  }

  const signal = options.signal;
  if (signal) {
    const onAbort = () => {
      try {
        if (child.kill(killSignal)) child.emit('error', abortError(signal.reason));
      } catch (err) {
        child.emit('error', err);
      }
    };
    if (signal.aborted) {
      process.nextTick(onAbort);
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
      child.once('exit', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return child;
}

// ---- execFile and exec -----------------------------------------------------------

const MAX_BUFFER = 1024 * 1024;

function normalizeExecFileArgs(file, args, options, callback) {
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args != null && typeof args === 'object') {
    callback = options;
    options = args;
    args = null;
  } else if (typeof args === 'function') {
    callback = args;
    options = null;
    args = null;
  }
  if (args == null) args = [];
  if (typeof options === 'function') callback = options;
  else if (options != null) validateObject(options, 'options');
  if (options == null || typeof options === 'function') options = {};
  if (callback != null) internals.errors.validateFunction(callback, 'callback');
  if (options.argv0 != null) {
    validateString(options.argv0, 'options.argv0');
    validateNoNullBytes(options.argv0, 'options.argv0');
  }
  return { file, args, options, callback };
}

function maxBufferError(name) {
  return codeError(RangeError, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', `${name} maxBuffer length exceeded`);
}

function execFile(file, args, options, callback) {
  ({ file, args, options, callback } = normalizeExecFileArgs(file, args, options, callback));
  options = {
    encoding: 'utf8',
    timeout: 0,
    maxBuffer: MAX_BUFFER,
    killSignal: 'SIGTERM',
    cwd: null,
    env: null,
    shell: false,
    ...options,
  };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal);

  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    gid: options.gid,
    shell: options.shell,
    signal: options.signal,
    uid: options.uid,
    windowsHide: !!options.windowsHide,
    windowsVerbatimArguments: !!options.windowsVerbatimArguments,
    argv0: options.argv0,
  });

  const encoding = options.encoding !== 'buffer' && Buffer.isEncoding(options.encoding) ? options.encoding : null;
  const out = { stdout: [], stderr: [] };
  const lengths = { stdout: 0, stderr: 0 };
  let killed = false;
  let exited = false;
  let timer = null;
  let ex = null;
  let cmd = file;

  function joined(name) {
    const s = child[name];
    if (encoding || (s && s.readableEncoding)) return out[name].join('');
    return Buffer.concat(out[name]);
  }

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!callback) return;
    const stdout = joined('stdout');
    const stderr = joined('stderr');
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    if (args.length) cmd += ` ${args.join(' ')}`;
    if (!ex) {
      ex = new Error(`Command failed: ${cmd}\n${stderr}`);
      ex.code = code < 0 ? binding.stream.errName(code) : code;
      ex.killed = child.killed || killed;
      ex.signal = signal;
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function errorhandler(e) {
    ex = e;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    exithandler();
  }

  function kill() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timer = setTimeout(() => {
      kill();
      timer = null;
    }, options.timeout);
  }

  for (const name of ['stdout', 'stderr']) {
    const s = child[name];
    if (!s) continue;
    if (encoding) s.setEncoding(encoding);
    s.on('data', (chunk) => {
      if (options.maxBuffer === Infinity) {
        out[name].push(chunk);
        return;
      }
      const enc = s.readableEncoding;
      const length = enc ? Buffer.byteLength(chunk, enc) : chunk.length;
      lengths[name] += length;
      if (lengths[name] > options.maxBuffer) {
        const keep = options.maxBuffer - (lengths[name] - length);
        out[name].push(chunk.slice(0, keep));
        ex = maxBufferError(name);
        kill();
      } else {
        out[name].push(chunk);
      }
    });
  }

  child.addListener('close', exithandler);
  child.addListener('error', errorhandler);
  return child;
}

function normalizeExecArgs(command, options, callback) {
  validateString(command, 'command');
  validateNoNullBytes(command, 'command');
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  options = { ...options };
  options.shell = typeof options.shell === 'string' ? options.shell : true;
  return { file: command, options, callback };
}

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  return execFile(opts.file, opts.options, opts.callback);
}

// util.promisify(exec / execFile) → { stdout, stderr }; the error carries
// them too; the promise has the child as `child`.
function promiseForm(fn) {
  return (...args) => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.child = fn(...args, (err, stdout, stderr) => {
      if (err !== null) {
        err.stdout = stdout;
        err.stderr = stderr;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
    return promise;
  };
}
const customPromisify = Symbol.for('nodejs.util.promisify.custom');
Object.defineProperty(exec, customPromisify, { enumerable: false, value: promiseForm(exec) });
Object.defineProperty(execFile, customPromisify, { enumerable: false, value: promiseForm(execFile) });

// ---- the synchronous spawns ---------------------------------------------------

function spawnSync(file, args, options) {
  if (!Array.isArray(args)) {
    options = args;
    args = [];
  }
  options = options || {};
  const env = Object.entries(options.env || process.env).map(([k, v]) => [k, String(v)]);
  const r = binding.spawnSync(file, args.map(String), {
    cwd: options.cwd,
    env,
    input: options.input,
    inheritStderr: options.stdio === 'inherit' || (Array.isArray(options.stdio) && options.stdio[2] === 'inherit'),
    timeout: options.timeout,
    killSignal: options.killSignal === undefined ? undefined : convertToValidSignal(options.killSignal),
  });
  const enc = options.encoding && options.encoding !== 'buffer' ? options.encoding : null;
  const out = (ab) => {
    const b = Buffer.from(ab);
    return enc ? b.toString(enc) : b;
  };
  const stdout = out(r.stdout);
  const stderr = out(r.stderr);
  const result = { pid: r.pid || 0, output: [null, stdout, stderr], stdout, stderr, status: r.status, signal: r.signal };
  if (r.error) result.error = r.error;
  if (options.stdio === 'inherit') process.stdout.write(stdout);
  return result;
}

function checkResult(r, cmd) {
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const stderr = typeof r.stderr === 'string' ? r.stderr : r.stderr.toString();
    const e = new Error(`Command failed: ${cmd}${stderr ? '\n' + stderr : ''}`);
    Object.assign(e, { status: r.status, signal: r.signal, output: r.output, pid: r.pid, stdout: r.stdout, stderr: r.stderr });
    throw e;
  }
  return r.stdout;
}

function execSync(command, options = {}) {
  const r = spawnSync('/bin/sh', ['-c', command], options);
  if (options.stdio !== 'pipe' && r.stderr && r.stderr.length && r.status === 0 && !options.stdio) {
    process.stderr.write(r.stderr);
  }
  return checkResult(r, command);
}

function execFileSync(file, args, options) {
  if (!Array.isArray(args)) {
    options = args;
    args = [];
  }
  const r = spawnSync(file, args, options || {});
  return checkResult(r, [file, ...args].join(' '));
}

module.exports = {
  ChildProcess,
  spawn,
  exec,
  execFile,
  spawnSync,
  execSync,
  execFileSync,
  fork,
  _setupChildChannel: setupChildChannel,
};
