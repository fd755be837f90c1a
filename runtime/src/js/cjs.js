// node:module — the CommonJS loader with Node's resolution (relative and
// absolute paths, extension and index search, node_modules up the tree,
// package.json "main" and "exports" with conditions and subpath patterns,
// self-reference), JSON and .node files, createRequire; and the resolver
// and source hooks the ES module loader (engine/modules.rs) calls.
'use strict';

let binding;
let isBuiltin;
let requireBuiltin;
let builtinNames;
const path = internals.requireBuiltin('path');

function codeError(Ctor, code, message, extra) {
  const e = new Ctor(message);
  e.code = code;
  return Object.assign(e, extra);
}

// ---- file system helpers ----

const statCache = new Map();
function stat(p) {
  // 0 missing, 1 file, 2 directory
  let s = statCache.get(p);
  if (s === undefined) {
    s = binding.stat(p);
    statCache.set(p, s);
  }
  return s;
}

function realpath(p) {
  try {
    return binding.realpath(p);
  } catch {
    return p;
  }
}

const packageCache = new Map();
function readPackage(dir) {
  const file = path.join(dir, 'package.json');
  if (packageCache.has(file)) return packageCache.get(file);
  let pkg = null;
  if (stat(file) === 1) {
    try {
      pkg = JSON.parse(binding.readFile(file));
    } catch (e) {
      throw codeError(Error, 'ERR_INVALID_PACKAGE_CONFIG', `Invalid package config ${file}: ${e.message}`);
    }
    pkg.__dir = dir;
  }
  packageCache.set(file, pkg);
  return pkg;
}

// The nearest package.json at or above `dir`.
function packageScope(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if (path.basename(d) === 'node_modules') return null;
    const pkg = readPackage(d);
    if (pkg) return pkg;
    if (d === '/') return null;
  }
}

const extensions = ['.js', '.json', '.node'];

function tryFile(p) {
  return stat(p) === 1 ? realpathIfLinked(p) : null;
}

function realpathIfLinked(p) {
  return realpath(p);
}

function tryExtensions(p) {
  for (const ext of extensions) {
    const f = tryFile(p + ext);
    if (f) return f;
  }
  return null;
}

function tryDirectory(dir) {
  const pkg = readPackage(dir);
  if (pkg && typeof pkg.main === 'string' && pkg.main) {
    const m = path.resolve(dir, pkg.main);
    const f = tryFile(m) || tryExtensions(m) || tryExtensions(path.join(m, 'index'));
    if (f) return f;
  }
  return tryExtensions(path.join(dir, 'index'));
}

function loadAsFileOrDirectory(p) {
  return tryFile(p) || tryExtensions(p) || (stat(p) === 2 ? tryDirectory(p) : null);
}

// ---- package "exports" ----

// A target of "exports" or "imports": a path in the package, or (imports
// only, `bare`) another package's specifier, returned as `{ bare }`.
function matchConditions(target, conditions, pkgDir, subpathMatch, bare = false) {
  if (typeof target === 'string') {
    const t = subpathMatch !== undefined ? target.replaceAll('*', subpathMatch) : target;
    if (t.startsWith('./')) return path.join(pkgDir, t);
    if (bare && !t.startsWith('../') && !t.startsWith('/') && !t.includes(':')) return { bare: t };
    return undefined;
  }
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = matchConditions(t, conditions, pkgDir, subpathMatch, bare);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const key of Object.keys(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = matchConditions(target[key], conditions, pkgDir, subpathMatch, bare);
        if (r !== undefined) return r;
      }
    }
  }
  return undefined;
}

// The entry of an "exports" or "imports" map for `key`: exact, else the
// longest `*` pattern matching it; [target, what `*` matched].
function mapEntry(map, key) {
  if (Object.prototype.hasOwnProperty.call(map, key) && !key.includes('*')) return [map[key], undefined];
  let best = '';
  let match;
  for (const k of Object.keys(map)) {
    const star = k.indexOf('*');
    if (star === -1) continue;
    const pre = k.slice(0, star);
    const post = k.slice(star + 1);
    if (key.startsWith(pre) && key.length >= k.length && key.endsWith(post) && k.length > best.length) {
      best = k;
      match = key.slice(pre.length, key.length - post.length);
    }
  }
  return best ? [map[best], match] : [undefined, undefined];
}

