'use strict';
// node:vm. A new context is a fresh QuickJS context of this runtime (its
// own global and intrinsics). Node's contextified object is emulated by
// copying: before each run its own properties are defined on the context's
// global, and after it the globals the script set (or that the object had)
// are copied back, so `x += 40; var y = 17` ends with the object's x and y
// changed, as in Node. Assignments made later, by functions that outlive
// the run, stay on the context's global.

const { binding, describe } = internals;

const contexts = new WeakMap(); // contextified object → { global, evaluate, base }

function invalidArg(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${describe(value)}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

function filenameOf(options, fallback = 'evalmachine.<anonymous>') {
  if (typeof options === 'string') return options;
  if (options != null && options.filename !== undefined) return String(options.filename);
  return fallback;
}

function isContext(object) {
  if (!isObject(object)) throw invalidArg('object', 'of type object', object);
  return contexts.has(object);
}

function createContext(contextObject = {}, options) {
  void options;
  if (!isObject(contextObject)) throw invalidArg('object', 'of type object', contextObject);
  if (contexts.has(contextObject)) return contextObject;
  const [global, evaluate] = binding.vmNewContext();
  // --expose-gc, given at start or later through v8.setFlagsFromString,
  // gives new contexts a gc() as in Node.
  if (binding.gc !== undefined || internals.exposeGcInNewContexts) {
    Object.defineProperty(global, 'gc', { value: binding.runGc, writable: true, configurable: true, enumerable: false });
  }
  contexts.set(contextObject, { global, evaluate, base: new Set(Reflect.ownKeys(global)) });
  return contextObject;
}

function contextOf(contextifiedObject) {
  const cx = isObject(contextifiedObject) ? contexts.get(contextifiedObject) : undefined;
  if (cx === undefined) throw invalidArg('contextifiedObject', 'an vm.Context', contextifiedObject);
  return cx;
}

// `options.timeout` as Node checks it (a uint32 of at least 1), or undefined.
function timeoutOf(options) {
  const timeout = options !== null && typeof options === 'object' ? options.timeout : undefined;
  if (timeout !== undefined) internals.errors.validateInteger(timeout, 'options.timeout', 1, 4294967295);
  return timeout;
}

// Runs `run()`, stopped after `timeout` ms when one is given.
function timed(timeout, run) {
  return timeout === undefined ? run() : binding.vmWithTimeout(timeout, run);
}

function runIn(cx, sandbox, code, filename, timeout) {
  const { global, base } = cx;
  const own = Reflect.ownKeys(sandbox);
  for (const k of own) {
    const d = Object.getOwnPropertyDescriptor(sandbox, k);
    d.configurable = true;
    try {
      Object.defineProperty(global, k, d);
    } catch {
      // A non-configurable global of the context (a script's `var`) keeps its value.
      try { global[k] = sandbox[k]; } catch {}
    }
  }
  try {
    return timed(timeout, () => cx.evaluate(code, filename));
  } finally {
    const had = new Set(own);
    for (const k of Reflect.ownKeys(global)) {
      if (had.has(k) || !base.has(k)) {
        try { sandbox[k] = global[k]; } catch {}
        had.delete(k);
      }
    }
    // What the script deleted is gone from the object too.
    for (const k of had) delete sandbox[k];
  }
}

class Script {
  constructor(code, options) {
    this._code = String(code);
    this._filename = filenameOf(options);
    binding.vmCompile(this._code, this._filename);
    this.sourceURL = undefined;
    this.sourceMapURL = undefined;
  }
  runInThisContext(options) {
    return timed(timeoutOf(options), () => binding.evalScript(this._code, this._filename));
  }
  runInContext(contextifiedObject, options) {
    const cx = contextOf(contextifiedObject);
    return runIn(cx, contextifiedObject, this._code, this._filename, timeoutOf(options));
  }
  runInNewContext(contextObject, options) {
    const sandbox = createContext(contextObject, options);
    return this.runInContext(sandbox, options);
  }
  createCachedData() {
    return Buffer.alloc(0);
  }
}

function createScript(code, options) {
  return new Script(code, options);
}

function runInThisContext(code, options) {
  return new Script(code, options).runInThisContext(options);
}

function runInContext(code, contextifiedObject, options) {
  const cx = contextOf(contextifiedObject);
  const script = new Script(code, options);
  return runIn(cx, contextifiedObject, script._code, script._filename, timeoutOf(options));
}

function runInNewContext(code, contextObject, options) {
  const sandbox = createContext(contextObject, options);
  return runInContext(code, sandbox, options);
}

function compileFunction(code, params = [], options = {}) {
  if (typeof code !== 'string') throw invalidArg('code', 'of type string', code);
  if (!Array.isArray(params)) throw invalidArg('params', 'an instance of Array', params);
  return binding.compileFunction(code, filenameOf(options, ''), params);
}

function measureMemory() {
  return Promise.reject(Object.assign(new Error('vm.measureMemory is not available in nabi'), { code: 'ERR_NOT_IMPLEMENTED' }));
}

module.exports = {
  Script,
  compileFunction,
  constants: Object.freeze({ __proto__: null, USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol('vm_dynamic_import_main_context_default'), DONT_CONTEXTIFY: Symbol('vm_context_no_contextify') }),
  createContext,
  createScript,
  isContext,
  measureMemory,
  runInContext,
  runInNewContext,
  runInThisContext,
};
