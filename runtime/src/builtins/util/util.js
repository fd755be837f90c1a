// node:util — inspect and format (console prints through them, so their
// output follows Node's for the shapes tests print), promisify, inherits,
// types, TextEncoder/TextDecoder, deprecate, isDeepStrictEqual.
'use strict';

const { binding } = internals;

const defaultOptions = {
  depth: 2,
  breakLength: 80,
  compact: 3,
  maxArrayLength: 100,
  maxStringLength: 10000,
  showHidden: false,
  sorted: false,
  getters: false,
};

const customInspect = Symbol.for('nodejs.util.inspect.custom');

// ---- strings ----

const escapes = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };

function quote(s) {
  let q = "'";
  if (s.includes("'")) {
    if (!s.includes('"')) q = '"';
    else if (!s.includes('`') && !s.includes('${')) q = '`';
  }
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (ch === q) out += '\\' + ch;
    else if (escapes[ch]) out += escapes[ch];
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0').toUpperCase();
    else out += ch;
  }
  return q + out + q;
}

const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

function formatKey(key) {
  if (typeof key === 'symbol') return key.toString(); // Node 24: no brackets
  return identifier.test(key) ? key : quote(key);
}

// ---- primitives ----

function formatNumber(n) {
  return Object.is(n, -0) ? '-0' : String(n);
}

function formatPrimitive(v, ctx) {
  switch (typeof v) {
    case 'string': {
      let s = v;
      let trailer = '';
      if (s.length > ctx.maxStringLength) {
        trailer = `... ${s.length - ctx.maxStringLength} more character${s.length - ctx.maxStringLength > 1 ? 's' : ''}`;
        s = s.slice(0, ctx.maxStringLength);
      }
      // Long multi-line strings inside structures are split at newlines.
      if (ctx.indentationLvl > 0 && s.length > 16 && s.length > ctx.breakLength - ctx.indentationLvl - 4 && s.includes('\n')) {
        const lines = s.split(/(?<=\n)/);
        return lines.map(quote).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return quote(s) + trailer;
    }
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return v.toString();
    default:
      return String(v);
  }
}

// ---- objects ----

// As Node: the first `constructor` up the chain that `obj` is an instance
// of, so a prototype object (Foo.prototype) is shown as Object's, not Foo's.
function constructorName(obj) {
  let o = obj;
  let first = null;
  while (o !== null) {
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    if (d && typeof d.value === 'function' && d.value.name !== '') {
      if (isInstance(obj, d.value)) return d.value.name;
      first ??= d.value.name;
    }
    o = Object.getPrototypeOf(o);
  }
  return first;
}

function isInstance(obj, ctor) {
  try {
    return obj instanceof ctor;
  } catch {
    return false;
  }
}

function prefix(name, tag, fallback, size) {
  if (name === null) {
    return `[${fallback}${size !== undefined ? `(${size})` : ''}: null prototype] ` + (tag ? `[${tag}] ` : '');
  }
  let s = name;
  if (size !== undefined) s += `(${size})`;
  if (tag && tag !== name) s += ` [${tag}]`;
  return s + ' ';
}

function functionBase(fn, name) {
  const src = Function.prototype.toString.call(fn);
  if (src.startsWith('class') && /^class\b/.test(src)) {
    let s = `[class ${fn.name || '(anonymous)'}`;
    const sup = Object.getPrototypeOf(fn);
    if (sup && sup !== Function.prototype && sup.name) s += ` extends ${sup.name}`;
    return s + ']';
  }
  let type = 'Function';
  const proto = Object.getPrototypeOf(fn);
  const pname = proto && proto.constructor && proto.constructor.name;
  if (pname === 'AsyncFunction' || pname === 'GeneratorFunction' || pname === 'AsyncGeneratorFunction') type = pname;
  let s = `[${type}`;
  s += fn.name ? `: ${fn.name}]` : ' (anonymous)]';
  if (name !== type && name !== null && name !== 'Function' && name !== pname) s += ` ${name}`;
  if (name === null) s += ' [null prototype]';
  return s;
}

function isError(v) {
  return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
}

function typedArrayName(v) {
  return Object.prototype.toString.call(v).slice(8, -1);
}

const TypedArray = Object.getPrototypeOf(Uint8Array);

function formatValue(ctx, value, depth, typedArrayMember) {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);

  if (ctx.customInspect !== false) {
    const custom = value[customInspect];
    if (typeof custom === 'function' && custom !== inspect) {
      // As Node: the depth left, and the caller's options (with their
      // depth, not what is left of it).
      const left = ctx.depth === null ? null : ctx.depth - depth;
      const opts = { colors: false, customInspect: true, stylize: (text) => text };
      for (const k of Object.keys(defaultOptions)) opts[k] = ctx[k];
      const r = custom.call(value, left, opts, inspect);
      if (r !== value) return typeof r === 'string' ? r : formatValue(ctx, r, depth);
    }
  }

  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, depth, typedArrayMember);
}

