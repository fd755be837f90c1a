// Node's errors for bad arguments, shared by built-in files through
// `internals.errors` (bootstrap.js loads it): a coded error, the
// ERR_INVALID_ARG_TYPE and ERR_OUT_OF_RANGE messages, and a function check.
'use strict';

function codeError(Ctor, code, message) {
  const e = new Ctor(message);
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

module.exports = { codeError, invalidArgType, outOfRange, validateFunction };
