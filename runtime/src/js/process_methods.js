'use strict';
// process' methods over the OS (binding.process, engine/process.rs) and the
// smaller parts of Node's process surface: signals, credentials, resource
// usage, memory, getBuiltinModule, features, ref/unref, the uncaught
// exception capture, active resources, .env files, finalization.
// bootstrap.js calls the export once, with what it keeps to itself.

const binding = internals.binding;
const errors = internals.errors;
const native = (op, a, b) => binding.process(op, a, b);

// The OS's signal numbers (Node's os.constants.signals).
const signals = binding.child.signals;

// Node's ErrnoException: `<syscall> <CODE>` with errno, code, syscall.
function errnoException(errno, syscall) {
  const code = binding.stream.errName(errno);
  const e = new Error(`${syscall} ${code}`);
  e.errno = errno;
  e.code = code;
  e.syscall = syscall;
  return e;
}

function unknownCredential(type, id) {
  const e = new Error(`${type} identifier does not exist: ${id}`);
  e.code = 'ERR_UNKNOWN_CREDENTIAL';
  e.name = 'Error';
  return e;
}

// A uid or gid: a uint32, or a name looked up in the user/group database.
function validateId(id, name) {
  if (typeof id === 'number') errors.validateUint32(id, name);
  else if (typeof id !== 'string') throw errors.invalidArgType(name, 'one of type number or string', id);
}
function resolveId(id, type) {
  if (typeof id === 'number') return id;
  const n = native(type === 'User' ? 'uidOf' : 'gidOf', id);
  if (n < 0) throw unknownCredential(type, id);
  return n;
}

// Node's set of options NODE_OPTIONS may hold (here: those nabi takes);
// `has` reads `--a_b=x` as `--a-b`, and the set cannot be changed.
const envFlags = [
  '--addons', '--no-addons', '--allow-addons', '--allow-child-process', '--allow-fs-read',
  '--allow-fs-write', '--allow-worker', '--env-file', '--expose-gc', '--force-node-api-uncaught-exceptions-policy',
  '--jitless', '--max-old-space-size', '--max-semi-space-size', '--napi-modules', '--no-deprecation',
  '--no-warnings', '--permission', '--report-on-fatalerror', '--stack-trace-limit',
  '--throw-deprecation', '--trace-deprecation', '--trace-warnings',
];
class NodeEnvironmentFlagsSet extends Set {
  constructor(names) {
    super();
    for (const name of names) Set.prototype.add.call(this, name);
  }
  add() { return this; }
  delete() { return false; }
  clear() {}
  has(key) {
    if (typeof key !== 'string') return false;
    key = key.replace(/_/g, '-');
    if (key.startsWith('--')) {
      const eq = key.indexOf('=');
      if (eq !== -1) key = key.slice(0, eq);
    }
    return Set.prototype.has.call(this, key);
  }
}

