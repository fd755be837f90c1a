// node:assert — the legacy and strict assertion functions, AssertionError.
'use strict';

const { inspect } = internals.requireBuiltin('util');

class AssertionError extends Error {
  constructor(options) {
    const { message, actual, expected, operator } = options;
    super(message !== undefined ? String(message) : defaultMessage(actual, expected, operator));
    this.generatedMessage = message === undefined;
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
  }
  get name() {
    return 'AssertionError';
  }
}

function defaultMessage(actual, expected, operator) {
  const a = inspect(actual);
  const e = inspect(expected);
  switch (operator) {
    case 'strictEqual':
      return `Expected values to be strictly equal:\n\n${a} !== ${e}\n`;
    case 'deepStrictEqual':
      return `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${a}\n- ${e}`;
    case 'partialDeepStrictEqual':
      return `Expected values to be partially and strictly deep-equal:\n+ actual - expected\n\n+ ${a}\n- ${e}`;
    case 'deepEqual':
      return `Expected values to be loosely deep-equal:\n\n${a}\n\nshould loosely deep-equal\n\n${e}`;
    case 'notStrictEqual':
      return `Expected "actual" to be strictly unequal to: ${e}`;
    case 'notDeepStrictEqual':
      return `Expected "actual" not to be strictly deep-equal to: ${e}`;
    case '==':
      return `${a} == ${e}`;
    case '!=':
      return `${a} != ${e}`;
    default:
      return `${a} ${operator} ${e}`;
  }
}

function fail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

// ---- deep equality ----

function isDeepEqual(a, b, strict, memo) {
  if (strict ? Object.is(a, b) : a == b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ta = Object.prototype.toString.call(a);
  if (ta !== Object.prototype.toString.call(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date) {
    if (a.getTime() !== b.getTime()) return false;
  } else if (a instanceof RegExp) {
    if (String(a) !== String(b) || a.lastIndex !== b.lastIndex) return false;
  } else if (a instanceof Error) {
    if (a.message !== b.message || a.name !== b.name) return false;
  } else if (ArrayBuffer.isView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (!strict && !(a instanceof Uint8Array)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
    } else {
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    }
  } else if (a instanceof ArrayBuffer) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  } else if (a instanceof Number || a instanceof String || a instanceof Boolean) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }

  memo = memo || { a: new Map(), b: new Map() };
  if (memo.a.has(a) && memo.b.has(b)) return memo.a.get(a) === b;
  memo.a.set(a, b);
  memo.b.set(b, a);

  const keys = (o) => {
    const k = Object.keys(o);
    if (strict) for (const s of Object.getOwnPropertySymbols(o)) if (Object.prototype.propertyIsEnumerable.call(o, s)) k.push(s);
    return ArrayBuffer.isView(o) ? k.filter((x) => typeof x === 'symbol' || !/^\d+$/.test(x)) : k;
  };
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    if (!isDeepEqual(a[k], b[k], strict, memo)) return false;
  }
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) {
        let found = false;
        for (const [k2, v2] of b) {
          if (isDeepEqual(k, k2, strict, memo) && isDeepEqual(v, v2, strict, memo)) found = true;
        }
        if (!found) return false;
      } else if (!isDeepEqual(v, b.get(k), strict, memo)) {
        return false;
      }
    }
  } else if (a instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) {
      if (!b.has(v) && ![...b].some((w) => isDeepEqual(v, w, strict, memo))) return false;
    }
  }
  return true;
}

// ---- assertions ----