// package.json "imports": `#name` specifiers private to the package that
// `parentDir` is in.
function resolveImports(request, parentDir, conditions) {
  const scope = packageScope(parentDir);
  const imports = scope && scope.imports;
  if (request === '#') {
    throw codeError(TypeError, 'ERR_INVALID_MODULE_SPECIFIER', `Invalid module "${request}" is not a valid internal imports specifier name`);
  }
  let resolved;
  if (imports && typeof imports === 'object') {
    const [target, match] = mapEntry(imports, request);
    if (target !== undefined && target !== null) resolved = matchConditions(target, conditions, scope.__dir, match, true);
  }
  if (resolved === undefined) {
    const where = scope ? ` in package ${path.join(scope.__dir, 'package.json')}` : '';
    throw codeError(TypeError, 'ERR_PACKAGE_IMPORT_NOT_DEFINED', `Package import specifier "${request}" is not defined${where}`);
  }
  return typeof resolved === 'object' ? resolve(resolved.bare, scope.__dir, conditions) : resolved;
}

function resolveExports(pkg, subpath, conditions, request) {
  let exports = pkg.exports;
  const isConditionsObject = exports && typeof exports === 'object' && !Array.isArray(exports) &&
    Object.keys(exports).every((k) => !k.startsWith('.'));
  if (typeof exports === 'string' || Array.isArray(exports) || isConditionsObject) exports = { '.': exports };
  const [target, match] = mapEntry(exports, subpath);
  const resolved = target === undefined || target === null ? undefined : matchConditions(target, conditions, pkg.__dir, match);
  if (resolved === undefined) {
    if (subpath === '.') {
      throw codeError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED', `No "exports" main defined in ${path.join(pkg.__dir, 'package.json')}`);
    }
    throw codeError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      `Package subpath '${subpath}' is not defined by "exports" in ${path.join(pkg.__dir, 'package.json')}`);
  }
  return resolved;
}

function splitPackageName(request) {
  const parts = request.split('/');
  const n = request.startsWith('@') ? 2 : 1;
  return [parts.slice(0, n).join('/'), parts.slice(n).join('/')];
}

function nodeModulePaths(from) {
  const dirs = [];
  // (from an absolute path: a relative one would never reach the root)
  for (let d = path.resolve(from); ; d = path.dirname(d)) {
    if (path.basename(d) !== 'node_modules') dirs.push(path.join(d, 'node_modules'));
    if (path.dirname(d) === d) break;
  }
  return dirs;
}

