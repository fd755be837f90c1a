// The JavaScript side of the nabi runtime. Evaluated once as a script; its
// value is a function the Rust side calls with `binding` (see engine/binding.rs),
// which returns the hooks the Rust side drives (runMain, processTimers, …).
(function bootstrap(binding) {
  'use strict';

  const builtinSources = binding.sources;
  const builtinCache = new Map();

  // ---- built-in modules ----------------------------------------------------

  // Built-ins implemented in their own files, in runtime/src/builtins/<name>/.
  function loadBuiltinFile(name) {
    const src = builtinSources[name];
    if (src === undefined) return undefined;
    const module = { exports: {} };
    const fn = binding.compileFunction(src, `node:${name}`, ['module', 'exports', 'require', 'internals']);
    fn(module, module.exports, requireBuiltin, internals);
    return module.exports;
  }

  const builtinFactories = {
    assert: () => loadBuiltinFile('assert'),
    'assert/strict': () => requireBuiltin('assert').strict,
    util: () => loadBuiltinFile('util'),
    events: () => loadBuiltinFile('events'),
    path: () => loadBuiltinFile('path'),
    'path/posix': () => requireBuiltin('path'),
    buffer: () => loadBuiltinFile('buffer'),
    fs: () => loadBuiltinFile('fs'),
    'fs/promises': () => requireBuiltin('fs').promises,
    os: () => loadBuiltinFile('os'),
    child_process: () => loadBuiltinFile('child_process'),
    url: () => loadBuiltinFile('url'),
    crypto: () => loadBuiltinFile('crypto'),
    string_decoder: () => loadBuiltinFile('string_decoder'),
    stream: () => loadBuiltinFile('stream'),
    'stream/promises': () => requireBuiltin('stream').promises,
    module: () => moduleBuiltin(),
    timers: () => ({ setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate }),
    'timers/promises': () => ({
      setTimeout: (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value)),
      setImmediate: (value) => new Promise((resolve) => setImmediate(resolve, value)),
    }),
    process: () => process,
    worker_threads: () => loadBuiltinFile('worker_threads'),
    zlib: () => loadBuiltinFile('zlib'),
    net: () => loadBuiltinFile('net'),
    dns: () => loadBuiltinFile('dns'),
    'dns/promises': () => requireBuiltin('dns').promises,
    http: () => loadBuiltinFile('http'),
    https: () => loadBuiltinFile('https'),
    tls: () => loadBuiltinFile('tls'),
    'nabi:internal': () => ({ noop: binding.noop }),
  };
  const builtinNames = Object.keys(builtinFactories).filter((n) => !n.startsWith('nabi:'));

  function isBuiltin(name) {
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    return Object.prototype.hasOwnProperty.call(builtinFactories, bare);
  }

  function requireBuiltin(name) {
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    let m = builtinCache.get(bare);
    if (m === undefined) {
      const factory = builtinFactories[bare];
      if (!factory) {
        const err = new Error(`Cannot find module '${name}'`);
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      }
      m = factory();
      if (m === undefined) {
        const err = new Error(`The built-in module '${bare}' is not available in nabi yet`);
        err.code = 'ERR_NOT_IMPLEMENTED';
        throw err;
      }
      builtinCache.set(bare, m);
    }
    return m;
  }

  // Shared with built-in files.
  const internals = { binding, isBuiltin, requireBuiltin };
  // Node's errors for bad arguments (errors.js), loaded on first use.
  let errors;
  Object.defineProperty(internals, 'errors', { get: () => (errors ??= loadBuiltinFile('errors')) });
  // Sockets over libuv pipes and TTYs (pipe.js): the stdio of child
  // processes and process.stdin; their events come through `ioEvent`.
  let pipeModule;
  internals.pipe = () => (pipeModule ??= loadBuiltinFile('pipe'));

  // ---- process -------------------------------------------------------------

  const EventEmitter = requireBuiltin('events');
  const process = new EventEmitter();
  globalThis.process = process;
  process.argv = binding.argv;
  process.execArgv = binding.execArgv;
  process.execPath = binding.execPath;
  // Values become strings, as in Node; on the main thread assignments
  // reach the real environment too (libuv reads UV_THREADPOOL_SIZE when its
  // pool starts). A worker's process.env is its own copy.
  process.env = new Proxy(binding.env, {
    set(target, key, value) {
      if (typeof key !== 'string') return Reflect.set(target, key, value);
      value = String(value);
      if (!binding.workerInfo) binding.setEnv(key, value);
      target[key] = value;
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key === 'string' && !binding.workerInfo) binding.setEnv(key);
      return Reflect.deleteProperty(target, key);
    },
  });
  process.platform = binding.platform;
  process.arch = binding.arch;
  process.pid = binding.pid;
  process.ppid = 0;
  process.title = 'nabi';
  process.versions = binding.versions;
  process.version = 'v' + binding.versions.node;
  process.release = { name: 'node' };
  process.config = { variables: {} };
  process.exitCode = undefined;
  process.cwd = () => binding.cwd();
  process.chdir = () => {
    const err = new Error('process.chdir() is not implemented in nabi');
    err.code = 'ERR_NOT_IMPLEMENTED';
    throw err;
  };
  process.umask = () => 0o22;
  process.uptime = () => (binding.hrtime() - startTime) / 1e9;
  process.emitWarning = (warning) => {
    const text = typeof warning === 'string' ? warning : warning && warning.message;
    binding.print(2, `(nabi:${process.pid}) Warning: ${text}\n`);
  };
  const startTime = binding.hrtime();
  function hrtime(prev) {
    const now = binding.hrtime();
    let sec = Math.floor(now / 1e9);
    let nsec = now - sec * 1e9;
    if (prev) {
      sec -= prev[0];
      nsec -= prev[1];
      if (nsec < 0) {
        sec -= 1;
        nsec += 1e9;
      }
    }
    return [sec, nsec];
  }
  hrtime.bigint = () => BigInt(Math.round(binding.hrtime()));
  process.hrtime = hrtime;
  process.memoryUsage = () => {
    const [rss, heapTotal, heapUsed, external] = binding.memoryUsage();
    return { rss, heapTotal, heapUsed, external, arrayBuffers: 0 };
  };
  process.memoryUsage.rss = () => binding.memoryUsage()[0];
  process.report = {
    getReport() {
      const glibc = binding.glibcVersion();
      const header = {
        nodejsVersion: process.version,
        arch: process.arch,
        platform: process.platform,
        osName: binding.uname()[0],
        osRelease: binding.uname()[2],
      };
      if (glibc) header.glibcVersionRuntime = glibc;
      let sharedObjects = [];
      try {
        const maps = requireBuiltin('fs').readFileSync('/proc/self/maps', 'utf8');
        sharedObjects = [...new Set(maps.split('\n').map((l) => l.split(/\s+/)[5]).filter((p) => p && p.startsWith('/') && p.includes('.so')))];
      } catch {}
      return { header, sharedObjects };
    },
  };
  process.dlopen = (module, filename, flags) => binding.dlopen(module, String(filename), flags);
  process.binding = (name) => {
    const err = new Error(`No such module: ${name}`);
    err.code = 'ERR_INVALID_MODULE';
    throw err;
  };

  let exiting = false;
  process.exit = (code) => {
    if (code !== undefined) process.exitCode = code;
    const final = emitExit(process.exitCode === undefined ? 0 : process.exitCode);
    binding.exit(final);
  };
  process.reallyExit = process.exit;
  process.abort = () => binding.exit(134);

  function writer(fd) {
    return {
      fd,
      isTTY: false,
      write(chunk, encoding, cb) {
        if (typeof encoding === 'function') cb = encoding;
        binding.print(fd, typeof chunk === 'string' ? chunk : binding.decodeUtf8(chunk));
        if (typeof cb === 'function') process.nextTick(cb);
        return true;
      },
      on() { return this; },
      once() { return this; },
      end() {},
    };
  }
  // Writable streams (stream.js), made on first use.
  for (const [name, fd] of [['stdout', 1], ['stderr', 2]]) {
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: true,
      get() {
        let w;
        try {
          requireBuiltin('stream');
          w = internals.stream.createStdioWriter(fd, binding);
        } catch {
          w = writer(fd);
        }
        Object.defineProperty(process, name, { configurable: true, enumerable: true, writable: true, value: w });
        return w;
      },
      set(value) {
        Object.defineProperty(process, name, { configurable: true, enumerable: true, writable: true, value });
      },
    });
  }
  // process.stdin: a Readable over fd 0 (pipe.js), made on first use; it
  // keeps the process alive only while something reads it, as in Node.
  Object.defineProperty(process, 'stdin', {
    configurable: true,
    enumerable: true,
    get() {
      const value = internals.pipe().createStdin();
      Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, writable: true, value });
      return value;
    },
    set(value) {
      Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, writable: true, value });
    },
  });
  process.openStdin = () => {
    process.stdin.resume();
    return process.stdin;
  };

  // ---- nextTick and microtasks, in Node's order ------------------------------

  const tickQueue = [];
  // Shared with the Rust side: [nextTicks queued, rejections pending]. When
  // both are 0 and no promise job waits, draining after a callback is skipped.
  const tickInfo = new Int32Array(2);
  binding.setTickInfo(tickInfo);
  process.nextTick = function nextTick(fn, ...args) {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${describe(fn)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    tickQueue.push({ fn, args });
    tickInfo[0] = 1;
  };
  globalThis.queueMicrotask = (fn) => {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${describe(fn)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    Promise.resolve().then(() => fn());
  };

  // Rejections waiting for the end of the current tick to see whether a
  // handler gets attached (Node's default mode 'throw').
  const pendingRejections = new Map();
  binding.setPromiseRejectTracker((promise, reason, handled) => {
    if (handled) pendingRejections.delete(promise);
    else pendingRejections.set(promise, reason);
    tickInfo[1] = pendingRejections.size;
  });

  function runTicks() {
    do {
      while (tickQueue.length > 0) {
        const { fn, args } = tickQueue.shift();
        try {
          fn(...args);
        } catch (err) {
          reportUncaught(err);
        }
      }
      // As in Node: the whole tick queue first, then the microtasks.
      binding.runMicrotasks();
      processRejections();
    } while (tickQueue.length > 0);
    tickInfo[0] = 0;
  }

  function processRejections() {
    if (pendingRejections.size === 0) return;
    const list = [...pendingRejections];
    pendingRejections.clear();
    tickInfo[1] = 0;
    for (const [promise, reason] of list) {
      if (process.listenerCount('unhandledRejection') > 0) {
        process.emit('unhandledRejection', reason, promise);
        continue;
      }
      let err = reason;
      if (!(reason instanceof Error)) {
        err = new Error(
          'This error originated either by throwing inside of an async function without a catch block, ' +
            'or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "' +
            inspect(reason) + '".');
        err.code = 'ERR_UNHANDLED_REJECTION';
      }
      reportUncaught(err);
    }
  }

  // An exception nothing caught: an 'uncaughtException' listener, or print
  // and exit 1. Throws to the Rust side only through binding.exit.
  function reportUncaught(err) {
    if (!handleUncaught(err)) {
      const code = emitExit(1);
      binding.exit(code === 0 ? 1 : code);
    }
  }

  function handleUncaught(err) {
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', err, 'uncaughtException');
      return true;
    }
    if (binding.workerInfo) {
      // In a worker: the parent's Worker emits 'error'; nothing is printed.
      requireBuiltin('worker_threads')[Symbol.for('nabi.worker.reportError')](err);
      return false;
    }
    let text;
    if (err instanceof Error || (err && typeof err === 'object' && typeof err.stack === 'string')) {
      text = inspect(err);
    } else {
      text = 'Uncaught ' + inspect(err);
    }
    binding.print(2, `${text}\n\nNode.js ${process.version} (nabi ${process.versions.nabi})\n`);
    return false;
  }

  function emitExit(code) {
    if (exiting) return process.exitCode === undefined ? code : process.exitCode;
    exiting = true;
    if (process.exitCode === undefined || code !== 0) process.exitCode = code;
    process.emit('exit', process.exitCode);
    const final = Number(process.exitCode);
    return Number.isFinite(final) ? final | 0 : 0;
  }

  // ---- timers --------------------------------------------------------------

  let timerSeq = 0;
  const timers = new Map(); // id → Timeout, in insertion order
  let armedAt = Infinity;

  class Timeout {
    constructor(fn, delay, args, repeat) {
      delay = Number(delay);
      if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
      this._id = ++timerSeq;
      this._onTimeout = fn;
      this._idleTimeout = delay;
      this._args = args;
      this._repeat = repeat ? delay : null;
      this._ref = true;
      this._due = binding.now() + delay;
      this._destroyed = false;
    }
    ref() { this._ref = true; syncTimer(); return this; }
    unref() { this._ref = false; syncTimer(); return this; }
    hasRef() { return this._ref; }
    refresh() {
      if (!this._destroyed) {
        timers.delete(this._id);
        this._due = binding.now() + this._idleTimeout;
        timers.set(this._id, this);
        syncTimer();
      }
      return this;
    }
    close() { clearTimeout(this); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function syncTimer() {
    let next = Infinity;
    let anyRef = false;
    for (const t of timers.values()) {
      if (t._due < next) next = t._due;
      if (t._ref) anyRef = true;
    }
    if (next === Infinity) {
      armedAt = Infinity;
      binding.scheduleTimer(-1);
    } else if (next !== armedAt) {
      armedAt = next;
      binding.scheduleTimer(Math.max(0, next - binding.now()));
    }
    binding.timerRef(anyRef);
  }

  function addTimer(fn, delay, args, repeat) {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${describe(fn)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    const t = new Timeout(fn, delay, args, repeat);
    timers.set(t._id, t);
    syncTimer();
    return t;
  }

  globalThis.setTimeout = (fn, delay, ...args) => addTimer(fn, delay, args, false);
  globalThis.setInterval = (fn, delay, ...args) => addTimer(fn, delay, args, true);
  function clearTimer(t) {
    if (t == null) return;
    const id = typeof t === 'object' ? t._id : Number(t);
    const timer = timers.get(id);
    if (timer) {
      timer._destroyed = true;
      timers.delete(id);
      syncTimer();
    }
  }
  globalThis.clearTimeout = clearTimer;
  globalThis.clearInterval = clearTimer;

  function processTimers(now) {
    armedAt = Infinity;
    // Run due timers in due-time order, insertion order among equals.
    for (;;) {
      let due = null;
      for (const t of timers.values()) {
        if (t._due <= now && (due === null || t._due < due._due)) due = t;
      }
      if (due === null) break;
      if (due._repeat !== null) {
        due._due = now + due._repeat;
        timers.delete(due._id);
        timers.set(due._id, due);
      } else {
        due._destroyed = true;
        timers.delete(due._id);
      }
      try {
        due._onTimeout(...due._args);
      } catch (err) {
        reportUncaught(err);
      }
      runTicks();
    }
    syncTimer();
    return -1;
  }

  class Immediate {
    constructor(fn, args) {
      this._onImmediate = fn;
      this._args = args;
      this._ref = true;
      this._destroyed = false;
    }
    ref() { this._ref = true; syncImmediates(); return this; }
    unref() { this._ref = false; syncImmediates(); return this; }
    hasRef() { return this._ref; }
  }
  let immediates = [];
  function syncImmediates() {
    binding.scheduleImmediate(immediates.length > 0);
    binding.immediateRef(immediates.some((i) => i._ref));
  }
  globalThis.setImmediate = (fn, ...args) => {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${describe(fn)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    const im = new Immediate(fn, args);
    immediates.push(im);
    syncImmediates();
    return im;
  };
  globalThis.clearImmediate = (im) => {
    if (im && !im._destroyed) {
      im._destroyed = true;
      immediates = immediates.filter((i) => i !== im);
      syncImmediates();
    }
  };
  function processImmediates() {
    // Immediates queued while running wait for the next loop turn.
    const batch = immediates;
    immediates = [];
    for (const im of batch) {
      if (im._destroyed) continue;
      im._destroyed = true;
      try {
        im._onImmediate(...im._args);
      } catch (err) {
        reportUncaught(err);
      }
      runTicks();
    }
    syncImmediates();
  }

  // ---- console -------------------------------------------------------------

  const util = requireBuiltin('util');
  const inspect = util.inspect;
  const format = util.format;
  function describe(v) {
    if (v == null) return String(v);
    if (typeof v === 'function') return `function ${v.name}`;
    if (typeof v === 'object') return v.constructor && v.constructor.name ? `an instance of ${v.constructor.name}` : inspect(v);
    return `type ${typeof v} (${inspect(v)})`;
  }
  internals.describe = describe;

  let groupIndent = '';
  const counts = new Map();
  const timeLabels = new Map();
  function out(fd, args) {
    let text = format(...args);
    if (groupIndent) text = text.split('\n').map((l) => groupIndent + l).join('\n');
    binding.print(fd, text + '\n');
  }
  globalThis.console = {
    log: (...a) => out(1, a),
    info: (...a) => out(1, a),
    debug: (...a) => out(1, a),
    error: (...a) => out(2, a),
    warn: (...a) => out(2, a),
    trace: (...a) => {
      const err = new Error(format(...a));
      err.name = 'Trace';
      out(2, [err.stack]);
    },
    dir: (obj, options) => out(1, [inspect(obj, options)]),
    assert: (cond, ...a) => {
      if (!cond) out(2, a.length ? ['Assertion failed:', ...a] : ['Assertion failed']);
    },
    group: (...a) => {
      if (a.length) out(1, a);
      groupIndent += '  ';
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(2);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      out(1, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timeLabels.set(label, binding.hrtime()),
    timeEnd: (label = 'default') => {
      const start = timeLabels.get(label);
      if (start !== undefined) {
        timeLabels.delete(label);
        out(1, [`${label}: ${((binding.hrtime() - start) / 1e6).toFixed(3)}ms`]);
      }
    },
    timeLog: (label = 'default', ...a) => {
      const start = timeLabels.get(label);
      if (start !== undefined) out(1, [`${label}: ${((binding.hrtime() - start) / 1e6).toFixed(3)}ms`, ...a]);
    },
    table: (data) => out(1, [data]),
  };
  console.group.collapsed = console.group;
  console.groupCollapsed = console.group;

  globalThis.global = globalThis;
  const bufferModule = requireBuiltin('buffer');
  globalThis.Buffer = bufferModule.Buffer;
  if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = util.TextEncoder;
  if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = util.TextDecoder;
  // Globals whose modules load on first use (start-up compiles less JS;
  // Node defines `crypto` lazily too); the first read or write turns each
  // into a data property.
  function lazyGlobal(name, load) {
    if (typeof globalThis[name] !== 'undefined') return;
    const settle = (value) => {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
      return value;
    };
    let loading = false; // the module may look at the global while it loads
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: true,
      get: () => {
        if (loading) return undefined;
        loading = true;
        try {
          return settle(load());
        } finally {
          loading = false;
        }
      },
      set: settle,
    });
  }
  if (typeof globalThis.URL === 'undefined') {
    const url = requireBuiltin('url');
    globalThis.URL = url.URL;
    globalThis.URLSearchParams = url.URLSearchParams;
  }
  lazyGlobal('crypto', () => {
    const crypto = requireBuiltin('crypto');
    return { getRandomValues: crypto.getRandomValues, randomUUID: crypto.randomUUID };
  });
  for (const [name, value] of Object.entries(loadBuiltinFile('web'))) {
    if (typeof globalThis[name] === 'undefined') globalThis[name] = value;
  }
  if (binding.gc) globalThis.gc = binding.gc;

  // ---- CommonJS ------------------------------------------------------------

  const Module = loadBuiltinFile('cjs');
  const cjs = Module._internals;
  cjs.init({ binding, isBuiltin, requireBuiltin, builtinNames, reportUncaught });
  function moduleBuiltin() {
    return Module;
  }

  // ---- hooks for the Rust side ---------------------------------------------

  return {
    runMain(path) {
      cjs.runMain(path);
    },
    evalCode(source, print, name) {
      const result = cjs.evalCode(source, name);
      if (print) console.log(result);
    },
    processTimers,
    processImmediates,
    afterCallback() {
      runTicks();
    },
    handleUncaught,
    ioEvent(id, kind, a, b) {
      internals.pipe().onEvent(id, kind, a, b);
    },
    emitExit,
    beforeExit() {
      if (!exiting) process.emit('beforeExit', process.exitCode === undefined ? 0 : process.exitCode);
    },
    resolveModule(specifier, referrer) {
      return cjs.resolveForImport(specifier, referrer);
    },
    moduleSource(path) {
      return cjs.moduleSource(path);
    },
    initImportMeta(meta, path) {
      cjs.initImportMeta(meta, path);
    },
  };
})
