// node:tty as Node 24 has it: isatty, the ReadStream / WriteStream
// constructors and their errors, a WriteStream over a pipe (libuv's TTY
// handle takes pipes too), and the colour depth read from an environment.
// (`debug`, and through it ref-napi, ffi-napi and @serialport/bindings-cpp,
// require tty when they load.)
'use strict';
const tty = require('tty');
const fs = require('fs');
const net = require('net');

console.log(Object.keys(tty).sort().join(' '));
for (const v of [0, 1, 2, -1, 1.5, '1', 2 ** 31, 2 ** 31 - 1, NaN, null, undefined, {}]) {
  console.log('isatty', String(v), tty.isatty(v));
}
const fd = fs.openSync(__filename, 'r');
console.log('isatty on a file', tty.isatty(fd));

const attempts = {
  'ReadStream(file)': () => new tty.ReadStream(fd),
  'WriteStream(file)': () => new tty.WriteStream(fd),
  'WriteStream(-1)': () => new tty.WriteStream(-1),
  'ReadStream(1.5) without new': () => tty.ReadStream(1.5),
  "ReadStream('0')": () => new tty.ReadStream('0'),
  'WriteStream(2 ** 31)': () => new tty.WriteStream(2 ** 31),
};
for (const [what, make] of Object.entries(attempts)) {
  try {
    make();
    console.log(what, 'no throw');
  } catch (e) {
    console.log(what, e.name, e.code, e.message, JSON.stringify(e.info), e.errno, e.syscall, e instanceof Error);
  }
}
fs.closeSync(fd);

const W = tty.WriteStream.prototype;
console.log('ReadStream is a net.Socket', Object.getPrototypeOf(tty.ReadStream.prototype) === net.Socket.prototype);
console.log('WriteStream is a net.Socket', Object.getPrototypeOf(W) === net.Socket.prototype);
console.log('methods', ['clearLine', 'clearScreenDown', 'cursorTo', 'moveCursor', 'getWindowSize', 'getColorDepth', 'hasColors']
  .map((n) => typeof W[n]).join(' '), typeof tty.ReadStream.prototype.setRawMode);

const envs = [
  {}, { TERM: 'dumb' }, { TERM: 'xterm-256color' }, { TERM: 'xterm' }, { TERM: 'XTERM' }, { TERM: 'screen' },
  { TERM: 'linux' }, { TERM: 'rxvt' }, { TERM: 'xterm-kitty' }, { TERM: 'mosh' }, { TERM: 'putty' },
  { TERM: 'con132x25' }, { TERM: 'vt100' }, { TERM: 'foo-truecolor' }, { TERM: 'unknown' },
  { COLORTERM: 'truecolor' }, { COLORTERM: '24bit' }, { COLORTERM: 'yes' },
  { NO_COLOR: '1', TERM: 'xterm' }, { NODE_DISABLE_COLORS: '', TERM: 'xterm' },
  { FORCE_COLOR: '0' }, { FORCE_COLOR: '1' }, { FORCE_COLOR: '2' }, { FORCE_COLOR: '3' }, { FORCE_COLOR: '' },
  { FORCE_COLOR: 'true' }, { FORCE_COLOR: 'false' }, { FORCE_COLOR: '4' },
  { TMUX: '1' }, { CI: '1' }, { CI: '1', GITHUB_ACTIONS: 'true' }, { CI: '1', TRAVIS: '1' },
  { CI: '1', CI_NAME: 'codeship' }, { CI: '1', CIRCLECI: '1', TERM: 'dumb' },
  { TEAMCITY_VERSION: '9.1' }, { TEAMCITY_VERSION: '9.1.2' }, { TEAMCITY_VERSION: '10.0' },
  { TERM_PROGRAM: 'iTerm.app' }, { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '2.9' },
  { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.1' }, { TERM_PROGRAM: 'Apple_Terminal' },
  { TERM_PROGRAM: 'HyperTerm' }, { TERM_PROGRAM: 'MacTerm' },
];
for (const env of envs) {
  console.log('depth', JSON.stringify(env), W.getColorDepth(env), W.hasColors(env), W.hasColors(256, env), W.hasColors(2 ** 24, env));
}
for (const bad of ['x', 1, 1.5]) {
  try {
    W.hasColors(bad, {});
    console.log('hasColors', bad, 'no throw');
  } catch (e) {
    console.log('hasColors', bad, e.code, e.message);
  }
}

// fd 1 is the harness' pipe here: a WriteStream over it has no window
// size, and what it writes comes out.
const out = new tty.WriteStream(1);
console.log('over a pipe', out.isTTY, out.columns, out.rows, out.fd);
out.write('written through tty.WriteStream\n');
