// Finds and loads the right prebuilt .node file for this machine. No
// dependencies: `pack` ships this file with the packages.
//
//   const addon = require('./loader.js')(__dirname)
//
// It tries, in order: the local layout `<root>/prebuilds/<platform>-<arch>/
// *.node` (node-gyp-build's: `<name>.napi.<libc>[.armvN].node` on Linux,
// plain `<name>.node` on macOS and Windows), then the per-platform package that npm
// installed from the root's optionalDependencies,
// `<name>-<platform>-<arch>[-<abi>]` (resolved from the root package), and
// otherwise throws ERR_NO_PREBUILD listing what it tried, the detected host
// and how to fix it. A relative root ('.') is taken from this file's folder.
//
// Host facts: platform, arch, libc (from the ELF interpreter of the running
// executable, else process.report, else `ldd --version`), armv. The choice
// is a pure function of (host facts, file names): `select`, tested alone.
// NABI_PREBUILD_FILE=/path/x.node overrides everything.
'use strict';

const fs = require('fs');
const path = require('path');

function parseTags(file) {
  const parts = file.split('.');
  if (parts.pop() !== 'node') return null;
  const tags = { file, napi: false, abi: null, libc: null, armv: null, specificity: 0 };
  for (const t of parts) {
    if (t === 'napi') tags.napi = true;
    else if (/^abi\d+$/.test(t)) tags.abi = t.slice(3);
    else if (t === 'glibc' || t === 'musl') tags.libc = t;
    else if (/^armv\d+$/.test(t)) tags.armv = t.slice(4);
    else continue;
    tags.specificity++;
  }
  return tags;
}

// Chooses among candidate files ({ dir: 'linux-x64', files: [...] }) for a
// host ({ platform, arch, libc, armv }). Returns { file } or { error,
// rejected: [{ file, reason }] }.
function select(host, candidates) {
  const rejected = [];
  const fits = [];
  for (const { dir, files } of candidates) {
    for (const file of files) {
      const where = `${dir}/${file}`;
      if (dir !== `${host.platform}-${host.arch}`) {
        rejected.push({ file: where, reason: `built for ${dir}, host is ${host.platform}-${host.arch}` });
        continue;
      }
      const tags = parseTags(file);
      if (!tags) {
        rejected.push({ file: where, reason: 'not a .node file' });
        continue;
      }
      // node-gyp-build's rule: a file tagged with a V8 ABI (abi115) is
      // for one Node major only; untagged and napi-tagged files are
      // Node-API builds.
      if (tags.abi && !tags.napi) {
        rejected.push({ file: where, reason: `a V8-ABI build (abi${tags.abi}), not Node-API` });
        continue;
      }
      if (tags.libc && host.platform === 'linux' && tags.libc !== host.libc) {
        rejected.push({ file: where, reason: `built for ${tags.libc}, host libc is ${host.libc}` });
        continue;
      }
      if (tags.armv && host.armv && tags.armv !== host.armv) {
        rejected.push({ file: where, reason: `built for armv${tags.armv}, host is armv${host.armv}` });
        continue;
      }
      fits.push({ where, tags });
    }
  }
  if (fits.length === 0) {
    return { error: `no prebuilt binary for ${describe(host)}`, rejected };
  }
  // The most specific match wins; ties by name, so the choice is stable.
  fits.sort((a, b) => b.tags.specificity - a.tags.specificity || (a.where < b.where ? -1 : 1));
  return { file: fits[0].where, rejected };
}

function describe(host) {
  return `${host.platform}-${host.arch}${host.platform === 'linux' ? ` (${host.libc})` : ''}${host.armv ? ` armv${host.armv}` : ''}`;
}

// libc of this process: the dynamic loader named in /proc/self/exe's
// PT_INTERP, then process.report, then `ldd --version`.
function detectLibc() {
  if (process.platform !== 'linux') return null;
  try {
    const exe = fs.readFileSync('/proc/self/exe');
    const interp = interpreterOf(exe);
    if (interp) return interp.includes('musl') ? 'musl' : 'glibc';
  } catch {}
  try {
    const report = process.report && process.report.getReport();
    const header = report && (typeof report === 'string' ? JSON.parse(report) : report).header;
    if (header && header.glibcVersionRuntime) return 'glibc';
    if (report && Array.isArray(report.sharedObjects) && report.sharedObjects.some((s) => s.includes('musl'))) return 'musl';
  } catch {}
  try {
    const out = require('child_process').execSync('ldd --version 2>&1', { encoding: 'utf8' });
    return out.includes('musl') ? 'musl' : 'glibc';
  } catch (e) {
    const text = String((e && e.stdout) || '');
    if (text.includes('musl')) return 'musl';
  }
  return 'glibc';
}

