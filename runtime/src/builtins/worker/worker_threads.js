// node:worker_threads — Worker, parentPort, workerData, threadId,
// isMainThread, environment data. Each Worker is a thread with its own
// engine, loop and Node-API envs (mod.rs beside this file); values cross as
// copies made by QuickJS's serializer, with the rewriting below for what it
// cannot write (errors, DataView, getters) and Node's DataCloneError for
// what cannot be cloned.
'use strict';

const EventEmitter = require('events');
const path = require('path');
const { binding } = internals;

const info = binding.workerInfo; // set on a worker's thread only
const isMainThread = info === undefined;

// ---- structured clone ------------------------------------------------------

// Key of the placeholder objects that stand for what QuickJS's serializer
// cannot write; only values that needed one are walked again on arrival.
const MARK = '\u0000nabi.clone';
const REWRITTEN = 1;

function cloneError(message) {
  const e = new DOMException(message, 'DataCloneError');
  if (!e.code) Object.defineProperty(e, 'code', { value: 25, configurable: true, writable: true, enumerable: false });
  return e;
}

function describeUncloneable(v) {
  if (typeof v === 'function' || typeof v === 'symbol') return String(v);
  const ctor = v && v.constructor && v.constructor.name;
  return `#<${ctor || 'Object'}>`;
}

const errorCtors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError };

function isError(v) {
  return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
}

// A copy of `v` QuickJS can serialize: errors and DataViews become
// placeholders, getters are read, functions and symbols are refused.
function prepare(v, seen) {
  if (typeof v === 'function' || typeof v === 'symbol') throw cloneError(`${describeUncloneable(v)} could not be cloned.`);
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return seen.get(v);
  let out;
  if (v instanceof MessagePort) {
    if (transferring === null || !transferring.has(v)) {
      throw cloneError('Object that needs transfer was found in message but not listed in transferList');
    }
    out = { [MARK]: 'Port', id: v[kPortId] };
    seen.set(v, out);
    return out;
  }
  if (isError(v)) {
    // What the structured clone of an Error keeps: its standard type,
    // message and stack.
    const name = errorCtors[v.name] ? v.name : 'Error';
    out = { [MARK]: 'Error', name, message: v.message === undefined ? undefined : String(v.message), stack: typeof v.stack === 'string' ? v.stack : undefined };
    seen.set(v, out);
    if (Object.prototype.hasOwnProperty.call(v, 'cause')) out.cause = prepare(v.cause, seen);
    return out;
  }
  if (v instanceof DataView) {
    out = { [MARK]: 'DataView', buffer: v.buffer, byteOffset: v.byteOffset, byteLength: v.byteLength };
    seen.set(v, out);
    return out;
  }
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date || v instanceof RegExp ||
      v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt) {
    seen.set(v, v);
    return v;
  }
  if (Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === v.length && (keys.length === 0 || keys[keys.length - 1] === String(v.length - 1))) {
      out = [];
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out[i] = prepare(v[i], seen);
    } else {
      // QuickJS writes an array as its length and elements: one with holes
      // or other properties travels as a placeholder to keep them.
      const props = {};
      out = { [MARK]: 'Array', length: v.length, props };
      seen.set(v, out);
      for (const k of keys) props[k] = prepare(v[k], seen);
    }
    return out;
  }
  if (v instanceof Map) {
    out = new Map();
    seen.set(v, out);
    for (const [k, val] of v) out.set(prepare(k, seen), prepare(val, seen));
    return out;
  }
  if (v instanceof Set) {
    out = new Set();
    seen.set(v, out);
    for (const k of v) out.add(prepare(k, seen));
    return out;
  }
  const tag = Object.prototype.toString.call(v);
  if (tag !== '[object Object]' || typeof v.then === 'function' || v instanceof WeakMap || v instanceof WeakSet) {
    throw cloneError(`${describeUncloneable(v)} could not be cloned.`);
  }
  out = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = prepare(v[k], seen);
  return out;
}

