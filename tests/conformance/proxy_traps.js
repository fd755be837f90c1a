// An exception thrown during a property operation (a Proxy trap, a getter
// or setter, a key's toString) makes the Node-API call return
// napi_pending_exception with the exception pending, for every object
// operation; after the addon clears it, the next operation's trap runs.
'use strict';
const assert = require('assert');
const { load } = require('./common');
const addon = load('proxy_traps');

const trapNames = ['get', 'set', 'has', 'deleteProperty', 'defineProperty',
  'getOwnPropertyDescriptor', 'ownKeys', 'getPrototypeOf', 'preventExtensions'];

function throwingProxy(calls) {
  const handler = {};
  for (const t of trapNames) {
    handler[t] = () => {
      calls.push(t);
      throw new Error(`trap ${t}`);
    };
  }
  return new Proxy({}, handler);
}

{
  const calls = [];
  const report = addon.runAll(throwingProxy(calls), 'k');
  console.log('proxy:', report);
  console.log("traps:", [...new Set(calls)].sort().join());
  assert.ok(!/=9/.test(report), report);
}

{
  const calls = [];
  console.log('proxy hasOwn:', addon.hasOwn(throwingProxy(calls), 'k'));
  console.log('hasOwn traps:', calls.join());
}

// A key whose conversion to a property key throws.
{
  const key = { toString() { throw new Error('bad key'); } };
  console.log('key:', addon.runAll({}, key));
}

// Accessors that throw on a plain object.
{
  const obj = {};
  Object.defineProperty(obj, 'k', {
    get() { throw new Error('getter'); },
    set() { throw new Error('setter'); },
    configurable: false,
  });
  Object.defineProperty(obj, 0, {
    get() { throw new Error('element getter'); },
    set() { throw new Error('element setter'); },
    configurable: false,
  });
  console.log('accessors:', addon.runAll(obj, 'k'));
}

// Traps that answer false instead of throwing: a refused definition is
// napi_invalid_arg with nothing thrown (V8 reports it as false).
{
  const p = new Proxy({}, {
    defineProperty: () => false,
    set: () => false,
    deleteProperty: () => false,
    preventExtensions: () => false,
  });
  // (freeze and seal throw V8's TypeError; only the status is compared)
  console.log('refusing proxy:', addon.runAll(p, 'k').replace(/\([^)]*\)/g, ''));
}

// An array behind a Proxy whose length read throws.
{
  const p = new Proxy([], { get() { throw new Error('length'); } });
  console.log('array proxy:', addon.arrayLength(p));
}
console.log('ok');
