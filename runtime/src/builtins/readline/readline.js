'use strict';
// node:readline: Interface reads lines from any Readable (split on \n,
// \r\n and \r, a \r\n across two chunks counted once within crlfDelay);
// on a terminal it reads keypresses and edits one line (no history, no
// completion yet). The cursor helpers write the ANSI sequences Node writes.

const EventEmitter = internals.requireBuiltin('events');
const { StringDecoder } = internals.requireBuiltin('string_decoder');
const errors = internals.errors;

const CSI = '\x1b[';
const kClearToLineBeginning = `${CSI}1K`;
const kClearToLineEnd = `${CSI}0K`;
const kClearLine = `${CSI}2K`;
const kClearScreenDown = `${CSI}0J`;

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}
const useAfterClose = () => codeError(Error, 'ERR_USE_AFTER_CLOSE', 'readline was closed');
function invalidArgValue(name, value) {
  return codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' is invalid. Received ${internals.requireBuiltin('util').inspect(value)}`);
}

// No stream: the callback still runs, a tick later.
function skip(callback) {
  if (typeof callback === 'function') process.nextTick(callback, null);
  return true;
}

function cursorTo(stream, x, y, callback) {
  if (callback !== undefined) errors.validateFunction(callback, 'callback');
  if (typeof y === 'function') {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x)) throw invalidArgValue('x', x);
  if (Number.isNaN(y)) throw invalidArgValue('y', y);
  if (stream == null || (typeof x !== 'number' && typeof y !== 'number')) return skip(callback);
  if (typeof x !== 'number') throw codeError(TypeError, 'ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column');
  const data = typeof y !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`;
  return stream.write(data, callback);
}

function moveCursor(stream, dx, dy, callback) {
  if (callback !== undefined) errors.validateFunction(callback, 'callback');
  if (stream == null || !(dx || dy)) return skip(callback);
  let data = '';
  if (dx < 0) data += `${CSI}${-dx}D`;
  else if (dx > 0) data += `${CSI}${dx}C`;
  if (dy < 0) data += `${CSI}${-dy}A`;
  else if (dy > 0) data += `${CSI}${dy}B`;
  return stream.write(data, callback);
}

function clearLine(stream, dir, callback) {
  if (callback !== undefined) errors.validateFunction(callback, 'callback');
  if (stream == null) return skip(callback);
  const type = dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine;
  return stream.write(type, callback);
}

function clearScreenDown(stream, callback) {
  if (callback !== undefined) errors.validateFunction(callback, 'callback');
  if (stream == null) return skip(callback);
  return stream.write(kClearScreenDown, callback);
}

// ---- keypresses -------------------------------------------------------------

const kKeypressDecoder = Symbol('keypress-decoder');
const escapeKeys = {
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[E': 'clear', '[F': 'end', '[H': 'home',
  OA: 'up', OB: 'down', OC: 'right', OD: 'left', OE: 'clear', OF: 'end', OH: 'home',
  OP: 'f1', OQ: 'f2', OR: 'f3', OS: 'f4',
  '[1~': 'home', '[2~': 'insert', '[3~': 'delete', '[4~': 'end', '[5~': 'pageup', '[6~': 'pagedown',
  '[7~': 'home', '[8~': 'end', '[11~': 'f1', '[12~': 'f2', '[13~': 'f3', '[14~': 'f4', '[15~': 'f5',
  '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10', '[23~': 'f11', '[24~': 'f12',
  '[Z': 'tab',
};

// Splits input into keys (Node's emitKeys, for the common sequences) and
// emits 'keypress' (sequence, key) for each.
function emitKeys(stream, s) {
  let i = 0;
  while (i < s.length) {
    const key = { sequence: '', name: undefined, ctrl: false, meta: false, shift: false };
    let ch = s[i++];
    let escaped = false;
    if (ch === '\x1b' && i < s.length) {
      escaped = true;
      if (s[i] === '[' || s[i] === 'O') {
        // CSI / SS3: parameters, then one final character.
        let j = i + 1;
        while (j < s.length && /[0-9;]/.test(s[j])) j++;
        const seq = s.slice(i, j + 1);
        i = j + 1;
        key.sequence = '\x1b' + seq;
        const mods = /^\[1;(\d)([A-Z])$/.exec(seq);
        const code = mods ? `[${mods[2]}` : seq;
        if (mods) {
          const m = Number(mods[1]) - 1;
          key.shift = !!(m & 1);
          key.meta = !!(m & 10);
          key.ctrl = !!(m & 4);
        }
        key.code = code;
        key.name = escapeKeys[code] || 'undefined';
        if (code === '[Z') key.shift = true;
        stream.emit('keypress', undefined, key);
        continue;
      }
      ch = s[i++];
      key.meta = true;
    }
    key.sequence = (escaped ? '\x1b' : '') + ch;
    if (ch === '\r') key.name = 'return';
    else if (ch === '\n') key.name = 'enter';
    else if (ch === '\t') key.name = 'tab';
    else if (ch === '\b' || ch === '\x7f') key.name = 'backspace';
    else if (ch === '\x1b') key.name = 'escape';
    else if (ch === ' ') key.name = 'space';
    else if (ch < ' ') {
      key.name = String.fromCharCode(ch.charCodeAt(0) + 'a'.charCodeAt(0) - 1);
      key.ctrl = true;
    } else if (/^[0-9A-Za-z]$/.test(ch)) {
      key.name = ch.toLowerCase();
      key.shift = /^[A-Z]$/.test(ch);
    }
    stream.emit('keypress', escaped ? undefined : ch, key);
  }
}

function emitKeypressEvents(stream, iface = {}) {
  if (stream[kKeypressDecoder]) return;
  stream[kKeypressDecoder] = new StringDecoder('utf8');
  function onData(input) {
    if (stream.listenerCount('keypress') > 0) {
      const s = typeof input === 'string' ? input : stream[kKeypressDecoder].write(input);
      emitKeys(stream, s);
    } else {
      stream.removeListener('data', onData);
      stream.on('newListener', onNewListener);
    }
  }
  function onNewListener(event) {
    if (event === 'keypress') {
      stream.on('data', onData);
      stream.removeListener('newListener', onNewListener);
    }
  }
  if (stream.listenerCount('keypress') > 0) stream.on('data', onData);
  else stream.on('newListener', onNewListener);
}

// ---- Interface ------------------------------------------------------------------

const lineEnding = /\r?\n|\r(?!\n)/g;
const kQuestionCallback = Symbol('questionCallback');
const kLineBuffer = Symbol('lineBuffer');
const kSawReturnAt = Symbol('sawReturnAt');
const kDecoder = Symbol('decoder');
const kPrompt = Symbol('prompt');
const kOldPrompt = Symbol('oldPrompt');
const kOnLine = Symbol('onLine');
const kNormalWrite = Symbol('normalWrite');
const kTtyWrite = Symbol('ttyWrite');
const kRefreshLine = Symbol('refreshLine');
const kSetRawMode = Symbol('setRawMode');
const kListeners = Symbol('listeners');

function Interface(input, output, completer, terminal) {
  if (!(this instanceof Interface)) return new Interface(input, output, completer, terminal);
  EventEmitter.call(this);
  let prompt = '> ';
  let crlfDelay;
  let signal;
  let history = [];
  if (input && input.input) {
    // createInterface(options)
    output = input.output;
    completer = input.completer;
    terminal = input.terminal;
    signal = input.signal;
    if (input.prompt !== undefined) prompt = input.prompt;
    crlfDelay = input.crlfDelay;
    if (Array.isArray(input.history)) history = input.history;
    input = input.input;
  }
  if (completer !== undefined && typeof completer !== 'function') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'completer' is invalid. Received ${completer}`);
  }
  if (terminal === undefined && !(output === null || output === undefined)) terminal = !!output.isTTY;
  this.line = '';
  this.input = input;
  this.output = output;
  this.history = history;
  this.historySize = 30;
  this.completer = completer;
  this.crlfDelay = crlfDelay ? Math.max(100, crlfDelay) : 100;
  this.terminal = !!terminal;
  this[kPrompt] = prompt;
  this[kQuestionCallback] = null;
  this[kLineBuffer] = null;
  this[kSawReturnAt] = 0;
  this[kDecoder] = new StringDecoder('utf8');

  const self = this;
  const onend = () => {
    if (typeof self[kLineBuffer] === 'string' && self[kLineBuffer].length > 0) self.emit('line', self[kLineBuffer]);
    self.close();
  };
  const listeners = { end: onend };
  if (this.terminal) {
    this.cursor = 0;
    this.paused = false;
    emitKeypressEvents(input, this);
    listeners.keypress = (s, key) => self[kTtyWrite](s, key);
    this[kSetRawMode](true);
    if (output && typeof output.on === 'function') {
      listeners.resizeTarget = output;
    }
  } else {
    listeners.data = (data) => self[kNormalWrite](data);
  }
  this[kListeners] = listeners;
  for (const ev of ['data', 'end', 'keypress']) if (listeners[ev]) input.on(ev, listeners[ev]);
  this.once('close', () => {
    for (const ev of ['data', 'end', 'keypress']) if (listeners[ev]) input.removeListener(ev, listeners[ev]);
  });
  if (signal) {
    const onAborted = () => self.close();
    if (signal.aborted) process.nextTick(onAborted);
    else {
      signal.addEventListener('abort', onAborted, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAborted));
    }
  }
  if (typeof input.resume === 'function') input.resume();
}
Object.setPrototypeOf(Interface.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Interface, EventEmitter);

