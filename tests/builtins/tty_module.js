// node:tty without a terminal (the harness pipes stdio): isatty, the stdio streams' isTTY, the
// ERR_TTY_INIT_FAILED of a file, and getColorDepth/hasColors reading an environment as Node does.
const tty = require('tty');
const fs = require('fs');
console.log(tty.isatty(1), tty.isatty(-1), tty.isatty(1.5), tty.isatty('1'), tty.isatty(2 ** 31));
console.log(process.stdout.isTTY, process.stderr.isTTY, process.stdout instanceof tty.WriteStream);
const fd = fs.openSync(__filename, 'r');
try { new tty.WriteStream(fd); } catch (e) { console.log(e.code, e.message); }
try { new tty.ReadStream(fd); } catch (e) { console.log(e.code, e.message); }
fs.closeSync(fd);
const depth = tty.WriteStream.prototype.getColorDepth;
const envs = [
  {}, { FORCE_COLOR: '' }, { FORCE_COLOR: '1' }, { FORCE_COLOR: 'true' }, { FORCE_COLOR: '2' }, { FORCE_COLOR: '3' },
  { FORCE_COLOR: '0' }, { FORCE_COLOR: 'x' }, { NO_COLOR: '1', TERM: 'xterm-256color' }, { NODE_DISABLE_COLORS: '1' },
  { TERM: 'dumb' }, { TMUX: '1' }, { CI: '1' }, { CI: '1', GITHUB_ACTIONS: 'true' }, { CI: '1', TRAVIS: '1' },
  { CI: '1', CI_NAME: 'codeship' }, { TEAMCITY_VERSION: '9.1.0' }, { TEAMCITY_VERSION: '8.0' },
  { TERM_PROGRAM: 'iTerm.app' }, { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4' }, { TERM_PROGRAM: 'Apple_Terminal' },
  { TERM_PROGRAM: 'HyperTerm' }, { COLORTERM: 'truecolor' }, { COLORTERM: '24bit' }, { COLORTERM: 'yes' },
  { TERM: 'xterm-256color' }, { TERM: 'xterm' }, { TERM: 'screen' }, { TERM: 'linux' }, { TERM: 'xterm-kitty' },
  { TERM: 'mosh' }, { TERM: 'rxvt-unicode-24bit' }, { TERM: 'foo-truecolor' }, { TERM: 'vt100' }, { TERM: 'unknown' },
  { TERM: 'Konsole' }, { TERM: 'con80x25' }, { TERM: 'ansi' },
];
for (const env of envs) {
  const w = { getColorDepth: depth };
  console.log(JSON.stringify(env), depth(env), tty.WriteStream.prototype.hasColors.call(w, env), tty.WriteStream.prototype.hasColors.call(w, 256, env));
}
try { tty.WriteStream.prototype.hasColors(1, {}); } catch (e) { console.log(e.code); }
console.log(typeof tty.ReadStream.prototype.setRawMode, typeof tty.WriteStream.prototype.getWindowSize, typeof tty.WriteStream.prototype.cursorTo);