// The PT_INTERP string of an ELF image (64- or 32-bit, little-endian).
function interpreterOf(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = buf[4] === 2;
  const phoff = is64 ? Number(buf.readBigUInt64LE(32)) : buf.readUInt32LE(28);
  const phentsize = buf.readUInt16LE(is64 ? 54 : 42);
  const phnum = buf.readUInt16LE(is64 ? 56 : 44);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (buf.readUInt32LE(ph) !== 3) continue; // PT_INTERP
    const offset = is64 ? Number(buf.readBigUInt64LE(ph + 8)) : buf.readUInt32LE(ph + 4);
    const size = is64 ? Number(buf.readBigUInt64LE(ph + 32)) : buf.readUInt32LE(ph + 16);
    return buf.toString('latin1', offset, offset + size).replace(/\0+$/, '');
  }
  return null;
}

function hostFacts() {
  const armv = process.arch === 'arm' ? String((process.config.variables || {}).arm_version || '7') : process.arch === 'arm64' ? '8' : null;
  return { platform: process.platform, arch: process.arch, libc: detectLibc(), armv };
}

function candidatesIn(root) {
  const dir = path.join(root, 'prebuilds');
  let subdirs = [];
  try {
    subdirs = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return subdirs.sort().map((d) => {
    let files = [];
    try {
      files = fs.readdirSync(path.join(dir, d)).sort();
    } catch {}
    return { dir: d, files };
  });
}

// The npm ABI suffix of the per-platform package for a host, as `pack`
// names them (napi-rs's names): linux-x64-gnu, linux-arm-gnueabihf,
// linux-x64-musl, darwin-arm64, win32-x64-msvc (the DLL is built with
// MinGW but is for the MSVC-built Node every Windows user runs, which is
// what napi-rs's suffix names; see docs/PREBUILD.md).
function npmSuffix(host) {
  if (host.platform === 'linux') {
    const abi = host.libc === 'musl' ? 'musl' : 'gnu';
    return `linux-${host.arch}-${host.arch === 'arm' ? `${abi}eabihf` : abi}`;
  }
  if (host.platform === 'win32') return `win32-${host.arch}-msvc`;
  return `${host.platform}-${host.arch}`;
}

function packageName(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name || null;
  } catch {
    return null;
  }
}

// Resolves (without loading) the file for this host under `root`: the
// local prebuilds/ first, then the installed per-platform package.
function resolve(root, host = hostFacts()) {
  if (process.env.NABI_PREBUILD_FILE) return process.env.NABI_PREBUILD_FILE;
  root = path.resolve(__dirname, root || '.');
  const tried = [];
  const local = select(host, candidatesIn(root));
  if (!local.error) return path.join(root, 'prebuilds', local.file);
  const prebuilds = path.join(root, 'prebuilds');
  if (local.rejected.length === 0) tried.push(`${prebuilds}: no prebuilt files`);
  for (const x of local.rejected) tried.push(`${path.join(prebuilds, x.file)}: ${x.reason}`);
  const name = packageName(root);
  const pkg = name && `${name}-${npmSuffix(host)}`;
  if (pkg) {
    try {
      return require.resolve(pkg, { paths: [root] });
    } catch (e) {
      tried.push(`package ${pkg}: ${e.code === 'MODULE_NOT_FOUND' ? 'not installed' : e.message}`);
    }
  } else {
    tried.push(`${path.join(root, 'package.json')}: no package name, so no per-platform package to look for`);
  }
  const err = new Error(`Cannot find the native binding for ${describe(host)}${name ? ` of ${name}` : ''}.\n` +
    `Host: platform=${host.platform} arch=${host.arch} libc=${host.libc}${host.armv ? ` armv=${host.armv}` : ''}\n` +
    `Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
    'How to fix:\n' +
    (pkg ? `  - npm installs only the optional dependency for the machine it ran on. If node_modules came from another machine, or was installed with --omit=optional / --no-optional, remove node_modules and package-lock.json and run \`npm install\` again (npm bug 4828), or \`npm install ${pkg}\`.\n` : '') +
    `  - The package may not ship a build for ${describe(host)}: build one with \`nabi-prebuild build --target ${npmSuffix(host)}\`.\n` +
    '  - Set NABI_PREBUILD_FILE to a .node file to use it instead.');
  err.code = 'ERR_NO_PREBUILD';
  err.tried = tried;
  throw err;
}

function load(root) {
  return require(resolve(root));
}

module.exports = load;
module.exports.load = load;
module.exports.resolve = resolve;
module.exports.select = select;
module.exports.parseTags = parseTags;
module.exports.npmSuffix = npmSuffix;
module.exports.hostFacts = hostFacts;
module.exports.detectLibc = detectLibc;