Object.defineProperty(Interface.prototype, 'columns', {
  configurable: true,
  enumerable: true,
  get() { return this.output && this.output.columns ? this.output.columns : Infinity; },
});

Interface.prototype.setPrompt = function setPrompt(prompt) { this[kPrompt] = prompt; };
Interface.prototype.getPrompt = function getPrompt() { return this[kPrompt]; };

Interface.prototype[kSetRawMode] = function (mode) {
  const was = this.input.isRaw;
  if (typeof this.input.setRawMode === 'function') this.input.setRawMode(mode);
  return was;
};

Interface.prototype._writeToOutput = function _writeToOutput(text) {
  errors.validateString(text, 'stringToWrite');
  if (this.output !== null && this.output !== undefined) this.output.write(text);
};

Interface.prototype.prompt = function prompt(preserveCursor) {
  if (this.paused) this.resume();
  if (this.terminal && process.env.TERM !== 'dumb') {
    if (!preserveCursor) this.cursor = 0;
    this[kRefreshLine]();
  } else {
    this._writeToOutput(this[kPrompt]);
  }
};

Interface.prototype.question = function question(query, options, cb) {
  cb = typeof options === 'function' ? options : cb;
  if (options !== null && typeof options === 'object' && options.signal) {
    const signal = options.signal;
    if (signal.aborted) return;
    const onAbort = () => { this[kQuestionCallback] = null; this.setPrompt(this[kOldPrompt]); };
    signal.addEventListener('abort', onAbort, { once: true });
    const inner = cb;
    cb = (answer) => {
      signal.removeEventListener('abort', onAbort);
      inner(answer);
    };
  }
  if (typeof cb !== 'function') return;
  if (this.closed) throw useAfterClose();
  if (this[kQuestionCallback]) {
    this.prompt();
  } else {
    this[kOldPrompt] = this[kPrompt];
    this.setPrompt(query);
    this[kQuestionCallback] = cb;
    this.prompt();
  }
};