function revive(v, seen) {
  if (v === null || typeof v !== 'object' || seen.has(v)) return seen.has(v) ? seen.get(v) : v;
  if (Object.prototype.hasOwnProperty.call(v, MARK)) {
    let out;
    if (v[MARK] === 'Error') {
      out = new (errorCtors[v.name] || Error)(v.message);
      if (v.message === undefined) delete out.message;
      if (v.stack !== undefined) Object.defineProperty(out, 'stack', { value: v.stack, writable: true, configurable: true, enumerable: false });
      if (Object.prototype.hasOwnProperty.call(v, 'cause')) {
        seen.set(v, out);
        Object.defineProperty(out, 'cause', { value: revive(v.cause, seen), writable: true, configurable: true, enumerable: false });
      }
    } else if (v[MARK] === 'Array') {
      out = new Array(v.length);
      seen.set(v, out);
      for (const k of Object.keys(v.props)) out[k] = revive(v.props[k], seen);
    } else if (v[MARK] === 'DataView') {
      out = new DataView(v.buffer, v.byteOffset, v.byteLength);
    } else if (v[MARK] === 'Port') {
      // A transferred port arrives: this thread owns it now.
      binding.portControl(v.id, 'adopt');
      out = new MessagePort(kConstruct, v.id);
    }
    seen.set(v, out);
    return out;
  }
  seen.set(v, v);
  if (v instanceof Map) {
    const entries = [...v].map(([k, val]) => [revive(k, seen), revive(val, seen)]);
    v.clear();
    for (const [k, val] of entries) v.set(k, val);
  } else if (v instanceof Set) {
    const items = [...v].map((k) => revive(k, seen));
    v.clear();
    for (const k of items) v.add(k);
  } else if (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) v[k] = revive(v[k], seen);
  }
  return v;
}

// `exact` always walks the value first (structuredClone). Otherwise
// QuickJS's writer goes first; it refuses (engine patch 0005) what its
// format would change — symbols, arrays with holes or extra properties —
// and what it cannot write at all, and those take the walk.
function serialize(value, exact = false) {
  // While this thread has MessagePorts, objects are walked first: a port
  // inside a message must be in its transferList.
  if (!exact && (portsById.size === 0 || value === null || typeof value !== 'object')) {
    try {
      return binding.serialize(value, 0);
    } catch {
      // Something QuickJS cannot write: rewrite (or refuse) and retry.
    }
  }
  return binding.serialize(prepare(value, new Map()), REWRITTEN);
}

// The ports being transferred by the message being serialized.
let transferring = null;

