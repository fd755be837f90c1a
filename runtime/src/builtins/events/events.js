// node:events — EventEmitter and its helpers.
//
// A plain constructor function (not a class), so the old pattern
// `function X() { EventEmitter.call(this) } util.inherits(X, EventEmitter)`
// works. Listeners are stored as Node does: `_events[name]` is the function
// itself for one listener and an array for more, since some packages read
// `_events` directly.
'use strict';

const kCapture = Symbol('kCapture');
const errorMonitor = Symbol('events.errorMonitor');
const captureRejectionSymbol = Symbol.for('nodejs.rejection');
let defaultMaxListeners = 10;

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') return `an instance of ${(v.constructor && v.constructor.name) || 'Object'}`;
  if (typeof v === 'string') return `type string ('${v}')`;
  return `type ${typeof v} (${String(v)})`;
}

function checkListener(fn) {
  if (typeof fn !== 'function') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "listener" argument must be of type function. Received ${fn === undefined ? 'undefined' : describe(fn)}`);
  }
}

function checkCount(n, name) {
  if (typeof n !== 'number') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be of type number. Received ${describe(n)}`);
  }
  if (n < 0 || Number.isNaN(n)) {
    throw codeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be >= 0. Received ${n}`);
  }
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts && opts.captureRejections) {
    if (typeof opts.captureRejections !== 'boolean') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "options.captureRejections" property must be of type boolean. Received ${describe(opts.captureRejections)}`);
    }
    this[kCapture] = true;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

const proto = EventEmitter.prototype;
proto._events = undefined;
proto._eventsCount = 0;
proto._maxListeners = undefined;
proto[kCapture] = false;

proto.setMaxListeners = function setMaxListeners(n) {
  checkCount(n, 'setMaxListeners');
  this._maxListeners = n;
  return this;
};

proto.getMaxListeners = function getMaxListeners() {
  return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
};

function listenersOf(emitter, name) {
  const events = emitter._events;
  if (events === undefined) return undefined;
  return events[name];
}

function addRejectionHandler(emitter, result, name, args) {
  result.then(undefined, (err) => {
    process.nextTick(() => {
      if (typeof emitter[captureRejectionSymbol] === 'function') {
        emitter[captureRejectionSymbol](err, name, ...args);
      } else {
        const prev = emitter[kCapture];
        try {
          emitter[kCapture] = false;
          emitter.emit('error', err);
        } finally {
          emitter[kCapture] = prev;
        }
      }
    });
  });
}

// Captured at load, as Node's primordials: cheaper than `fn.apply` in
// QuickJS, and unaffected by a listener's own `apply`.
const ReflectApply = Reflect.apply;

// A listener returned `result` (not undefined or null): under
// captureRejections, a rejected promise becomes an 'error'.
function checkResult(emitter, result, name, args) {
  if (emitter[kCapture] && typeof result.then === 'function') addRejectionHandler(emitter, result, name, args);
}

proto.emit = function emit(name, ...args) {
  const events = this._events;
  if (name === 'error') {
    if (events !== undefined && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
    if (events === undefined || events.error === undefined) {
      const err = args[0];
      if (err instanceof Error) throw err;
      const e = codeError(Error, 'ERR_UNHANDLED_ERROR',
        `Unhandled error. (${require('util').inspect(err)})`);
      e.context = err;
      throw e;
    }
  }
  if (events === undefined) return false;
  const handler = events[name];
  if (handler === undefined) return false;
  // The listener calls inline: this is the hottest function of a server.
  if (typeof handler === 'function') {
    const result = ReflectApply(handler, this, args);
    if (result !== undefined && result !== null) checkResult(this, result, name, args);
  } else {
    // A copy: listeners added or removed meanwhile do not change this emit.
    const list = handler.slice();
    for (let i = 0; i < list.length; i++) {
      const result = ReflectApply(list[i], this, args);
      if (result !== undefined && result !== null) checkResult(this, result, name, args);
    }
  }
  return true;
};

function addListener(target, name, fn, prepend) {
  checkListener(fn);
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', name, fn.listener ? fn.listener : fn);
    events = target._events;
  }
  const existing = events[name];
  let list;
  if (existing === undefined) {
    events[name] = fn;
    target._eventsCount++;
    return target;
  } else if (typeof existing === 'function') {
    list = events[name] = prepend ? [fn, existing] : [existing, fn];
  } else {
    list = existing;
    if (prepend) list.unshift(fn);
    else list.push(fn);
  }
  const max = target.getMaxListeners();
  if (max > 0 && list.length > max && !list.warned) {
    list.warned = true;
    const w = new Error(`Possible EventEmitter memory leak detected. ${list.length} ${String(name)} listeners ` +
      `added to ${describeEmitter(target)}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`);
    w.name = 'MaxListenersExceededWarning';
    w.emitter = target;
    w.type = name;
    w.count = list.length;
    process.emitWarning(w);
  }
  return target;
}