// Resolves a request as Node does; `conditions` decides "exports" targets.
function resolve(request, parentDir, conditions, searchPaths) {
  if (isBuiltin(request)) return request.startsWith('node:') ? request : `node:${request}`;
  if (request.startsWith('node:')) {
    throw codeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${request}`);
  }
  if (request.startsWith('file://')) request = fileURLToPath(request);
  if (request.startsWith('#')) return resolveImports(request, parentDir, conditions);
  if (request.startsWith('./') || request.startsWith('../') || request.startsWith('/') || request === '.' || request === '..') {
    const base = path.resolve(parentDir, request);
    const r = request.endsWith('/') ? (stat(base) === 2 ? tryDirectory(base) : null) : loadAsFileOrDirectory(base);
    if (r) return r;
    return null;
  }
  const [name, rest] = splitPackageName(request);
  const subpath = rest ? `./${rest}` : '.';
  // Self-reference by package name.
  const scope = packageScope(parentDir);
  if (scope && scope.name === name && scope.exports !== undefined) {
    return resolveExports(scope, subpath, conditions, request);
  }
  for (const dir of searchPaths || nodeModulePaths(parentDir)) {
    const pkgDir = path.join(dir, name);
    if (stat(pkgDir) !== 2) {
      if (!rest) {
        const f = tryFile(pkgDir) || tryExtensions(pkgDir);
        if (f) return f;
      }
      continue;
    }
    const pkg = readPackage(pkgDir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      return realpath(resolveExports(pkg, subpath, conditions, request));
    }
    const r = loadAsFileOrDirectory(path.join(dir, request));
    if (r) return r;
  }
  return null;
}

const requireConditions = ['node', 'require', 'module-sync'];
const importConditions = ['node', 'import', 'module-sync'];

// ---- Module ----

function Module(id = '', parent) {
  this.id = id;
  this.path = path.dirname(id);
  this.exports = {};
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
  this.parent = parent;
  if (parent && parent.children) parent.children.push(this);
}
Module._cache = Object.create(null);
Module._extensions = Object.create(null);
Module.builtinModules = [];
Module.isBuiltin = (name) => isBuiltin(name);
Module._nodeModulePaths = (from) => nodeModulePaths(from);
Module.Module = Module;
Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];

Module._resolveFilename = function (request, parent, isMain, options) {
  const parentDir = parent && parent.filename ? path.dirname(parent.filename) : process.cwd();
  let searchPaths;
  if (options && Array.isArray(options.paths)) {
    searchPaths = [];
    for (const p of options.paths) searchPaths.push(...nodeModulePaths(path.resolve(p)));
    if (request.startsWith('./') || request.startsWith('../')) {
      for (const p of options.paths) {
        const r = resolve(request, path.resolve(p), requireConditions);
        if (r) return r;
      }
    }
  }
  const r = resolve(request, parentDir, requireConditions, searchPaths);
  if (r) return r;
  const stack = [];
  for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
  let msg = `Cannot find module '${request}'`;
  if (stack.length) msg += `\nRequire stack:\n- ${stack.join('\n- ')}`;
  throw codeError(Error, 'MODULE_NOT_FOUND', msg, { requireStack: stack });
};

Module._load = function (request, parent, isMain) {
  const filename = Module._resolveFilename(request, parent, isMain);
  if (filename.startsWith('node:')) return requireBuiltin(filename);
  const cached = Module._cache[filename];
  if (cached) {
    if (parent && parent.children && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  if (isMain) {
    process.mainModule = module;
    module.id = '.';
    mainModule = module;
  }
  Module._cache[filename] = module;
  let ok = false;
  try {
    module.load(filename);
    ok = true;
  } finally {
    if (!ok) delete Module._cache[filename];
  }
  return module.exports;
};

let mainModule;

Module.prototype.load = function (filename) {
  this.filename = filename;
  this.paths = nodeModulePaths(path.dirname(filename));
  const ext = path.extname(filename);
  const handler = Module._extensions[ext] && ext !== '.mjs' ? Module._extensions[ext] : Module._extensions['.js'];
  handler(this, filename);
  this.loaded = true;
};

Module.prototype.require = function (request) {
  if (typeof request !== 'string') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "id" argument must be of type string. Received ${internals.describe(request)}`);
  }
  if (request === '') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'id' must be a non-empty string. Received ''");
  }
  return Module._load(request, this, false);
};

function isModuleFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  if (!filename.endsWith('.js')) return false;
  const scope = packageScope(path.dirname(filename));
  return !!scope && scope.type === 'module';
}

// --permission: a module file other than the entry point needs a read
// grant, as in Node 24 (resolving does not). binding.fs makes the native
// check and throws Node's ERR_ACCESS_DENIED.
let entryPoint;
function checkRead(filename) {
  if (binding.permissionHas && filename !== entryPoint) binding.fs('access', filename, 0);
}
function readModuleFile(filename) {
  checkRead(filename);
  return binding.readFile(filename);
}

Module._extensions['.js'] = function (module, filename) {
  if (isModuleFile(filename)) {
    module.exports = requireESM(filename);
    return;
  }
  module._compile(readModuleFile(filename), filename);
};
Module._extensions['.cjs'] = Module._extensions['.js'];
Module._extensions['.json'] = function (module, filename) {
  const text = readModuleFile(filename);
  try {
    module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    e.message = `${filename}: ${e.message}`;
    throw e;
  }
};
Module._extensions['.node'] = function (module, filename) {
  checkRead(filename);
  binding.dlopen(module, filename);
};

