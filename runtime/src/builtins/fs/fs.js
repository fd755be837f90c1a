// node:fs — the synchronous API packages' loaders use, and the callback and
// promise forms of the common calls (run on libuv's thread pool).
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');

function notImplemented(name) {
  return () => {
    throw internals.errors.codeError(Error, 'ERR_NOT_IMPLEMENTED', `fs.${name} is not implemented in nabi`);
  };
}

function toPath(p, name = 'path') {
  if (typeof p === 'string') return p;
  if (p instanceof URL) return internals.requireBuiltin('url').fileURLToPath(p);
  if (p instanceof Uint8Array) return Buffer.from(p).toString();
  throw internals.errors.invalidArgType(name, 'of type string or an instance of Buffer or URL', p);
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
    // Node rounds the fractional milliseconds (a Date would truncate them).
    this.atime = new Date(Math.round(this.atimeMs));
    this.mtime = new Date(Math.round(this.mtimeMs));
    this.ctime = new Date(Math.round(this.ctimeMs));
    this.birthtime = new Date(Math.round(this.birthtimeMs));
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
  throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${internals.describe(data)}`);
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
  truncate: (p, len = 0) => {
    if (typeof p === 'number') return ops.ftruncate(p, len);
    const path = toPath(p);
    // Node opens the file before it looks at len.
    if (!Number.isInteger(len)) fs.closeSync(fs.openSync(path, 'r+'));
    internals.errors.validateInteger(len, 'len');
    return [['truncate', path, len], () => undefined];
  },
  ftruncate: (fd, len = 0) => {
    validateFd(fd);
    internals.errors.validateInteger(len, 'len');
    return [['ftruncate', fd, len], () => undefined];
  },
  fsync: (fd) => [['fsync', validateFd(fd)], () => undefined],
  fdatasync: (fd) => [['fdatasync', validateFd(fd)], () => undefined],
  link: (a, b) => [['link', toPath(a, 'existingPath'), toPath(b, 'newPath')], () => undefined],
  utimes: (p, atime, mtime) => [['utimes', toPath(p), toUnixTimestamp(atime), toUnixTimestamp(mtime)], () => undefined],
  lutimes: (p, atime, mtime) => [['lutimes', toPath(p), toUnixTimestamp(atime), toUnixTimestamp(mtime)], () => undefined],
  futimes: (fd, atime, mtime) => [['futimes', validateFd(fd), toUnixTimestamp(atime), toUnixTimestamp(mtime)], () => undefined],
  chown: (p, uid, gid) => [['chown', toPath(p), validateId(uid, 'uid'), validateId(gid, 'gid')], () => undefined],
  lchown: (p, uid, gid) => [['lchown', toPath(p), validateId(uid, 'uid'), validateId(gid, 'gid')], () => undefined],
  fchown: (fd, uid, gid) => [['fchown', validateFd(fd), validateId(uid, 'uid'), validateId(gid, 'gid')], () => undefined],
  fchmod: (fd, mode) => [['fchmod', validateFd(fd), internals.errors.parseFileMode(mode, 'mode')], () => undefined],
  mkdtemp: (prefix, options) => {
    options = getOptions(options);
    const p = toPath(prefix, 'prefix');
    return [['mkdtemp', p], (r) => withEncoding(r, options)];
  },
  statfs: (p, options) => (statOptions(options), [['statfs', toPath(p)], (a) => new StatFs(options?.bigint ? a.map(BigInt) : a)]),
};

function withEncoding(s, options) {
  const enc = encodingOf(options);
  return enc === 'buffer' ? Buffer.from(s) : s;
}

// A time for utimes: seconds, a numeric string, or a Date (Node's rules).
function toUnixTimestamp(time, name = 'time') {
  if (typeof time === 'string' && +time == time) return +time; // eslint-disable-line eqeqeq
  if (typeof time === 'number' && Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (typeof time === 'number') return Date.now() / 1000;
  if (time instanceof Date) return time.getTime() / 1000;
  throw internals.errors.invalidArgType(name, 'an instance of Date or an Time in seconds', time);
}

function validateId(id, name) {
  internals.errors.validateInteger(id, name, -1, 4294967295);
  return id;
}

class StatFs {
  constructor([type, bsize, blocks, bfree, bavail, files, ffree]) {
    Object.assign(this, { type, bsize, frsize: bsize, blocks, bfree, bavail, files, ffree });
  }
}

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
      throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "cb" argument must be of type function. Received ${internals.describe(cb)}`);
    }
    // Bad arguments throw here, as in Node; only the operation's own
    // failure reaches the callback.
    const [call, map] = op(...args);
    binding.fsAsync((err, value) => {
      if (err) return cb(err);
      // Calls with no result pass the callback only the error, as Node.
      const result = map(value);
      return result === undefined ? cb(null) : cb(null, result);
    }, ...call);
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

