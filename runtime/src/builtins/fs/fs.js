// node:fs — the synchronous API packages' loaders use, and the callback and
// promise forms of the common calls (run on libuv's thread pool).
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');

function notImplemented(name) {
  return () => {
    const e = new Error(`fs.${name} is not implemented in nabi`);
    e.code = 'ERR_NOT_IMPLEMENTED';
    throw e;
  };
}

function toPath(p, name = 'path') {
  if (typeof p === 'string') return p;
  if (p instanceof URL) return internals.requireBuiltin('url').fileURLToPath(p);
  if (p instanceof Uint8Array) return Buffer.from(p).toString();
  const e = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${internals.describe(p)}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

// An options argument as Node reads it: missing (or a function: the
// callback) means the defaults, a string is the encoding, anything else
// but an object is refused, and so is an unknown encoding.
function getOptions(options, defaults = {}) {
  if (options == null || typeof options === 'function') return defaults;
  if (typeof options === 'string') options = { ...defaults, encoding: options };
  else if (typeof options !== 'object') throw internals.errors.invalidArgType('options', 'one of type string or an instance of Object', options);
  if (options.encoding && options.encoding !== 'buffer' && !Buffer.isEncoding(options.encoding)) {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'encoding' is invalid encoding. Received ${internals.describe(options.encoding)}`);
  }
  return options;
}

// Node reads `options.bigint` of stat's options first: null fails there.
function statOptions(options) {
  if (options === null) throw new TypeError("Cannot read properties of null (reading 'bigint')");
}

function encodingOf(options) {
  if (typeof options === 'string') return options;
  return options && options.encoding ? options.encoding : null;
}

class Stats {
  constructor(a) {
    [this.dev, this.mode, this.nlink, this.uid, this.gid, this.rdev, this.blksize, this.ino, this.size, this.blocks,
      this.atimeMs, this.mtimeMs, this.ctimeMs, this.birthtimeMs] = a;
    this.atime = new Date(this.atimeMs);
    this.mtime = new Date(this.mtimeMs);
    this.ctime = new Date(this.ctimeMs);
    this.birthtime = new Date(this.birthtimeMs);
  }
  isFile() { return (this.mode & 0o170000) === 0o100000; }
  isDirectory() { return (this.mode & 0o170000) === 0o040000; }
  isSymbolicLink() { return (this.mode & 0o170000) === 0o120000; }
  isFIFO() { return (this.mode & 0o170000) === 0o010000; }
  isSocket() { return (this.mode & 0o170000) === 0o140000; }
  isCharacterDevice() { return (this.mode & 0o170000) === 0o020000; }
  isBlockDevice() { return (this.mode & 0o170000) === 0o060000; }
}

class Dirent {
  constructor(name, type, dir) {
    this.name = name;
    this.parentPath = dir;
    this.path = dir;
    this._type = type;
  }
  isFile() { return this._type === 1; }
  isDirectory() { return this._type === 2; }
  isSymbolicLink() { return this._type === 3; }
  isFIFO() { return this._type === 4; }
  isSocket() { return this._type === 5; }
  isCharacterDevice() { return this._type === 6; }
  isBlockDevice() { return this._type === 7; }
}

const flagsTable = { r: 0, 'r+': 2, rs: 0, 'rs+': 2, w: 0o1101, wx: 0o1301, 'w+': 0o1102, 'wx+': 0o1302, a: 0o2101, ax: 0o2301, 'a+': 0o2102, 'ax+': 0o2302 };
function parseFlags(flags) {
  if (flags === undefined || flags === null) return 0;
  if (typeof flags === 'number') {
    internals.errors.validateInt32(flags, 'flags');
    return flags;
  }
  const f = typeof flags === 'string' ? flagsTable[flags] : undefined;
  if (f === undefined) {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'flags' is invalid. Received ${internals.describe(flags)}`);
  }
  return f;
}