function ok(value, message) {
  if (!value) {
    fail({
      message: message !== undefined ? message : arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value:\n\n  assert.ok(' + inspect(value) + ')\n',
      actual: value,
      expected: true,
      operator: '==',
    });
  }
}
const assert = (value, message) => ok(value, message);
assert.ok = ok;
assert.AssertionError = AssertionError;
assert.fail = (message = 'Failed') => fail({ message, operator: 'fail' });
assert.equal = (a, e, message) => {
  if (!(a == e || (a !== a && e !== e))) fail({ message, actual: a, expected: e, operator: '==' });
};
assert.notEqual = (a, e, message) => {
  if (a == e || (a !== a && e !== e)) fail({ message, actual: a, expected: e, operator: '!=' });
};
assert.strictEqual = (a, e, message) => {
  if (!Object.is(a, e)) fail({ message, actual: a, expected: e, operator: 'strictEqual' });
};
assert.notStrictEqual = (a, e, message) => {
  if (Object.is(a, e)) fail({ message, actual: a, expected: e, operator: 'notStrictEqual' });
};
assert.deepEqual = (a, e, message) => {
  if (!isDeepEqual(a, e, false)) fail({ message, actual: a, expected: e, operator: 'deepEqual' });
};
assert.notDeepEqual = (a, e, message) => {
  if (isDeepEqual(a, e, false)) fail({ message, actual: a, expected: e, operator: 'notDeepEqual' });
};
assert.deepStrictEqual = (a, e, message) => {
  if (!isDeepEqual(a, e, true)) fail({ message, actual: a, expected: e, operator: 'deepStrictEqual' });
};
assert.notDeepStrictEqual = (a, e, message) => {
  if (isDeepEqual(a, e, true)) fail({ message, actual: a, expected: e, operator: 'notDeepStrictEqual' });
};
assert.match = (s, re, message) => {
  if (typeof s !== 'string' || !re.test(s)) {
    fail({ message: message !== undefined ? message : `The input did not match the regular expression ${inspect(re)}. Input:\n\n${inspect(s)}\n`, actual: s, expected: re, operator: 'match' });
  }
};
assert.doesNotMatch = (s, re, message) => {
  if (typeof s === 'string' && re.test(s)) {
    fail({ message: message !== undefined ? message : `The input was expected to not match the regular expression ${inspect(re)}. Input:\n\n${inspect(s)}\n`, actual: s, expected: re, operator: 'doesNotMatch' });
  }
};
assert.ifError = (err) => {
  if (err !== null && err !== undefined) throw err;
};

// Checks a thrown value against what `throws`/`rejects` expect.
function checkError(actual, expected, message, fnName) {
  if (expected === undefined) return;
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && actual instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      fail({ message: message || `The error is expected to be an instance of "${expected.name}". Received "${actual && actual.constructor && actual.constructor.name}"\n\nError message:\n\n${actual && actual.message}`, actual, expected, operator: fnName });
    }
    if (expected.call({}, actual) === true) return;
    fail({ message: message || `The ${expected.name ? `"${expected.name}" ` : ''}validation function is expected to return "true". Received false`, actual, expected, operator: fnName });
  }
  if (expected instanceof RegExp) {
    if (expected.test(String(actual))) return;
    fail({ message: message || `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(String(actual))}\n`, actual, expected, operator: fnName });
  }
  if (typeof expected === 'object' && expected !== null) {
    for (const key of Reflect.ownKeys(expected)) {
      const want = expected[key];
      const got = actual == null ? undefined : actual[key];
      const match = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepEqual(got, want, true);
      if (!match) {
        fail({
          message: message || `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   ${String(key)}: ${inspect(got)}\n-   ${String(key)}: ${inspect(want)}\n  }`,
          actual,
          expected,
          operator: fnName,
        });
      }
    }
  }
}

assert.throws = (fn, expected, message) => {
  if (typeof expected === 'string') {
    message = expected;
    expected = undefined;
  }
  let threw = false;
  let err;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) {
    fail({ message: message || `Missing expected exception${expected && expected.name ? ` (${expected.name})` : ''}.`, actual: undefined, expected, operator: 'throws' });
  }
  checkError(err, expected, message, 'throws');
};
assert.doesNotThrow = (fn, expected, message) => {
  try {
    fn();
  } catch (e) {
    fail({ message: `Got unwanted exception.\nActual message: "${e && e.message}"`, actual: e, expected, operator: 'doesNotThrow' });
  }
};
assert.rejects = async (promiseOrFn, expected, message) => {
  if (typeof expected === 'string') {
    message = expected;
    expected = undefined;
  }
  let threw = false;
  let err;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) {
    fail({ message: message || `Missing expected rejection${expected && expected.name ? ` (${expected.name})` : ''}.`, actual: undefined, expected, operator: 'rejects' });
  }
  checkError(err, expected, message, 'rejects');
};
assert.doesNotReject = async (promiseOrFn) => {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    fail({ message: `Got unwanted rejection.\nActual message: "${e && e.message}"`, actual: e, operator: 'doesNotReject' });
  }
};

