// Finds and loads the right prebuilt .node file for this machine. No
// dependencies: `pack` ships this file with the packages.
//
//   const addon = require('./loader')(__dirname)      // prebuilds/<platform>-<arch>/*.node
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
  const tags = { file, napi: false, libc: null, armv: null, specificity: 0 };
  for (const t of parts) {
    if (t === 'napi') tags.napi = true;
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
      if (!tags.napi) {
        rejected.push({ file: where, reason: 'not a Node-API build (no "napi" tag)' });
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

// Resolves (without loading) the file for this host under `root`.
function resolve(root, host = hostFacts()) {
  if (process.env.NABI_PREBUILD_FILE) return process.env.NABI_PREBUILD_FILE;
  const r = select(host, candidatesIn(root));
  if (r.error) {
    const lines = r.rejected.map((x) => `  - ${x.file}: ${x.reason}`);
    const err = new Error(`${r.error} in ${path.join(root, 'prebuilds')}\n` +
      `host: platform=${host.platform} arch=${host.arch} libc=${host.libc}${host.armv ? ` armv=${host.armv}` : ''}\n` +
      (lines.length ? `candidates:\n${lines.join('\n')}` : 'no candidates found') +
      '\nSet NABI_PREBUILD_FILE to a .node file to override.');
    err.code = 'ERR_NO_PREBUILD';
    throw err;
  }
  return path.join(root, 'prebuilds', r.file);
}

function load(root) {
  return require(resolve(root));
}

module.exports = load;
module.exports.load = load;
module.exports.resolve = resolve;
module.exports.select = select;
module.exports.parseTags = parseTags;
module.exports.hostFacts = hostFacts;
module.exports.detectLibc = detectLibc;