function ownKeys(value, showHidden) {
  const keys = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
  const symbols = Object.getOwnPropertySymbols(value).filter(
    (s) => showHidden || Object.prototype.propertyIsEnumerable.call(value, s));
  return [...keys, ...symbols];
}

function formatProperty(ctx, value, depth, key, isArrayLike) {
  const desc = Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  let str;
  if (desc.value !== undefined || !('get' in desc)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, depth);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = desc.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (isArrayLike === 'array-index') return str;
  const name = desc.enumerable === false ? `[${formatKey(key)}]` : formatKey(key);
  return `${name}: ${str}`;
}

function formatArrayItems(ctx, value, depth, length) {
  const out = [];
  const limit = Math.min(ctx.maxArrayLength, length);
  let holes = 0;
  let shown = 0;
  const flushHoles = () => {
    if (holes > 0) {
      out.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      shown++;
      holes = 0;
    }
  };
  for (let i = 0; i < length && shown < limit; i++) {
    if (!Object.prototype.hasOwnProperty.call(value, i)) {
      holes++;
      continue;
    }
    flushHoles();
    out.push(formatProperty(ctx, value, depth, String(i), 'array-index'));
    shown++;
  }
  flushHoles();
  const remaining = length - Math.min(length, countShown(value, length, limit));
  if (remaining > 0 && shown >= limit) out.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
  return out;
}

function countShown(value, length, limit) {
  // Elements (holes counted individually) consumed by the first `limit` entries.
  let entries = 0;
  let i = 0;
  while (i < length && entries < limit) {
    if (Object.prototype.hasOwnProperty.call(value, i)) {
      i++;
    } else {
      while (i < length && !Object.prototype.hasOwnProperty.call(value, i)) i++;
    }
    entries++;
  }
  return i;
}

