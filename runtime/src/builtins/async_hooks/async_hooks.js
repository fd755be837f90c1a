'use strict';
// node:async_hooks over the bootstrap's async context (internals.async):
// hooks, ids, AsyncResource and AsyncLocalStorage (Node 24's frame model:
// a run() replaces the frame, and whatever is scheduled keeps the frame it
// was scheduled in). Loading this module hands napi-host the bridge through
// which napi_async_init, napi_make_callback, callback scopes and async work
// take part.

const { cx, kAsyncId, kTriggerId, init, enter, leave, destroy } = internals.async;
// From now on timers, immediates and ticks carry ids and frames.
internals.async.turnOn();
function typeError(name, expected, v) {
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${internals.describe(v)}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

// ---- hooks ----------------------------------------------------------------

class AsyncHook {
  constructor(callbacks) {
    for (const k of ['init', 'before', 'after', 'destroy', 'promiseResolve']) {
      if (callbacks[k] !== undefined && typeof callbacks[k] !== 'function') {
        throw internals.errors.codeError(TypeError, 'ERR_ASYNC_CALLBACK', `hook.${k} must be a function`);
      }
    }
    this._callbacks = callbacks;
  }
  enable() {
    if (!cx.hooks.includes(this._callbacks)) cx.hooks.push(this._callbacks);
    updatePromiseHook();
    return this;
  }
  disable() {
    const i = cx.hooks.indexOf(this._callbacks);
    if (i >= 0) cx.hooks.splice(i, 1);
    updatePromiseHook();
    return this;
  }
}

function createHook(callbacks) {
  return new AsyncHook(callbacks ?? {});
}

const executionAsyncId = () => cx.id;
const triggerAsyncId = () => cx.trigger;
const executionAsyncResource = () => cx.resource;

// ---- AsyncResource --------------------------------------------------------

class AsyncResource {
  constructor(type, opts = {}) {
    if (typeof type !== 'string') throw typeError('type', 'of type string', type);
    if (typeof opts === 'number') opts = { triggerAsyncId: opts };
    const trigger = opts.triggerAsyncId === undefined ? cx.id : opts.triggerAsyncId;
    if (!Number.isSafeInteger(trigger) || trigger < -1) {
      throw internals.errors.codeError(RangeError, 'ERR_INVALID_ASYNC_ID', `Invalid triggerAsyncId value: ${trigger}`);
    }
    init(this, type, trigger);
    this._destroyed = false;
  }
  runInAsyncScope(fn, thisArg, ...args) {
    enter(this);
    try {
      return Reflect.apply(fn, thisArg, args);
    } finally {
      leave();
    }
  }
  emitDestroy() {
    if (!this._destroyed) {
      this._destroyed = true;
      destroy(this);
    }
    return this;
  }
  asyncId() {
    return this[kAsyncId];
  }
  triggerAsyncId() {
    return this[kTriggerId];
  }
  bind(fn, thisArg) {
    if (typeof fn !== 'function') throw typeError('fn', 'of type function', fn);
    const resource = this;
    const bound = thisArg === undefined
      ? function (...args) { return resource.runInAsyncScope(fn, this, ...args); }
      : (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
    Object.defineProperties(bound, {
      length: { configurable: true, value: fn.length },
      asyncResource: { configurable: true, enumerable: true, writable: true, value: this },
    });
    return bound;
  }
  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return new AsyncResource(type).bind(fn, thisArg);
  }
}

// ---- AsyncLocalStorage ----------------------------------------------------

// ---- promises ------------------------------------------------------------

// The AsyncLocalStorage frame needs nothing here: the engine keeps it across
// promise reactions and `await` (cx.frame is its continuation data).
// QuickJS-ng's promise hook (binding.setPromiseHook) is on only while an
// enabled hook has a callback promises emit (Node's rule for PROMISE
// resources), so promises cost nothing otherwise. It gives promise creation
// (with the parent for `then`) and fulfilment; a reaction runs in the
// promise its `then` made, which wrapping Promise.prototype.then gives.
const HOOK_INIT = 0;
const HOOK_RESOLVE = 3;
const promiseCallbacks = ['init', 'before', 'after', 'promiseResolve'];
let emitPromises = false;

function onPromise(type, promise, parent) {
  if (type === HOOK_INIT) {
    const trigger = parent !== undefined && parent[kAsyncId] !== undefined ? parent[kAsyncId] : cx.id;
    init(promise, 'PROMISE', trigger);
  } else if (type === HOOK_RESOLVE && emitPromises && promise[kAsyncId] !== undefined && !promise[kSettled]) {
    emitAll('promiseResolve', promise[kAsyncId]);
  }
}

// promiseResolve for a then-made promise, emitted from inside its reaction.
const kSettled = Symbol('settled');
function settledHere(promise) {
  promise[kSettled] = true;
  emitAll('promiseResolve', promise[kAsyncId]);
}

// As in Node, an exception from a hook is fatal: printed, exit 1.
function emitAll(kind, id) {
  for (const h of cx.hooks.slice()) {
    if (typeof h[kind] !== 'function') continue;
    try {
      h[kind](id);
    } catch (err) {
      console.error(err);
      internals.binding.exit(1);
    }
  }
}

function updatePromiseHook() {
  const on = cx.hooks.some((h) => promiseCallbacks.some((k) => typeof h[k] === 'function'));
  if (on) trackPromises();
  if (on !== emitPromises) {
    emitPromises = on;
    if (on) internals.binding.setPromiseHook(onPromise);
    else internals.binding.setPromiseHook();
  }
}

// Each reaction runs in the promise `then` made (its async id), as V8 runs
// it for Node, while hooks watch promises.
let promisesTracked = false;
function trackPromises() {
  if (promisesTracked) return;
  promisesTracked = true;
  const then = Promise.prototype.then;
  Object.defineProperty(Promise.prototype, 'then', {
    configurable: true,
    writable: true,
    value: {
      then(onFulfilled, onRejected) {
        let derived;
        const wrap = (fn) => {
          if (typeof fn !== 'function' || !emitPromises) return fn;
          return function (value) {
            if (derived === undefined || derived[kAsyncId] === undefined) return fn.call(this, value);
            enter(derived);
            try {
              const result = fn.call(this, value);
              // A value that is no thenable settles `derived` as soon as
              // this returns: its promiseResolve goes before `after`, as
              // in Node. (`in`, not a read: a `then` getter runs once.)
              if (emitPromises && (Object(result) !== result || !('then' in result))) settledHere(derived);
              return result;
            } catch (err) {
              // A rejection: QuickJS-ng reports none, V8 does.
              if (emitPromises) settledHere(derived);
              throw err;
            } finally {
              leave();
            }
          };
        };
        derived = then.call(this, wrap(onFulfilled), wrap(onRejected));
        return derived;
      },
    }.then,
  });
}

class AsyncLocalStorage {
  static bind(fn) {
    const frame = cx.frame;
    return function (...args) {
      const saved = cx.frame;
      cx.frame = frame;
      try {
        return Reflect.apply(fn, this, args);
      } finally {
        cx.frame = saved;
      }
    };
  }
  static snapshot() {
    const frame = cx.frame;
    return function runInAsyncScope(fn, ...args) {
      const saved = cx.frame;
      cx.frame = frame;
      try {
        return Reflect.apply(fn, this, args);
      } finally {
        cx.frame = saved;
      }
    };
  }
  getStore() {
    return cx.frame === undefined ? undefined : cx.frame.get(this);
  }
  enterWith(store) {
    const frame = new Map(cx.frame);
    frame.set(this, store);
    cx.frame = frame;
  }
  run(store, fn, ...args) {
    const saved = cx.frame;
    this.enterWith(store);
    try {
      return Reflect.apply(fn, null, args);
    } finally {
      cx.frame = saved;
    }
  }
  exit(fn, ...args) {
    const saved = cx.frame;
    if (saved !== undefined && saved.has(this)) {
      const frame = new Map(saved);
      frame.delete(this);
      cx.frame = frame;
    }
    try {
      return Reflect.apply(fn, null, args);
    } finally {
      cx.frame = saved;
    }
  }
  disable() {
    if (cx.frame !== undefined && cx.frame.has(this)) {
      const frame = new Map(cx.frame);
      frame.delete(this);
      cx.frame = frame;
    }
  }
}

// ---- the bridge napi-host calls ------------------------------------------

// A napi_make_callback with a NULL async context (holder null: async id 0)
// enters its receiver's legacy `domain` when the domain module is loaded
// (internals.domainEnter), as Node's callback trampoline does.
const entered = [];
internals.binding.setAsyncHooks({
  init(resource, name) {
    const holder = {};
    const type = typeof name === 'string' ? name : String(name);
    // (no AsyncLocalStorage frame: Node 24's Node-API contexts carry none)
    init(holder, type, cx.id, resource === undefined || resource === null ? {} : Object(resource), false);
    return holder;
  },
  enter(holder, recv) {
    if (holder !== null) {
      enter(holder);
      entered.push(undefined);
    } else {
      entered.push(internals.domainEnter !== undefined && recv != null ? internals.domainEnter(recv) : undefined);
    }
  },
  leave(holder, failed) {
    const domain = entered.pop();
    // A callback that threw leaves its domain entered: the uncaught
    // exception goes to it, as in Node.
    if (domain !== undefined && !failed) domain.exit();
    if (holder !== null) leave(failed);
  },
  destroy(holder) {
    destroy(holder);
  },
});

module.exports = {
  AsyncLocalStorage,
  AsyncResource,
  createHook,
  executionAsyncId,
  executionAsyncResource,
  triggerAsyncId,
  asyncWrapProviders: Object.freeze({ __proto__: null }),
};
