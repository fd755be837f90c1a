// domain (legacy), as napi_make_callback needs it: a make_callback whose
// receiver has `domain` runs inside it, nested; what a domain schedules
// runs inside it; an exception thrown in a domain's make_callback goes to
// the domain's 'error' listeners, and timers, immediates and ticks go on.
'use strict';
const path = require('path');
const domain = require('domain');
const EventEmitter = require('events');
const addon = require(path.join(process.env.NABI_FIXTURE_DIR, 'node_api.node'));

console.log(Object.keys(domain).join(' '), process.domain, domain.active);
const d0 = domain.create();
console.log(d0 instanceof EventEmitter, d0.constructor.name, Object.keys(d0).join(' '));

// Without a domain, the exception reaches the caller.
try {
  addon.makeCallbackOn({}, () => {
    throw new Error('plain');
  });
} catch (e) {
  console.log('caught', e.message);
}

// run(): entered for the call and for what it schedules.
const scheduled = [];
const d = domain.create();
d.run(() => {
  console.log('in run', process.domain === d, domain.active === d);
  // (the timer and the immediate may run in either order, in Node too)
  setTimeout(() => scheduled.push(`timer ${process.domain === d}`), 1);
  setImmediate(() => scheduled.push(`immediate ${process.domain === d}`));
  process.nextTick(() => scheduled.push(`tick ${process.domain === d}`));
});
console.log('after run', process.domain);

// Nested make_callbacks each enter their receiver's domain.
setImmediate(() => {
  const [d1, d2, d3] = [domain.create(), domain.create(), domain.create()];
  addon.makeCallbackOn({ domain: d1 }, () => {
    console.log('level 1', process.domain === d1);
    addon.makeCallbackOn({ domain: d2 }, () => {
      console.log('level 2', process.domain === d2);
      addon.makeCallbackOn({ domain: d3 }, () => console.log('level 3', process.domain === d3));
      console.log('back in 2', process.domain === d2);
    });
    console.log('back in 1', process.domain === d1);
  });
  console.log('after nesting', process.domain);
});

// A throw inside a domain's make_callback is the domain's error.
const seen = [];
function throwIn(id) {
  const dd = domain.create();
  dd.on('error', (e) => {
    seen.push(`${id}: ${e.message} ${e.domain === dd} ${e.domainThrown}`);
  });
  addon.makeCallbackOn({ domain: dd }, () => {
    throw new Error(`thrown in domain ${id}`);
  });
  seen.push('unreachable');
}
setTimeout(() => {
  process.nextTick(throwIn, 'tick');
  setImmediate(throwIn, 'immediate');
  setTimeout(throwIn, 1, 'timeout');
  setTimeout(() => {
    console.log('in domain:', scheduled.sort().join(', '));
    console.log(seen.sort().join('\n'));
    console.log('domain after errors', process.domain);
    // bind and intercept
    const db = domain.create();
    const bound = db.bind((x) => process.domain === db && x);
    console.log('bind', bound(7));
    db.on('error', (e) => console.log('intercepted', e.message, e.domainThrown));
    db.intercept(() => console.log('not called'))(new Error('cb error'));
    db.intercept((v) => console.log('intercept value', v))(null, 'ok');
  }, 30);
}, 10);