// ---- partialDeepStrictEqual: only what `expected` holds is compared ----

function isPartialEqual(actual, expected) {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return isDeepEqual(actual, expected, true);
  }
  const tag = Object.prototype.toString.call(expected);
  if (tag !== Object.prototype.toString.call(actual)) return false;
  if (expected instanceof Set) {
    for (const v of expected) {
      if (!actual.has(v) && (typeof v !== 'object' || v === null || ![...actual].some((a) => isPartialEqual(a, v)))) return false;
    }
    return true;
  }
  if (expected instanceof Map) {
    for (const [k, v] of expected) if (!actual.has(k) || !isPartialEqual(actual.get(k), v)) return false;
    return true;
  }
  if (Array.isArray(expected)) {
    // Expected's elements in order, each matching a later element of actual.
    let i = 0;
    for (const e of expected) {
      while (i < actual.length && !isPartialEqual(actual[i], e)) i++;
      if (i === actual.length) return false;
      i++;
    }
    return true;
  }
  if (tag !== '[object Object]') return isDeepEqual(actual, expected, true);
  for (const key of Reflect.ownKeys(expected)) {
    if (!Object.prototype.propertyIsEnumerable.call(expected, key)) continue;
    if (!Object.prototype.hasOwnProperty.call(actual, key) || !isPartialEqual(actual[key], expected[key])) return false;
  }
  return true;
}

assert.partialDeepStrictEqual = function partialDeepStrictEqual(actual, expected, message) {
  if (arguments.length < 2) {
    throw internals.errors.codeError(TypeError, 'ERR_MISSING_ARGS', 'The "actual" and "expected" arguments must be specified');
  }
  if (!isPartialEqual(actual, expected)) fail({ message, actual, expected, operator: 'partialDeepStrictEqual' });
};

// ---- CallTracker (deprecated in Node, DEP0173, but present) ----

const kTracked = Symbol('nabi.assert.tracked');
class CallTracker {
  #calls = new Set();
  constructor() {
    process.emitWarning('assert.CallTracker is deprecated.', 'DeprecationWarning', 'DEP0173');
  }
  calls(fn, expected = 1) {
    if (typeof fn === 'number') [fn, expected] = [function calls() {}, fn];
    else if (fn === undefined) fn = function calls() {};
    internals.errors.validateInteger(expected, 'expected', 1, 4294967295);
    const record = { fn, expected, calls: [] };
    this.#calls.add(record);
    const proxy = new Proxy(fn, {
      apply(target, self, args) {
        record.calls.push({ thisArg: self, arguments: args });
        return Reflect.apply(target, self, args);
      },
      get(target, key, receiver) {
        return key === kTracked ? record : Reflect.get(target, key, receiver);
      },
    });
    return proxy;
  }
  #record(tracked) {
    const record = typeof tracked === 'function' ? tracked[kTracked] : undefined;
    if (!record || !this.#calls.has(record)) {
      throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'tracked' is not a tracked function. Received ${inspect(tracked)}`);
    }
    return record;
  }
  getCalls(tracked) {
    return this.#record(tracked).calls.map((c) => Object.freeze({ ...c }));
  }
  reset(tracked) {
    if (tracked === undefined) {
      for (const r of this.#calls) r.calls = [];
      return;
    }
    this.#record(tracked).calls = [];
  }
  report() {
    const out = [];
    for (const r of this.#calls) {
      if (r.calls.length === r.expected) continue;
      out.push({
        message: `Expected the ${r.fn.name} function to be executed ${r.expected} time(s) but was executed ${r.calls.length} time(s).`,
        actual: r.calls.length,
        expected: r.expected,
        operator: r.fn.name,
        stack: new Error(),
      });
    }
    return out;
  }
  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ? errors[0].message : 'Functions were not called the expected number of times';
    const e = new AssertionError({ message, details: errors });
    e.operator = undefined;
    throw e;
  }
}
assert.CallTracker = CallTracker;

assert.strict = Object.assign((v, m) => ok(v, m), assert, {
  equal: assert.strictEqual,
  notEqual: assert.notStrictEqual,
  deepEqual: assert.deepStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.strict = assert.strict;
assert.isDeepEqual = isDeepEqual;

module.exports = assert;