Interface.prototype[kOnLine] = function (line) {
  if (this[kQuestionCallback]) {
    const cb = this[kQuestionCallback];
    this[kQuestionCallback] = null;
    this.setPrompt(this[kOldPrompt]);
    cb(line);
  } else {
    this.emit('line', line);
  }
};

Interface.prototype[kNormalWrite] = function (b) {
  if (b === undefined) return;
  let string = typeof b === 'string' ? b : this[kDecoder].write(b);
  if (this[kSawReturnAt] && Date.now() - this[kSawReturnAt] <= this.crlfDelay) {
    if (string.codePointAt(0) === 10) string = string.slice(1);
    this[kSawReturnAt] = 0;
  }
  lineEnding.lastIndex = 0;
  if (!lineEnding.test(string)) {
    if (string) this[kLineBuffer] = (this[kLineBuffer] || '') + string;
    return;
  }
  if (this[kLineBuffer]) {
    string = this[kLineBuffer] + string;
    this[kLineBuffer] = null;
  }
  this[kSawReturnAt] = string.endsWith('\r') ? Date.now() : 0;
  lineEnding.lastIndex = 0;
  let start = 0;
  const lines = [];
  let m;
  while ((m = lineEnding.exec(string)) !== null) {
    lines.push(string.slice(start, m.index));
    start = lineEnding.lastIndex;
  }
  this[kLineBuffer] = string.slice(start);
  for (const line of lines) {
    this[kOnLine](line);
    if (this.closed) return;
  }
};

