// node:tty: isatty, and ReadStream / WriteStream, net.Sockets over a libuv
// TTY handle (child_process' native side opens it). The
// colour depth follows the environment as Node 24 reads it.
'use strict';

const { binding } = internals;
const pipe = internals.pipe();
const { kHandle } = pipe;
const { Socket } = internals.requireBuiltin('net');
const native = binding.stream;
const child = binding.child;
const { codeError, validateInteger } = internals.errors;

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && child.guessHandle(fd) === 'TTY';
}

// ERR_TTY_INIT_FAILED, one of Node's SystemErrors: the libuv error in the
// message and in `info`, whose fields show through as properties too.
class SystemError extends Error {
  constructor(key, prefix, info) {
    super(`${prefix}: ${info.syscall} returned ${info.code} (${info.message})`);
    this.code = key;
    Object.defineProperty(this, 'info', { value: info, enumerable: true, configurable: true, writable: true });
    for (const field of ['errno', 'syscall']) {
      Object.defineProperty(this, field, {
        enumerable: true,
        configurable: true,
        get: () => info[field],
        set: (v) => { info[field] = v; },
      });
    }
  }

  get name() {
    return 'SystemError';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

// A TTY handle over `fd` (readable, or writable), as Node's TTY wrap.
function openTty(fd, writable) {
  if (fd >> 0 !== fd || fd < 0) throw codeError(RangeError, 'ERR_INVALID_FD', `"fd" must be a positive integer: ${fd}`);
  // libuv refuses files and unknown descriptors, and takes pipes and
  // sockets too, as Node's TTY wrap does.
  const kind = child.guessHandle(fd);
  const id = kind === 'FILE' || kind === 'UNKNOWN' ? -22 : child.openStream(fd, true, writable);
  if (id < 0) {
    const info = { errno: id, code: native.errName(id), message: native.errMessage(id), syscall: 'uv_tty_init' };
    throw new SystemError('ERR_TTY_INIT_FAILED', 'TTY initialization failed', info);
  }
  return id;
}

function ReadStream(fd, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(fd, options);
  const id = openTty(fd, false);
  Socket.call(this, { highWaterMark: 0, ...options, handle: id, readable: true, writable: false, manualStart: true });
  this.isRaw = false;
  this.isTTY = true;
}
Object.setPrototypeOf(ReadStream.prototype, Socket.prototype);
Object.setPrototypeOf(ReadStream, Socket);

ReadStream.prototype.setRawMode = function setRawMode(flag) {
  flag = !!flag;
  const err = this[kHandle] === null ? 0 : child.setRawMode(this[kHandle], flag);
  if (err) {
    this.emit('error', pipe.errnoException(err, 'setRawMode'));
    return this;
  }
  this.isRaw = flag;
  return this;
};

function WriteStream(fd) {
  if (!(this instanceof WriteStream)) return new WriteStream(fd);
  const id = openTty(fd, true);
  Socket.call(this, { handle: id, readable: false, writable: true });
  this._type = 'tty';
  this.isTTY = true;
  const size = child.windowSize(id);
  if (Array.isArray(size)) [this.columns, this.rows] = size;
}
Object.setPrototypeOf(WriteStream.prototype, Socket.prototype);
Object.setPrototypeOf(WriteStream, Socket);

WriteStream.prototype.isTTY = true;

WriteStream.prototype._refreshSize = function _refreshSize() {
  const old = [this.columns, this.rows];
  const size = this[kHandle] === null ? -9 : child.windowSize(this[kHandle]);
  if (!Array.isArray(size)) {
    this.emit('error', pipe.errnoException(size, 'getWindowSize'));
    return;
  }
  [this.columns, this.rows] = size;
  if (old[0] !== size[0] || old[1] !== size[1]) this.emit('resize');
};

WriteStream.prototype.getWindowSize = function getWindowSize() {
  return [this.columns, this.rows];
};

// Colour depth in bits (1, 4, 8 or 24) from the environment.
const COLORS_2 = 1;
const COLORS_16 = 4;
const COLORS_256 = 8;
const COLORS_16m = 24;
const TERMS = {
  __proto__: null,
  eterm: COLORS_16, cons25: COLORS_16, console: COLORS_16, cygwin: COLORS_16, dtterm: COLORS_16,
  gnome: COLORS_16, hurd: COLORS_16, jfbterm: COLORS_16, konsole: COLORS_16, kterm: COLORS_16,
  mlterm: COLORS_16, mosh: COLORS_16m, putty: COLORS_16, st: COLORS_16,
  'rxvt-unicode-24bit': COLORS_16m, terminator: COLORS_16m, 'xterm-kitty': COLORS_16m,
};
const TERM_PATTERNS = [/ansi/, /color/, /linux/, /direct/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/, /^vt220/];
const CI_COLORS = [
  ['APPVEYOR', COLORS_256], ['BUILDKITE', COLORS_256], ['CIRCLECI', COLORS_16m], ['DRONE', COLORS_256],
  ['GITEA_ACTIONS', COLORS_16m], ['GITHUB_ACTIONS', COLORS_16m], ['GITLAB_CI', COLORS_256], ['TRAVIS', COLORS_256],
];

let warnedColors = false;
function warnIfColorsOff(env) {
  if (warnedColors) return;
  let name = '';
  if (env.NODE_DISABLE_COLORS) name = 'NODE_DISABLE_COLORS';
  if (env.NO_COLOR) name = name ? `${name}' and 'NO_COLOR` : 'NO_COLOR';
  if (name) {
    process.emitWarning(`The '${name}' env is ignored due to the 'FORCE_COLOR' env being set.`, 'Warning');
    warnedColors = true;
  }
}

function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '':
      case '1':
      case 'true':
        warnIfColorsOff(env);
        return COLORS_16;
      case '2':
        warnIfColorsOff(env);
        return COLORS_256;
      case '3':
        warnIfColorsOff(env);
        return COLORS_16m;
      default:
        return COLORS_2;
    }
  }
  // An empty NO_COLOR or NODE_DISABLE_COLORS counts as unset.
  if (env.NODE_DISABLE_COLORS || env.NO_COLOR || env.TERM === 'dumb') return COLORS_2;
  if (env.TMUX) return COLORS_16m;
  if (env.CI) {
    for (const [name, depth] of CI_COLORS) if (name in env) return depth;
    return env.CI_NAME === 'codeship' ? COLORS_256 : COLORS_2;
  }
  if ('TEAMCITY_VERSION' in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? COLORS_16 : COLORS_2;
  }
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      return !env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION) ? COLORS_256 : COLORS_16m;
    case 'HyperTerm':
    case 'MacTerm':
      return COLORS_16m;
    case 'Apple_Terminal':
      return COLORS_256;
  }
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return COLORS_16m;
  if (env.TERM) {
    if (/truecolor/.test(env.TERM)) return COLORS_16m;
    if (/^xterm-256/.test(env.TERM)) return COLORS_256;
    const term = env.TERM.toLowerCase();
    if (TERMS[term]) return TERMS[term];
    if (TERM_PATTERNS.some((re) => re.test(term))) return COLORS_16;
  }
  if (env.COLORTERM) return COLORS_16;
  return COLORS_2;
}

