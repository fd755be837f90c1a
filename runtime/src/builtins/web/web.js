// Web platform globals Node has and addon packages use: Event, EventTarget,
// AbortController/AbortSignal, DOMException (when the engine lacks it).
'use strict';

const DOMException = globalThis.DOMException || class DOMException extends Error {
  constructor(message = '', name = 'Error') {
    super(message);
    Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
    const codes = { AbortError: 20, TimeoutError: 23, NotSupportedError: 9, InvalidStateError: 11 };
    this.code = codes[name] || 0;
  }
};

class Event {
  #stopped = false;
  constructor(type, options = {}) {
    this.type = String(type);
    this.bubbles = !!options.bubbles;
    this.cancelable = !!options.cancelable;
    this.defaultPrevented = false;
    this.timeStamp = Date.now();
    this.target = null;
    this.currentTarget = null;
  }
  preventDefault() {
    if (this.cancelable) this.defaultPrevented = true;
  }
  stopImmediatePropagation() {
    this.#stopped = true;
  }
  stopPropagation() {}
  get _stopped() {
    return this.#stopped;
  }
}

class EventTarget {
  #listeners = new Map();
  addEventListener(type, listener, options) {
    if (listener == null) return;
    const once = typeof options === 'object' && options !== null && !!options.once;
    const list = this.#listeners.get(type) || [];
    if (list.some((l) => l.listener === listener)) return;
    list.push({ listener, once });
    this.#listeners.set(type, list);
    const signal = typeof options === 'object' && options && options.signal;
    if (signal) signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
  }
  removeEventListener(type, listener) {
    const list = this.#listeners.get(type);
    if (list) this.#listeners.set(type, list.filter((l) => l.listener !== listener));
  }
  dispatchEvent(event) {
    event.target = this;
    event.currentTarget = this;
    const handler = this[`on${event.type}`];
    if (typeof handler === 'function') handler.call(this, event);
    for (const l of [...(this.#listeners.get(event.type) || [])]) {
      if (l.once) this.removeEventListener(event.type, l.listener);
      if (typeof l.listener === 'function') l.listener.call(this, event);
      else l.listener.handleEvent(event);
      if (event._stopped) break;
    }
    event.currentTarget = null;
    return !event.defaultPrevented;
  }
}

const kCreate = Symbol('AbortSignal'); // only the controller and the statics make signals

class AbortSignal extends EventTarget {
  constructor(key) {
    if (key !== kCreate) throw internals.errors.codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    super();
    this.aborted = false;
    this.reason = undefined;
    this.onabort = null;
  }
  throwIfAborted() {
    if (this.aborted) throw this.reason;
  }
  static abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    const s = new AbortSignal(kCreate);
    s.aborted = true;
    s.reason = reason;
    return s;
  }
  static timeout(ms) {
    const { invalidArgType, outOfRange } = internals.errors;
    if (typeof ms !== 'number') throw invalidArgType('delay', 'of type number', ms);
    if (!Number.isInteger(ms)) throw outOfRange('delay', 'an integer', ms);
    if (!(ms >= 0 && ms <= 4294967295)) throw outOfRange('delay', '>= 0 && <= 4294967295', ms);
    const c = new AbortController();
    setTimeout(() => c.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms).unref();
    return c.signal;
  }
  static any(signals) {
    const { codeError } = internals.errors;
    if (signals === null || typeof signals !== 'object' || typeof signals[Symbol.iterator] !== 'function') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'signals cannot be converted to sequence.');
    }
    signals = [...signals];
    signals.forEach((s, i) => {
      if (!(s instanceof AbortSignal)) throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `signals[${i}] is not of type AbortSignal.`);
    });
    const c = new AbortController();
    for (const s of signals) {
      if (s.aborted) {
        c.abort(s.reason);
        break;
      }
      s.addEventListener('abort', () => c.abort(s.reason), { once: true });
    }
    return c.signal;
  }
}

class AbortController {
  constructor() {
    this.signal = new AbortSignal(kCreate);
  }
  abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    const s = this.signal;
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason;
    s.dispatchEvent(new Event('abort'));
  }
}

module.exports = { DOMException, Event, EventTarget, AbortSignal, AbortController };