function formatRaw(ctx, value, depth, typedArrayMember) {
  const name = constructorName(value);
  let tag = value[Symbol.toStringTag];
  if (typeof tag !== 'string') tag = '';
  let braces;
  let base = '';
  let output = [];
  let keys = ownKeys(value, ctx.showHidden);
  let isArrayType = false;
  let formatter = null;

  if (Array.isArray(value)) {
    isArrayType = true;
    const p = name !== 'Array' || tag ? prefix(name, tag, 'Array', value.length) : '';
    keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k) || Number(k) >= 2 ** 32 - 1);
    braces = [`${p}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = () => formatArrayItems(ctx, value, depth + 1, value.length);
  } else if (typeof value === 'function') {
    base = functionBase(value, name);
    keys = keys.filter((k) => k !== 'prototype' || ctx.showHidden);
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (isError(value)) {
    base = formatError(value, name);
    keys = keys.filter((k) => k !== 'stack' && k !== 'message');
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof Map) {
    braces = [`${prefix(name, tag === 'Map' ? '' : tag, 'Map', value.size)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = () => {
      const out = [];
      ctx.indentationLvl += 2;
      for (const [k, v] of value) out.push(`${formatValue(ctx, k, depth + 1)} => ${formatValue(ctx, v, depth + 1)}`);
      ctx.indentationLvl -= 2;
      return out;
    };
  } else if (value instanceof Set) {
    braces = [`${prefix(name, tag === 'Set' ? '' : tag, 'Set', value.size)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = () => {
      const out = [];
      ctx.indentationLvl += 2;
      for (const v of value) out.push(formatValue(ctx, v, depth + 1));
      ctx.indentationLvl -= 2;
      return out;
    };
    isArrayType = true;
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const tname = typedArrayName(value);
    if (typeof Buffer !== 'undefined' && value instanceof Buffer && depth >= 0) {
      const hex = [...value.subarray(0, 50)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const more = value.length > 50 ? ` ... ${value.length - 50} more byte${value.length - 50 > 1 ? 's' : ''}` : '';
      return `<${name || 'Buffer'}${hex ? ' ' + hex : ''}${more}>`;
    }
    braces = [`${prefix(name, tname === name ? '' : tname, tname, value.length)}[`, ']'];
    keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    isArrayType = true;
    formatter = () => {
      const out = [];
      const n = Math.min(value.length, ctx.maxArrayLength);
      for (let i = 0; i < n; i++) out.push(typeof value[i] === 'bigint' ? `${value[i]}n` : formatNumber(value[i]));
      if (value.length > n) out.push(`... ${value.length - n} more item${value.length - n > 1 ? 's' : ''}`);
      return out;
    };
  } else if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    const hex = [...bytes.subarray(0, 50)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const more = bytes.length > 50 ? ` ... ${bytes.length - 50} more byte${bytes.length - 50 > 1 ? 's' : ''}` : '';
    braces = [`${prefix(name, '', 'ArrayBuffer')}{`, '}'];
    formatter = () => [`[Uint8Contents]: <${hex}${more}>`, `[byteLength]: ${formatNumber(value.byteLength)}`];
  } else if (value instanceof Date) {
    base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (name !== 'Date') base = `${name} ${base}`;
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof RegExp) {
    base = RegExp.prototype.toString.call(value);
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof Promise) {
    braces = [`${prefix(name, tag === 'Promise' ? '' : tag, 'Promise')}{`, '}'];
    formatter = () => {
      const [state, result] = binding.promiseState(value);
      if (state === 0) return ['<pending>'];
      ctx.indentationLvl += 2;
      const s = formatValue(ctx, result, depth + 1);
      ctx.indentationLvl -= 2;
      return [state === 2 ? `<rejected> ${s}` : s];
    };
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    return `${prefix(name, '', value instanceof WeakMap ? 'WeakMap' : 'WeakSet')}{ <items unknown> }`;
  } else if (value instanceof Number || value instanceof String || value instanceof Boolean ||
             (typeof BigInt !== 'undefined' && value instanceof BigInt) || value instanceof Symbol) {
    const prim = value.valueOf();
    const type = value instanceof Number ? 'Number' : value instanceof String ? 'String' : value instanceof Boolean ? 'Boolean' : value instanceof Symbol ? 'Symbol' : 'BigInt';
    base = `[${type}: ${formatPrimitive(prim, { ...ctx, indentationLvl: 0 })}]`;
    if (value instanceof String) keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k) && k !== 'length');
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else {
    if (name === 'Object' && !tag) {
      braces = ['{', '}'];
    } else {
      braces = [`${prefix(name, tag, 'Object')}{`, '}'];
    }
    if (keys.length === 0) {
      const address = binding.externalAddress(value);
      if (address !== undefined) return `[External: ${address}]`;
      return `${braces[0]}}`;
    }
  }

  if (ctx.depth !== null && depth > ctx.depth) {
    return `[${name || tag || 'Object'}]`.replace(/^\[Array\]$/, '[Array]');
  }

  ctx.seen.push(value);
  ctx.currentDepth = depth;
  try {
    if (formatter) output = formatter();
    for (const k of keys) output.push(formatProperty(ctx, value, depth + 1, k));
  } finally {
    ctx.seen.pop();
  }

  let res = reduceToSingleString(ctx, output, base, braces, isArrayType, depth, value);
  const ref = ctx.circular.get(value);
  if (ref !== undefined) res = `<ref *${ref}> ${res}`;
  return res;
}

function formatError(err, name) {
  let stack = typeof err.stack === 'string' && err.stack ? err.stack : Error.prototype.toString.call(err);
  // QuickJS's stack holds only the frames; Node's starts with "Name: message".
  const head = err[Symbol.for('nabi.nodeError')] === true ? `${err.name} [${err.code}]: ${err.message}` : Error.prototype.toString.call(err);
  if (typeof err.stack === 'string' && !err.stack.startsWith(head.split('\n')[0])) {
    stack = err.stack ? `${head}\n${err.stack.replace(/\n$/, '')}` : head;
  }
  if (name && name !== err.name && !stack.startsWith(name) && !(err.name && stack.startsWith(err.name))) {
    stack = `${name}: ${stack}`;
  }
  const cause = err.cause;
  if (cause !== undefined && Object.prototype.hasOwnProperty.call(err, 'cause')) {
    stack += ` { [cause]: ${inspect(cause)} }`;
  }
  return stack.replace(/\n$/, '');
}

// The columns a terminal gives `s` (CJK characters take two).
function stringWidth(s) {
  return /^[\x20-\x7e]*$/.test(s) ? s.length : binding.stringWidth(s);
}

/// Columns for long arrays of short items, as Node lays them out: at least
/// three columns that fit, a roughly square block, at most 15, numbers
/// right-aligned; widths are terminal columns, not string lengths.
function groupArrayElements(ctx, output, value) {
  let total = 0;
  let maxLen = 0;
  let count = output.length;
  if (output.length > 0 && /^\.\.\. \d+ more item/.test(output[output.length - 1])) count--;
  const lens = [];
  for (let i = 0; i < count; i++) {
    const len = stringWidth(output[i]);
    lens.push(len);
    total += len + 2;
    maxLen = Math.max(maxLen, len);
  }
  const cell = maxLen + 2;
  if (cell * 3 + ctx.indentationLvl >= ctx.breakLength || !(total / cell > 5 || maxLen <= 6)) return output;
  const bias = Math.sqrt(cell - total / output.length);
  const biased = Math.max(cell - 3 - bias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(2.5 * biased * count) / biased),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / cell),
    ctx.compact * 4,
    15,
  );
  if (columns <= 1) return output;
  const widths = [];
  for (let c = 0; c < columns; c++) {
    let w = 0;
    for (let j = c; j < count; j += columns) w = Math.max(w, lens[j]);
    widths.push(w + 2);
  }
  const numeric = value !== undefined && Array.from({ length: count }, (_, i) => value[i])
    .every((v) => typeof v === 'number' || typeof v === 'bigint');
  const rows = [];
  for (let i = 0; i < count; i += columns) {
    const end = Math.min(i + columns, count);
    let line = '';
    for (let j = i; j < end - 1; j++) {
      const cellText = `${output[j]}, `;
      const pad = widths[j - i] + output[j].length - lens[j];
      line += numeric ? cellText.padStart(pad) : cellText.padEnd(pad);
    }
    const last = end - 1;
    line += numeric ? output[last].padStart(widths[last - i] - 2 + output[last].length - lens[last]) : output[last];
    rows.push(line);
  }
  if (count < output.length) rows.push(output[count]);
  return rows;
}

function fitsOnLine(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const o of output) {
    total += o.length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, isArrayType, depth, value) {
  const entries = output.length;
  if (isArrayType && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (fitsOnLine(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) {
        return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
  }
  const indent = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indent}  ${output.join(`,${indent}  `)}${indent}${braces[1]}`;
}

function inspect(value, opts) {
  const ctx = {
    ...defaultOptions,
    seen: [],
    circular: new Map(),
    indentationLvl: 0,
    currentDepth: 0,
  };
  if (typeof opts === 'object' && opts !== null) {
    for (const k of Object.keys(opts)) if (opts[k] !== undefined) ctx[k] = opts[k];
  }
  if (ctx.depth === Infinity) ctx.depth = null;
  if (ctx.compact === false) ctx.compact = 0;
  if (ctx.compact === true) ctx.compact = 3;
  // A circular reference is only known after the first pass.
  const first = formatValue(ctx, value, 0);
  if (ctx.circular.size === 0) return first;
  ctx.seen = [];
  ctx.indentationLvl = 0;
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspect;
inspect.defaultOptions = defaultOptions;

// ---- format ----

function formatWithOptions(opts, ...args) {
  const first = args[0];
  let out = '';
  let a = 1;
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== '%') continue;
      const c = first[i + 1];
      if (c === '%') {
        out += first.slice(last, i) + '%';
        last = i + 2;
        i++;
        continue;
      }
      if (a >= args.length || !'sdifjoOc'.includes(c)) continue;
      const arg = args[a];
      let s;
      switch (c) {
        case 's':
          if (typeof arg === 'bigint') s = `${arg}n`;
          else if (typeof arg === 'symbol') s = arg.toString();
          else if (typeof arg === 'object' && arg !== null && !hasOwnToString(arg)) s = inspect(arg, { ...opts, depth: 0 });
          else s = String(arg);
          break;
        case 'd':
          s = typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'object' && arg !== null ? 'NaN' : formatNumber(Number(arg));
          break;
        case 'i':
          s = typeof arg === 'bigint' ? `${arg}n` : formatNumber(parseInt(arg));
          break;
        case 'f':
          s = typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(arg));
          break;
        case 'j':
          try {
            s = JSON.stringify(arg);
          } catch {
            s = '[Circular]';
          }
          break;
        case 'o':
          s = inspect(arg, { ...opts, showHidden: true, depth: 4 });
          break;
        case 'O':
          s = inspect(arg, opts);
          break;
        case 'c':
          s = '';
          break;
      }
      out += first.slice(last, i) + s;
      last = i + 2;
      i++;
      a++;
    }
    out += first.slice(last);
  } else {
    a = 0;
  }
  for (; a < args.length; a++) {
    const v = args[a];
    const s = typeof v === 'string' ? v : inspect(v, opts);
    out += (out === '' && a === 0 ? '' : ' ') + s;
  }
  return out;
}

// A toString written by the user (not a built-in one) decides how %s shows
// an object; otherwise it is inspected.
function hasOwnToString(obj) {
  const f = obj.toString;
  return typeof f === 'function' && !Function.prototype.toString.call(f).includes('[native code]');
}

const format = (...args) => formatWithOptions(undefined, ...args);

// ---- the rest of util ----

function promisify(fn) {
  if (typeof fn !== 'function') {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "original" argument must be of type function. Received ${internals.describe(fn)}`);
  }
  if (fn[promisify.custom]) return fn[promisify.custom];
  const names = fn[internals.customPromisifyArgs];
  function promisified(...args) {
    return new Promise((resolve, reject) => {
      fn.call(this, ...args, (err, ...values) => {
        if (err) {
          reject(err);
        } else if (names) {
          const out = {};
          names.forEach((name, i) => { out[name] = values[i]; });
          resolve(out);
        } else {
          resolve(values[0]);
        }
      });
    });
  }
  Object.setPrototypeOf(promisified, Object.getPrototypeOf(fn));
  return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(fn));
}
promisify.custom = Symbol.for('nodejs.util.promisify.custom');

function callbackify(fn) {
  internals.errors.validateFunction(fn, 'original');
  return function (...args) {
    const cb = args.pop();
    fn.apply(this, args).then((v) => process.nextTick(cb, null, v), (e) => process.nextTick(cb, e));
  };
}

function inherits(ctor, superCtor) {
  const { invalidArgType } = internals.errors;
  if (ctor === undefined || ctor === null) throw invalidArgType('ctor', 'of type function', ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType('superCtor', 'of type function', superCtor);
  if (superCtor.prototype === undefined) throw invalidArgType('superCtor.prototype', 'of type object', superCtor.prototype);
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function deprecate(fn, msg, code) {
  // Node 20 and 24 take any object (the wrapper gets it as prototype, and
  // fails only when called) and refuse anything else with a plain TypeError.
  if (fn === null || (typeof fn !== 'object' && typeof fn !== 'function')) {
    throw new TypeError('The "fn" argument must be of type function');
  }
  let warned = false;
  return function deprecated(...args) {
    if (!warned) {
      warned = true;
      process.emitWarning(msg, 'DeprecationWarning', code);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
  };
}

const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);
const types = {
  isArgumentsObject: (v) => tag(v) === 'Arguments',
  isPromise: (v) => v instanceof Promise,
  isDate: (v) => v instanceof Date,
  isRegExp: (v) => v instanceof RegExp,
  isMap: (v) => v instanceof Map,
  isSet: (v) => v instanceof Set,
  isWeakMap: (v) => v instanceof WeakMap,
  isWeakSet: (v) => v instanceof WeakSet,
  isMapIterator: (v) => tag(v) === 'Map Iterator',
  isSetIterator: (v) => tag(v) === 'Set Iterator',
  isNativeError: (v) => isError(v),
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isSharedArrayBuffer: (v) => typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer,
  isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer),
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isTypedArray: (v) => v instanceof TypedArray,
  isUint8Array: (v) => tag(v) === 'Uint8Array',
  isUint8ClampedArray: (v) => tag(v) === 'Uint8ClampedArray',
  isUint16Array: (v) => tag(v) === 'Uint16Array',
  isUint32Array: (v) => tag(v) === 'Uint32Array',
  isInt8Array: (v) => tag(v) === 'Int8Array',
  isInt16Array: (v) => tag(v) === 'Int16Array',
  isInt32Array: (v) => tag(v) === 'Int32Array',
  isFloat16Array: (v) => tag(v) === 'Float16Array',
  isFloat32Array: (v) => tag(v) === 'Float32Array',
  isFloat64Array: (v) => tag(v) === 'Float64Array',
  isBigInt64Array: (v) => tag(v) === 'BigInt64Array',
  isBigUint64Array: (v) => tag(v) === 'BigUint64Array',
  isDataView: (v) => v instanceof DataView,
  isAsyncFunction: (v) => typeof v === 'function' && /^Async(Generator)?Function$/.test(tag(v)),
  isGeneratorFunction: (v) => typeof v === 'function' && /GeneratorFunction$/.test(tag(v)),
  isGeneratorObject: (v) => tag(v) === 'Generator',
  isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof Symbol || v instanceof BigInt,
  isNumberObject: (v) => v instanceof Number,
  isStringObject: (v) => v instanceof String,
  isBooleanObject: (v) => v instanceof Boolean,
  isSymbolObject: (v) => v instanceof Symbol,
  isBigIntObject: (v) => v instanceof BigInt,
  isProxy: (v) => binding.isProxy(v),
  isExternal: (v) => binding.externalAddress(v) !== undefined,
  isModuleNamespaceObject: (v) => tag(v) === 'Module',
  // nabi's crypto has no KeyObject or CryptoKey: nothing is one.
  isKeyObject: () => false,
  isCryptoKey: () => false,
};

// TextEncoder/TextDecoder (UTF-8; the decoder also takes utf-16le and
// windows-1252, as Node's does for those labels).
class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(s = '') {
    return new Uint8Array(binding.encodeUtf8(`${s}`));
  }
  encodeInto(s, dest) {
    if (typeof s !== 'string') throw internals.errors.invalidArgType('src', 'of type string', s);
    if (!(dest instanceof Uint8Array)) throw internals.errors.invalidArgType('dest', 'an instance of Uint8Array', dest);
    const bytes = this.encode(s);
    const n = Math.min(bytes.length, dest.length);
    dest.set(bytes.subarray(0, n));
    return { read: s.length, written: n };
  }
}
// The WHATWG labels nabi decodes, by the encoding they name.
const decoderLabels = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100',
    'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252'],
};
// windows-1252's bytes 0x80-0x9f (the rest are Latin-1).
const cp1252 = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';
function invalidData(enc) {
  const err = new TypeError(`The encoded data was not valid for encoding ${enc}`);
  err.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
  return err;
}
// How many bytes at the end of `b` start a UTF-8 sequence that the next
// chunk may complete (0 when the tail is complete or already invalid).
function utf8Incomplete(b) {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const lead = b[b.length - back];
    if (lead >= 0x80 && lead < 0xc0) continue;
    const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (need <= back) return 0;
    if (back > 1) {
      const second = b[b.length - back + 1];
      const [lo, hi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (second < lo || second > hi) return 0;
    }
    return back;
  }
  return 0;
}
// Whether `b` is well-formed UTF-8 (only asked when decoding produced
// U+FFFD, which well-formed input may also encode).
function utf8Valid(b) {
  for (let i = 0; i < b.length;) {
    const lead = b[i];
    if (lead < 0x80) { i++; continue; }
    const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (need === 0 || i + need > b.length) return false;
    const [lo, hi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (b[i + 1] < lo || b[i + 1] > hi) return false;
    for (let k = 2; k < need; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += need;
  }
  return true;
}
class TextDecoder {
  constructor(encoding = 'utf-8', options = {}) {
    // Node's order: the label as a string, then the options (objects of any
    // kind, or null), then the label looked up.
    encoding = `${encoding}`;
    internals.errors.validateObject(options, 'options', { nullable: true, allowArray: true, allowFunction: true });
    const label = encoding.trim().toLowerCase();
    this._enc = Object.keys(decoderLabels).find((e) => decoderLabels[e].includes(label));
    if (this._enc === undefined) {
      throw internals.errors.codeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${encoding}" encoding is not supported`);
    }
    this.fatal = !!options?.fatal;
    this.ignoreBOM = !!options?.ignoreBOM;
    // Streaming state: bytes of an unfinished sequence, and whether the
    // stream's start (where a BOM is dropped) is still ahead.
    this._pending = new Uint8Array(0);
    this._atStart = true;
  }
  get encoding() { return this._enc; }
  decode(input, options) {
    if (input !== undefined && !(input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer) || ArrayBuffer.isView(input))) {
      throw internals.errors.invalidArgType('input', 'an instance of ArrayBuffer or ArrayBufferView', input);
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) throw internals.errors.invalidArgType('options', 'of type object', options);
    const stream = !!(options && options.stream);
    let bytes = input === undefined ? new Uint8Array(0) : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    if (this._pending.length) {
      const joined = new Uint8Array(this._pending.length + bytes.length);
      joined.set(this._pending);
      joined.set(bytes, this._pending.length);
      bytes = joined;
      this._pending = new Uint8Array(0);
    }
    let s;
    if (this._enc === 'utf-8') {
      const keep = stream ? utf8Incomplete(bytes) : 0;
      if (keep) {
        this._pending = bytes.slice(bytes.length - keep);
        bytes = bytes.subarray(0, bytes.length - keep);
      }
      s = bytes.length ? binding.decodeUtf8(bytes) : '';
      if (this.fatal && s.includes('\ufffd') && !utf8Valid(bytes)) {
        this._reset();
        throw invalidData('utf-8');
      }
    } else if (this._enc === 'utf-16le') {
      s = this._utf16(bytes, stream);
    } else {
      s = '';
      for (let i = 0; i < bytes.length; i += 8192) {
        const part = bytes.subarray(i, i + 8192);
        s += String.fromCharCode.apply(null, part);
      }
      s = s.replace(/[\x80-\x9f]/g, (c) => cp1252[c.charCodeAt(0) - 0x80]);
    }
    if (this._atStart && s.length) {
      if (!this.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this._atStart = false;
    }
    if (!stream) this._reset();
    return s;
  }
  _reset() {
    this._pending = new Uint8Array(0);
    this._atStart = true;
  }
  _utf16(bytes, stream) {
    let end = bytes.length & ~1;
    // Hold back an odd byte, and a lead surrogate its trail may follow.
    if (stream && end >= 2) {
      const last = bytes[end - 2] | (bytes[end - 1] << 8);
      if (last >= 0xd800 && last <= 0xdbff) end -= 2;
    }
    if (stream) {
      this._pending = bytes.slice(end);
    } else if (end < bytes.length && this.fatal) {
      this._reset();
      throw invalidData('utf-16le');
    }
    const units = [];
    for (let i = 0; i < end; i += 2) units.push(bytes[i] | (bytes[i + 1] << 8));
    let s = '';
    for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode.apply(null, units.slice(i, i + 8192));
    // A lead surrogate and an odd byte at the very end make one error.
    const last = units[units.length - 1];
    const oddByte = !stream && end < bytes.length && !(last >= 0xd800 && last <= 0xdbff);
    if (!s.isWellFormed()) {
      if (this.fatal) {
        this._reset();
        throw invalidData('utf-16le');
      }
      s = s.toWellFormed();
    }
    if (oddByte) s += '\ufffd';
    return s;
  }
}

