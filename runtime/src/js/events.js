// node:events — EventEmitter and once().
'use strict';

class EventEmitter {
  constructor() {
    EventEmitter.init.call(this);
  }
  static init() {
    if (!this._events || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
  }
  setMaxListeners(n) { this._maxListeners = n; return this; }
  getMaxListeners() { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; }
  _list(name) {
    if (!this._events) EventEmitter.init.call(this);
    return this._events[name];
  }
  emit(name, ...args) {
    const list = this._list(name);
    if (name === 'error' && (!list || list.length === 0)) {
      const err = args[0];
      if (err instanceof Error) throw err;
      const e = new Error('Unhandled error.' + (err === undefined ? '' : ` (${err})`));
      e.code = 'ERR_UNHANDLED_ERROR';
      e.context = err;
      throw e;
    }
    if (!list || list.length === 0) return false;
    for (const l of [...list]) l.apply(this, args);
    return true;
  }
  _add(name, fn, prepend) {
    if (typeof fn !== 'function') {
      const e = new TypeError(`The "listener" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (!this._events) EventEmitter.init.call(this);
    if (this._events.newListener) this.emit('newListener', name, fn.listener || fn);
    const list = this._events[name] || (this._events[name] = []);
    if (prepend) list.unshift(fn);
    else list.push(fn);
    this._eventsCount++;
    return this;
  }
  on(name, fn) { return this._add(name, fn, false); }
  addListener(name, fn) { return this._add(name, fn, false); }
  prependListener(name, fn) { return this._add(name, fn, true); }
  _wrapOnce(name, fn) {
    const self = this;
    function wrapper(...args) {
      self.removeListener(name, wrapper);
      return fn.apply(this, args);
    }
    wrapper.listener = fn;
    return wrapper;
  }
  once(name, fn) { return this._add(name, this._wrapOnce(name, fn), false); }
  prependOnceListener(name, fn) { return this._add(name, this._wrapOnce(name, fn), true); }
  removeListener(name, fn) {
    const list = this._list(name);
    if (!list) return this;
    const i = list.findLastIndex((l) => l === fn || l.listener === fn);
    if (i >= 0) {
      list.splice(i, 1);
      this._eventsCount--;
      if (list.length === 0) delete this._events[name];
      if (this._events.removeListener) this.emit('removeListener', name, fn);
    }
    return this;
  }
  off(name, fn) { return this.removeListener(name, fn); }
  removeAllListeners(name) {
    if (!this._events) return this;
    if (name === undefined) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    } else if (this._events[name]) {
      this._eventsCount -= this._events[name].length;
      delete this._events[name];
    }
    return this;
  }
  listeners(name) { return (this._list(name) || []).map((l) => l.listener || l); }
  rawListeners(name) { return [...(this._list(name) || [])]; }
  listenerCount(name) { return (this._list(name) || []).length; }
  eventNames() { return this._events ? Reflect.ownKeys(this._events) : []; }
}
EventEmitter.defaultMaxListeners = 10;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.captureRejections = false;
EventEmitter.errorMonitor = Symbol('events.errorMonitor');

EventEmitter.once = function once(emitter, name) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      emitter.removeListener(name, onEvent);
      reject(err);
    };
    const onEvent = (...args) => {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(args);
    };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
};
EventEmitter.listenerCount = (emitter, name) => emitter.listenerCount(name);

module.exports = EventEmitter;
