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

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
// `<Name> { ...fields }` as Node's inspect shows these classes (just the
// name below depth 0).
function inspectAs(self, fields, depth, options) {
  const name = self.constructor.name;
  if (depth < 0) return name;
  const inner = { ...options, depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth };
  return `${name} ${internals.requireBuiltin('util').inspect(fields, inner)}`;
}

// An event's state lives behind a symbol (no own string keys, as in Node);
// dispatchEvent writes target and currentTarget there.
const kEvent = Symbol('kEvent');

class Event {
  constructor(type, options = {}) {
    const o = options || {};
    Object.defineProperty(this, kEvent, {
      value: {
        type: String(type),
        bubbles: !!o.bubbles,
        cancelable: !!o.cancelable,
        composed: !!o.composed,
        defaultPrevented: false,
        timeStamp: globalThis.performance ? globalThis.performance.now() : Date.now(),
        target: null,
        currentTarget: null,
        stopped: false,
        propagationStopped: false,
      },
    });
  }
  get type() { return this[kEvent].type; }
  get bubbles() { return this[kEvent].bubbles; }
  get cancelable() { return this[kEvent].cancelable; }
  get composed() { return this[kEvent].composed; }
  get defaultPrevented() { return this[kEvent].cancelable && this[kEvent].defaultPrevented; }
  get timeStamp() { return this[kEvent].timeStamp; }
  get target() { return this[kEvent].target; }
  get currentTarget() { return this[kEvent].currentTarget; }
  get srcElement() { return this[kEvent].target; }
  get eventPhase() { return this[kEvent].currentTarget ? 2 : 0; }
  get returnValue() { return !this.defaultPrevented; }
  get isTrusted() { return false; }
  get cancelBubble() { return this[kEvent].propagationStopped; }
  set cancelBubble(v) { if (v) this[kEvent].propagationStopped = true; }
  composedPath() { return this[kEvent].currentTarget ? [this[kEvent].currentTarget] : []; }
  preventDefault() {
    this[kEvent].defaultPrevented = true;
  }
  stopImmediatePropagation() {
    this[kEvent].stopped = true;
  }
  stopPropagation() {
    this[kEvent].propagationStopped = true;
  }
  [inspectCustom](depth, options) {
    const e = this[kEvent];
    return inspectAs(this, { type: e.type, defaultPrevented: this.defaultPrevented, cancelable: e.cancelable, timeStamp: e.timeStamp }, depth, options);
  }
}

// `on<type>` handlers that a class defines (AbortSignal's onabort): set,
// the handler becomes a listener in the order of registration, as in Node.
const kHandlers = Symbol('kHandlers');
function defineEventHandler(cls, type) {
  Object.defineProperty(cls.prototype, `on${type}`, {
    enumerable: true,
    configurable: true,
    get() {
      const slot = this[kHandlers] && this[kHandlers].get(type);
      return slot ? slot.handler : null;
    },
    set(handler) {
      if (!this[kHandlers]) Object.defineProperty(this, kHandlers, { value: new Map() });
      let slot = this[kHandlers].get(type);
      if (typeof handler !== 'function' && (typeof handler !== 'object' || handler === null)) {
        if (slot) {
          this.removeEventListener(type, slot.listener);
          this[kHandlers].delete(type);
        }
        return;
      }
      if (!slot) {
        slot = { handler, listener: (event) => typeof slot.handler === 'function' && slot.handler.call(this, event) };
        this[kHandlers].set(type, slot);
        this.addEventListener(type, slot.listener);
      }
      slot.handler = handler;
    },
  });
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
    const state = event[kEvent];
    state.target = this;
    state.currentTarget = this;
    // A plain `on<type>` property (the classes here that have no defined
    // handler attribute: WebSocket, workers' ports).
    if (!(this[kHandlers] && this[kHandlers].has(event.type))) {
      const handler = this[`on${event.type}`];
      if (typeof handler === 'function') handler.call(this, event);
    }
    for (const l of [...(this.#listeners.get(event.type) || [])]) {
      if (l.once) this.removeEventListener(event.type, l.listener);
      if (typeof l.listener === 'function') l.listener.call(this, event);
      else l.listener.handleEvent(event);
      if (state.stopped) break;
    }
    state.currentTarget = null;
    return !event.defaultPrevented;
  }
}

const kCreate = Symbol('AbortSignal'); // only the controller and the statics make signals
const kSignal = Symbol('kSignal');

class AbortSignal extends EventTarget {
  constructor(key) {
    if (key !== kCreate) throw internals.errors.codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    super();
    Object.defineProperty(this, kSignal, { value: { aborted: false, reason: undefined } });
  }
  get aborted() {
    return this[kSignal].aborted;
  }
  get reason() {
    return this[kSignal].reason;
  }
  throwIfAborted() {
    if (this.aborted) throw this.reason;
  }
  [inspectCustom](depth, options) {
    return inspectAs(this, { aborted: this.aborted }, depth, options);
  }
  static abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    const s = new AbortSignal(kCreate);
    s[kSignal].aborted = true;
    s[kSignal].reason = reason;
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
defineEventHandler(AbortSignal, 'abort');

class AbortController {
  #signal = new AbortSignal(kCreate);
  get signal() {
    return this.#signal;
  }
  abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    const s = this.#signal;
    if (s.aborted) return;
    s[kSignal].aborted = true;
    s[kSignal].reason = reason;
    s.dispatchEvent(new Event('abort'));
  }
  [inspectCustom](depth, options) {
    return inspectAs(this, { signal: this.#signal }, depth, options);
  }
}

module.exports = { DOMException, Event, EventTarget, AbortSignal, AbortController };