// ---- styles: util.inspect.colors and util.styleText ----

// SGR [open, close] codes by style name, on a null prototype as in Node.
inspect.colors = Object.assign(Object.create(null), {
  reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24],
  blink: [5, 25], inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29],
  doubleunderline: [21, 24], black: [30, 39], red: [31, 39], green: [32, 39],
  yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39],
  bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49],
  bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49],
  framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39],
  greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39],
  magentaBright: [95, 39], cyanBright: [96, 39], whiteBright: [97, 39],
  bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
  bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49], bgWhiteBright: [107, 49],
});
// Other names for some styles: not enumerated, and following their target.
for (const [alias, target] of [
  ['grey', 'gray'], ['blackBright', 'gray'], ['bgGrey', 'bgGray'], ['bgBlackBright', 'bgGray'],
  ['faint', 'dim'], ['crossedout', 'strikethrough'], ['strikeThrough', 'strikethrough'],
  ['crossedOut', 'strikethrough'], ['conceal', 'hidden'], ['swapColors', 'inverse'],
  ['swapcolors', 'inverse'], ['doubleUnderline', 'doubleunderline'],
]) {
  Object.defineProperty(inspect.colors, alias, {
    get() { return this[target]; },
    set(value) { this[target] = value; },
    configurable: true,
    enumerable: false,
  });
}

