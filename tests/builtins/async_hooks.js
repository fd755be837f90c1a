// async_hooks: createHook's init/before/after/destroy for AsyncResource,
// timers, napi_async_init + napi_make_callback, callback scopes and async
// work; executionAsyncId/triggerAsyncId/executionAsyncResource inside them;
// AsyncResource's API; AsyncLocalStorage through timers, immediates,
// nextTick, promise reactions and a synchronous make_callback (not into an
// async work completion: Node 24 gives it none). A store across `await`:
// async_local_storage_await.js.
'use strict';
const path = require('path');
const ah = require('async_hooks');
const { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId, executionAsyncResource } = ah;
const addon = require(path.join(process.env.NABI_FIXTURE_DIR, 'node_api.node'));
const work = require(path.join(process.env.NABI_FIXTURE_DIR, 'async.node'));

console.log(Object.keys(ah).filter((k) => k !== 'asyncWrapProviders').sort().join(' '));

// Hook events, with ids made relative to the first one seen so the numbers
// do not depend on how many resources the runtime itself makes.
const events = [];
const destroyed = new Set();
const watched = new Set(['test', 'callback', 'scope', 'on', 'double', 'Timeout']);
const ids = new Map();
const rel = (id) => (ids.has(id) ? ids.get(id) : 'other');
const hook = createHook({
  init(id, type, trigger, resource) {
    if (!watched.has(type)) return;
    ids.set(id, `${type}#${ids.size}`);
    events.push(`init ${type} ${rel(id)} trigger=${rel(trigger)} resource=${typeof resource}`);
  },
  before(id) { if (ids.has(id)) events.push(`before ${rel(id)}`); },
  after(id) { if (ids.has(id)) events.push(`after ${rel(id)}`); },
  // Node runs destroy hooks later, from a queue: collected apart.
  destroy(id) { if (ids.has(id)) destroyed.add(rel(id)); },
});
console.log('enable returns the hook', hook.enable() === hook);

const top = executionAsyncId();
console.log('top-level', top > 0, triggerAsyncId() >= 0, typeof executionAsyncResource());

// AsyncResource
const r = new AsyncResource('test');
console.log('ids', r.asyncId() > top, r.triggerAsyncId() === top);
r.runInAsyncScope(function (a, b) {
  console.log('in scope', executionAsyncId() === r.asyncId(), triggerAsyncId() === top, executionAsyncResource() === r, this.x, a + b);
  const inner = new AsyncResource('test');
  console.log('inner trigger is the scope', inner.triggerAsyncId() === r.asyncId());
  inner.emitDestroy();
}, { x: 'this' }, 1, 2);
console.log('after scope', executionAsyncId() === top);
const bound = r.bind((v) => executionAsyncId() === r.asyncId() && v);
console.log('bound', bound('v'), bound.length);
const sbound = AsyncResource.bind(function named() { return executionAsyncId() !== top; });
console.log('static bind', sbound());
r.emitDestroy();
r.emitDestroy();
try {
  new AsyncResource(5);
} catch (e) {
  console.log(e.code, e.message);
}
const explicit = new AsyncResource('test', { triggerAsyncId: 42 });
console.log('explicit trigger', explicit.triggerAsyncId());

// napi_async_init + napi_make_callback, and a callback scope
let seen;
console.log('make_callback', addon.makeCallback(() => {
  seen = { id: executionAsyncId(), trigger: triggerAsyncId(), resource: typeof executionAsyncResource() };
  return 'ret';
}));
console.log('inside make_callback', seen.id !== top, seen.trigger === top, seen.resource);
console.log('callback scope', addon.callbackScope(() => executionAsyncId() !== top));
const recv = { name: 'recv' };
console.log('resource is the one given', addon.makeCallbackOn(recv, function () {
  return executionAsyncResource() === recv && this === recv;
}, true));
console.log('back at top', executionAsyncId() === top);
console.log(events.filter((e) => !/ Timeout#/.test(e)).join('\n'));
events.length = 0;

// AsyncLocalStorage
const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
console.log('outside', als.getStore());
const done = [];
als.run('A', () => {
  other.run('B', () => {
    console.log('nested', als.getStore(), other.getStore());
    als.exit(() => console.log('exit', als.getStore(), other.getStore()));
  });
  console.log('after nested', als.getStore(), other.getStore());
  setTimeout(() => done.push(`timeout ${als.getStore()}`), 1);
  setImmediate(() => done.push(`immediate ${als.getStore()}`));
  process.nextTick(() => done.push(`tick ${als.getStore()}`));
  Promise.resolve().then(() => done.push(`then ${als.getStore()}`));
  addon.makeCallback(() => done.push(`make_callback ${als.getStore()}`));
  const snap = AsyncLocalStorage.snapshot();
  const fn = AsyncLocalStorage.bind(() => als.getStore());
  als.run('C', () => done.push(`bind ${fn()} snapshot ${snap(() => als.getStore())} inner ${als.getStore()}`));
  work.double(21, 0).then((v) => done.push(`async work ${als.getStore()} ${v}`));
  // The completion itself runs with async ids but, in Node 24, without the
  // AsyncLocalStorage frame the work was created in.
  work.withCallback(() => done.push(`async work completion ${als.getStore()} ${executionAsyncId() !== top}`));
});
console.log('after run', als.getStore());
als.run('D', () => setTimeout(() => {
  done.push(`D timeout ${als.getStore()}`);
  als.enterWith('E');
  setTimeout(() => done.push(`enterWith ${als.getStore()}`), 1);
}, 2));

setTimeout(() => {
  console.log(done.sort().join('\n'));
  console.log('outside again', als.getStore());
  // Async work: init when created, before/after around complete, destroy when deleted.
  events.length = 0;
  work.double(1, 0).then(() => {
    setTimeout(() => {
      console.log(events.filter((e) => !/ Timeout#/.test(e)).join('\n'));
      console.log('destroyed', [...destroyed].filter((e) => !e.startsWith('Timeout')).sort().join(' '));
      hook.disable();
      events.length = 0;
      new AsyncResource('test');
      console.log('disabled: no events', events.length);
    }, 5);
  });
}, 50);