module.exports = function install(process, state) {
  process.kill = function kill(pid, sig) {
    if (pid != (pid | 0)) throw errors.invalidArgType('pid', 'of type number', pid);
    let signal;
    if (sig === (sig | 0)) {
      signal = sig;
    } else {
      sig = sig || 'SIGTERM';
      signal = Object.hasOwn(signals, sig) ? signals[sig] : undefined;
      if (signal === undefined) {
        const e = new TypeError(`Unknown signal: ${sig}`);
        e.code = 'ERR_UNKNOWN_SIGNAL';
        throw e;
      }
    }
    const err = native('kill', pid, signal);
    if (err) throw errnoException(err, 'kill');
    return true;
  };
  process._kill = (pid, sig) => native('kill', pid, sig);

  const ids = () => native('ids');
  process.getuid = function getuid() { return ids()[0]; };
  process.geteuid = function geteuid() { return ids()[1]; };
  process.getgid = function getgid() { return ids()[2]; };
  process.getegid = function getegid() { return ids()[3]; };
  process.getgroups = function getgroups() { return native('groups'); };
  if (!binding.workerInfo) {
    for (const [name, type] of [['setuid', 'User'], ['seteuid', 'User'], ['setgid', 'Group'], ['setegid', 'Group']]) {
      process[name] = {
        [name](id) {
          validateId(id, 'id');
          const err = native(name, resolveId(id, type));
          if (err) throw errnoException(err, name);
        },
      }[name];
    }
    process.setgroups = function setgroups(groups) {
      if (!Array.isArray(groups)) throw errors.invalidArgType('groups', 'an instance of Array', groups);
      const list = groups.map((g, i) => {
        validateId(g, `groups[${i}]`);
        return resolveId(g, 'Group');
      });
      const err = native('setgroups', list);
      if (err) throw errnoException(err, 'setgroups');
    };
    process.initgroups = function initgroups(user, extraGroup) {
      validateId(user, 'user');
      validateId(extraGroup, 'extraGroup');
      const name = typeof user === 'number' ? user : (resolveId(user, 'User'), user);
      const err = native('initgroups', String(name), resolveId(extraGroup, 'Group'));
      if (err) throw errnoException(err, 'initgroups');
    };
  }

  Object.defineProperty(process, 'argv0', { value: native('argv0'), writable: false, enumerable: true, configurable: false });

  // Synchronous, straight to fd 2, formatted as console.error would.
  process._rawDebug = function _rawDebug(...args) {
    binding.print(2, internals.requireBuiltin('util').format(...args) + '\n');
  };

  const usageNames = [
    'userCPUTime', 'systemCPUTime', 'maxRSS', 'sharedMemorySize', 'unsharedDataSize', 'unsharedStackSize',
    'minorPageFault', 'majorPageFault', 'swappedOut', 'fsRead', 'fsWrite', 'ipcSent', 'ipcReceived',
    'signalsCount', 'voluntaryContextSwitches', 'involuntaryContextSwitches',
  ];
  process.resourceUsage = function resourceUsage() {
    const r = native('rusage');
    const out = {};
    usageNames.forEach((k, i) => { out[k] = r[i]; });
    return out;
  };
  process.threadCpuUsage = function threadCpuUsage(prev) {
    if (prev !== undefined) {
      errors.validateObject(prev, 'prevValue');
      for (const k of ['user', 'system']) {
        errors.validateNumber(prev[k], `prevValue.${k}`);
        if (prev[k] < 0) {
          const e = new RangeError(`The property 'prevValue.${k}' is invalid. Received ${prev[k]}`);
          e.code = 'ERR_INVALID_ARG_VALUE';
          throw e;
        }
      }
    }
    const [user, system] = native('threadCpu');
    return prev === undefined ? { user, system } : { user: user - prev.user, system: system - prev.system };
  };
  process.availableMemory = function availableMemory() { return native('memory')[0]; };
  process.constrainedMemory = function constrainedMemory() { return native('memory')[1]; };

  process.getBuiltinModule = function getBuiltinModule(id) {
    errors.validateString(id, 'id');
    const Module = internals.requireBuiltin('module');
    if (!Module.isBuiltin(id)) return undefined;
    return internals.requireBuiltin(id.startsWith('node:') ? id.slice(5) : id);
  };

  process.features = {
    inspector: false,
    debug: false,
    uv: true,
    ipv6: true,
    tls_alpn: true,
    tls_sni: true,
    tls_ocsp: false,
    tls: true,
    openssl_is_boringssl: false,
    cached_builtins: true,
    require_module: true,
    quic: false,
    typescript: false,
  };

  // Node 24's process.ref/unref: call the object's Symbol.for('nodejs.ref')
  // (or its ref method) when it has one.
  const kRef = Symbol.for('nodejs.ref');
  const kUnref = Symbol.for('nodejs.unref');
  process.ref = function ref(maybeRefable) {
    if (maybeRefable == null) return;
    const fn = maybeRefable[kRef] || maybeRefable.ref;
    if (typeof fn === 'function') fn.call(maybeRefable);
  };
  process.unref = function unref(maybeRefable) {
    if (maybeRefable == null) return;
    const fn = maybeRefable[kUnref] || maybeRefable.unref;
    if (typeof fn === 'function') fn.call(maybeRefable);
  };

  let flags;
  Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
    get() { return (flags ??= Object.freeze(new NodeEnvironmentFlagsSet(envFlags))); },
    set(value) { Object.defineProperty(this, 'allowedNodeEnvironmentFlags', { value, configurable: true, enumerable: true, writable: true }); },
    enumerable: true,
    configurable: true,
  });

  // The capture callback takes an uncaught exception instead of
  // 'uncaughtException' (bootstrap's handleUncaught asks it first).
  process.setUncaughtExceptionCaptureCallback = function setUncaughtExceptionCaptureCallback(fn) {
    if (fn === null) {
      internals.captureUncaught = undefined;
      return;
    }
    if (typeof fn !== 'function') throw errors.invalidArgType('fn', 'of type function or null', fn);
    if (internals.captureUncaught !== undefined) {
      const e = new Error('`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active');
      e.code = 'ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET';
      throw e;
    }
    internals.captureUncaught = fn;
  };
  process.hasUncaughtExceptionCaptureCallback = function hasUncaughtExceptionCaptureCallback() {
    return internals.captureUncaught !== undefined;
  };
  process._fatalException = (err) => state.handleUncaught(err);
  process._tickCallback = function _tickCallback() { state.runTicks(); };

  // Handles and requests are libuv's (none listed here yet); the
  // resources add a 'Timeout' per ref'd timer and an 'Immediate' per
  // ref'd immediate, in Node's order.
  process._getActiveHandles = function _getActiveHandles() { return []; };
  process._getActiveRequests = function _getActiveRequests() { return []; };
  process.getActiveResourcesInfo = function getActiveResourcesInfo() {
    const out = [];
    for (const t of state.timers.values()) if (t._ref && !t._destroyed) out.push('Timeout');
    for (const i of state.immediates()) if (i._ref) out.push('Immediate');
    return out;
  };

  process.loadEnvFile = function loadEnvFile(path = '.env') {
    const text = internals.requireBuiltin('fs').readFileSync(path, 'utf8');
    const vars = native('parseEnv', text);
    for (const k of Object.keys(vars)) {
      if (process.env[k] === undefined) process.env[k] = vars[k];
    }
  };

  // process.finalization: call back on 'exit' (or 'beforeExit') for the
  // objects still alive then; a collected object drops its entry.
  const entries = { exit: new Set(), beforeExit: new Set() };
  const registry = new FinalizationRegistry((entry) => {
    entries.exit.delete(entry);
    entries.beforeExit.delete(entry);
  });
  let listening = false;
  function add(kind, obj, callback) {
    if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
      throw errors.invalidArgType('obj', 'of type object', obj);
    }
    errors.validateFunction(callback, 'callback');
    const entry = { ref: new WeakRef(obj), callback };
    entries[kind].add(entry);
    registry.register(obj, entry, entry);
    if (!listening) {
      listening = true;
      process.on('exit', () => run('exit'));
      process.on('beforeExit', () => run('beforeExit'));
    }
  }
  function run(kind) {
    for (const entry of entries[kind]) {
      const obj = entry.ref.deref();
      if (obj !== undefined) entry.callback(obj, kind);
    }
    entries[kind].clear();
  }
  const warned = new Set();
  const experimental = (name) => {
    if (warned.has(name)) return;
    warned.add(name);
    process.emitWarning(`process.finalization.${name} is an experimental feature and might change at any time`, 'ExperimentalWarning');
  };
  process.finalization = {
    register(obj, callback) {
      experimental('register');
      add('exit', obj, callback);
    },
    registerBeforeExit(obj, callback) {
      experimental('registerBeforeExit');
      add('beforeExit', obj, callback);
    },
    unregister(obj) {
      experimental('unregister');
      for (const set of [entries.exit, entries.beforeExit]) {
        for (const entry of set) {
          if (entry.ref.deref() === obj) {
            set.delete(entry);
            registry.unregister(entry);
          }
        }
      }
    },
  };
};