// Whether text written to `stream` should carry colour codes (more than
// two colours): with FORCE_COLOR set, as it says ('0' or 'false': no);
// else only for a terminal, as deep as the stream says, or as deep as the
// environment allows (NO_COLOR, NODE_DISABLE_COLORS, TERM=dumb: none).
function streamHasColors(stream) {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  if (!stream || !stream.isTTY) return false;
  if (typeof stream.getColorDepth === 'function') return stream.getColorDepth() > 2;
  return env.NO_COLOR === undefined && env.NODE_DISABLE_COLORS === undefined && env.TERM !== 'dumb';
}

function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  const { errors } = internals;
  if (typeof text !== 'string') throw errors.invalidArgType('text', 'of type string', text);
  if (typeof validateStream !== 'boolean') {
    throw errors.invalidArgType('options.validateStream', 'of type boolean', validateStream);
  }
  let plain = false;
  if (validateStream) {
    // A Node stream (an emitter that writes or pipes) or a web stream.
    const has = (m) => typeof stream?.[m] === 'function';
    const isStream = stream !== null && typeof stream === 'object' &&
      (stream._readableState !== undefined || stream._writableState !== undefined ||
        ((has('write') || has('pipe')) && has('on')) || has('getReader') || has('getWriter'));
    if (!isStream) {
      throw errors.invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
    }
    plain = !streamHasColors(stream);
  }
  let open = '';
  let close = '';
  for (const key of Array.isArray(format) ? format : [format]) {
    if (key === 'none') continue;
    const codes = typeof key === 'string' ? inspect.colors[key] : undefined;
    if (codes === undefined) {
      const names = Object.getOwnPropertyNames(inspect.colors).map((n) => `'${n}'`).join(', ');
      throw errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'format' must be one of: ${names}. Received ${inspect(key)}`);
    }
    open += `\u001b[${codes[0]}m`;
    close = `\u001b[${codes[1]}m` + close;
  }
  return plain ? text : open + text + close;
}

function isDeepStrictEqual(a, b) {
  return internals.requireBuiltin('assert').isDeepEqual(a, b, true);
}

// Files of this folder loaded with util: parseArgs, MIMEType/MIMEParams.
const loadPart = (name) => internals.loadBuiltinFile(name);
let mime;
const mimePart = () => (mime ??= loadPart('util_mime'));

// ---- system errors, by libuv's names and descriptions ----

function checkErrno(err) {
  internals.errors.validateNumber(err, 'err');
  if (err >= 0 || !Number.isSafeInteger(err)) throw internals.errors.outOfRange('err', 'a negative integer', err);
}
let errorMap;
function getSystemErrorMap() {
  if (errorMap === undefined) {
    const { stream } = internals.binding;
    const found = [];
    // Linux errnos, getaddrinfo's (-3000…) and libuv's own (-4095…).
    for (const [from, to] of [[1, 200], [3000, 3020], [4000, 4095]]) {
      for (let n = from; n <= to; n++) {
        const name = stream.errName(-n);
        if (!name.startsWith('Unknown system error')) found.push([-n, [name, stream.errMessage(-n)]]);
      }
    }
    found.sort((a, b) => (a[1][0] < b[1][0] ? -1 : 1));
    errorMap = found;
  }
  return new Map(errorMap);
}
function getSystemErrorName(err) {
  checkErrno(err);
  return internals.binding.stream.errName(err);
}
function getSystemErrorMessage(err) {
  checkErrno(err);
  return internals.binding.stream.errMessage(err);
}
function errnoException(err, syscall, original) {
  const code = internals.binding.stream.errName(err);
  const e = new Error(original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`);
  Object.assign(e, { errno: err, code, syscall });
  return e;
}
function exceptionWithHostPort(err, syscall, address, port, additional) {
  const code = internals.binding.stream.errName(err);
  let details = port && port > 0 ? `${address}:${port}` : address;
  if (additional) details += ` - Local (${additional})`;
  const e = new Error(`${syscall} ${code} ${details}`);
  Object.assign(e, { errno: err, code, syscall, address });
  if (port) e.port = port;
  return e;
}

function aborted(signal, resource) {
  if (!(signal instanceof AbortSignal)) {
    return Promise.reject(internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'signal is not of type AbortSignal.'));
  }
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    return Promise.reject(internals.errors.invalidArgType('resource', 'of type object', resource));
  }
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

// Signals cross threads only by structured clone in Node; nabi's pass as
// they are.
function transferableAbortSignal(signal) {
  if (!(signal instanceof AbortSignal)) throw internals.errors.invalidArgType('signal', 'an instance of AbortSignal', signal);
  return signal;
}

// Call sites from the engine's stack text ("at fn (file:line:col)").
function getCallSites(frameCount = 10, options) {
  if (arguments.length === 1 && typeof frameCount === 'object') [frameCount, options] = [10, frameCount];
  if (options !== undefined) internals.errors.validateObject(options, 'options');
  internals.errors.validateInteger(frameCount, 'frameCount', 1, 200);
  const lines = (new Error().stack || '').split('\n').slice(2);
  const sites = [];
  for (const line of lines) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const lineNumber = +m[3];
    const column = +m[4];
    sites.push({ functionName: m[1] === '<anonymous>' || !m[1] ? '' : m[1], scriptId: '0', scriptName: m[2], lineNumber, columnNumber: column, column });
    if (sites.length === frameCount) break;
  }
  return sites;
}

function extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  for (const k of Object.keys(source)) target[k] = source[k];
  return target;
}

module.exports = {
  inspect,
  format,
  formatWithOptions,
  promisify,
  callbackify,
  inherits,
  deprecate,
  types,
  TextEncoder,
  TextDecoder,
  isDeepStrictEqual,
  styleText,
  isArray: Array.isArray,
  isError,
  debuglog: () => {
    const fn = () => {};
    fn.enabled = false;
    return fn;
  },
  debug: () => () => {},
  stripVTControlCharacters: (s) => {
    if (typeof s !== 'string') throw internals.errors.invalidArgType('str', 'of type string', s);
    return s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  },
  toUSVString: (s) => `${s}`.toWellFormed(),
  parseArgs: (config) => (parseArgsPart ??= loadPart('util_parse_args'))(config),
  getSystemErrorName,
  getSystemErrorMessage,
  getSystemErrorMap,
  _errnoException: errnoException,
  _exceptionWithHostPort: exceptionWithHostPort,
  _extend: deprecate(extend, 'The `util._extend` API is deprecated. Please use Object.assign() instead.', 'DEP0060'),
  aborted,
  transferableAbortSignal,
  transferableAbortController: () => new AbortController(),
  markPromiseAsHandled: (promise) => {
    promise.then(undefined, () => {});
  },
  getCallSites,
  // A .env text read as --env-file and process.loadEnvFile read it (dotenv.rs).
  parseEnv: (content) => {
    internals.errors.validateString(content, 'content');
    return internals.binding.process('parseEnv', content);
  },
};
let parseArgsPart;
for (const name of ['MIMEType', 'MIMEParams']) {
  Object.defineProperty(module.exports, name, { enumerable: true, configurable: true, get: () => mimePart()[name] });
}
