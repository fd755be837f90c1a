// Node's errors for bad arguments, shared by built-in files through
// `internals.errors` (bootstrap.js loads it): a coded error, the
// ERR_INVALID_ARG_TYPE and ERR_OUT_OF_RANGE messages, the argument checks
// (validate*: Node's order of checks and messages), and the
// ERR_NOT_IMPLEMENTED stubs of functions nabi lacks.
'use strict';

// Node's own errors name their code when printed: `TypeError [ERR_X]: msg`
// (toString and the stack's first line). They share one prototype per
// error class below the class's own, which carries that toString.
const nodeErrorPrototypes = new Map();
const kNodeError = Symbol.for('nabi.nodeError'); // read by the stack's header (bootstrap.js)
function nodeErrorPrototype(Ctor) {
  let proto = nodeErrorPrototypes.get(Ctor);
  if (proto === undefined) {
    proto = Object.create(Ctor.prototype, {
      constructor: { value: Ctor, writable: true, configurable: true },
      [kNodeError]: { value: true },
      toString: {
        value: function toString() {
          return `${this.name} [${this.code}]: ${this.message}`;
        },
        writable: true,
        configurable: true,
      },
    });
    nodeErrorPrototypes.set(Ctor, proto);
  }
  return proto;
}

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
  Object.setPrototypeOf(e, nodeErrorPrototype(Ctor));
  e.code = code;
  return e;
}

function invalidArgType(name, expected, value) {
  const what = name.includes('.') ? 'property' : 'argument';
  return codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" ${what} must be ${expected}. Received ${internals.describe(value)}`);
}

// Node writes large integers in error messages with `_` separators.
function formatReceived(n) {
  if (Number.isInteger(n) && Math.abs(n) > 2 ** 32) {
    const s = String(Math.abs(n));
    let out = '';
    for (let i = s.length; i > 0; i -= 3) out = (i > 3 ? '_' : '') + s.slice(Math.max(0, i - 3), i) + out;
    return (n < 0 ? '-' : '') + out;
  }
  return String(n);
}

function outOfRange(name, range, value) {
  return codeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${formatReceived(value)}`);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
}

// A number, within [min, max] where given (NaN is out of any range).
function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  const bounded = min != null || max != null;
  if ((min != null && value < min) || (max != null && value > max) || (bounded && Number.isNaN(value))) {
    const range = [min != null ? `>= ${min}` : '', max != null ? `<= ${max}` : ''].filter(Boolean).join(' && ');
    throw outOfRange(name, range, value);
  }
}

// An integer number within [min, max] (by default the safe integers).
function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  validateInteger(value, name, min, max);
}

function validateUint32(value, name) {
  validateInteger(value, name, 0, 4294967295);
}

// An AbortSignal, or undefined.
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType(name, 'an instance of AbortSignal', signal);
  }
}

// A file mode: a number, or a string of octal digits.
function parseFileMode(value, name, def) {
  value ??= def;
  if (typeof value === 'string') {
    if (!/^[0-7]+$/.test(value)) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' must be a 32-bit unsigned integer or an octal string. Received ${internals.requireBuiltin('util').inspect(value)}`);
    }
    value = parseInt(value, 8);
  }
  validateUint32(value, name);
  return value;
}

// An object: not null unless `nullable`, not an array unless `allowArray`,
// not a function unless `allowFunction`.
function validateObject(value, name, { nullable = false, allowArray = false, allowFunction = false } = {}) {
  if ((!nullable && value === null) || (!allowArray && Array.isArray(value)) ||
      (typeof value !== 'object' && (!allowFunction || typeof value !== 'function'))) {
    throw invalidArgType(name, 'of type object', value);
  }
}

// What a built-in not yet implemented throws: ERR_NOT_IMPLEMENTED naming
// the function, so a package that only requires the module still loads.
function notImplemented(what) {
  return codeError(Error, 'ERR_NOT_IMPLEMENTED', `${what} is not implemented in nabi`);
}

// A function (also usable with `new`) that throws notImplemented(what).
function stub(what) {
  const name = what.slice(what.lastIndexOf('.') + 1);
  return { [name]: function () { throw notImplemented(what); } }[name];
}

// Fills `target` with a stub for each name, named `<module>.<name>`.
function stubs(target, module, names) {
  for (const n of names) target[n] = stub(`${module}.${n}`);
  return target;
}

module.exports = {
  codeError, invalidArgType, outOfRange, notImplemented, stub, stubs,
  validateFunction, validateString, validateBoolean, validateNumber, validateInteger, validateInt32, validateUint32,
  validateObject, validateAbortSignal, parseFileMode,
};
