// node:fs's calls over whole trees, on top of fs's own calls: opendir and
// Dir, cp, glob. Loaded by fs.js, which hands over its helpers (setup) and
// then gets these calls added to fs and fs/promises (install).
'use strict';

const path = internals.requireBuiltin('path');
const { errors } = internals;
let toPath;
let Dirent;
let getOptions;
let fs;

exports.setup = (helpers) => {
  ({ toPath, Dirent, getOptions } = helpers);
};

// ---- opendir / Dir: the entries are read when the directory is opened ----

const kClosed = Symbol('nabi.dir.closed');
const kEntries = Symbol('nabi.dir.entries');

function dirClosed() {
  return errors.codeError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
}

class Dir {
  #path;
  constructor(dirPath, entries) {
    this.#path = dirPath;
    this[kEntries] = entries;
    this[kClosed] = false;
  }
  get path() { return this.#path; }
  readSync() {
    if (this[kClosed]) throw dirClosed();
    return this[kEntries].shift() ?? null;
  }
  read(callback) {
    if (callback === undefined) return new Promise((resolve) => resolve(this.readSync()));
    errors.validateFunction(callback, 'callback');
    let entry;
    try {
      entry = this.readSync();
    } catch (e) {
      process.nextTick(callback, e);
      return undefined;
    }
    process.nextTick(callback, null, entry);
    return undefined;
  }
  closeSync() {
    if (this[kClosed]) throw dirClosed();
    this[kClosed] = true;
  }
  close(callback) {
    if (callback === undefined) return new Promise((resolve) => resolve(this.closeSync()));
    errors.validateFunction(callback, 'callback');
    try {
      this.closeSync();
    } catch (e) {
      process.nextTick(callback, e);
      return undefined;
    }
    process.nextTick(callback, null);
    return undefined;
  }
  async* entries() {
    try {
      for (;;) {
        const entry = this.readSync();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }
  [Symbol.asyncIterator]() { return this.entries(); }
  [Symbol.dispose ?? Symbol.for('nodejs.dispose')]() { if (!this[kClosed]) this.closeSync(); }
  [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() { return this[kClosed] ? Promise.resolve() : this.close(); }
}

function openDirEntries(p, options, async = false) {
  const dirPath = toPath(p);
  options = getOptions(options);
  if (options != null && typeof options === 'object' && options.bufferSize !== undefined) {
    errors.validateInteger(options.bufferSize, 'options.bufferSize', 1, 4294967295);
  }
  let entries;
  try {
    entries = fs.readdirSync(dirPath, { withFileTypes: true });
  } catch (e) {
    if (e.syscall === 'scandir') {
      e.syscall = 'opendir';
      // Node's sync form leaves the path out of the message.
      e.message = `${e.code}: ${e.message.slice(e.code.length + 2).split(',')[0]}, opendir${async ? ` '${dirPath}'` : ''}`;
    }
    throw e;
  }
  if (options?.recursive) {
    for (let i = 0; i < entries.length; i++) {
      const d = entries[i];
      if (d.isDirectory()) entries.push(...fs.readdirSync(path.join(d.parentPath, d.name), { withFileTypes: true }));
    }
  }
  return new Dir(dirPath, entries);
}

// ---- cp: files, directories (recursive) and links, with Node's checks ----

function cpError(code, message, dest) {
  const e = errors.codeError(Error, code, message);
  if (code === 'ERR_FS_CP_EEXIST') Object.assign(e, { errno: 17, syscall: 'cp', path: dest });
  return e;
}

function statOrNull(p, deref) {
  try {
    return deref ? fs.statSync(p) : fs.lstatSync(p);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
}

function cpOptions(options) {
  if (options === undefined) options = {};
  errors.validateObject(options, 'options');
  const o = { recursive: false, force: true, errorOnExist: false, dereference: false, preserveTimestamps: false, verbatimSymlinks: false, ...options };
  for (const k of ['recursive', 'force', 'errorOnExist', 'dereference', 'preserveTimestamps', 'verbatimSymlinks']) {
    errors.validateBoolean(o[k], `options.${k}`);
  }
  if (o.filter !== undefined) errors.validateFunction(o.filter, 'options.filter');
  return o;
}

// Checks made once, on the top pair.
function cpCheck(src, dest, o, given) {
  const srcStat = o.dereference ? fs.statSync(src) : fs.lstatSync(src);
  const destStat = statOrNull(dest, o.dereference);
  const shown = srcStat.isDirectory() ? `${src}/` : src;
  if (destStat && srcStat.ino === destStat.ino && srcStat.dev === destStat.dev) {
    throw cpError('ERR_FS_CP_EINVAL', `src and dest cannot be the same ${dest}`);
  }
  if (srcStat.isDirectory() && !o.recursive) {
    // The async form has its own wording, with the path as given.
    if (given !== undefined) {
      const e = cpError('ERR_FS_EISDIR', `Path is a directory: cp returned EISDIR (${given} is a directory (not copied)) ${given}`);
      throw Object.assign(e, { errno: 21, syscall: 'cp', path: given });
    }
    throw cpError('ERR_FS_EISDIR', `Recursive option not enabled, cannot copy a directory: ${shown}`);
  }
  if (destStat) {
    if (srcStat.isDirectory() && !destStat.isDirectory()) {
      throw cpError('ERR_FS_CP_DIR_TO_NON_DIR', `Cannot overwrite non-directory ${dest} with directory ${src}`);
    }
    if (!srcStat.isDirectory() && destStat.isDirectory()) {
      throw cpError('ERR_FS_CP_NON_DIR_TO_DIR', `Cannot overwrite directory ${dest} with non-directory ${src}`);
    }
  }
  if (srcStat.isDirectory() && (dest + '/').startsWith(`${src}/`)) {
    throw cpError('ERR_FS_CP_EINVAL', `Cannot copy ${shown} to a subdirectory of self ${dest}`);
  }
}

function cpOne(src, dest, o) {
  if (o.filter && !o.filter(src, dest)) return;
  const st = o.dereference ? fs.statSync(src) : fs.lstatSync(src);
  const destStat = statOrNull(dest, false);
  if (st.isDirectory()) {
    if (!destStat) fs.mkdirSync(dest, st.mode & 0o7777);
    for (const name of fs.readdirSync(src)) cpOne(path.join(src, name), path.join(dest, name), o);
  } else if (st.isSymbolicLink()) {
    let link = fs.readlinkSync(src);
    if (!o.verbatimSymlinks && !path.isAbsolute(link)) link = path.resolve(path.dirname(src), link);
    if (destStat) fs.unlinkSync(dest);
    fs.symlinkSync(link, dest);
  } else {
    if (destStat) {
      if (o.force) {
        fs.unlinkSync(dest);
      } else {
        if (o.errorOnExist) throw cpError('ERR_FS_CP_EEXIST', `Target already exists: cp returned EEXIST (${dest} already exists) ${dest}`, dest);
        return;
      }
    }
    fs.copyFileSync(src, dest, o.mode);
    if (o.preserveTimestamps) fs.utimesSync(dest, st.atime, st.mtime);
  }
}

function cpSync(src, dest, options, async = false) {
  const o = cpOptions(options);
  const given = async ? toPath(src, 'src') : undefined;
  src = path.resolve(toPath(src, 'src'));
  dest = path.resolve(toPath(dest, 'dest'));
  if (o.filter && !o.filter(src, dest)) return;
  cpCheck(src, dest, o, given);
  const filter = o.filter;
  o.filter = undefined;
  const top = fs.lstatSync(src);
  if (top.isDirectory()) {
    if (!statOrNull(dest, false)) fs.mkdirSync(dest, { recursive: true, mode: top.mode & 0o7777 });
    o.filter = filter;
    for (const name of fs.readdirSync(src)) cpOne(path.join(src, name), path.join(dest, name), o);
  } else {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    cpOne(src, dest, o);
  }
}

// The async form runs the same steps; an async filter is awaited first by
// walking the tree and asking it for each pair.
async function cpAsync(src, dest, options) {
  const o = cpOptions(options);
  if (o.filter) {
    const ask = o.filter;
    const keep = new Set();
    const walk = async (s, d) => {
      if (!(await ask(s, d))) return;
      keep.add(s);
      const st = statOrNull(s, o.dereference);
      if (st?.isDirectory()) {
        for (const name of fs.readdirSync(s)) await walk(path.join(s, name), path.join(d, name));
      }
    };
    await walk(path.resolve(toPath(src, 'src')), path.resolve(toPath(dest, 'dest')));
    o.filter = (s) => keep.has(s);
  }
  cpSync(src, dest, o, true);
}

// ---- glob (fs.glob, fs.globSync, fs/promises glob) ----

const kMagic = /[*?[]/;

function matchSegment(seg, name) {
  if (name.startsWith('.') && !seg.startsWith('.')) return false;
  return internals.glob.segment(seg).test(name);
}

function readdirOrNull(dir) {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}

// Walks the pattern's segments from `rel` (relative to cwd, '' is cwd
// itself), adding what matches to `out`.
function walk(cwd, rel, segs, i, out, seen) {
  const key = `${rel}\0${i}`;
  if (seen.has(key)) return;
  seen.add(key);
  const abs = path.resolve(cwd, rel || '.');
  if (i === segs.length) {
    out.add(rel || '.');
    return;
  }
  // A function `exclude` prunes the directories the walk would enter.
  if (rel !== '' && rel !== '/' && out.prune?.(rel)) return;
  const seg = segs[i];
  const join = (name) => (rel === '' ? name : rel === '/' ? `/${name}` : `${rel}/${name}`);
  if (seg === '') {
    // A trailing slash: directories only.
    if (statOrNull(abs, true)?.isDirectory()) walk(cwd, rel, segs, i + 1, out, seen);
    return;
  }
  if (seg === '**') {
    walk(cwd, rel, segs, i + 1, out, seen);
    for (const d of readdirOrNull(abs) ?? []) {
      if (d.isDirectory() && !d.name.startsWith('.')) walk(cwd, join(d.name), segs, i, out, seen);
      else if (!d.name.startsWith('.') && i + 1 === segs.length) out.add(join(d.name));
    }
    return;
  }
  if (!kMagic.test(seg)) {
    const name = seg.replace(/\\(.)/g, '$1');
    if (name === '.' || name === '..' || statOrNull(path.join(abs, name), false)) {
      if (i + 1 === segs.length || statOrNull(path.join(abs, name), true)?.isDirectory()) walk(cwd, join(name), segs, i + 1, out, seen);
    }
    return;
  }
  for (const d of readdirOrNull(abs) ?? []) {
    if (matchSegment(seg, d.name)) walk(cwd, join(d.name), segs, i + 1, out, seen);
  }
}

function globOptions(options) {
  if (options === undefined) options = {};
  errors.validateObject(options, 'options');
  const cwd = options.cwd === undefined ? process.cwd() : toPath(options.cwd, 'options.cwd');
  const { exclude, withFileTypes = false } = options;
  if (exclude !== undefined && typeof exclude !== 'function' && !Array.isArray(exclude)) {
    throw errors.invalidArgType('options.exclude', 'of type function or string[]', exclude);
  }
  return { cwd, exclude, withFileTypes: !!withFileTypes };
}

function globSync(patterns, options) {
  const o = globOptions(options);
  if (!Array.isArray(patterns)) patterns = [patterns];
  for (const p of patterns) errors.validateString(p, 'patterns');
  const found = new Set();
  for (const pattern of patterns) {
    for (const expanded of internals.glob.braces(pattern)) {
      const segs = expanded.split('/');
      const out = new Set();
      if (typeof o.exclude === 'function') out.prune = (rel) => o.exclude(o.withFileTypes ? direntOf(o.cwd, rel) : rel);
      if (segs[0] === '') walk(o.cwd, '/', segs, 1, out, new Set());
      else walk(o.cwd, '', segs, 0, out, new Set());
      for (const r of out) found.add(r === '.' || r.startsWith('/') ? (r === '/' ? r : path.normalize(r)) : path.normalize(r));
    }
  }
  const excluded = (rel) => {
    if (!Array.isArray(o.exclude)) return false;
    return o.exclude.some((pattern) => path.matchesGlob(rel, pattern) || (pattern.endsWith('/**') && path.matchesGlob(rel, pattern.slice(0, -3)))
      || rel.split('/').some((_, i, parts) => i > 0 && path.matchesGlob(parts.slice(0, i).join('/'), pattern)));
  };
  const results = [...found].filter((rel) => !excluded(rel));
  return o.withFileTypes ? results.map((rel) => direntOf(o.cwd, rel)) : results;
}

function direntOf(cwd, rel) {
  const abs = path.resolve(cwd, rel);
  const st = fs.lstatSync(abs);
  const type = st.isFile() ? 1 : st.isDirectory() ? 2 : st.isSymbolicLink() ? 3 : 0;
  return new Dirent(path.basename(abs), type, path.dirname(abs));
}

exports.install = (fsModule, promises) => {
  fs = fsModule;
  fs.Dir = Dir;
  fs.opendirSync = (p, options) => openDirEntries(p, options);
  fs.opendir = (p, options, callback) => {
    if (typeof options === 'function') [options, callback] = [undefined, options];
    errors.validateFunction(callback, 'callback');
    let dir;
    try {
      dir = openDirEntries(p, options, true);
    } catch (e) {
      if (e.code?.startsWith('ERR_')) throw e;
      process.nextTick(callback, e);
      return;
    }
    process.nextTick(callback, null, dir);
  };
  fs.cpSync = (src, dest, options) => cpSync(src, dest, options);
  fs.cp = (src, dest, options, callback) => {
    if (typeof options === 'function') [options, callback] = [undefined, options];
    errors.validateFunction(callback, 'cb');
    cpAsync(src, dest, options).then(() => callback(null), callback);
  };
  fs.globSync = globSync;
  fs.glob = (pattern, options, callback) => {
    if (typeof options === 'function') [options, callback] = [undefined, options];
    errors.validateFunction(callback, 'cb');
    let r;
    try {
      r = globSync(pattern, options);
    } catch (e) {
      process.nextTick(callback, e);
      return;
    }
    process.nextTick(callback, null, r);
  };
  promises.opendir = (p, options) => new Promise((resolve) => resolve(openDirEntries(p, options, true)));
  promises.cp = (src, dest, options) => cpAsync(src, dest, options);
  promises.glob = async function* glob(pattern, options) {
    yield* globSync(pattern, options);
  };
};
