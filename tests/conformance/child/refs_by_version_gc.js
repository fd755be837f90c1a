// Run by ../refs_by_version.js with --expose-gc (see there).
'use strict';
const assert = require('assert');
const { load, statusName } = require('../common');

const GET = 0, REF = 1, UNREF = 2, DEL = 3;
const tick = () => new Promise((resolve) => setImmediate(resolve));

// Fresh values of each type, made in a function so nothing else holds them.
const kinds = {
  undefined: () => undefined,
  null: () => null,
  boolean: () => true,
  number: () => 42.5,
  string: () => 'str'.repeat(3),
  bigint: () => 12345678901234567890n,
  symbol: () => Symbol('local'),
  'registered symbol': () => Symbol.for('refs_by_version'),
  object: () => ({ kind: 'object' }),
  function: () => function f() {},
  external: (m, slot) => m.makeExternal(slot),
};

// Values of the counting part, kept to the end so their collection (an
// external's finalizer) does not show up in the collecting part.
const held = [];
// Values a collection can take; primitives and registered symbols it cannot.
const collectible = new Set(['symbol', 'object', 'function', 'external']);
const show = (v) => (typeof v === 'symbol' || typeof v === 'bigint' ? `${typeof v} ${String(v)}` : typeof v === 'string' ? JSON.stringify(v) : String(v));

// Counting and the value while strong and weak, the value held by JS.
function counting(m, label, name, slot) {
  const value = kinds[name](m, slot);
  const s = m.makeRef(slot, value, 1);
  if (statusName(s) !== 'napi_ok') {
    console.log(`${label} ${name}: create ${statusName(s)}`);
    return false;
  }
  const same = () => (m.refOp(slot, GET).value === value ? 'same value' : `other value ${show(m.refOp(slot, GET).value)}`);
  const steps = [`create ok`, `strong: ${same()}`];
  for (const op of [REF, UNREF, UNREF]) {
    const r = m.refOp(slot, op);
    steps.push(`${op === REF ? 'ref' : 'unref'} ${statusName(r.status)} ${r.value}`);
  }
  steps.push(`weak: ${same()}`);
  steps.push(`unref at 0 ${statusName(m.refOp(slot, UNREF).status)}`);
  steps.push(`delete ${statusName(m.refOp(slot, DEL).status)}`);
  console.log(`${label} ${name}: ${steps.join(', ')}`);
  held.push(value); // collected values are the next part's business
  return true;
}

// A weak reference to a value nothing else holds, through a bounded loop
// of gc() and ticks; prints each change of what is observable, in order.
async function collecting(m, label, name, slot) {
  (() => {
    const value = kinds[name](m, slot);
    assert.strictEqual(m.makeRef(slot, value, 0), 0);
    if (name === 'object' || name === 'function') assert.strictEqual(m.addFinalizer(value, slot), 0);
  })();
  const seen = [];
  let last;
  const observe = (when) => {
    const v = m.refOp(slot, GET).value;
    const state = v === '<NULL>' ? 'value gone' : `value ${name === 'object' || name === 'function' || name === 'external' ? 'alive' : show(v)}`;
    const log = m.takeLog();
    if (state !== last) seen.push({ when, state });
    last = state;
    if (log) seen.push({ when, state: `finalizer ran (${log})` });
  };
  // Whether a collectible value is still there before any gc() is engine
  // timing (V8 keeps it until a collection; a refcounting engine frees it
  // as soon as the last holder lets go): only what follows is compared.
  if (!collectible.has(name)) observe('before gc');
  for (let i = 0; i < 10; i++) {
    gc();
    observe('after gc');
    await tick();
    observe('after tick');
  }
  console.log(`${label} ${name} weak: ${seen.map((s) => `${s.when}: ${s.state}`).join(', ')}`);
  assert.strictEqual(statusName(m.refOp(slot, DEL).status), 'napi_ok');
}

(async () => {
  for (const [label, file] of [['v8', 'refs_by_version'], ['v10', 'refs_by_version_v10'], ['experimental', 'refs_by_version_experimental']]) {
    const m = load(file);
    let slot = 0;
    const accepted = [];
    for (const name of Object.keys(kinds)) {
      if (counting(m, label, name, slot++)) accepted.push(name);
    }
    for (const name of accepted) await collecting(m, label, name, slot++);
  }
})();
