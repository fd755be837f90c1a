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
        const err = new TypeError(`hook.${k} must be a function`);
        err.code = 'ERR_ASYNC_CALLBACK';
        throw err;
      }
    }
    this._callbacks = callbacks;
  }
  enable() {
    if (!cx.hooks.includes(this._callbacks)) cx.hooks.push(this._callbacks);
    return this;
  }
  disable() {
    const i = cx.hooks.indexOf(this._callbacks);
    if (i >= 0) cx.hooks.splice(i, 1);
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
      const err = new RangeError(`Invalid triggerAsyncId value: ${trigger}`);
      err.code = 'ERR_INVALID_ASYNC_ID';
      throw err;
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

// Promise reactions keep the frame of the .then() call that registered
// them. Installed on the first AsyncLocalStorage, so code without one pays
// nothing. (`await` continuations are not reached by this: QuickJS runs
// them without a hook.)
let promisesTracked = false;
function trackPromises() {
  if (promisesTracked) return;
  promisesTracked = true;
  const then = Promise.prototype.then;
  const withFrame = (fn, frame) => {
    if (typeof fn !== 'function') return fn;
    return function (value) {
      const saved = cx.frame;
      cx.frame = frame;
      try {
        return fn.call(this, value);
      } finally {
        cx.frame = saved;
      }
    };
  };
  Object.defineProperty(Promise.prototype, 'then', {
    configurable: true,
    writable: true,
    value: {
      then(onFulfilled, onRejected) {
        const frame = cx.frame;
        return then.call(this, withFrame(onFulfilled, frame), withFrame(onRejected, frame));
      },
    }.then,
  });
}

class AsyncLocalStorage {
  constructor() {
    trackPromises();
  }
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
