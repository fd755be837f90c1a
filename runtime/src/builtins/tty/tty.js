'use strict';
// node:tty. ReadStream is the TTY socket process.stdin uses (pipe.js);
// WriteStream writes synchronously to its fd, as Node's TTY writes are on
// POSIX. The colour depth follows Node's reading of the environment.

const binding = internals.binding;
const { Writable } = internals.requireBuiltin('stream');
const pipe = internals.pipe();

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && binding.process('isatty', fd);
}

// Node's ERR_TTY_INIT_FAILED (uv_tty_init refuses files and closed fds).
function ttyInitFailed(code) {
  const text = code === 'EINVAL' ? 'invalid argument' : code;
  const e = new Error(`TTY initialization failed: uv_tty_init returned ${code} (${text})`);
  e.name = 'SystemError';
  e.code = 'ERR_TTY_INIT_FAILED';
  return e;
}
function checkFd(fd) {
  const type = binding.child.guessHandle(fd);
  if (type === 'FILE' || type === 'UNKNOWN') throw ttyInitFailed('EINVAL');
}

function ReadStream(fd, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(fd, options);
  if (fd >> 0 !== fd || fd < 0) throw internals.errors.outOfRange('fd', '>= 0 && <= 2147483647', fd);
  checkFd(fd);
  const id = binding.child.openStream(fd, true);
  if (!(id > 0)) throw ttyInitFailed(id < 0 ? binding.stream.errName(id) : 'EINVAL');
  pipe.ReadStream.call(this, id);
  this.fd = fd;
}
Object.setPrototypeOf(ReadStream.prototype, pipe.ReadStream.prototype);
Object.setPrototypeOf(ReadStream, pipe.ReadStream);
// process.stdin on a terminal: a tty.ReadStream over the handle pipe.js opened.
internals.ttyReadStream = (id) => {
  const stream = Object.create(ReadStream.prototype);
  pipe.ReadStream.call(stream, id);
  return stream;
};

function WriteStream(fd) {
  if (!(this instanceof WriteStream)) return new WriteStream(fd);
  if (fd >> 0 !== fd || fd < 0) throw internals.errors.outOfRange('fd', '>= 0 && <= 2147483647', fd);
  checkFd(fd);
  Writable.call(this, { decodeStrings: false });
  this.fd = fd;
  this._type = 'tty';
  this._isStdio = fd <= 2;
  const size = binding.process('winsize', fd);
  if (Array.isArray(size)) [this.columns, this.rows] = size;
}
Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
Object.setPrototypeOf(WriteStream, Writable);
WriteStream.prototype.isTTY = true;

WriteStream.prototype._write = function _write(chunk, encoding, cb) {
  try {
    if (typeof chunk === 'string' && (encoding === 'utf8' || encoding === 'utf-8')) {
      binding.print(this.fd, chunk);
    } else {
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      while (bytes.length > 0) {
        const n = binding.fs('write', this.fd, bytes, -1);
        if (!(n > 0)) break;
        bytes = bytes.subarray(n);
      }
    }
  } catch (err) {
    return cb(err);
  }
  cb();
};
// The fd stays open: it is the process' (or the caller's).
WriteStream.prototype._destroy = function _destroy(err, cb) {
  cb(err);
};
WriteStream.prototype.destroySoon = WriteStream.prototype.destroy;

WriteStream.prototype.getWindowSize = function getWindowSize() {
  const size = binding.process('winsize', this.fd);
  if (!Array.isArray(size)) {
    this.emit('error', pipe.errnoException(size, 'getWindowSize'));
    return [0, 0];
  }
  return size;
};
// Re-reads the size and emits 'resize' when it changed (Node does this on SIGWINCH).
WriteStream.prototype._refreshSize = function _refreshSize() {
  const old = [this.columns, this.rows];
  const size = binding.process('winsize', this.fd);
  if (!Array.isArray(size)) return;
  [this.columns, this.rows] = size;
  if (old[0] !== size[0] || old[1] !== size[1]) this.emit('resize');
};

const readline = () => internals.requireBuiltin('readline');
WriteStream.prototype.cursorTo = function cursorTo(x, y, cb) { return readline().cursorTo(this, x, y, cb); };
WriteStream.prototype.moveCursor = function moveCursor(dx, dy, cb) { return readline().moveCursor(this, dx, dy, cb); };
WriteStream.prototype.clearLine = function clearLine(dir, cb) { return readline().clearLine(this, dir, cb); };
WriteStream.prototype.clearScreenDown = function clearScreenDown(cb) { return readline().clearScreenDown(this, cb); };

// ---- colours (Node's getColorDepth) ---------------------------------------

const COLORS_2 = 1;
const COLORS_16 = 4;
const COLORS_256 = 8;
const COLORS_16m = 24;
const TERM_ENVS = {
  eterm: COLORS_16, cons25: COLORS_16, console: COLORS_16, cygwin: COLORS_16, dtterm: COLORS_16,
  gnome: COLORS_16, hurd: COLORS_16, jfbterm: COLORS_16, konsole: COLORS_16, kterm: COLORS_16,
  mlterm: COLORS_16, mosh: COLORS_16m, putty: COLORS_16, st: COLORS_16, 'rxvt-unicode-24bit': COLORS_16m,
  terminator: COLORS_16m, 'xterm-kitty': COLORS_16m,
};
const CI_ENVS = {
  APPVEYOR: COLORS_256, BUILDKITE: COLORS_256, CIRCLECI: COLORS_16m, DRONE: COLORS_256,
  GITEA_ACTIONS: COLORS_16m, GITHUB_ACTIONS: COLORS_16m, GITLAB_CI: COLORS_256, TRAVIS: COLORS_256,
};
const TERM_PATTERNS = [/ansi/, /color/, /linux/, /direct/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/, /^vt220/];

function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '':
      case '1':
      case 'true':
        return COLORS_16;
      case '2':
        return COLORS_256;
      case '3':
        return COLORS_16m;
      default:
        return COLORS_2;
    }
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') return COLORS_2;
  if (env.TMUX) return COLORS_16m;
  if (env.CI) {
    for (const name of Object.keys(CI_ENVS)) if (name in env) return CI_ENVS[name];
    if (env.CI_NAME === 'codeship') return COLORS_256;
    return COLORS_2;
  }
  if ('TEAMCITY_VERSION' in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? COLORS_16 : COLORS_2;
  }
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      if (!env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION)) return COLORS_256;
      return COLORS_16m;
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
    if (TERM_ENVS[term]) return TERM_ENVS[term];
    if (TERM_PATTERNS.some((re) => re.test(term))) return COLORS_16;
  }
  if (env.COLORTERM) return COLORS_16;
  return COLORS_2;
}

function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === 'object' && count !== null))) {
    env = count;
    count = 16;
  } else {
    internals.errors.validateInteger(count, 'count', 2);
  }
  return count <= 2 ** getColorDepth(env);
}
WriteStream.prototype.getColorDepth = getColorDepth;
WriteStream.prototype.hasColors = hasColors;

module.exports = { isatty, ReadStream, WriteStream };
