// diagnostics_channel: channels, subscribers, bound stores and
// TracingChannel's events around sync, promise and callback work.
'use strict';
const dc = require('diagnostics_channel');
const { AsyncLocalStorage } = require('async_hooks');

console.log(Object.keys(dc).sort().join(), require('node:diagnostics_channel') === dc);
const a = dc.channel('a');
console.log(a === dc.channel('a'), a instanceof dc.Channel, a.name, a.hasSubscribers, dc.hasSubscribers('a'), dc.hasSubscribers('never'));
const sym = Symbol('s');
console.log(dc.channel(sym).name === sym);
for (const bad of [1, null, {}]) {
  try {
    dc.channel(bad);
  } catch (e) {
    console.log('channel', e.name, e.code, e.message);
  }
}
try {
  a.subscribe('x');
} catch (e) {
  console.log('subscribe', e.name, e.code, e.message);
}

a.publish('nobody listens');
const log = [];
const first = (msg, name) => log.push(`first ${msg} ${name}`);
const second = (msg) => log.push(`second ${msg}`);
a.subscribe(first);
dc.subscribe('a', second);
console.log('subscribed', a.hasSubscribers, dc.hasSubscribers('a'));
a.publish('m1');
console.log('unsubscribe', a.unsubscribe(first), a.unsubscribe(first), dc.unsubscribe('a', second), dc.unsubscribe('nope', second));
a.publish('m2');
console.log(log, a.hasSubscribers);

// A subscriber that subscribes another during a publish affects the next one.
const b = dc.channel('b');
const late = (m) => log.push(`late ${m}`);
b.subscribe(function once(m) {
  log.push(`once ${m}`);
  b.unsubscribe(once);
  b.subscribe(late);
});
b.publish(1);
b.publish(2);
console.log(log.slice(2));

// A throwing subscriber: the others still run; the error is uncaught later.
process.once('uncaughtException', (e) => console.log('uncaught', e.message));
const c = dc.channel('c');
c.subscribe(() => { throw new Error('subscriber failed'); });
c.subscribe((m) => console.log('after the throw', m));
c.publish('m');

// Stores: runStores publishes inside each store's run, with the transform.
const als = new AsyncLocalStorage();
const d = dc.channel('d');
console.log('runStores inactive', d.runStores('x', function (y) { return [this.t, y, als.getStore()]; }, { t: 1 }, 2));
d.bindStore(als, (data) => ({ wrapped: data }));
console.log('store makes it active', d.hasSubscribers);
d.subscribe((m) => console.log('published in store', m, als.getStore()));
console.log('runStores', JSON.stringify(d.runStores('x', function (y) { return [this.t, y, als.getStore()]; }, { t: 1 }, 2)));
console.log('unbind', d.unbindStore(als), d.unbindStore(als));

// TracingChannel.
const tc = dc.tracingChannel('work');
console.log('tracing names', tc.start.name, tc.end.name, tc.asyncStart.name, tc.asyncEnd.name, tc.error.name, tc.hasSubscribers);
console.log('untraced', tc.traceSync((x) => x * 2, {}, null, 21));
const events = [];
const handlers = {};
for (const e of ['start', 'end', 'asyncStart', 'asyncEnd', 'error']) {
  handlers[e] = (ctx) => events.push(`${e}:${ctx.id}:${'result' in ctx ? ctx.result : '-'}:${ctx.error ? ctx.error.message : '-'}`);
}
tc.subscribe(handlers);
console.log('subscribed', tc.hasSubscribers, dc.hasSubscribers('tracing:work:start'));
console.log('sync', tc.traceSync(function (x) { return this.k + x; }, { id: 's1' }, { k: 1 }, 2));
try {
  tc.traceSync(() => { throw new Error('sync boom'); }, { id: 's2' });
} catch (e) {
  console.log('sync threw', e.message);
}
console.log(events.splice(0));
const custom = dc.tracingChannel({ start: dc.channel('x1'), end: dc.channel('x2'), asyncStart: dc.channel('x3'), asyncEnd: dc.channel('x4'), error: dc.channel('x5') });
console.log('from channels', custom.start.name, custom.error.name);
try {
  dc.tracingChannel({ start: 1 });
} catch (e) {
  console.log('bad channels', e.name, e.code);
}

(async () => {
  console.log('promise', await tc.tracePromise(async (x) => x + 1, { id: 'p1' }, null, 1));
  try {
    await tc.tracePromise(async () => { throw new Error('async boom'); }, { id: 'p2' });
  } catch (e) {
    console.log('promise rejected', e.message);
  }
  console.log(events.splice(0));
  await new Promise((resolve) => {
    tc.traceCallback((x, cb) => setImmediate(() => cb(null, x * 3)), -1, { id: 'c1' }, null, 5, (err, v) => {
      console.log('callback', err, v);
      resolve();
    });
  });
  await new Promise((resolve) => {
    tc.traceCallback((cb) => cb(new Error('cb boom')), 0, { id: 'c2' }, null, (err) => {
      console.log('callback error', err.message);
      resolve();
    });
  });
  try {
    tc.traceCallback(() => {}, -1, {}, null, 'not a function');
  } catch (e) {
    console.log('bad callback', e.code);
  }
  console.log(events.splice(0));
  console.log('unsubscribe all', tc.unsubscribe(handlers), tc.unsubscribe(handlers), tc.hasSubscribers);
})();
