// The JavaScript side of the nabi runtime. Evaluated once as a script; its
// value is a function the Rust side calls with `binding` (see engine/binding.rs),
// which returns the hooks the Rust side drives (runMain, processTimers, …).
(function bootstrap(binding) {
  'use strict';

  // ---- V8's error stacks ------------------------------------------------------

  // QuickJS-ng's `stack` (an Error.prototype accessor over the error's own
  // data) holds only the frames; V8's starts with `Name: message`, formatted
  // on first read. So the first read prepends that header and stores the
  // result as the error's own (non-enumerable) `stack`; errors that never
  // show their stack cost nothing. Stacks made by a user's
  // Error.prepareStackTrace are left as they are.
  {
    const { get: framesOf } = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
    const errorToString = Error.prototype.toString;
    const kNodeError = Symbol.for('nabi.nodeError');
    const withHeader = (err, frames) => {
      let header;
      try {
        // Node's coded errors (errors.js) head their stack with their code.
        header = err[kNodeError] === true ? `${err.name} [${err.code}]: ${err.message}` : errorToString.call(err);
      } catch {
        header = 'Error';
      }
      return frames ? `${header}\n${frames.replace(/\n$/, '')}` : header;
    };
    const keep = (obj, stack) => {
      try {
        Object.defineProperty(obj, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
      } catch {
        // a frozen error: formatted again on each read
      }
    };
    Object.defineProperty(Error.prototype, 'stack', {
      get() {
        const frames = framesOf.call(this);
        if (typeof frames !== 'string' || typeof Error.prepareStackTrace === 'function') return frames;
        const stack = withHeader(this, frames);
        keep(this, stack);
        return stack;
      },
      set(value) {
        keep(this, value);
      },
      enumerable: false,
      configurable: true,
    });
    const capture = Error.captureStackTrace;
    Object.defineProperty(Error, 'captureStackTrace', {
      value: function captureStackTrace(obj, fn) {
        capture(obj, fn || captureStackTrace);
        if (typeof obj.stack === 'string' && typeof Error.prepareStackTrace !== 'function') keep(obj, withHeader(obj, obj.stack));
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  // QuickJS-ng's CallSite (what Error.prepareStackTrace receives) has
  // getFileName, getFunction, getFunctionName, getLineNumber,
  // getColumnNumber, isNative and isConstructor. Packages call V8's others
  // too (depd, which express loads, calls isEval and getEvalOrigin on its
  // caller's frame), so they are added, answering with what QuickJS knows:
  // no eval, async or Promise.all frames, no receiver.
  {
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = (_, frames) => frames;
    const frames = new Error().stack;
    Error.prepareStackTrace = prepare;
    const proto = Array.isArray(frames) && frames.length > 0 ? Object.getPrototypeOf(frames[0]) : null;
    const methods = {
      getThis() {},
      getTypeName: () => null,
      getMethodName: () => null,
      getEvalOrigin() {},
      isToplevel() {
        return !this.isConstructor();
      },
      isEval: () => false,
      isAsync: () => false,
      isPromiseAll: () => false,
      getPromiseIndex: () => null,
      getScriptNameOrSourceURL() {
        return this.getFileName();
      },
      getScriptHash: () => '',
      getEnclosingLineNumber: () => null,
      getEnclosingColumnNumber: () => null,
      getPosition: () => null,
      // V8's form: `name (file:line:col)`, or the location alone.
      toString() {
        const file = this.isNative() ? 'native' : this.getFileName() || '<anonymous>';
        const line = this.getLineNumber();
        const where = line == null ? file : `${file}:${line}:${this.getColumnNumber()}`;
        const name = this.getFunctionName();
        if (!name) return this.isConstructor() ? `new <anonymous> (${where})` : where;
        return `${this.isConstructor() ? 'new ' : ''}${name} (${where})`;
      },
    };
    if (proto) {
      for (const [name, value] of Object.entries(methods)) {
        if (!Object.hasOwn(proto, name)) Object.defineProperty(proto, name, { value, writable: true, configurable: true, enumerable: false });
      }
    }
  }

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

  // Each built-in of builtins/mod.rs's table loads its own file; these are
  // the other names Node has: sub-paths, aliases and the core's own.
  const builtinFactories = {
    'assert/strict': () => requireBuiltin('assert').strict,
    'path/posix': () => requireBuiltin('path'),
    'util/types': () => requireBuiltin('util').types,
    'fs/promises': () => requireBuiltin('fs').promises,
    'stream/promises': () => requireBuiltin('stream').promises,
    'stream/web': () => loadBuiltinFile('stream_web'),
    module: () => moduleBuiltin(),
    timers: () => ({
      setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate,
      get promises() { return requireBuiltin('timers/promises'); },
    }),
    'timers/promises': () => loadBuiltinFile('timers_promises'),
    process: () => process,
    'dns/promises': () => requireBuiltin('dns').promises,
    'readline/promises': () => requireBuiltin('readline').promises,
    'nabi:internal': () => ({ noop: binding.noop }),
  };
  for (const name of binding.builtinModules) builtinFactories[name] = () => loadBuiltinFile(name);
  // Sorted, as Node lists them.
  const builtinNames = Object.keys(builtinFactories).filter((n) => !n.startsWith('nabi:')).sort();

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
  // customPromisifyArgs: on a callback API whose callback gets several
  // values, their names; util.promisify resolves to an object of them.
  const internals = { binding, isBuiltin, requireBuiltin, customPromisifyArgs: Symbol('customPromisifyArgs') };
  // The engine's own `performance` (its clock); the global becomes
  // perf_hooks' on first use, as in Node, where the two are one object.
  internals.enginePerformance = globalThis.performance;
  Object.defineProperty(globalThis, 'performance', {
    get() { return requireBuiltin('perf_hooks').performance; },
    set(value) { Object.defineProperty(globalThis, 'performance', { value, writable: true, configurable: true, enumerable: true }); },
    configurable: true,
    enumerable: true,
  });
  // Node's errors for bad arguments (errors.js), loaded on first use.
  let errors;
  Object.defineProperty(internals, 'errors', { get: () => (errors ??= loadBuiltinFile('errors')) });
  // Sockets over libuv pipes and TTYs (pipe.js): the stdio of child
  // processes and process.stdin; their events come through `ioEvent`.
  let pipeModule;
  internals.pipe = () => (pipeModule ??= loadBuiltinFile('pipe'));
  // A built-in's further files (fs_tree, url_legacy…), by file stem.
  internals.loadBuiltinFile = loadBuiltinFile;

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
  // The old mask; sets `mask` (checked as Node does) when given.
  process.umask = (mask) => binding.umask(mask === undefined ? undefined : internals.errors.parseFileMode(mask, 'mask'));
  process.uptime = () => (binding.hrtime() - startTime) / 1e9;
  // Node's shape: (warning, type or { type, code, detail, ctor }, code, ctor).
  // The warning (an Error named by its type) is emitted as 'warning' on the
  // next tick; the default listener, absent under --no-warnings, prints it.
  // --no-deprecation drops DeprecationWarnings, --throw-deprecation throws them.
  const execFlag = (flag) => process.execArgv.includes(flag) || (process.env.NODE_OPTIONS || '').split(/\s+/).includes(flag);
  if (execFlag('--no-deprecation')) process.noDeprecation = true;
  if (execFlag('--throw-deprecation')) process.throwDeprecation = true;
  process.emitWarning = function emitWarning(warning, type, code, ctor) {
    let detail;
    if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
      ctor = type.ctor;
      code = type.code;
      if (typeof type.detail === 'string') detail = type.detail;
      type = type.type || 'Warning';
    } else if (typeof type === 'function') {
      ctor = type;
      code = undefined;
      type = 'Warning';
    }
    if (type !== undefined && typeof type !== 'string') throw internals.errors.invalidArgType('type', 'of type string', type);
    if (typeof code === 'function') {
      ctor = code;
      code = undefined;
    } else if (code !== undefined && typeof code !== 'string') {
      throw internals.errors.invalidArgType('code', 'of type string', code);
    }
    if (typeof warning === 'string') {
      warning = new Error(warning);
      warning.name = String(type || 'Warning');
      if (code !== undefined) warning.code = code;
      if (detail !== undefined) warning.detail = detail;
      if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(warning, ctor || emitWarning);
    } else if (!(warning instanceof Error)) {
      throw internals.errors.invalidArgType('warning', 'of type string or an instance of Error', warning);
    }
    if (warning.name === 'DeprecationWarning') {
      if (process.noDeprecation) return;
      // On the next tick, as in Node: the warnings before it get printed.
      if (process.throwDeprecation) return later(() => { throw warning; });
    }
    later(() => process.emit('warning', warning));
  };
  // process.nextTick, or a job before it exists: bootstrap itself warns
  // (the permission model's SecurityWarnings) before nextTick is set up.
  const later = (fn) => (typeof process.nextTick === 'function' ? process.nextTick(fn) : Promise.resolve().then(fn));
  let warningHintShown = false;
  function printWarning(warning) {
    if (!(warning instanceof Error)) return;
    const deprecation = warning.name === 'DeprecationWarning';
    if (deprecation && process.noDeprecation) return;
    let msg = `(nabi:${process.pid}) `;
    if (warning.code) msg += `[${warning.code}] `;
    const trace = execFlag('--trace-warnings') || (deprecation && execFlag('--trace-deprecation'));
    const text = typeof warning.toString === 'function' ? warning.toString() : Error.prototype.toString.call(warning);
    const stack = trace && typeof warning.stack === 'string' ? warning.stack : '';
    msg += !stack ? text : stack.startsWith(text) ? stack : `${text}\n${stack}`;
    if (typeof warning.detail === 'string') msg += `\n${warning.detail}`;
    if (!trace && !warningHintShown) {
      warningHintShown = true;
      msg += `\n(Use \`nabi ${deprecation ? '--trace-deprecation' : '--trace-warnings'} ...\` to show where the warning was created)`;
    }
    binding.print(2, msg + '\n');
  }
  if (!execFlag('--no-warnings')) process.on('warning', printWarning);
  const startTime = binding.hrtime();
  function hrtime(prev) {
    if (prev !== undefined) {
      if (!Array.isArray(prev)) throw internals.errors.invalidArgType('time', 'an instance of Array', prev);
      if (prev.length !== 2) throw internals.errors.outOfRange('time', '2', prev.length);
    }
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
  // Microseconds of CPU time, since `prev` when given (checked as Node does).
  process.cpuUsage = function cpuUsage(prev) {
    const [user, system] = binding.cpuUsage();
    if (!prev) return { user, system };
    const valid = (n) => typeof n === 'number' && n >= 0 && n <= Number.MAX_SAFE_INTEGER;
    const { codeError, validateObject, validateNumber } = internals.errors;
    for (const key of ['user', 'system']) {
      if (valid(prev[key])) continue;
      validateObject(prev, 'prevValue');
      validateNumber(prev[key], `prevValue.${key}`);
      throw codeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The property 'prevValue.${key}' is invalid. Received ${prev[key]}`);
    }
    return { user: user - prev.user, system: system - prev.system };
  };
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
  // --permission: the grants live (and are enforced) on the native side.
  if (binding.permissionHas) {
    const { permissionHas, permissionDrop } = binding;
    const permission = {
      has(scope, reference) {
        const { invalidArgType } = internals.errors;
        if (typeof scope !== 'string') throw invalidArgType('scope', 'of type string', scope);
        if (reference != null && typeof reference !== 'string') throw invalidArgType('reference', 'of type string', reference);
        return permissionHas(scope, reference);
      },
      drop(scope, reference) {
        const { invalidArgType } = internals.errors;
        if (typeof scope !== 'string') throw invalidArgType('scope', 'of type string', scope);
        if (reference != null && typeof reference !== 'string') throw invalidArgType('reference', 'of type string', reference);
        permissionDrop(scope, reference);
      },
    };
    Object.defineProperty(process, 'permission', { value: permission, enumerable: true });
    // Node warns, in every thread, of grants that weaken the model.
    for (const [scope, flag, code] of [['addon', 'addons', 'PERM0001'], ['child', 'child-process', 'PERM0002'], ['worker', 'worker', 'PERM0006']]) {
      if (permissionHas(scope)) process.emitWarning(`The flag --allow-${flag} must be used with extreme caution. It could invalidate the permission model.`, 'SecurityWarning', code);
    }
  }
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
  process._exiting = false;

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
          const tty = !binding.workerInfo && binding.process('isatty', fd);
          if (tty) {
            w = new (requireBuiltin('tty').WriteStream)(fd);
            w.fd = fd;
            w._isStdio = true;
            // Blocking writes, as Node's: nothing is lost to process.exit.
            binding.stream.setBlocking(w[internals.pipe().kHandle], true);
          } else {
            w = internals.stream.createStdioWriter(fd, binding);
          }
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

  // ---- async context (async_hooks, AsyncLocalStorage) ----------------------

  // What runs now: its async id, the id of what caused it, its resource and
  // the AsyncLocalStorage frame (a Map from storage to store, replaced and
  // never changed, so capturing it is one read). Timers, immediates and
  // ticks take an id and the frame when scheduled and restore them when
  // run; hooks (async_hooks.createHook) are called only while one is enabled.
  // All of it only once `async_hooks` is loaded (`on`): until then nothing
  // can observe it, and timers and ticks pay nothing.
  const kAsyncId = Symbol('asyncId');
  const kTriggerId = Symbol('triggerAsyncId');
  const kFrame = Symbol('frame');
  const kResource = Symbol('resource');
  const asyncCx = {
    id: 1,
    trigger: 0,
    resource: {},
    nextId: 2,
    stack: [],
    hooks: [], // enabled hooks' callback objects
  };
  let asyncOn = false;
  // `holder` carries the ids and frame; the resource hooks see is `holder`
  // itself unless given (napi_async_init's resource).
  // `captureFrame` false: entering it keeps the AsyncLocalStorage frame of
  // the moment (Node 24's Node-API async contexts and async work do not
  // carry one).
  function asyncInit(holder, type, trigger = asyncCx.id, resource = holder, captureFrame = true) {
    const id = asyncCx.nextId++;
    holder[kAsyncId] = id;
    holder[kTriggerId] = trigger;
    if (captureFrame) holder[kFrame] = asyncCx.frame;
    if (resource !== holder) holder[kResource] = resource;
    if (asyncCx.hooks.length > 0) emitHook('init', id, type, trigger, resource);
    return id;
  }
  function asyncEnter(resource) {
    const cx = asyncCx;
    if (resource[kAsyncId] === undefined) {
      // Made before tracking began: it runs in the current context.
      cx.stack.push(false);
      return;
    }
    cx.stack.push(cx.id, cx.trigger, cx.resource, cx.frame, true);
    cx.id = resource[kAsyncId];
    cx.trigger = resource[kTriggerId];
    cx.resource = resource[kResource] || resource;
    if (kFrame in resource) cx.frame = resource[kFrame];
    if (cx.hooks.length > 0) emitHook('before', cx.id);
  }
  // `failed`: the callback threw, so no `after` hook, as in Node.
  function asyncLeave(failed = false) {
    const cx = asyncCx;
    const s = cx.stack;
    if (!s.pop()) return;
    if (cx.hooks.length > 0 && !failed) emitHook('after', cx.id);
    cx.frame = s.pop();
    cx.resource = s.pop();
    cx.trigger = s.pop();
    cx.id = s.pop();
  }
  function asyncDestroy(resource) {
    if (asyncCx.hooks.length > 0 && resource[kAsyncId] !== undefined) emitHook('destroy', resource[kAsyncId]);
  }
  // As in Node, an exception from a hook is fatal: printed, exit 1.
  function emitHook(kind, ...args) {
    for (const h of asyncCx.hooks.slice()) {
      if (typeof h[kind] !== 'function') continue;
      try {
        h[kind](...args);
      } catch (err) {
        console.error(err);
        binding.exit(1);
      }
    }
  }
  // The frame lives in the engine (QuickJS-ng's continuation data, as V8's
  // continuation-preserved embedder data in Node 24): a promise reaction or
  // an `await` continuation runs in the frame of its `then` or `await`.
  Object.defineProperty(asyncCx, 'frame', { enumerable: true, get: binding.getFrame, set: binding.setFrame });
  internals.async = { turnOn: () => { asyncOn = true; }, cx: asyncCx, kAsyncId, kTriggerId, kFrame, kResource, init: asyncInit, enter: asyncEnter, leave: asyncLeave, destroy: asyncDestroy };

  // ---- nextTick and microtasks, in Node's order ------------------------------

  // Three slots a tick: the callback, its arguments (undefined when none)
  // and its async holder (undefined until async_hooks is loaded), read from
  // `tickHead` on. No object a tick and no Array#shift (which moves the
  // whole queue in QuickJS): the queue empties when drained and is
  // compacted when a long-lived one has run far ahead.
  const tickQueue = [];
  let tickHead = 0;
  // What asyncEnter sees for a tick queued before tracking began.
  const untrackedTick = {};
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
    let holder;
    if (asyncOn) {
      holder = { fn, args };
      asyncInit(holder, 'TickObject');
    }
    tickQueue.push(fn, args.length === 0 ? undefined : args, holder);
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
    // (the AsyncLocalStorage frame of the rejection, which the handlers see)
    else pendingRejections.set(promise, { reason, frame: asyncCx.frame });
    tickInfo[1] = pendingRejections.size;
  });

  function runTicks() {
    do {
      while (tickHead < tickQueue.length) {
        const q = tickQueue;
        const i = tickHead;
        const fn = q[i];
        const args = q[i + 1];
        const holder = q[i + 2];
        tickHead = i + 3;
        if (tickHead === q.length) {
          q.length = 0;
          tickHead = 0;
        } else {
          q[i] = q[i + 1] = q[i + 2] = undefined;
          if (tickHead >= 3072 && tickHead * 2 >= q.length) {
            q.copyWithin(0, tickHead);
            q.length -= tickHead;
            tickHead = 0;
          }
        }
        const tracked = asyncOn;
        if (tracked) asyncEnter(holder === undefined ? untrackedTick : holder);
        try {
          // Called as Node calls it: no `this`, no spread for a few arguments.
          if (args === undefined) fn();
          else if (args.length === 1) fn(args[0]);
          else if (args.length === 2) fn(args[0], args[1]);
          else if (args.length === 3) fn(args[0], args[1], args[2]);
          else fn(...args);
        } catch (err) {
          reportUncaught(err);
        }
        if (tracked) {
          asyncLeave();
          if (holder !== undefined) asyncDestroy(holder);
        }
      }
      // As in Node: the whole tick queue first, then the microtasks.
      binding.runMicrotasks();
      processRejections();
    } while (tickHead < tickQueue.length);
    tickInfo[0] = 0;
  }

  function processRejections() {
    if (pendingRejections.size === 0) return;
    const list = [...pendingRejections];
    pendingRejections.clear();
    tickInfo[1] = 0;
    const saved = asyncCx.frame;
    for (const [promise, { reason, frame }] of list) {
      asyncCx.frame = frame;
      try {
        reportRejection(promise, reason);
      } finally {
        asyncCx.frame = saved;
      }
    }
  }
  function reportRejection(promise, reason) {
    if (process.listenerCount('unhandledRejection') > 0) {
      process.emit('unhandledRejection', reason, promise);
      return;
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

  // An exception nothing caught: an 'uncaughtException' listener, or print
  // and exit 1. Throws to the Rust side only through binding.exit.
  function reportUncaught(err) {
    if (!handleUncaught(err)) {
      const code = emitExit(1);
      binding.exit(code === 0 ? 1 : code);
    }
  }

  function handleUncaught(err) {
    // The legacy domain module, once loaded, takes errors thrown in a domain.
    if (internals.domainError !== undefined && internals.domainError(err)) return true;
    if (internals.captureUncaught !== undefined) {
      internals.captureUncaught(err);
      return true;
    }
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
      text = sourceArrow(err) + inspect(err);
    } else {
      text = 'Uncaught ' + inspect(err);
    }
    binding.print(2, `${text}\n\nNode.js ${process.version} (nabi ${process.versions.nabi})\n`);
    return false;
  }

  // V8's header above an uncaught error: `file:line`, the source line and a
  // caret under the column, when the top frame is a file of the program
  // (QuickJS knows where the error was made, V8 where it was thrown: the
  // same line for `throw new Error()` and errors the engine raises).
  function sourceArrow(err) {
    try {
      const top = String(err.stack).split('\n').find((l) => /^\s+at /.test(l));
      const m = top && /(?:\(|at )((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/.exec(top);
      if (!m) return '';
      const [, file, line, column] = m;
      const path = file.startsWith('file:') ? requireBuiltin('url').fileURLToPath(file) : file;
      const source = requireBuiltin('fs').readFileSync(path, 'utf8').split(/\r?\n/)[line - 1];
      if (source === undefined) return '';
      const pad = source.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
      return `${file}:${line}\n${source}\n${pad}^\n\n`;
    } catch {
      return '';
    }
  }

  function emitExit(code) {
    if (exiting) return process.exitCode === undefined ? code : process.exitCode;
    exiting = true;
    process._exiting = true;
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
      delay *= 1; // as Node: a Symbol or BigInt throws
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
    if (asyncOn) asyncInit(t, 'Timeout');
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
      if (asyncOn) asyncDestroy(timer);
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
      const tracked = asyncOn;
      if (tracked) asyncEnter(due);
      try {
        due._onTimeout(...due._args);
      } catch (err) {
        reportUncaught(err);
      }
      if (tracked) {
        asyncLeave();
        if (due._destroyed) asyncDestroy(due);
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
    if (asyncOn) asyncInit(im, 'Immediate');
    immediates.push(im);
    syncImmediates();
    return im;
  };
  globalThis.clearImmediate = (im) => {
    if (im && !im._destroyed) {
      im._destroyed = true;
      if (asyncOn) asyncDestroy(im);
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
      const tracked = asyncOn;
      if (tracked) asyncEnter(im);
      try {
        im._onImmediate(...im._args);
      } catch (err) {
        reportUncaught(err);
      }
      if (tracked) {
        asyncLeave();
        asyncDestroy(im);
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

  // The global console (builtins/console), made on first use.
  const setConsole = (value) => Object.defineProperty(globalThis, 'console', { value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'console', {
    get: () => setConsole(requireBuiltin('console')).console,
    set: setConsole,
    configurable: true,
    enumerable: false,
  });

  globalThis.global = globalThis;
  const bufferModule = requireBuiltin('buffer');
  globalThis.Buffer = bufferModule.Buffer;
  if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = util.TextEncoder;
  if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = util.TextDecoder;
  // Globals whose modules load on first use (start-up compiles less JS;
  // Node defines `crypto` lazily too); the first read or write turns each
  // into a data property.
  function lazyGlobal(name, load, enumerable = true) {
    if (typeof globalThis[name] !== 'undefined') return;
    const settle = (value) => {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable });
      return value;
    };
    let loading = false; // the module may look at the global while it loads
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable,
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
  for (const name of ['MessageChannel', 'MessagePort', 'MessageEvent', 'BroadcastChannel']) {
    lazyGlobal(name, () => requireBuiltin('worker_threads')[name], false);
  }
  // structuredClone is a plain data property in Node: this stand-in loads
  // worker_threads (the serializer) on its first call.
  if (typeof globalThis.structuredClone === 'undefined') {
    globalThis.structuredClone = function structuredClone(value, options) {
      if (internals.structuredClone === undefined) requireBuiltin('worker_threads');
      return Reflect.apply(internals.structuredClone, undefined, arguments);
    };
  }
  const { createNavigator, ...webGlobals } = loadBuiltinFile('web');
  // Classes, so not enumerable (as Node's).
  for (const [name, value] of Object.entries(webGlobals)) {
    if (typeof globalThis[name] === 'undefined') {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }
  lazyGlobal('navigator', createNavigator);
  // Web streams (builtins/stream/stream_web.js), loaded on first use.
  for (const name of ['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamDefaultController', 'ReadableByteStreamController',
    'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController', 'TransformStream',
    'TransformStreamDefaultController', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy',
    'TextEncoderStream', 'TextDecoderStream', 'CompressionStream', 'DecompressionStream']) {
    lazyGlobal(name, () => requireBuiltin('stream/web')[name], false);
  }
  for (const name of ['Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure',
    'PerformanceObserver', 'PerformanceObserverEntryList']) {
    lazyGlobal(name, () => requireBuiltin('perf_hooks')[name], false);
  }
  // fetch and WebSocket (builtins/web/fetch.js, websocket.js): loaded on
  // first use of any of their globals, so start-up compiles neither.
  let fetchModule;
  const fetchGlobals = () => (fetchModule ??= loadBuiltinFile('fetch'));
  lazyGlobal('fetch', () => fetchGlobals().fetch);
  for (const name of ['Headers', 'Request', 'Response', 'FormData', 'Blob', 'File']) {
    lazyGlobal(name, () => fetchGlobals()[name], false);
  }
  let websocketModule;
  const websocketGlobals = () => (websocketModule ??= loadBuiltinFile('websocket'));
  for (const name of ['WebSocket', 'CloseEvent']) lazyGlobal(name, () => websocketGlobals()[name], false);
  // Enumerable as in Node: the functions are, the classes, `process` and
  // `Buffer` are not (code that copies `Object.keys(globalThis)` sees Node's list).
  for (const [names, enumerable] of [[['queueMicrotask', 'atob', 'btoa'], true],
    [['process', 'Buffer', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams'], false]]) {
    for (const name of names) {
      const d = Object.getOwnPropertyDescriptor(globalThis, name);
      if (d && d.enumerable !== enumerable) Object.defineProperty(globalThis, name, { enumerable });
    }
  }
  if (binding.gc) globalThis.gc = binding.gc;

  // A child made by child_process.fork: its IPC channel (Node removes the
  // variables that name it).
  if (!binding.workerInfo && process.env.NODE_CHANNEL_FD !== undefined) {
    const fd = Number(process.env.NODE_CHANNEL_FD);
    const mode = process.env.NODE_CHANNEL_SERIALIZATION_MODE;
    delete process.env.NODE_CHANNEL_FD;
    delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
    if (Number.isInteger(fd) && fd >= 0) requireBuiltin('child_process')._setupChildChannel(fd, mode);
  }

  // ---- CommonJS ------------------------------------------------------------

  const Module = loadBuiltinFile('cjs');
  const cjs = Module._internals;
  cjs.init({ binding, isBuiltin, requireBuiltin, builtinNames, reportUncaught });
  function moduleBuiltin() {
    return Module;
  }

  // kill, credentials, resourceUsage, … (process_methods.js)
  loadBuiltinFile('process_methods')(process, { timers, immediates: () => immediates, runTicks, handleUncaught });

  // ---- hooks for the Rust side ---------------------------------------------

  return {
    // The loop starts once the main script has run (perf_hooks'
    // eventLoopUtilization measures from then).
    runMain(path) {
      try {
        cjs.runMain(path);
      } finally {
        internals.loopStart = internals.enginePerformance.now();
      }
    },
    evalCode(source, print, name) {
      try {
        const result = cjs.evalCode(source, name);
        if (print) console.log(result);
      } finally {
        internals.loopStart = internals.enginePerformance.now();
      }
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