function describeEmitter(e) {
  const name = e.constructor && e.constructor.name;
  return `[${name || 'EventEmitter'}]`;
}

// Worker ports hook here to ref the thread when a 'message' listener comes.
proto._add = function _add(name, fn, prepend) {
  return addListener(this, name, fn, prepend);
};

proto.on = function on(name, fn) { return this._add(name, fn, false); };
proto.addListener = proto.on;
proto.prependListener = function prependListener(name, fn) { return this._add(name, fn, true); };

function onceWrapper(target, name, fn) {
  const state = { fired: false, target, name, fn, wrapFn: undefined };
  function wrapper(...args) {
    if (state.fired) return undefined;
    state.target.removeListener(state.name, state.wrapFn);
    state.fired = true;
    return state.fn.apply(state.target, args);
  }
  wrapper.listener = fn;
  state.wrapFn = wrapper;
  return wrapper;
}

proto.once = function once(name, fn) {
  checkListener(fn);
  return this.on(name, onceWrapper(this, name, fn));
};

proto.prependOnceListener = function prependOnceListener(name, fn) {
  checkListener(fn);
  return this.prependListener(name, onceWrapper(this, name, fn));
};

proto.removeListener = function removeListener(name, fn) {
  checkListener(fn);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[name];
  if (list === undefined) return this;
  if (list === fn || list.listener === fn) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[name];
    if (events.removeListener !== undefined) this.emit('removeListener', name, list.listener || fn);
    return this;
  }
  if (typeof list === 'function') return this;
  let i = list.length - 1;
  while (i >= 0 && list[i] !== fn && list[i].listener !== fn) i--;
  if (i < 0) return this;
  const removed = list[i];
  list.splice(i, 1);
  if (list.length === 1) events[name] = list[0];
  if (events.removeListener !== undefined) this.emit('removeListener', name, removed.listener || fn);
  return this;
};
proto.off = proto.removeListener;

proto.removeAllListeners = function removeAllListeners(name) {
  const events = this._events;
  if (events === undefined) return this;
  if (events.removeListener === undefined) {
    if (name === undefined) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    } else if (events[name] !== undefined) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete events[name];
    }
    return this;
  }
  // With 'removeListener' listeners, each removal is announced.
  if (name === undefined) {
    for (const key of Reflect.ownKeys(events)) {
      if (key !== 'removeListener') this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = Object.create(null);
    this._eventsCount = 0;
    return this;
  }
  const list = events[name];
  if (typeof list === 'function') {
    this.removeListener(name, list);
  } else if (list !== undefined) {
    for (let i = list.length - 1; i >= 0; i--) this.removeListener(name, list[i]);
  }
  return this;
};

function listenerArray(target, name, unwrap) {
  const list = listenersOf(target, name);
  if (list === undefined) return [];
  if (typeof list === 'function') return unwrap ? [list.listener || list] : [list];
  return unwrap ? list.map((l) => l.listener || l) : list.slice();
}

proto.listeners = function listeners(name) { return listenerArray(this, name, true); };
proto.rawListeners = function rawListeners(name) { return listenerArray(this, name, false); };

proto.listenerCount = function listenerCount(name, listener) {
  const list = listenersOf(this, name);
  if (list === undefined) return 0;
  if (typeof list === 'function') {
    return listener == null || list === listener || list.listener === listener ? 1 : 0;
  }
  if (listener == null) return list.length;
  return list.filter((l) => l === listener || l.listener === listener).length;
};

proto.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

// ---- statics ----------------------------------------------------------------

Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() { return defaultMaxListeners; },
  set(n) {
    checkCount(n, 'defaultMaxListeners');
    defaultMaxListeners = n;
  },
});

