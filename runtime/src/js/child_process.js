// node:child_process — the synchronous spawns package loaders use
// (`ldd --version`, `uname`, …).
'use strict';

const { binding } = internals;
const { Buffer } = internals.requireBuiltin('buffer');

function notImplemented(name) {
  return () => {
    const e = new Error(`child_process.${name} is not implemented in nabi`);
    e.code = 'ERR_NOT_IMPLEMENTED';
    throw e;
  };
}

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
  spawnSync,
  execSync,
  execFileSync,
  spawn: notImplemented('spawn'),
  exec: notImplemented('exec'),
  execFile: notImplemented('execFile'),
  fork: notImplemented('fork'),
};