function makeRequire(module) {
  const require = (request) => module.require(request);
  require.resolve = (request, options) => {
    const r = Module._resolveFilename(request, module, false, options);
    return r.startsWith('node:') && !request.startsWith('node:') ? request : r;
  };
  require.resolve.paths = (request) => (isBuiltin(request) ? null : nodeModulePaths(module.path || process.cwd()));
  require.main = mainModule;
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  return require;
}

Module.prototype._compile = function (content, filename) {
  const fn = binding.compileFunction(content, filename, ['exports', 'require', 'module', '__filename', '__dirname']);
  const require = makeRequire(this);
  return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
};

Module.createRequire = function (filename) {
  const p = typeof filename === 'string' && path.isAbsolute(filename)
    ? filename
    : (typeof filename === 'string' && filename.startsWith('file:')) || filename instanceof URL
      ? fileURLToPath(filename)
      : undefined;
  if (p === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${internals.requireBuiltin('util').inspect(filename)}`);
  }
  const m = new Module(p, null);
  m.filename = p;
  m.paths = nodeModulePaths(path.dirname(p));
  return makeRequire(m);
};

function fileURLToPath(u) {
  return internals.requireBuiltin('url').fileURLToPath(u);
}

// ---- ES modules ----

// require() of an ES module: loads it and, if it settled synchronously,
// returns its namespace (Node's require(esm) for modules without
// top-level await).
function requireESM(filename) {
  const p = binding.loadModule(filename, filename);
  binding.runMicrotasks();
  const [state, value] = binding.promiseState(p);
  if (state === 2) {
    // The error goes to require()'s caller: the load's promise is handled
    // (or the rejection would also be reported as unhandled).
    p.catch(() => {});
    throw value;
  }
  if (state !== 1) {
    throw codeError(Error, 'ERR_REQUIRE_ASYNC_MODULE', `require() cannot be used on an ES Module that uses top-level await: ${filename}`);
  }
  return value;
}

const cjsNamespaceKey = Symbol.for('nabi.require');

function resolveForImport(specifier, referrer) {
  let parentDir;
  if (referrer.startsWith('node:') || referrer === '' || referrer === '[eval]' || !referrer.startsWith('/')) {
    parentDir = process.cwd();
  } else {
    parentDir = path.dirname(referrer);
  }
  const r = resolve(specifier, parentDir, importConditions);
  if (r) return r;
  const err = codeError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find ${specifier.startsWith('.') || specifier.startsWith('/') ? 'module' : 'package'} '${specifier}' imported from ${referrer}`);
  throw err;
}

function moduleSource(filename) {
  if (!filename.startsWith('node:') && isModuleFile(filename)) return readModuleFile(filename);
  // CommonJS, JSON, .node and built-ins: evaluate through require, then
  // re-export: default is module.exports, named exports are its keys.
  const exports = filename.startsWith('node:') ? requireBuiltin(filename) : Module._load(filename, null, false);
  const names = exports && (typeof exports === 'object' || typeof exports === 'function')
    ? Object.keys(exports).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default')
    : [];
  const get = `globalThis[Symbol.for('nabi.require')](${JSON.stringify(filename)})`;
  let src = `const m = ${get};\nexport default m;\n`;
  for (const n of names) src += `export const ${n} = m[${JSON.stringify(n)}];\n`;
  return src;
}

