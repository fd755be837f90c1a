// async_hooks and promises. AsyncLocalStorage: a reaction (then, catch,
// finally, Promise.all/race/allSettled/any) runs in the frame of the call
// that registered it, a thenable's `then` in the frame the promise it
// resolves was made in; run/exit/enterWith/snapshot/bind inside them.
// createHook: PROMISE resources (init with the parent promise as trigger,
// before/after around a then-callback with executionAsyncId the promise
// `then` made, promiseResolve on fulfilment), and none once disabled.
// A store across `await` is tested in async_local_storage_await.js. Not
// here, because nabi does not do it yet: promiseResolve for a promise
// rejected other than by a throwing reaction (QuickJS-ng reports
// fulfilment only).
'use strict';
const { AsyncLocalStorage, createHook, executionAsyncId, triggerAsyncId } = require('async_hooks');

const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
const out = [];
const log = (what) => out.push(`${what}: ${als.getStore()} ${other.getStore()}`);

als.run('A', () => {
  const p = Promise.resolve(1);
  p.then(() => log('then'));
  Promise.reject(new Error('x')).catch(() => log('catch'));
  p.finally(() => log('finally'));
  p.then(() => log('chained 1')).then(() => log('chained 2'));
  Promise.all([p, 2]).then(() => log('all'));
  Promise.race([p, new Promise(() => {})]).then(() => log('race'));
  Promise.allSettled([p]).then(() => log('allSettled'));
  Promise.any([p]).then(() => log('any'));
  new Promise((resolve) => setTimeout(resolve, 1)).then(() => log('timer-resolved'));
  const thenable = { then(resolve) { log('thenable'); resolve(); } };
  Promise.resolve(thenable).then(() => log('after thenable'));
  p.then(() => other.run('B', () => {
    log('run inside then');
    return Promise.resolve().then(() => log('then inside run inside then'));
  })).then(() => log('after run inside then'));
  p.then(() => als.exit(() => log('exit inside then')));
  p.then(() => {
    als.enterWith('E');
    log('enterWith inside then');
  }).then(() => log('next after enterWith'));
});
// Registered outside any run, resolved inside one: the outside frame.
let resolveLater;
new Promise((r) => { resolveLater = r; }).then(() => log('registered outside'));
als.run('R', () => resolveLater());
const snap = als.run('S', () => AsyncLocalStorage.snapshot());
const bound = als.run('S', () => AsyncLocalStorage.bind(() => log('bound')));
Promise.resolve().then(() => snap(() => log('snapshot in then')));
Promise.resolve().then(bound);
Promise.resolve().then(() => log('top-level then'));

// async functions and generators before their first await run in the
// caller's frame.
als.run('F', () => {
  (async () => {
    log('async fn before await');
  })();
  (async function* gen() {
    log('async generator before await');
    yield 1;
  })().next().then(() => log('then on async generator next'));
});

setTimeout(() => {
  console.log(out.sort().join('\n'));
  console.log('outside', als.getStore());
  hooks();
}, 20);

function hooks() {
  const top = executionAsyncId();
  const names = new Map();
  const rel = (id) => names.get(id) ?? (id === top ? 'top' : 'other');
  const events = [];
  const hook = createHook({
    init(id, type, trigger, resource) {
      if (type !== 'PROMISE') return;
      names.set(id, `P${names.size}`);
      events.push(`init ${rel(id)} ${type} trigger=${rel(trigger)} exec=${rel(executionAsyncId())} ${resource instanceof Promise}`);
    },
    before(id) { if (names.has(id)) events.push(`before ${rel(id)}`); },
    after(id) { if (names.has(id)) events.push(`after ${rel(id)}`); },
    promiseResolve(id) { if (names.has(id)) events.push(`promiseResolve ${rel(id)}`); },
  }).enable();
  const p0 = new Promise((r) => r('v'));
  const p1 = p0.then(() => {
    events.push(`in then exec=${rel(executionAsyncId())} trigger=${rel(triggerAsyncId())}`);
    throw new Error('x');
  });
  p1.catch(() => {
    events.push(`in catch exec=${rel(executionAsyncId())} trigger=${rel(triggerAsyncId())}`);
    return 'primitive';
  }).then(() => ({ an: 'object' })).then(() => {
    hook.disable();
    console.log(events.join('\n'));
    events.length = 0;
    Promise.resolve().then(() => {
      console.log('disabled: no events', events.length);
    });
  });
}