Object.defineProperty(EventEmitter, 'captureRejections', {
  enumerable: true,
  get() { return proto[kCapture]; },
  set(v) {
    if (typeof v !== 'boolean') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "EventEmitter.captureRejections" property must be of type boolean. Received ${describe(v)}`);
    }
    proto[kCapture] = v;
  },
});

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
EventEmitter.errorMonitor = errorMonitor;
EventEmitter.captureRejectionSymbol = captureRejectionSymbol;

// The static helpers' emitter argument, as Node checks it (null and
// undefined fail on the property read, with a plain TypeError).
function checkEmitter(emitter) {
  if (typeof emitter.on !== 'function' && typeof emitter.listeners !== 'function' && !isEventTarget(emitter)) {
    throw internals.errors.invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitter);
  }
}

EventEmitter.listenerCount = function listenerCount(emitter, name) {
  checkEmitter(emitter);
  return emitter.listenerCount(name);
};

function isEventTarget(t) {
  return t && typeof t.addEventListener === 'function' && typeof t.on !== 'function';
}

function abortError(signal) {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

EventEmitter.once = function once(emitter, name, options = {}) {
  const signal = options && options.signal;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cleanup();
      reject(abortError(signal));
    };
    const cleanup = () => {
      if (isEventTarget(emitter)) {
        emitter.removeEventListener(name, onEvent);
      } else {
        emitter.removeListener(name, onEvent);
        if (name !== 'error') emitter.removeListener('error', onError);
      }
      if (signal) signal.removeEventListener('abort', onAbort);
    };
    const onError = (err) => {
      cleanup();
      reject(err);
    };
    const onEvent = (...args) => {
      cleanup();
      resolve(args);
    };
    if (isEventTarget(emitter)) {
      emitter.addEventListener(name, onEvent, { once: true });
    } else {
      emitter.on(name, onEvent);
      if (name !== 'error') emitter.on('error', onError);
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
};

// `for await (const args of on(emitter, 'x'))`: events queue until read;
// an 'error' event rejects the next read and ends the iteration.
EventEmitter.on = function on(emitter, name, options = {}) {
  checkEmitter(emitter);
  const signal = options && options.signal;
  if (signal && signal.aborted) throw abortError(signal);
  const queued = [];
  const waiting = [];
  let failure = null;
  let done = false;
  const onEvent = (...args) => {
    if (waiting.length) waiting.shift().resolve({ value: args, done: false });
    else queued.push(args);
  };
  const onError = (err) => {
    done = true;
    if (waiting.length) waiting.shift().reject(err);
    else failure = err;
    stop();
  };
  const onAbort = () => onError(abortError(signal));
  function stop() {
    emitter.removeListener(name, onEvent);
    emitter.removeListener('error', onError);
    if (signal) signal.removeEventListener('abort', onAbort);
    for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
  }
  emitter.on(name, onEvent);
  if (name !== 'error') emitter.on('error', onError);
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  return {
    next() {
      if (queued.length) return Promise.resolve({ value: queued.shift(), done: false });
      if (failure) {
        const f = failure;
        failure = null;
        return Promise.reject(f);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      done = true;
      stop();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(err) {
      onError(err);
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() { return this; },
  };
};

EventEmitter.getEventListeners = function getEventListeners(target, name) {
  if (typeof target.listeners === 'function') return target.listeners(name);
  if (isEventTarget(target)) return [];
  throw internals.errors.invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', target);
};

EventEmitter.getMaxListeners = function getMaxListeners(target) {
  if (typeof target.getMaxListeners === 'function') return target.getMaxListeners();
  return defaultMaxListeners;
};

EventEmitter.setMaxListeners = function setMaxListeners(n = defaultMaxListeners, ...targets) {
  checkCount(n, 'setMaxListeners');
  if (targets.length === 0) defaultMaxListeners = n;
  for (const t of targets) {
    if (typeof t.setMaxListeners === 'function') t.setMaxListeners(n);
    else if (!isEventTarget(t)) throw internals.errors.invalidArgType('eventTargets', 'an instance of EventEmitter or EventTarget', t);
  }
};

EventEmitter.addAbortListener = function addAbortListener(signal, listener) {
  checkListener(listener);
  if (signal.aborted) {
    queueMicrotask(() => listener());
  } else {
    signal.addEventListener('abort', listener, { once: true });
  }
  return { [Symbol.dispose || Symbol.for('nodejs.dispose')]() { signal.removeEventListener('abort', listener); } };
};

// Keys of EventTarget's listener limit (nabi's EventTarget has none).
EventEmitter.kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
EventEmitter.kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');

// EventEmitterAsyncResource: listeners run in the async context the
// emitter was made in (made on first use: it needs async_hooks).
let asyncResourceEmitter;
function makeEventEmitterAsyncResource() {
  const { AsyncResource } = internals.requireBuiltin('async_hooks');
  const kResource = Symbol('nabi.events.asyncResource');
  class EventEmitterReferencingAsyncResource extends AsyncResource {
    #emitter;
    constructor(emitter, type, options) {
      super(type, options);
      this.#emitter = emitter;
    }
    get eventEmitter() { return this.#emitter; }
  }
  return class EventEmitterAsyncResource extends EventEmitter {
    constructor(options = undefined) {
      let name;
      if (typeof options === 'string') {
        name = options;
        options = undefined;
      } else {
        if (new.target === EventEmitterAsyncResource) internals.errors.validateString(options?.name, 'options.name');
        name = options?.name || new.target.name;
      }
      super(options);
      this[kResource] = new EventEmitterReferencingAsyncResource(this, name, options);
    }
    emit(event, ...args) {
      return this[kResource].runInAsyncScope(EventEmitter.prototype.emit, this, event, ...args);
    }
    emitDestroy() { this[kResource].emitDestroy(); }
    get asyncId() { return this[kResource].asyncId(); }
    get triggerAsyncId() { return this[kResource].triggerAsyncId(); }
    get asyncResource() { return this[kResource]; }
  };
}
Object.defineProperty(EventEmitter, 'EventEmitterAsyncResource', {
  enumerable: true,
  configurable: true,
  get: () => (asyncResourceEmitter ??= makeEventEmitterAsyncResource()),
});

module.exports = EventEmitter;