function validateBuffer(buffer, name = 'buffer') {
  if (!ArrayBuffer.isView(buffer)) throw internals.errors.invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', buffer);
}

// read's offset, length and position after the arguments are sorted out,
// checked as Node checks them; null when there is nothing to read.
function checkRead(buffer, offset, length, position) {
  const { errors } = internals;
  validateBuffer(buffer);
  if (offset == null) offset = 0;
  else errors.validateInteger(offset, 'offset', 0);
  length |= 0;
  if (length === 0) return null;
  if (buffer.byteLength === 0) {
    throw errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'buffer' is empty and cannot be written. Received ${internals.describe(buffer)}`);
  }
  if (length < 0) throw errors.outOfRange('length', '>= 0', length);
  if (offset + length > buffer.byteLength) throw errors.outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
  if (position == null) position = -1;
  else if (typeof position === 'bigint') position = Number(position);
  else errors.validateInteger(position, 'position', -1);
  return { offset, length, position };
}

function readOptions(buffer, options) {
  if (options !== undefined) internals.errors.validateObject(options, 'options', { nullable: true });
  const { offset = 0, length = buffer?.byteLength - offset, position = null } = options ?? {};
  return [offset, length, position];
}

function copyInto(buffer, offset, ab) {
  const bytes = new Uint8Array(ab);
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(bytes, offset);
  return bytes.length;
}

fs.readSync = function readSync(fd, buffer, offsetOrOptions, length, position) {
  validateBuffer(buffer);
  validateFd(fd);
  let offset = offsetOrOptions;
  if (arguments.length <= 3 || typeof offsetOrOptions === 'object') [offset, length, position] = readOptions(buffer, offsetOrOptions);
  const r = checkRead(buffer, offset, length, position);
  if (r === null) return 0;
  return copyInto(buffer, r.offset, binding.fs('read', fd, r.length, r.position));
};

fs.read = function read(fd, buffer, offsetOrOptions, length, position, callback) {
  validateFd(fd);
  let offset = offsetOrOptions;
  if (arguments.length <= 4) {
    let params;
    if (arguments.length === 4) {
      internals.errors.validateObject(offsetOrOptions, 'options', { nullable: true });
      callback = length;
      params = offsetOrOptions;
    } else if (arguments.length === 3) {
      if (!ArrayBuffer.isView(buffer)) {
        params = buffer;
        ({ buffer = Buffer.alloc(16384) } = params ?? {});
      }
      callback = offsetOrOptions;
    } else {
      callback = buffer;
      buffer = Buffer.alloc(16384);
    }
    [offset, length, position] = readOptions(buffer, params);
  }
  validateBuffer(buffer);
  internals.errors.validateFunction(callback, 'cb');
  const r = checkRead(buffer, offset, length, position);
  if (r === null) {
    process.nextTick(callback, null, 0, buffer);
    return;
  }
  binding.fsAsync((err, ab) => (err ? callback(err, 0, buffer) : callback(null, copyInto(buffer, r.offset, ab), buffer)), 'read', fd, r.length, r.position);
};

// write's bytes and position from (buffer, offset, length, position) or
// (string, position, encoding).
function writeArgs(data, offsetOrPosition, lengthOrEncoding, position) {
  const { errors } = internals;
  if (ArrayBuffer.isView(data)) {
    let offset = offsetOrPosition;
    if (offset && typeof offset === 'object') ({ offset = 0, length: lengthOrEncoding = data.byteLength - offset, position = null } = offset);
    if (offset == null) offset = 0;
    else errors.validateInteger(offset, 'offset', 0);
    const length = typeof lengthOrEncoding === 'number' ? lengthOrEncoding : data.byteLength - offset;
    if (offset > data.byteLength) throw errors.outOfRange('offset', `<= ${data.byteLength}`, offset);
    if (length > data.byteLength - offset) throw errors.outOfRange('length', `<= ${data.byteLength - offset}`, length);
    if (length < 0) throw errors.outOfRange('length', '>= 0', length);
    return [new Uint8Array(data.buffer, data.byteOffset + offset, length), position == null ? -1 : position];
  }
  if (typeof data !== 'string') throw errors.invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  const encoding = typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8';
  return [Buffer.from(data, encoding), offsetOrPosition == null ? -1 : offsetOrPosition];
}

fs.writeSync = function writeSync(fd, data, offsetOrPosition, lengthOrEncoding, position) {
  validateFd(fd);
  const [bytes, pos] = writeArgs(data, offsetOrPosition, lengthOrEncoding, position);
  return binding.fs('write', fd, bytes, Number(pos));
};

fs.write = function write(fd, data, ...rest) {
  validateFd(fd);
  const callback = typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined;
  internals.errors.validateFunction(callback, 'cb');
  const [bytes, pos] = writeArgs(data, ...rest);
  binding.fsAsync((err, n) => (err ? callback(err, 0, data) : callback(null, n, data)), 'write', fd, bytes, Number(pos));
};
// util.promisify resolves these to {bytesRead|bytesWritten, buffer}.
Object.defineProperty(fs.read, internals.customPromisifyArgs, { value: ['bytesRead', 'buffer'] });
Object.defineProperty(fs.write, internals.customPromisifyArgs, { value: ['bytesWritten', 'buffer'] });

function validateBuffers(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw internals.errors.invalidArgType('buffers', 'an ArrayBufferView[]', buffers);
  }
}

// readv/writev: one read or write per buffer; a short one ends the run.
fs.readvSync = function readvSync(fd, buffers, position) {
  validateBuffers(buffers);
  validateFd(fd);
  let total = 0;
  let pos = typeof position === 'number' ? position : null;
  for (const b of buffers) {
    if (b.byteLength === 0) continue;
    const n = copyInto(b, 0, binding.fs('read', fd, b.byteLength, pos === null ? -1 : pos));
    total += n;
    if (pos !== null) pos += n;
    if (n < b.byteLength) break;
  }
  return total;
};
fs.writevSync = function writevSync(fd, buffers, position) {
  validateFd(fd);
  validateBuffers(buffers);
  const all = Buffer.concat(buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  if (all.length === 0) return 0;
  return binding.fs('write', fd, all, typeof position === 'number' ? position : -1);
};
fs.readv = function readv(fd, buffers, position, callback) {
  if (typeof position === 'function') [position, callback] = [null, position];
  validateFd(fd);
  validateBuffers(buffers);
  internals.errors.validateFunction(callback, 'cb');
  let result;
  try {
    result = fs.readvSync(fd, buffers, position);
  } catch (e) {
    process.nextTick(callback, e);
    return;
  }
  process.nextTick(callback, null, result, buffers);
};
Object.defineProperty(fs.readv, internals.customPromisifyArgs, { value: ['bytesRead', 'buffers'] });
fs.writev = function writev(fd, buffers, position, callback) {
  if (typeof position === 'function') [position, callback] = [null, position];
  validateFd(fd);
  validateBuffers(buffers);
  internals.errors.validateFunction(callback, 'cb');
  const all = Buffer.concat(buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  binding.fsAsync((err, n) => (err ? callback(err) : callback(null, n, buffers)), 'write', fd, all, typeof position === 'number' ? position : -1);
};
Object.defineProperty(fs.writev, internals.customPromisifyArgs, { value: ['bytesWritten', 'buffers'] });

// fs.watch: a libuv fs event handle (inotify) per watcher; its events come
// through the shared handle table (pipe.js' register/onEvent).
const EV_FS_EVENT = 10;
const UV_RENAME = 1;
const UV_CHANGE = 2;
const kWatchId = Symbol('kWatchId');
const kWatchEncoding = Symbol('kWatchEncoding');
// What FSWatcher and StatWatcher share: an EventEmitter over one libuv
// handle (its id in kWatchId, 0 once closed).
let HandleWatcher;
function handleWatcherClass() {
  if (HandleWatcher) return HandleWatcher;
  const EventEmitter = internals.requireBuiltin('events');
  const handles = binding.stream;
  HandleWatcher = class HandleWatcher extends EventEmitter {
    constructor() {
      super();
      this[kWatchId] = 0;
    }

    // Closes the handle and emits `event` on the next tick.
    closeHandle(event) {
      if (!this[kWatchId]) return;
      handles.close(this[kWatchId]);
      this[kWatchId] = 0;
      process.nextTick(() => this.emit(event));
    }

    ref() {
      if (this[kWatchId]) handles.ref(this[kWatchId], true);
      return this;
    }

    unref() {
      if (this[kWatchId]) handles.ref(this[kWatchId], false);
      return this;
    }
  };
  return HandleWatcher;
}

let FSWatcher;
function fsWatcherClass() {
  if (FSWatcher) return FSWatcher;
  const pipe = internals.pipe();
  const handles = binding.stream;
  const uvError = (errno, path) => {
    const code = handles.errName(errno);
    const e = new Error(`${code}: ${handles.errMessage(errno)}, watch '${path}'`);
    e.errno = errno;
    e.code = code;
    e.syscall = 'watch';
    e.path = path;
    e.filename = path;
    return e;
  };
  FSWatcher = class FSWatcher extends handleWatcherClass() {
    constructor() {
      super();
      this[kWatchEncoding] = 'utf8';
    }

    close() {
      this.closeHandle('close');
    }

    [pipe.kOnEvent](kind, name, events) {
      if (kind !== EV_FS_EVENT || !this[kWatchId]) return;
      if (events < 0) {
        handles.close(this[kWatchId]);
        this[kWatchId] = 0;
        this.emit('error', uvError(events, name));
        return;
      }
      const type = events & UV_RENAME ? 'rename' : events & UV_CHANGE ? 'change' : null;
      if (!type) return;
      const enc = this[kWatchEncoding];
      if (name !== null && enc !== 'utf8' && enc !== 'utf-8') {
        name = enc === 'buffer' ? Buffer.from(name) : Buffer.from(name).toString(enc);
      }
      this.emit('change', type, name);
    }
  };
  FSWatcher.uvError = uvError;
  return FSWatcher;
}

fs.watch = function watch(filename, options, listener) {
  if (typeof options === 'function') {
    listener = options;
    options = undefined;
  }
  options = getOptions(options);
  const path = toPath(filename, 'path');
  const { persistent = true, recursive = false, encoding = 'utf8', signal } = options;
  if (recursive) {
    throw internals.errors.codeError(Error, 'ERR_NOT_IMPLEMENTED', 'fs.watch with recursive: true is not implemented in nabi');
  }
  const Watcher = fsWatcherClass();
  const watcher = new Watcher();
  watcher[kWatchEncoding] = encoding;
  const id = binding.fsWatch(path);
  if (id < 0) throw Watcher.uvError(id, path);
  watcher[kWatchId] = id;
  internals.pipe().register(id, watcher);
  if (!persistent) watcher.unref();
  if (listener) watcher.on('change', listener);
  if (signal) {
    if (signal.aborted) process.nextTick(() => watcher.close());
    else signal.addEventListener('abort', () => watcher.close(), { once: true });
  }
  return watcher;
};


// fs.watchFile: one libuv stat poller per resolved path, shared by its
// listeners; 'change' gets (current, previous) Stats, zeroed while the file
// is missing.
const EV_FS_POLL = 11;
const statWatchers = new Map();
let StatWatcher;
function statWatcherClass() {
  if (StatWatcher) return StatWatcher;
  const pipe = internals.pipe();
  StatWatcher = class StatWatcher extends handleWatcherClass() {
    constructor() {
      super();
      this.oldStatus = -1;
    }

    start(filename, persistent, interval) {
      if (this[kWatchId]) return;
      internals.errors.validateUint32(interval, 'interval');
      const id = binding.fsWatchFile(filename, interval);
      if (id < 0) throw fsWatcherClass().uvError(id, filename);
      this[kWatchId] = id;
      pipe.register(id, this);
      if (!persistent) this.unref();
    }

    stop() {
      this.closeHandle('stop');
    }

    [pipe.kOnEvent](kind, fields, status) {
      if (kind !== EV_FS_POLL || !this[kWatchId]) return;
      // Still failing the same way: no news.
      if (this.oldStatus === -1 && status === -1 && fields[2] === fields[16]) return;
      this.oldStatus = status;
      this.emit('change', new Stats(fields.slice(0, 14)), new Stats(fields.slice(14)));
    }
  };
  return StatWatcher;
}

fs.watchFile = function watchFile(filename, options, listener) {
  const path = internals.requireBuiltin('path').resolve(toPath(filename, 'path'));
  if (options === null || typeof options !== 'object') {
    listener = options;
    options = null;
  }
  options = { interval: 5007, persistent: true, ...options };
  if (typeof listener !== 'function') throw internals.errors.invalidArgType('listener', 'of type function', listener);
  let watcher = statWatchers.get(path);
  if (watcher === undefined) {
    watcher = new (statWatcherClass())();
    watcher.start(path, options.persistent, options.interval);
    statWatchers.set(path, watcher);
  }
  watcher.addListener('change', listener);
  return watcher;
};

fs.unwatchFile = function unwatchFile(filename, listener) {
  const path = internals.requireBuiltin('path').resolve(toPath(filename, 'path'));
  const watcher = statWatchers.get(path);
  if (watcher === undefined) return;
  if (typeof listener === 'function') watcher.removeListener('change', listener);
  else watcher.removeAllListeners('change');
  if (watcher.listenerCount('change') === 0) {
    watcher.stop();
    statWatchers.delete(path);
  }
};

fs._toUnixTimestamp = toUnixTimestamp;
// A temporary directory removed (with what it holds) by remove() or
// `using`.
fs.mkdtempDisposableSync = (prefix, options) => {
  const path = fs.mkdtempSync(prefix, options);
  const remove = () => fs.rmSync(path, { recursive: true, force: true });
  return { path, remove, [Symbol.dispose ?? Symbol.for('nodejs.dispose')]: remove };
};
// Linux has no lchmod: Node's fs has the keys, undefined.
fs.lchmod = undefined;
fs.lchmodSync = undefined;
// A Blob of the file. Node's reads the file when the Blob is read; this one
// reads it now (the file must exist now in both).
fs.openAsBlob = (p, options = {}) => {
  const path = toPath(p);
  internals.errors.validateObject(options, 'options');
  const type = options.type ?? '';
  internals.errors.validateString(type, 'options.type');
  fs.statSync(path);
  return Promise.resolve(new Blob([fs.readFileSync(path)], { type }));
};

// Dir, cp and glob live in fs_tree.js.
const tree = internals.loadBuiltinFile('fs_tree');
tree.setup({ toPath, Dirent, getOptions });

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
      throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "options" argument must be one of type string or an instance of Object. Received ${internals.describe(options)}`);
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
      throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'flags' is invalid. Received ${internals.requireBuiltin('util').inspect(this.flags)}`);
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
        throw internals.errors.codeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "start" is out of range. It must be <= "end" (here: ${this.end}). Received ${this.start}`);
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
for (const [alias, name] of [['FileReadStream', 'ReadStream'], ['FileWriteStream', 'WriteStream']]) {
  Object.defineProperty(fs, alias, { configurable: true, enumerable: false, get: () => fs[name] });
}
fs.createReadStream = (path, options) => new fs.ReadStream(path, options);
fs.createWriteStream = (path, options) => new fs.WriteStream(path, options);