// `transferList` (an array, or `{ transfer }`): ports move to the receiver
// (the sender's object closes without telling the peer), ArrayBuffers are
// copied and detached in the sender.
function serializeTransfer(value, transferList, source, exact = false) {
  let list = transferList;
  if (list !== null && typeof list === 'object' && !Array.isArray(list) && list.transfer !== undefined) list = list.transfer;
  if (list === undefined || list === null) return serialize(value, exact);
  if (typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "transferList" argument must be an Array. Received ${internals.describe(list)}`);
  }
  list = [...list];
  const ports = new Set();
  for (const item of list) {
    if (item instanceof MessagePort) {
      if (item === source) throw cloneError('Transfer list contains source port');
      if (item[kPortId] === undefined) throw cloneError('MessagePort in transfer list is already detached');
      ports.add(item);
    } else if (!(item instanceof ArrayBuffer) && !(typeof SharedArrayBuffer === 'function' && item instanceof SharedArrayBuffer)) {
      throw cloneError('Found invalid value in transferList.');
    } else if (binding.isUntransferable(item)) {
      // An addon's external memory stays with the addon, as in Node.
      throw cloneError('Cannot transfer object of unsupported type.');
    }
  }
  let buffer;
  if (ports.size === 0) {
    buffer = serialize(value, exact);
  } else {
    transferring = ports;
    try {
      buffer = binding.serialize(prepare(value, new Map()), REWRITTEN);
    } finally {
      transferring = null;
    }
  }
  for (const p of ports) p[kDetach]();
  for (const item of list) if (item instanceof ArrayBuffer) binding.detachArrayBuffer(item);
  return buffer;
}

function deserialize(buffer) {
  const value = binding.deserialize(buffer);
  return new Uint8Array(buffer, 0, 1)[0] === REWRITTEN ? revive(value, new Map()) : value;
}

// The global structuredClone(value, { transfer }): a message sent to
// oneself (bootstrap.js defines the global on first use).
function structuredClone(value, options) {
  if (arguments.length === 0) {
    // Node's wording, doubled "argument" included.
    throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "The value argument must be specified" argument must be specified');
  }
  let transfer;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', "Failed to execute 'structuredClone': Options cannot be converted to a dictionary");
    }
    transfer = options.transfer;
    if (transfer !== undefined && (transfer === null || typeof transfer !== 'object' || typeof transfer[Symbol.iterator] !== 'function')) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', "Failed to execute 'structuredClone': transfer in Options cannot be converted to sequence.");
    }
  }
  return deserialize(serializeTransfer(value, transfer === undefined ? undefined : [...transfer], undefined, true));
}
internals.structuredClone = structuredClone;

// An uncaught exception of a worker, for its parent's 'error' event: the
// error's type, message, stack and own properties (or a thrown non-error).
function serializeError(err) {
  if (isError(err)) {
    const props = {};
    for (const k of Object.keys(err)) {
      try {
        serialize(err[k]);
        props[k] = err[k];
      } catch {}
    }
    const name = typeof err.name === 'string' ? err.name : 'Error';
    const ctorName = err.constructor && errorCtors[err.constructor.name] ? err.constructor.name : (errorCtors[name] ? name : 'Error');
    return serialize({ error: true, ctorName, name, message: String(err.message), stack: err.stack, props });
  }
  try {
    return serialize({ error: false, value: err });
  } catch {
    return serialize({ error: false, value: String(err) });
  }
}

function deserializeError(buffer) {
  const d = deserialize(buffer);
  if (!d.error) return d.value;
  const err = new errorCtors[d.ctorName](d.message);
  if (d.name !== err.name) Object.defineProperty(err, 'name', { value: d.name, writable: true, configurable: true, enumerable: false });
  if (typeof d.stack === 'string') Object.defineProperty(err, 'stack', { value: d.stack, writable: true, configurable: true, enumerable: false });
  Object.assign(err, d.props);
  return err;
}

// ---- environment data --------------------------------------------------------

const environmentData = info ? deserialize(info.envData) || new Map() : new Map();

function setEnvironmentData(key, value) {
  if (value === undefined) environmentData.delete(key);
  else environmentData.set(key, value);
}

function getEnvironmentData(key) {
  return environmentData.get(key);
}

// ---- Worker (the parent's side) ----------------------------------------------

const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');
const workers = new Map(); // threadId → Worker

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}

function workerPath(filename) {
  if (filename !== null && typeof filename === 'object' && typeof filename.href === 'string') {
    if (filename.protocol !== 'file:') {
      // (Node also runs data: URLs as ES modules; nabi does not.)
      throw codeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    }
    return require('url').fileURLToPath(filename);
  }
  if (typeof filename !== 'string') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "filename" argument must be of type string or an instance of URL. Received ${internals.describe(filename)}`);
  }
  if (filename.startsWith('file://')) return require('url').fileURLToPath(filename);
  if (!path.isAbsolute(filename) && !/^\.\.?[\\/]/.test(filename)) {
    throw codeError(TypeError, 'ERR_WORKER_PATH',
      'The worker script or module filename must be an absolute path or a relative path starting with \'./\' or \'../\'.' +
      ` Received "${filename}"`);
  }
  return path.resolve(filename);
}