// One-line editing on a terminal.
// Redraws prompt and line as Node does (column 0, clear down, text, cursor
// column); lines wider than the terminal are not wrapped yet.
Interface.prototype[kRefreshLine] = function () {
  if (!this.output) return;
  const text = this[kPrompt] + this.line;
  cursorTo(this.output, 0);
  clearScreenDown(this.output);
  this._writeToOutput(text);
  if (text.length === 0) this._writeToOutput(' ');
  cursorTo(this.output, this.getCursorPos().cols);
};

Interface.prototype[kTtyWrite] = function (s, key) {
  key = key || {};
  const name = key.name;
  if (key.ctrl && name === 'c') {
    if (this.listenerCount('SIGINT') > 0) this.emit('SIGINT');
    else this.close();
    return;
  }
  if (key.ctrl && name === 'd') {
    if (this.line.length === 0) this.close();
    return;
  }
  switch (name) {
    case 'return':
    case 'enter': {
      const line = this.line;
      this.line = '';
      this.cursor = 0;
      if (this.output) this.output.write('\r\n');
      this[kOnLine](line);
      return;
    }
    case 'backspace':
      if (this.cursor > 0) {
        this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
        this.cursor--;
        this[kRefreshLine]();
      }
      return;
    case 'delete':
      this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
      this[kRefreshLine]();
      return;
    case 'left':
      if (this.cursor > 0) { this.cursor--; moveCursor(this.output, -1, 0); }
      return;
    case 'right':
      if (this.cursor < this.line.length) { this.cursor++; moveCursor(this.output, 1, 0); }
      return;
    case 'home':
      this.cursor = 0;
      this[kRefreshLine]();
      return;
    case 'end':
      this.cursor = this.line.length;
      this[kRefreshLine]();
      return;
  }
  if (typeof s === 'string' && s && !key.ctrl && !key.meta) {
    this.line = this.line.slice(0, this.cursor) + s + this.line.slice(this.cursor);
    this.cursor += s.length;
    if (this.cursor === this.line.length) {
      if (this.output) this.output.write(s);
    } else {
      this[kRefreshLine]();
    }
  }
};

Interface.prototype.write = function write(d, key) {
  if (this.paused) this.resume();
  if (this.terminal) this[kTtyWrite](d, key);
  else this[kNormalWrite](d);
};

Interface.prototype.getCursorPos = function getCursorPos() {
  const cols = this.columns;
  const offset = this[kPrompt].length + (this.cursor || 0);
  return { rows: cols === Infinity ? 0 : Math.floor(offset / cols), cols: cols === Infinity ? offset : offset % cols };
};