function initImportMeta(meta, filename) {
  if (filename.startsWith('node:')) return;
  meta.url = 'file://' + encodeURI(filename).replace(/\?/g, '%3F').replace(/#/g, '%23');
  meta.filename = filename;
  meta.dirname = path.dirname(filename);
  meta.resolve = (specifier) => {
    const r = resolveForImport(specifier, filename);
    return r.startsWith('node:') ? r : 'file://' + encodeURI(r);
  };
}

// ---- entry points ----

function runMain(filename) {
  const resolved = resolve(path.resolve(filename), '/', requireConditions);
  if (!resolved) {
    throw codeError(Error, 'MODULE_NOT_FOUND', `Cannot find module '${filename}'`, { requireStack: [] });
  }
  // A thread's entry point (the script, a worker's file) needs no grant.
  entryPoint = resolved;
  if (isModuleFile(resolved)) {
    const p = binding.loadModule(resolved, resolved);
    p.catch((err) => {
      throw err; // becomes an unhandled rejection → uncaught exception
    });
    return;
  }
  Module._load(resolved, null, true);
}

function evalCode(source, name = '[eval]') {
  const m = new Module(name, null);
  m.filename = path.join(process.cwd(), name);
  m.paths = nodeModulePaths(process.cwd());
  const require = makeRequire(m);
  globalThis.require = require;
  globalThis.module = m;
  globalThis.exports = m.exports;
  globalThis.__filename = name;
  globalThis.__dirname = '.';
  return binding.evalScript(source, name);
}

// ---- module's smaller API: findPackageJSON, _findPath, globalPaths,
// runMain, and the compile cache nabi does not have ----

function fileArg(u) {
  return typeof u === 'object' && u !== null && u.href !== undefined ? fileURLToPath(u) : u;
}

Module.findPackageJSON = function findPackageJSON(specifier, base) {
  if (arguments.length === 0) throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "specifier" argument must be specified');
  const given = typeof specifier === 'object' && specifier !== null && specifier.href !== undefined ? specifier.href : `${specifier}`;
  const baseText = base === undefined ? 'data:' : `${base && base.href !== undefined ? base.href : base}`;
  const basePath = base === undefined ? null : fileArg(base).startsWith('file:') ? fileURLToPath(fileArg(base)) : fileArg(base);
  let target;
  if (given.startsWith('file:')) {
    target = fileURLToPath(given);
  } else if (given[0] === '.' || given[0] === '/') {
    if (basePath === null || !path.isAbsolute(basePath)) {
      throw codeError(TypeError, 'ERR_UNSUPPORTED_RESOLVE_REQUEST', `Failed to resolve module specifier "${given}" from "${baseText}": Invalid relative URL or base scheme is not hierarchical.`);
    }
    target = path.resolve(path.dirname(basePath), given);
    if (stat(target) === 0) {
      throw codeError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find module '${target}' imported from ${basePath}`);
    }
  } else {
    // A bare specifier: the package's own package.json.
    if (basePath === null) throw codeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
    const [name] = splitPackageName(given);
    for (const dir of nodeModulePaths(basePath ? path.dirname(basePath) : process.cwd())) {
      const file = path.join(dir, name, 'package.json');
      if (stat(file) === 1) return file;
    }
    throw codeError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find package '${given}' imported from ${basePath ?? baseText}`);
  }
  const scope = packageScope(stat(target) === 2 ? target : path.dirname(target));
  return scope ? path.join(scope.__dir, 'package.json') : undefined;
};

Module._findPath = function _findPath(request, paths, isMain) {
  const dirs = path.isAbsolute(request) ? [''] : paths;
  for (const dir of dirs || []) {
    const r = loadAsFileOrDirectory(path.resolve(dir, request));
    if (r) return r;
  }
  return false;
};

{
  const home = process.env.HOME;
  const prefix = path.resolve(process.execPath, '..', '..');
  Module.globalPaths = [
    ...(process.env.NODE_PATH ? process.env.NODE_PATH.split(':').filter(Boolean) : []),
    ...(home ? [path.join(home, '.node_modules'), path.join(home, '.node_libraries')] : []),
    path.join(prefix, 'lib', 'node'),
  ];
}

Module.runMain = function (main = process.argv[1]) {
  runMain(main);
};

// nabi compiles from its own bytecode cache of built-ins only; a script's
// compile cache is never on, as Node with NODE_DISABLE_COMPILE_CACHE.
Module.constants = Object.freeze({
  compileCacheStatus: Object.freeze({ FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 }),
});
Module.enableCompileCache = () => ({
  status: Module.constants.compileCacheStatus.DISABLED,
  message: 'nabi has no compile cache for scripts',
});
Module.getCompileCacheDir = () => undefined;
Module.flushCompileCache = () => undefined;

Module._internals = {
  init(ctx) {
    ({ binding, isBuiltin, requireBuiltin, builtinNames } = ctx);
    Module.builtinModules = builtinNames.slice();
    globalThis[cjsNamespaceKey] = (filename) =>
      filename.startsWith('node:') ? requireBuiltin(filename) : Module._load(filename, null, false);
  },
  runMain,
  evalCode,
  resolveForImport,
  moduleSource,
  initImportMeta,
};

module.exports = Module;
