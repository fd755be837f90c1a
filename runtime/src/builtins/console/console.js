'use strict';
// node:console. The module is the global console (bootstrap.js makes
// `globalThis.console` this on first use), which writes straight to fds 1
// and 2; `Console` makes others over any writable streams. Methods are
// bound to their console, so they can be passed around, as in Node.

const binding = internals.binding;
const util = internals.requireBuiltin('util');
const errors = internals.errors;
const { inspect, format, formatWithOptions } = util;

const kStdout = Symbol('kStdout');
const kStderr = Symbol('kStderr');
const kDirect = Symbol('kDirect');
const kGroupIndent = Symbol('kGroupIndent');
const kGroupWidth = Symbol('kGroupWidth');
const kCounts = Symbol('kCounts');
const kInspectOptions = Symbol('kInspectOptions');
const kColorMode = Symbol('kColorMode');
const kIsConsole = Symbol('kIsConsole');

function consoleStreamError(name) {
  const e = new TypeError(`Console expects a writable stream instance for ${name}`);
  e.code = 'ERR_CONSOLE_WRITABLE_STREAM';
  return e;
}

function Console(options, stderr, ignoreErrors) {
  if (!new.target) return new Console(options, stderr, ignoreErrors);
  if (!options || typeof options.write === 'function') {
    options = { stdout: options, stderr, ignoreErrors };
  }
  const { stdout, groupIndentation = 2, colorMode = 'auto', inspectOptions } = options;
  stderr = options.stderr || stdout;
  if (!stdout || typeof stdout.write !== 'function') throw consoleStreamError('stdout');
  if (!stderr || typeof stderr.write !== 'function') throw consoleStreamError('stderr');
  if (typeof colorMode !== 'boolean' && colorMode !== 'auto') {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'colorMode' is invalid. Received ${inspect(colorMode)}`);
  }
  errors.validateInteger(groupIndentation, 'groupIndentation', 0, 1000);
  if (inspectOptions !== undefined) errors.validateObject(inspectOptions, 'options.inspectOptions');
  setup(this, { stdout, stderr, groupIndentation, colorMode, inspectOptions, ignoreErrors: options.ignoreErrors !== false });
}

// Node's order of the own methods (the global console has Console among them).
const methodOrder = [
  'log', 'info', 'debug', 'warn', 'error', 'dir', 'time', 'timeEnd', 'timeLog', 'trace', 'assert', 'clear', 'count',
  'countReset', 'group', 'groupEnd', 'table', 'dirxml', 'groupCollapsed', 'Console', 'profile', 'profileEnd',
  'timeStamp', 'context', 'createTask',
];

function setup(con, { stdout, stderr, groupIndentation, colorMode, inspectOptions, ignoreErrors }) {
  const hidden = (name, value) => Object.defineProperty(con, name, { value, writable: true, configurable: true, enumerable: false });
  hidden(kStdout, stdout);
  hidden(kStderr, stderr);
  hidden(kGroupIndent, '');
  hidden(kGroupWidth, groupIndentation);
  hidden(kCounts, new Map());
  hidden(kColorMode, colorMode);
  hidden(kInspectOptions, inspectOptions);
  hidden('_stdout', stdout);
  hidden('_stderr', stderr);
  hidden('_ignoreErrors', ignoreErrors);
  hidden('_times', new Map());
  // A stream's asynchronous write error is ignored once, as Node's handlers do.
  for (const name of ['_stdoutErrorHandler', '_stderrErrorHandler']) {
    hidden(name, function onError(err) {
      if (err !== null && !(err && err.code === 'EPIPE') && this && typeof this.once === 'function') this.once('error', onError);
    });
  }
  // Bound copies of every method, as own properties.
  for (const key of methodOrder) {
    if (key === 'Console') {
      if (con[kDirect]) Object.defineProperty(con, 'Console', { value: Console, writable: true, enumerable: true, configurable: true });
      continue;
    }
    const fn = Console.prototype[key] || (con[kDirect] ? inspectorMethods[key] : undefined);
    if (fn === undefined) continue;
    const bound = fn.bind(con);
    Object.defineProperty(bound, 'name', { value: fn.name });
    Object.defineProperty(con, key, { value: bound, writable: true, enumerable: true, configurable: true });
  }
}

// Whether fds 1 and 2 are terminals, asked once (the global console's).
const ttyFds = [];
function inspectOptions(con, stream, fd) {
  let colors = con[kColorMode];
  if (colors === 'auto' && con[kDirect]) {
    ttyFds[fd] ??= binding.process('isatty', fd);
    colors = ttyFds[fd] && internals.requireBuiltin('tty').WriteStream.prototype.getColorDepth() > 2;
  } else if (colors === 'auto') {
    colors = !!(stream && stream.isTTY && (typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true));
  }
  const opts = con[kInspectOptions];
  if (opts) return opts.colors === undefined ? { ...opts, colors } : opts;
  return colors ? { colors } : {};
}

function write(con, toStderr, text) {
  const indent = con[kGroupIndent];
  if (indent.length !== 0) {
    if (text.includes('\n')) text = text.replace(/\n/g, `\n${indent}`);
    text = indent + text;
  }
  text += '\n';
  if (con[kDirect]) {
    binding.print(toStderr ? 2 : 1, text);
    return;
  }
  const stream = toStderr ? con[kStderr] : con[kStdout];
  if (!con._ignoreErrors) return stream.write(text);
  try {
    stream.write(text);
  } catch (err) {
    // Stack overflows and the like are not the console's to swallow.
    if (err && err.name === 'RangeError') throw err;
  }
}

function formatArgs(con, toStderr, args) {
  const opts = con[kDirect] ? inspectOptions(con, null, toStderr ? 2 : 1) : inspectOptions(con, toStderr ? con[kStderr] : con[kStdout]);
  return Object.keys(opts).length === 0 ? format(...args) : formatWithOptions(opts, ...args);
}

// Node's time format: ms below a second, s below a minute, then m:ss.mmm.
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [s, frac] = seconds.toFixed(3).split('.');
    const pad = (n) => String(n).padStart(2, '0');
    const res = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${res}:${pad(s)}.${frac} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function timeLogImpl(con, name, label, data) {
  const start = con._times.get(label);
  if (start === undefined) {
    process.emitWarning(`No such label '${label}' for console.${name}()`);
    return false;
  }
  const ms = (binding.hrtime() - start) / 1e6;
  const text = `${label}: ${formatTime(ms)}`;
  if (data === undefined) con.log(text);
  else con.log(text, ...data);
  return true;
}

// ---- console.table ----------------------------------------------------------

const chars = {
  middleMiddle: '─', rowMiddle: '┼', topRight: '┐', topLeft: '┌', leftMiddle: '├', topMiddle: '┬',
  bottomRight: '┘', bottomLeft: '└', bottomMiddle: '┴', rightMiddle: '┤', left: '│ ', right: ' │', middle: ' │ ',
};

// Columns of East Asian wide characters count twice, as Node counts them.
function stringWidth(s) {
  s = util.stripVTControlCharacters(String(s));
  let width = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function renderRow(row, widths) {
  let out = chars.left;
  for (let i = 0; i < row.length; i++) {
    out += row[i] + ' '.repeat(widths[i] - stringWidth(row[i]));
    if (i !== row.length - 1) out += chars.middle;
  }
  return out + chars.right;
}

function renderTable(head, columns) {
  const rows = [];
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    for (let j = 0; j < longest; j++) {
      rows[j] ??= [];
      const value = (rows[j][i] = Object.hasOwn(columns[i], j) ? columns[i][j] : '');
      widths[i] = Math.max(widths[i] || 0, stringWidth(value));
    }
  }
  const divider = widths.map((w) => chars.middleMiddle.repeat(w + 2));
  let out = chars.topLeft + divider.join(chars.topMiddle) + chars.topRight + '\n' +
    renderRow(head, widths) + '\n' +
    chars.leftMiddle + divider.join(chars.rowMiddle) + chars.rightMiddle + '\n';
  for (const row of rows) out += renderRow(row, widths) + '\n';
  return out + chars.bottomLeft + divider.join(chars.bottomMiddle) + chars.bottomRight;
}

function table(con, data, properties) {
  if (properties !== undefined && !Array.isArray(properties)) throw errors.invalidArgType('properties', 'an instance of Array', properties);
  if (data === null || typeof data !== 'object') return con.log(data);
  const show = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
    return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity, ...inspectOptions(con, con[kStdout], 1) });
  };
  const indexes = (n) => Array.from({ length: n }, (_, i) => show(i));
  const types = util.types;
  if (types.isMap(data) || types.isMapIterator(data)) {
    const keys = [];
    const values = [];
    for (const [k, v] of data) {
      keys.push(show(k));
      values.push(show(v));
    }
    return con.log(renderTable(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]));
  }
  if (types.isSet(data) || types.isSetIterator(data)) {
    const values = [];
    for (const v of data) values.push(show(v));
    return con.log(renderTable(['(iteration index)', 'Values'], [indexes(values.length), values]));
  }
  const map = { __proto__: null };
  let hasPrimitives = false;
  const primitiveValues = [];
  const rowKeys = Object.keys(data);
  for (let i = 0; i < rowKeys.length; i++) {
    const item = data[rowKeys[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitiveValues[i] = show(item);
    } else {
      for (const key of properties || Object.keys(item)) {
        map[key] ??= [];
        map[key][i] = (primitive && properties) || !Object.hasOwn(item, key) ? '' : show(item[key]);
      }
    }
  }
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push('Values');
    columns.push(primitiveValues);
  }
  head.unshift('(index)');
  columns.unshift(rowKeys);
  return con.log(renderTable(head, columns));
}

// ---- methods --------------------------------------------------------------------

Console.prototype.log = function log(...args) { write(this, false, formatArgs(this, false, args)); };
Console.prototype.warn = function warn(...args) { write(this, true, formatArgs(this, true, args)); };
Console.prototype.dir = function dir(object, options) {
  write(this, false, inspect(object, { customInspect: false, ...inspectOptions(this, this[kStdout], 1), ...options }));
};
Console.prototype.time = function time(label = 'default') {
  label = `${label}`;
  if (this._times.has(label)) {
    process.emitWarning(`Label '${label}' already exists for console.time()`);
    return;
  }
  this._times.set(label, binding.hrtime());
};
Console.prototype.timeEnd = function timeEnd(label = 'default') {
  label = `${label}`;
  if (timeLogImpl(this, 'timeEnd', label)) this._times.delete(label);
};
Console.prototype.timeLog = function timeLog(label = 'default', ...data) {
  timeLogImpl(this, 'timeLog', `${label}`, data);
};
Console.prototype.trace = function trace(...args) {
  const err = { name: 'Trace', message: formatArgs(this, true, args) };
  Error.captureStackTrace(err, trace);
  this.error(err.stack);
};
Console.prototype.assert = function assert(expression, ...args) {
  if (!expression) {
    if (typeof args[0] === 'string') args[0] = `Assertion failed: ${args[0]}`;
    else args.unshift('Assertion failed');
    this.warn(...args);
  }
};
// Clears a terminal; anything else is left as it is.
Console.prototype.clear = function clear() {
  const stdout = this[kDirect] ? process.stdout : this[kStdout];
  if (stdout.isTTY && process.env.TERM !== 'dumb') {
    internals.requireBuiltin('readline').cursorTo(stdout, 0, 0);
    internals.requireBuiltin('readline').clearScreenDown(stdout);
  }
};
Console.prototype.count = function count(label = 'default') {
  label = `${label}`;
  const n = (this[kCounts].get(label) || 0) + 1;
  this[kCounts].set(label, n);
  this.log(`${label}: ${n}`);
};
Console.prototype.countReset = function countReset(label = 'default') {
  label = `${label}`;
  if (!this[kCounts].has(label)) {
    process.emitWarning(`Count for '${label}' does not exist`);
    return;
  }
  this[kCounts].delete(label);
};
Console.prototype.group = function group(...data) {
  if (data.length > 0) this.log(...data);
  this[kGroupIndent] += ' '.repeat(this[kGroupWidth]);
};
Console.prototype.groupEnd = function groupEnd() {
  this[kGroupIndent] = this[kGroupIndent].slice(0, this[kGroupIndent].length - this[kGroupWidth]);
};
Console.prototype.table = function (data, properties) { return table(this, data, properties); };
Object.defineProperty(Console.prototype.table, 'name', { value: 'table' });
// The global console's inspector methods: nabi has no inspector, so they
// do nothing, as Node's do without one attached.
const inspectorMethods = {
  profile() {},
  profileEnd() {},
  timeStamp() {},
  context() {
    return new Console({ stdout: process.stdout, stderr: process.stderr });
  },
  createTask(name) {
    errors.validateString(name, 'name');
    return { run: (fn) => fn() };
  },
};
for (const [name, base] of [['info', 'log'], ['debug', 'log'], ['dirxml', 'log'], ['error', 'warn'], ['groupCollapsed', 'group']]) {
  Console.prototype[name] = { [name](...args) { return Console.prototype[base].apply(this, args); } }[name];
}

Object.defineProperty(Console, Symbol.hasInstance, {
  value: (instance) => instance !== null && typeof instance === 'object' && instance[kIsConsole] === true,
});
Object.defineProperty(Console.prototype, kIsConsole, { value: true });

// The global console: fds 1 and 2, with process.stdout/stderr as its streams.
const globalConsole = Object.create({});
Object.defineProperty(globalConsole, kDirect, { value: true });
Object.defineProperty(globalConsole, kIsConsole, { value: true });
setup(globalConsole, { stdout: null, stderr: null, groupIndentation: 2, colorMode: 'auto', ignoreErrors: true });
for (const [key, name] of [['_stdout', 'stdout'], ['_stderr', 'stderr'], [kStdout, 'stdout'], [kStderr, 'stderr']]) {
  Object.defineProperty(globalConsole, key, { get: () => process[name], configurable: true, enumerable: false });
}
Object.defineProperty(globalConsole, Symbol.toStringTag, { value: 'console', configurable: true });

module.exports = globalConsole;