WriteStream.prototype.getColorDepth = getColorDepth;

WriteStream.prototype.hasColors = function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === 'object' && count !== null))) {
    env = count;
    count = 16;
  } else {
    validateInteger(count, 'count', 2);
  }
  return count <= 2 ** getColorDepth(env);
};

// Cursor movement: the readline escape sequences, written to the stream.
const CSI = '\x1b[';

WriteStream.prototype.cursorTo = function cursorTo(x, y, cb) {
  if (typeof y === 'function') {
    cb = y;
    y = undefined;
  }
  for (const [name, v] of [['x', x], ['y', y]]) {
    if (Number.isNaN(v)) throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' is invalid. Received NaN`);
  }
  if (typeof x !== 'number' && typeof y !== 'number') {
    if (typeof cb === 'function') process.nextTick(cb, null);
    return true;
  }
  if (typeof x !== 'number') throw codeError(TypeError, 'ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column');
  const data = typeof y !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`;
  return this.write(data, cb);
};

WriteStream.prototype.moveCursor = function moveCursor(dx, dy, cb) {
  let data = '';
  if (dx < 0) data += `${CSI}${-dx}D`;
  else if (dx > 0) data += `${CSI}${dx}C`;
  if (dy < 0) data += `${CSI}${-dy}A`;
  else if (dy > 0) data += `${CSI}${dy}B`;
  if (data === '') {
    if (typeof cb === 'function') process.nextTick(cb, null);
    return true;
  }
  return this.write(data, cb);
};

WriteStream.prototype.clearLine = function clearLine(dir, cb) {
  const data = dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`;
  return this.write(data, cb);
};

WriteStream.prototype.clearScreenDown = function clearScreenDown(cb) {
  return this.write(`${CSI}0J`, cb);
};

module.exports = { isatty, ReadStream, WriteStream };