class Worker extends EventEmitter {
  #id;
  #exited = false;
  #exitCode;

  constructor(filename, options = {}) {
    super();
    if (options === null || typeof options !== 'object') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object. Received ${internals.describe(options)}`);
    }
    const isEval = !!options.eval;
    let target;
    if (isEval) {
      if (typeof filename !== 'string') {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', 'The argument \'filename\' must be a string when options.eval is true.');
      }
      target = filename;
    } else {
      target = workerPath(filename);
    }
    let env = null;
    const source = options.env === undefined || options.env === SHARE_ENV ? process.env : options.env;
    if (source !== null && typeof source === 'object') {
      env = [];
      for (const [k, v] of Object.entries(source)) if (v !== undefined) env.push(k, String(v));
    }
    const argv = [process.execPath, isEval ? '[worker eval]' : target];
    if (Array.isArray(options.argv)) for (const a of options.argv) argv.push(String(a));
    const execArgv = Array.isArray(options.execArgv) ? options.execArgv.map(String) : process.execArgv;
    const data = serializeTransfer(options.workerData, options.transferList);
    const envData = serialize(environmentData);
    this.#id = binding.workerStart({ filename: target, eval: isEval, argv, execArgv, env, data, envData });
    workers.set(this.#id, this);
    if (options.ref === false) this.unref();
  }

  get threadId() {
    return this.#exited ? -1 : this.#id;
  }

  get resourceLimits() {
    return {};
  }

  postMessage(value, transferList) {
    if (this.#exited) return;
    binding.workerPost(this.#id, serializeTransfer(value, transferList));
  }

  terminate(callback) {
    if (typeof callback === 'function') {
      process.emitWarning('Passing a callback to worker.terminate() is deprecated. It returns a Promise instead.');
    }
    if (this.#exited) {
      if (typeof callback === 'function') process.nextTick(callback, null, undefined);
      return Promise.resolve(undefined);
    }
    const done = new Promise((resolve) => this.once('exit', resolve));
    if (typeof callback === 'function') done.then((code) => callback(null, code));
    binding.workerTerminate(this.#id);
    return done;
  }

  ref() {
    if (!this.#exited) binding.workerRef(this.#id, true);
  }

  unref() {
    if (!this.#exited) binding.workerRef(this.#id, false);
  }

  [Symbol.for('nabi.worker.event')](kind, payload) {
    switch (kind) {
      case 'online':
        this.emit('online');
        break;
      case 'message':
        this.emit('message', deserialize(payload));
        break;
      case 'error':
        this.emit('error', deserializeError(payload));
        break;
      case 'exit':
        this.#exited = true;
        this.#exitCode = payload;
        workers.delete(this.#id);
        this.emit('exit', payload);
        break;
    }
  }
}

// ---- parentPort (the worker's side) --------------------------------------------

// ---- MessagePort, MessageChannel, BroadcastChannel -----------------------------

const kConstruct = Symbol('construct');
const kPortId = Symbol('portId');
const kDetach = Symbol('detach');
const kPeerClosed = Symbol('peerClosed');
const portsById = new Map(); // id → MessagePort of this thread

class MessageEvent extends Event {
  constructor(type, init = {}) {
    super(type);
    this.data = init.data;
    this.origin = '';
    this.lastEventId = '';
    this.source = null;
    this.ports = [];
  }
}

// Node's MessagePort is an event target with EventEmitter's methods too:
// 'message' listeners get the value, addEventListener / onmessage a
// MessageEvent. A 'message' listener starts it and keeps the thread alive.
class MessagePort extends EventEmitter {
  #closed = false;
  #started = false;
  #domListeners = new Map(); // listener → wrapper
  #onmessage = null;

  constructor(token, id) {
    if (token !== kConstruct) throw codeError(TypeError, 'ERR_CONSTRUCT_CALL_INVALID', 'Constructor cannot be called');
    super();
    Object.defineProperty(this, kPortId, { value: id, writable: true });
    if (id !== undefined) portsById.set(id, this);
  }

  postMessage(value, transferList) {
    if (this.#closed || this[kPortId] === undefined) return;
    binding.portPost(this[kPortId], serializeTransfer(value, transferList, this));
  }

  start() {
    if (this.#closed || this.#started) return;
    this.#started = true;
    binding.portControl(this[kPortId], 'start');
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this[kPortId] !== undefined) {
      binding.portControl(this[kPortId], 'close');
      portsById.delete(this[kPortId]);
    }
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    if (!this.#closed) binding.portControl(this[kPortId], 'ref');
    return this;
  }

  unref() {
    if (!this.#closed) binding.portControl(this[kPortId], 'unref');
    return this;
  }

  hasRef() {
    return !this.#closed && this.#started && this.listenerCount('message') > 0;
  }

  // Moved to another thread by a transfer: this object is done, silently.
  [kDetach]() {
    binding.portControl(this[kPortId], 'detach');
    portsById.delete(this[kPortId]);
    this[kPortId] = undefined;
    this.#closed = true;
  }

  [kPeerClosed]() {
    if (this.#closed) return;
    this.#closed = true;
    portsById.delete(this[kPortId]);
    this.emit('close');
  }

  addEventListener(type, listener) {
    if (typeof listener !== 'function' || this.#domListeners.has(listener)) return;
    const wrapper = type === 'message' || type === 'messageerror'
      ? (data) => listener.call(this, new MessageEvent(type, { data }))
      : () => listener.call(this, new Event(type));
    this.#domListeners.set(listener, wrapper);
    this.on(type, wrapper);
  }

  removeEventListener(type, listener) {
    const wrapper = this.#domListeners.get(listener);
    if (wrapper === undefined) return;
    this.#domListeners.delete(listener);
    this.removeListener(type, wrapper);
  }

  get onmessage() {
    return this.#onmessage;
  }

  set onmessage(fn) {
    if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
    this.#onmessage = typeof fn === 'function' ? fn : null;
    if (this.#onmessage !== null) this.addEventListener('message', this.#onmessage);
  }

  _add(name, fn, prepend) {
    const r = super._add(name, fn, prepend);
    if (name === 'message' && !this.#closed && this.listenerCount('message') === 1) this.start();
    return r;
  }

  removeListener(name, fn) {
    const had = this.listenerCount(name);
    const r = super.removeListener(name, fn);
    if (name === 'message' && had > 0 && this.listenerCount('message') === 0) this.#idle();
    return r;
  }

  removeAllListeners(name) {
    const had = this.listenerCount('message');
    const r = super.removeAllListeners(name);
    if (had > 0 && this.listenerCount('message') === 0) this.#idle();
    return r;
  }

  #idle() {
    if (this.#closed) return;
    this.#started = false;
    binding.portControl(this[kPortId], 'stop');
  }
}
MessagePort.prototype.off = MessagePort.prototype.removeListener;

class MessageChannel {
  constructor() {
    const [a, b] = binding.portPair();
    this.port1 = new MessagePort(kConstruct, a);
    this.port2 = new MessagePort(kConstruct, b);
  }
}

function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "port" argument must be a MessagePort instance');
  }
  if (port[kPortId] === undefined) return undefined;
  const payload = binding.portReceive(port[kPortId]);
  return payload === undefined ? undefined : { message: deserialize(payload) };
}

// Every BroadcastChannel of a name, in any thread, gets what another posts.
class BroadcastChannel extends EventTarget {
  #id;
  #name;
  #refed = true;
  constructor(name) {
    if (arguments.length === 0) {
      throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "name" argument must be specified');
    }
    super();
    this.#name = `${name}`;
    this.#id = binding.broadcastJoin(this.#name);
    portsById.set(this.#id, this);
    binding.portControl(this.#id, 'start');
    this.onmessage = null;
    this.onmessageerror = null;
  }
  get name() {
    return this.#name;
  }
  postMessage(message) {
    if (this.#id === undefined) {
      throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    }
    const n = binding.broadcastCount(this.#id);
    const copies = [];
    for (let i = 0; i < n; i++) copies.push(serialize(message));
    binding.portPost(this.#id, copies);
  }
  close() {
    if (this.#id === undefined) return;
    binding.portControl(this.#id, 'close');
    portsById.delete(this.#id);
    this.#id = undefined;
  }
  ref() {
    if (this.#id !== undefined) binding.portControl(this.#id, 'ref');
    this.#refed = true;
    return this;
  }
  unref() {
    if (this.#id !== undefined) binding.portControl(this.#id, 'unref');
    this.#refed = false;
    return this;
  }
  emit(type, data) {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
}

binding.setPortHandler((id, payload) => {
  const port = portsById.get(id);
  if (port === undefined) return;
  if (payload === 'close') {
    if (port[kPeerClosed]) port[kPeerClosed]();
    return;
  }
  let value;
  try {
    value = deserialize(payload);
  } catch (err) {
    port.emit('messageerror', err);
    return;
  }
  port.emit('message', value);
});

// ---- parentPort (the worker's side) --------------------------------------------

class ParentPort extends MessagePort {
  #closed = false;
  #started = false;

  constructor() {
    super(kConstruct, undefined);
  }

  postMessage(value, transferList) {
    if (this.#closed) return;
    binding.parentPost(serializeTransfer(value, transferList));
  }

  start() {
    if (this.#closed || this.#started) return;
    this.#started = true;
    binding.parentPort('start');
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    binding.parentPort('close');
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    if (!this.#closed) binding.parentPort('ref');
    return this;
  }

  unref() {
    if (!this.#closed) binding.parentPort('unref');
    return this;
  }

  hasRef() {
    return !this.#closed && this.listenerCount('message') > 0;
  }

  // A 'message' listener starts the port and keeps the worker alive;
  // removing the last one lets it exit.
  _add(name, fn, prepend) {
    const r = super._add(name, fn, prepend);
    if (name === 'message' && !this.#closed && this.listenerCount('message') === 1) {
      this.start();
      binding.parentPort('ref');
    }
    return r;
  }

  removeListener(name, fn) {
    const had = this.listenerCount(name);
    const r = super.removeListener(name, fn);
    if (name === 'message' && had > 0 && this.listenerCount('message') === 0) this.#idle();
    return r;
  }

  removeAllListeners(name) {
    const had = this.listenerCount('message');
    const r = super.removeAllListeners(name);
    if (had > 0 && this.listenerCount('message') === 0) this.#idle();
    return r;
  }

  #idle() {
    if (this.#closed) return;
    this.#started = false;
    binding.parentPort('stop');
    binding.parentPort('unref');
  }
}

const parentPort = isMainThread ? null : new ParentPort();
const workerData = isMainThread ? null : deserialize(info.data);
const threadId = isMainThread ? 0 : info.threadId;

binding.setWorkerHandler((kind, id, payload) => {
  if (kind === 'parent-message') {
    parentPort.emit('message', deserialize(payload));
    return;
  }
  const w = workers.get(id);
  if (w) w[Symbol.for('nabi.worker.event')](kind, payload);
});

module.exports = {
  isMainThread,
  parentPort,
  workerData,
  threadId,
  resourceLimits: {},
  Worker,
  MessageChannel,
  MessagePort,
  MessageEvent,
  BroadcastChannel,
  receiveMessageOnPort,
  SHARE_ENV,
  setEnvironmentData,
  getEnvironmentData,
  markAsUntransferable() {},
  [Symbol.for('nabi.worker.reportError')](err) {
    binding.parentError(serializeError(err));
  },
};