Interface.prototype.pause = function pause() {
  if (this.paused) return;
  this.input.pause();
  this.paused = true;
  this.emit('pause');
  return this;
};

Interface.prototype.resume = function resume() {
  if (!this.paused) return;
  this.input.resume();
  this.paused = false;
  this.emit('resume');
  return this;
};

Interface.prototype.close = function close() {
  if (this.closed) return;
  this.pause();
  if (this.terminal) this[kSetRawMode](false);
  this.closed = true;
  this.emit('close');
};

// for await (const line of rl): the lines from now on, ending at 'close'.
Interface.prototype[Symbol.asyncIterator] = function () {
  const queue = [];
  const waiting = [];
  let done = this.closed;
  const onLine = (line) => {
    if (waiting.length > 0) waiting.shift().resolve({ value: line, done: false });
    else queue.push(line);
  };
  const onClose = () => {
    done = true;
    this.removeListener('line', onLine);
    while (waiting.length > 0) waiting.shift().resolve({ value: undefined, done: true });
  };
  this.on('line', onLine);
  this.once('close', onClose);
  const rl = this;
  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    // Leaving the loop stops the iteration; the interface stays open, as
    // in Node 24.
    return() {
      rl.removeListener('line', onLine);
      rl.removeListener('close', onClose);
      done = true;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() { return this; },
  };
};

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

// ---- readline/promises ---------------------------------------------------------

class PromisesInterface extends Interface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(useAfterClose());
      const signal = options && options.signal;
      if (signal) {
        if (signal.aborted) return reject(abortError(signal.reason));
        const onAbort = () => {
          this[kQuestionCallback] = null;
          reject(abortError(signal.reason));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const done = resolve;
        resolve = (answer) => {
          signal.removeEventListener('abort', onAbort);
          done(answer);
        };
      }
      Interface.prototype.question.call(this, query, resolve);
    });
  }
}

function abortError(cause) {
  const e = new Error('The operation was aborted', cause === undefined ? undefined : { cause });
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

// Queues cursor and clearing sequences for one write (commit).
class Readline {
  #stream;
  #todo = [];
  #autoCommit = false;
  constructor(stream, options = undefined) {
    if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
      throw errors.invalidArgType('stream', 'an instance of Writable', stream);
    }
    this.#stream = stream;
    if (options && options.autoCommit !== undefined) {
      errors.validateBoolean(options.autoCommit, 'options.autoCommit');
      this.#autoCommit = options.autoCommit;
    }
  }
  #queue(data) {
    if (this.#autoCommit) process.nextTick(() => this.#stream.write(data));
    else this.#todo.push(data);
    return this;
  }
  cursorTo(x, y = undefined) {
    errors.validateInteger(x, 'x');
    if (y !== undefined) errors.validateInteger(y, 'y');
    return this.#queue(y === undefined ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`);
  }
  moveCursor(dx, dy) {
    if (dx || dy) {
      errors.validateInteger(dx, 'dx');
      errors.validateInteger(dy, 'dy');
      let data = '';
      if (dx < 0) data += `${CSI}${-dx}D`;
      else if (dx > 0) data += `${CSI}${dx}C`;
      if (dy < 0) data += `${CSI}${-dy}A`;
      else if (dy > 0) data += `${CSI}${dy}B`;
      this.#queue(data);
    }
    return this;
  }
  clearLine(dir) {
    errors.validateInteger(dir, 'dir', -1, 1);
    return this.#queue(dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine);
  }
  clearScreenDown() {
    return this.#queue(kClearScreenDown);
  }
  commit() {
    const data = this.#todo.join('');
    this.#todo = [];
    return new Promise((resolve) => this.#stream.write(data, () => resolve()));
  }
  rollback() {
    this.#todo = [];
    return this;
  }
}

const promises = {
  Interface: PromisesInterface,
  Readline,
  createInterface(input, output, completer, terminal) {
    return new PromisesInterface(input, output, completer, terminal);
  },
};

module.exports = {
  Interface,
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
};
module.exports.promises = promises;