// ---- fs/promises: the path-based calls, and FileHandle for open ----

const promisify = (f) => (...args) => new Promise((resolve, reject) => {
  f(...args, (err, value) => (err ? reject(err) : resolve(value)));
});
const promisesApi = {};
const fdOnly = new Set(['close', 'fstat', 'ftruncate', 'fsync', 'fdatasync', 'futimes', 'fchown', 'fchmod', 'open']);
for (const name of Object.keys(ops)) {
  if (!fdOnly.has(name)) promisesApi[name] = promisify(fs[name]);
}

const kFd = Symbol('nabi.fs.fd');
class FileHandle extends internals.requireBuiltin('events').EventEmitter {
  constructor(fd) {
    super();
    this[kFd] = fd;
  }
  get fd() { return this[kFd]; }
  #fd() {
    if (this[kFd] === -1) {
      throw internals.errors.codeError(Error, 'EBADF', 'file closed');
    }
    return this[kFd];
  }
  #call(f, ...args) {
    return new Promise((resolve, reject) => {
      f(this.#fd(), ...args, (err, value) => (err ? reject(err) : resolve(value)));
    });
  }
  read(buffer, offset, length, position) {
    if (buffer != null && !ArrayBuffer.isView(buffer)) ({ buffer, offset, length, position } = buffer);
    buffer ??= Buffer.alloc(16384);
    if (offset && typeof offset === 'object') ({ offset, length, position } = offset);
    offset ??= 0;
    length ??= buffer.byteLength - offset;
    return new Promise((resolve, reject) => {
      fs.read(this.#fd(), buffer, offset, length, position ?? null, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead, buffer })));
    });
  }
  write(data, ...args) {
    return new Promise((resolve, reject) => {
      fs.write(this.#fd(), data, ...args, (err, bytesWritten) => (err ? reject(err) : resolve({ bytesWritten, buffer: data })));
    });
  }
  readv(buffers, position) {
    return new Promise((resolve, reject) => {
      fs.readv(this.#fd(), buffers, position ?? null, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead, buffers })));
    });
  }
  writev(buffers, position) {
    return new Promise((resolve, reject) => {
      fs.writev(this.#fd(), buffers, position ?? null, (err, bytesWritten) => (err ? reject(err) : resolve({ bytesWritten, buffers })));
    });
  }
  // From the handle's position to the end, as Node reads it.
  async readFile(options) {
    const enc = encodingOf(getOptions(options));
    const chunks = [];
    for (;;) {
      const { bytesRead, buffer } = await this.read(Buffer.alloc(65536), 0, 65536, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
    }
    const all = Buffer.concat(chunks);
    return enc && enc !== 'buffer' ? all.toString(enc) : all;
  }
  writeFile(data, options) { return this.#call(fs.writeFile, data, options); }
  appendFile(data, options) { return this.#call(fs.appendFile, data, options); }
  stat(options) { return this.#call(fs.fstat, options); }
  truncate(len = 0) { return this.#call(fs.ftruncate, len); }
  sync() { return this.#call(fs.fsync); }
  datasync() { return this.#call(fs.fdatasync); }
  chmod(mode) { return this.#call(fs.fchmod, mode); }
  chown(uid, gid) { return this.#call(fs.fchown, uid, gid); }
  utimes(atime, mtime) { return this.#call(fs.futimes, atime, mtime); }
  createReadStream(options) { return fs.createReadStream(null, { ...options, fd: this.#fd() }); }
  createWriteStream(options) { return fs.createWriteStream(null, { ...options, fd: this.#fd() }); }
  close() {
    if (this[kFd] === -1) return Promise.resolve();
    const fd = this[kFd];
    this[kFd] = -1;
    return promisify(fs.close)(fd).then(() => { this.emit('close'); });
  }
  [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() { return this.close(); }
}
// readFile/writeFile on a FileHandle go to its fd.
for (const name of ['readFile', 'writeFile', 'appendFile']) {
  const pathForm = promisesApi[name];
  promisesApi[name] = (p, ...args) => (p instanceof FileHandle ? p[name](...args) : pathForm(p, ...args));
}
promisesApi.open = (p, flags, mode) => promisify(fs.open)(p, flags, mode).then((fd) => new FileHandle(fd));
promisesApi.lchmod = () => Promise.reject(internals.errors.codeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The lchmod() method is not implemented'));
promisesApi.mkdtempDisposable = async (prefix, options) => {
  const path = await promisesApi.mkdtemp(prefix, options);
  const remove = () => promisesApi.rm(path, { recursive: true, force: true });
  return { path, remove, [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]: remove };
};
promisesApi.constants = fs.constants;
fs.promises = promisesApi;
tree.install(fs, promisesApi);

module.exports = fs;