function dataBytes(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return data;
  const e = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${internals.describe(data)}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

// Each call as [binding args, result mapper]; shared by sync, callback and
// promise forms.
const ops = {
  readFile: (p, options) => {
    options = getOptions(options, { flag: 'r' });
    // An int32 is a file descriptor (`| 0`: a Symbol or BigInt throws, as in Node).
    const target = p === (p | 0) ? `/proc/self/fd/${validateFd(p)}` : toPath(p);
    return [['readFile', target], (ab) => {
      const buf = Buffer.from(ab);
      const enc = encodingOf(options);
      return enc && enc !== 'buffer' ? buf.toString(enc) : buf;
    }];
  },
  writeFile: (p, data, options) => {
    const flag = options && typeof options === 'object' && options.flag;
    return [['writeFile', toPath(p), dataBytes(data, encodingOf(options)), flag === 'a', options && options.mode], () => undefined];
  },
  appendFile: (p, data, options) => [['writeFile', toPath(p), dataBytes(data, encodingOf(options)), true], () => undefined],
  stat: (p, options) => (statOptions(options), [['stat', toPath(p)], (a) => new Stats(a)]),
  lstat: (p, options) => (statOptions(options), [['lstat', toPath(p)], (a) => new Stats(a)]),
  readdir: (p, options) => {
    options = getOptions(options);
    const dir = toPath(p);
    return [['readdir', dir], (entries) => options && options.withFileTypes
      ? entries.map(([n, t]) => new Dirent(n, t, dir))
      : entries.map(([n]) => n)];
  },
  mkdir: (p, options) => {
    const o = typeof options === 'number' ? { mode: options } : options || {};
    return [['mkdir', toPath(p), !!o.recursive, o.mode], (r) => (o.recursive ? r : undefined)];
  },
  rm: (p, options = {}) => [['rm', toPath(p), !!options.recursive, !!options.force], () => undefined],
  rmdir: (p, options = {}) => options.recursive
    ? [['rm', toPath(p), true, false], () => undefined]
    : [['rmdir', toPath(p)], () => undefined],
  unlink: (p) => [['unlink', toPath(p)], () => undefined],
  rename: (a, b) => [['rename', toPath(a, 'oldPath'), toPath(b, 'newPath')], () => undefined],
  copyFile: (a, b) => [['copyFile', toPath(a, 'src'), toPath(b, 'dest')], () => undefined],
  realpath: (p, options) => (getOptions(options), [['realpath', toPath(p)], (r) => r]),
  readlink: (p, options) => (getOptions(options), [['readlink', toPath(p)], (r) => r]),
  symlink: (target, p) => [['symlink', toPath(target, 'target'), toPath(p)], () => undefined],
  access: (p, mode) => {
    const path = toPath(p);
    if (mode == null) mode = 0;
    else internals.errors.validateNumber(mode, 'mode', 0, 7);
    return [['access', path, Math.trunc(mode)], () => undefined];
  },
  chmod: (p, mode) => [['chmod', toPath(p), typeof mode === 'string' ? parseInt(mode, 8) : mode], () => undefined],
  open: (p, flags, mode) => [['open', toPath(p), parseFlags(flags), mode], (fd) => fd],
  close: (fd) => [['close', validateFd(fd)], () => undefined],
  fstat: (fd, options) => (statOptions(options), [['fstat', validateFd(fd)], (a) => new Stats(a)]),
};

const fs = { Stats, Dirent, constants: {
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200, O_TRUNC: 0o1000, O_APPEND: 0o2000,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFLNK: 0o120000,
  COPYFILE_EXCL: 1,
} };
Object.assign(fs, fs.constants);

for (const [name, op] of Object.entries(ops)) {
  fs[`${name}Sync`] = (...args) => {
    const [call, map] = op(...args);
    return map(binding.fs(...call));
  };
  fs[name] = (...args) => {
    const cb = args.pop();
    if (typeof cb !== 'function') {
      const e = new TypeError(`The "cb" argument must be of type function. Received ${internals.describe(cb)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    // Bad arguments throw here, as in Node; only the operation's own
    // failure reaches the callback.
    const [call, map] = op(...args);
    binding.fsAsync((err, value) => (err ? cb(err) : cb(null, map(value))), ...call);
  };
}

fs.existsSync = (p) => {
  try {
    // Under --permission a path that may not be read throws (Node 24).
    if (binding.permissionHas) binding.fs('access', toPath(p), 0);
    return binding.stat(toPath(p)) !== 0;
  } catch (e) {
    if (e?.code === 'ERR_ACCESS_DENIED') throw e;
    return false;
  }
};
fs.exists = (p, cb) => process.nextTick(cb, fs.existsSync(p));
// Node's JS realpathSync takes any value as a string (its native one does not).
const realpathNative = fs.realpathSync;
fs.realpathSync = (p, options) => {
  if (!(p instanceof URL) && !(p instanceof Uint8Array) && typeof p !== 'string') p += '';
  return realpathNative(p, options);
};
fs.realpathSync.native = realpathNative;
fs.realpath.native = fs.realpath;

// A file descriptor argument, as Node checks it.
function validateFd(fd) {
  const { errors } = internals;
  if (typeof fd !== 'number') throw errors.invalidArgType('fd', 'of type number', fd);
  if (!Number.isInteger(fd)) throw errors.outOfRange('fd', 'an integer', fd);
  if (fd < 0 || fd > 2147483647) throw errors.outOfRange('fd', '>= 0 && <= 2147483647', fd);
  return fd;
}

fs.readSync = (fd, buffer, offsetOrOptions, length, position) => {
  validateFd(fd);
  let offset = offsetOrOptions;
  if (offsetOrOptions && typeof offsetOrOptions === 'object') ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  offset = offset || 0;
  if (length === undefined) length = buffer.byteLength - offset;
  const ab = binding.fs('read', fd, length, position === null || position === undefined ? -1 : Number(position));
  const bytes = new Uint8Array(ab);
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(bytes, offset);
  return bytes.length;
};
fs.writeSync = (fd, data, offsetOrPosition, lengthOrEncoding, position) => {
  validateFd(fd);
  let bytes;
  if (typeof data === 'string') {
    bytes = Buffer.from(data, typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8');
    position = offsetOrPosition;
  } else {
    const offset = offsetOrPosition || 0;
    const length = lengthOrEncoding === undefined ? data.byteLength - offset : lengthOrEncoding;
    bytes = new Uint8Array(data.buffer, data.byteOffset + offset, length);
  }
  return binding.fs('write', fd, bytes, position === null || position === undefined ? -1 : Number(position));
};

// fs.read / fs.write with callbacks, on the thread pool: the same
// argument forms and checks as their Sync forms; the callback gets
// (err, bytes, buffer or string).
function ioCallback(cb) {
  if (typeof cb !== 'function') throw internals.errors.invalidArgType('cb', 'of type function', cb);
  return cb;
}
function checkBuffer(buffer, orString) {
  if (!ArrayBuffer.isView(buffer)) {
    const what = 'an instance of Buffer, TypedArray, or DataView';
    throw internals.errors.invalidArgType('buffer', orString ? `of type string or ${what}` : what, buffer);
  }
}
function checkLength(length, max) {
  internals.errors.validateInteger(length, 'length', 0);
  if (length > max) throw internals.errors.outOfRange('length', `<= ${max}`, length);
}
fs.read = (fd, buffer, offset, length, position, cb) => {
  validateFd(fd);
  if (typeof buffer === 'function') {
    cb = buffer;
    buffer = Buffer.alloc(16384);
    offset = 0;
    length = buffer.byteLength;
  } else if (buffer && !ArrayBuffer.isView(buffer) && typeof buffer === 'object') {
    // fs.read(fd, options, cb)
    cb = offset;
    ({ buffer = Buffer.alloc(16384), offset = 0, length, position = null } = buffer);
    length = length === undefined ? buffer.byteLength - offset : length;
  } else if (typeof offset === 'function' || (offset && typeof offset === 'object')) {
    // fs.read(fd, buffer, [options,] cb)
    if (typeof offset === 'function') {
      cb = offset;
      offset = 0;
    } else {
      cb = length;
      ({ offset = 0, length, position = null } = offset);
    }
    checkBuffer(buffer);
    length = length === undefined ? buffer.byteLength - offset : length;
  }
  ioCallback(cb);
  checkBuffer(buffer);
  offset = offset === undefined || offset === null ? 0 : offset;
  internals.errors.validateInteger(offset, 'offset', 0);
  if (length === 0) {
    process.nextTick(cb, null, 0, buffer);
    return;
  }
  checkLength(length, buffer.byteLength - offset);
  const pos = position === null || position === undefined || position === -1 ? -1 : Number(position);
  binding.fsAsync((err, ab) => {
    if (err) {
      cb(err, 0, buffer);
      return;
    }
    const bytes = new Uint8Array(ab);
    new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(bytes, offset);
    cb(null, bytes.length, buffer);
  }, 'read', fd, length, pos);
};
fs.write = (fd, data, ...rest) => {
  validateFd(fd);
  const cb = ioCallback(rest.pop());
  let bytes;
  let position;
  if (typeof data === 'string') {
    // fs.write(fd, string[, position[, encoding]], cb)
    position = rest[0];
    bytes = Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8');
  } else {
    checkBuffer(data, true);
    let [offset, length] = rest;
    position = rest[2];
    if (offset && typeof offset === 'object') ({ offset = 0, length, position = null } = offset);
    offset = offset === undefined || offset === null ? 0 : offset;
    internals.errors.validateInteger(offset, 'offset', 0, data.byteLength);
    length = length === undefined || length === null ? data.byteLength - offset : length;
    checkLength(length, data.byteLength - offset);
    bytes = new Uint8Array(data.buffer, data.byteOffset + offset, length);
  }
  const pos = typeof position === 'number' ? position : -1;
  binding.fsAsync((err, n) => (err ? cb(err, 0, data) : cb(null, n, data)), 'write', fd, bytes, pos);
};

Object.defineProperty(fs.read, internals.customPromisifyArgs, { value: ['bytesRead', 'buffer'] });
Object.defineProperty(fs.write, internals.customPromisifyArgs, { value: ['bytesWritten', 'buffer'] });

for (const name of ['watch', 'watchFile', 'utimesSync', 'futimesSync', 'chownSync', 'linkSync', 'truncateSync', 'ftruncateSync', 'fsyncSync', 'mkdtempSync', 'opendirSync']) {
  if (!fs[name]) fs[name] = notImplemented(name);
}
fs.mkdtempSync = (prefix) => {
  const name = prefix + Math.random().toString(36).slice(2, 8);
  fs.mkdirSync(name, 0o700);
  return name;
};

// ---- streams: fs.ReadStream, fs.WriteStream (on node:stream, loaded on
// first use) ----

let streamClasses = null;
function fsStreams() {
  if (streamClasses === null) streamClasses = makeStreamClasses();
  return streamClasses;
}

function makeStreamClasses() {
  const { Readable, Writable, finished } = internals.requireBuiltin('stream');
  const { errorOrDestroy } = internals.stream;
  const kIoDone = Symbol('nabi.fs.ioDone');
  const kBusy = Symbol('nabi.fs.busy');

  function streamOptions(options) {
    if (options === undefined || options === null || typeof options === 'function') return {};
    if (typeof options === 'string') return { encoding: options };
    if (typeof options !== 'object') {
      const e = new TypeError(`The "options" argument must be one of type string or an instance of Object. Received ${internals.describe(options)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    return { ...options };
  }

  function checkPosition(value, name) {
    internals.stream.validateInteger(value, name, 0);
  }

  // Shared by both: path or fd, flags, mode; autoClose is autoDestroy.
  function setup(stream, path, options, defaultFlags) {
    options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
    if (options.fd !== undefined && options.fd !== null) {
      validateFd(options.fd);
      stream.fd = options.fd;
    } else {
      stream.fd = null;
      stream.path = toPath(path);
      stream.flags = options.flags === undefined ? defaultFlags : options.flags;
      stream.mode = options.mode === undefined ? 0o666 : options.mode;
    }
  }

  // _construct: open the file (unless given an fd), then 'open', 'ready'.
  function openFile(callback) {
    if (typeof this.fd === 'number') {
      callback();
      return;
    }
    let flags;
    try {
      flags = parseFlags(this.flags);
    } catch {
      const e = new TypeError(`The argument 'flags' is invalid. Received ${internals.requireBuiltin('util').inspect(this.flags)}`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    binding.fsAsync((err, fd) => {
      if (err) {
        callback(err);
      } else {
        this.fd = fd;
        callback();
        this.emit('open', this.fd);
        this.emit('ready');
      }
    }, 'open', this.path, flags, typeof this.mode === 'string' ? parseInt(this.mode, 8) : this.mode);
  }

  function closeFile(stream, err, cb) {
    if (typeof stream.fd !== 'number') {
      cb(err);
    } else {
      const fd = stream.fd;
      stream.fd = null;
      binding.fsAsync((er) => cb(er || err), 'close', fd);
    }
  }

  // Waits for a read or write in flight before closing.
  function destroyFile(err, cb) {
    if (this[kBusy]) this.once(kIoDone, (er) => closeFile(this, err || er, cb));
    else closeFile(this, err, cb);
  }

  function ReadStream(path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);
    options = streamOptions(options);
    if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
    setup(this, path, options, 'r');
    this.start = options.start;
    this.end = options.end === undefined ? Infinity : options.end;
    this.pos = undefined;
    this.bytesRead = 0;
    this[kBusy] = false;
    if (this.start !== undefined) {
      checkPosition(this.start, 'start');
      this.pos = this.start;
    }
    if (this.end !== Infinity) {
      checkPosition(this.end, 'end');
      if (this.start !== undefined && this.start > this.end) {
        const e = new RangeError(`The value of "start" is out of range. It must be <= "end" (here: ${this.end}). Received ${this.start}`);
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
    }
    Readable.call(this, options);
  }
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);
  Object.defineProperty(ReadStream.prototype, 'pending', {
    configurable: true,
    get() {
      return this.fd === null;
    },
  });
  ReadStream.prototype._construct = openFile;
  ReadStream.prototype._read = function _read(n) {
    n = this.pos !== undefined
      ? Math.min(this.end - this.pos + 1, n)
      : Math.min(this.end - this.bytesRead + 1, n);
    if (n <= 0) {
      this.push(null);
      return;
    }
    this[kBusy] = true;
    binding.fsAsync((er, ab) => {
      this[kBusy] = false;
      if (this.destroyed) {
        this.emit(kIoDone, er);
        return;
      }
      if (er) {
        errorOrDestroy(this, er);
      } else if (ab.byteLength > 0) {
        if (this.pos !== undefined) this.pos += ab.byteLength;
        this.bytesRead += ab.byteLength;
        this.push(Buffer.from(ab));
      } else {
        this.push(null);
      }
    }, 'read', this.fd, n, this.pos === undefined ? -1 : this.pos);
  };
  ReadStream.prototype._destroy = destroyFile;
  ReadStream.prototype.close = function close(cb) {
    if (typeof cb === 'function') finished(this, cb);
    this.destroy();
  };

  function WriteStream(path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);
    options = streamOptions(options);
    options.decodeStrings = true;
    setup(this, path, options, 'w');
    // fsync before closing is not available in nabi: flush is accepted and
    // ignored.
    this.flush = options.flush == null ? false : options.flush;
    this.start = options.start;
    this.pos = undefined;
    this.bytesWritten = 0;
    this[kBusy] = false;
    if (this.start !== undefined) {
      checkPosition(this.start, 'start');
      this.pos = this.start;
    }
    Writable.call(this, options);
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);
  Object.defineProperty(WriteStream.prototype, 'pending', {
    configurable: true,
    get() {
      return this.fd === null;
    },
  });
  WriteStream.prototype._construct = openFile;

  // Writes all of data at pos (undefined: the fd's own position); the fd
  // may take less at a time.
  function writeAll(stream, data, pos, cb, retries = 0) {
    binding.fsAsync((er, n) => {
      if (er && er.code === 'EAGAIN') {
        er = null;
        n = 0;
      }
      if (stream.destroyed || er) {
        if (!er) {
          er = new Error('Cannot call write after a stream was destroyed');
          er.code = 'ERR_STREAM_DESTROYED';
        }
        cb(er);
        return;
      }
      stream.bytesWritten += n;
      retries = n ? 0 : retries + 1;
      if (retries > 5) {
        const e = new Error('A system error occurred: write failed');
        e.code = 'ERR_SYSTEM_ERROR';
        cb(e);
      } else if (n < data.length) {
        writeAll(stream, data.subarray(n), pos === undefined ? undefined : pos + n, cb, retries);
      } else {
        cb();
      }
    }, 'write', stream.fd, data, pos === undefined ? -1 : pos);
  }

  function writeData(stream, data, cb) {
    stream[kBusy] = true;
    writeAll(stream, data, stream.pos, (er) => {
      stream[kBusy] = false;
      if (stream.destroyed) {
        cb(er);
        stream.emit(kIoDone, er);
        return;
      }
      cb(er);
    });
    if (stream.pos !== undefined) stream.pos += data.length;
  }

  WriteStream.prototype._write = function _write(data, encoding, cb) {
    writeData(this, data, cb);
  };
  WriteStream.prototype._writev = function _writev(chunks, cb) {
    writeData(this, Buffer.concat(chunks.map((c) => c.chunk)), cb);
  };
  WriteStream.prototype._destroy = destroyFile;
  WriteStream.prototype.close = function close(cb) {
    if (cb) {
      if (this.closed) {
        process.nextTick(cb);
        return;
      }
      this.on('close', cb);
    }
    // Without autoClose, finishing does not destroy: do it here.
    if (!this.autoClose) this.on('finish', this.destroy);
    this.end();
  };
  WriteStream.prototype.destroySoon = WriteStream.prototype.end;
  Object.defineProperty(WriteStream.prototype, 'autoClose', {
    configurable: true,
    get() {
      return this._writableState.autoDestroy;
    },
    set(v) {
      this._writableState.autoDestroy = v;
    },
  });
  Object.defineProperty(ReadStream.prototype, 'autoClose', {
    configurable: true,
    get() {
      return this._readableState.autoDestroy;
    },
    set(v) {
      this._readableState.autoDestroy = v;
    },
  });

  return { ReadStream, WriteStream };
}

for (const name of ['ReadStream', 'WriteStream']) {
  Object.defineProperty(fs, name, {
    configurable: true,
    enumerable: true,
    get: () => fsStreams()[name],
    set(v) {
      Object.defineProperty(fs, name, { configurable: true, enumerable: true, writable: true, value: v });
    },
  });
}
fs.createReadStream = (path, options) => new fs.ReadStream(path, options);
fs.createWriteStream = (path, options) => new fs.WriteStream(path, options);

const promisesApi = {};
for (const name of Object.keys(ops)) {
  promisesApi[name] = (...args) => new Promise((resolve, reject) => {
    fs[name](...args, (err, value) => (err ? reject(err) : resolve(value)));
  });
}
promisesApi.constants = fs.constants;
fs.promises = promisesApi;

module.exports = fs;
