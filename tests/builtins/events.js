// node:events under node and nabi: the EventEmitter shape packages rely on.
'use strict';
const EventEmitter = require('node:events');
const { once, on, errorMonitor, getEventListeners } = EventEmitter;
const util = require('node:util');

const log = (...a) => console.log(...a);

// The pre-class pattern: EventEmitter.call(this) + util.inherits.
function Legacy(name) {
  EventEmitter.call(this);
  this.name = name;
}
util.inherits(Legacy, EventEmitter);
const legacy = new Legacy('old');
legacy.on('ping', function (x) { log('legacy ping', this.name, x); });
log('legacy emit', legacy.emit('ping', 1), legacy instanceof EventEmitter);

// _events holds a function for one listener, an array for more.
const e = new EventEmitter();
const a = () => log('a');
const b = () => log('b');
e.on('x', a);
log('one listener is a function:', typeof e._events.x, e._eventsCount);
e.on('x', b);
log('two are an array:', Array.isArray(e._events.x), e._events.x.length);
e.prependListener('x', () => log('first'));
e.emit('x');
e.removeListener('x', a);
e.removeListener('x', b);
log('back to a function:', typeof e._events.x, e.listenerCount('x'));
log('eventNames', e.eventNames());

// once, prependOnceListener, rawListeners vs listeners.
const o = new EventEmitter();
const onceFn = (v) => log('once', v);
o.once('y', onceFn);
o.prependOnceListener('y', (v) => log('prepended once', v));
log('listeners unwrap:', o.listeners('y')[1] === onceFn, 'raw wraps:', o.rawListeners('y')[1] !== onceFn);
o.emit('y', 1);
o.emit('y', 2);
log('after once:', o.listenerCount('y'));

// A listener added during emit does not run in that emit; one removed does.
const m = new EventEmitter();
m.on('z', () => { log('z1'); m.on('z', () => log('z late')); });
m.on('z', function second() { log('z2'); });
m.emit('z');
log('z count', m.listenerCount('z'));

// newListener / removeListener events.
const n = new EventEmitter();
n.on('newListener', (name) => log('newListener', String(name)));
n.on('removeListener', (name) => log('removeListener', String(name)));
const h = () => {};
n.on('q', h);
n.off('q', h);
n.removeAllListeners();
log('after removeAll', n.eventNames());

// Errors.
const err = new EventEmitter();
try { err.emit('error', new Error('boom')); } catch (x) { log('thrown', x.message); }
try { err.emit('error', 'text'); } catch (x) { log('thrown', x.code, x.message, x.context); }
try { err.emit('error'); } catch (x) { log('thrown', x.code, x.message); }
err.on(errorMonitor, (x) => log('monitor saw', x.message));
err.on('error', (x) => log('handled', x.message));
err.emit('error', new Error('seen'));
try { err.on('x', 5); } catch (x) { log(x.code, x.message); }
try { err.setMaxListeners(-1); } catch (x) { log(x.code, x.message); }
try { err.setMaxListeners('x'); } catch (x) { log(x.code, x.message); }
try { EventEmitter.defaultMaxListeners = NaN; } catch (x) { log(x.code, x.message); }
log('max', err.getMaxListeners(), EventEmitter.defaultMaxListeners);

// listenerCount with a listener, static helpers.
const c = new EventEmitter();
const l1 = () => {};
c.on('k', l1).on('k', l1).on('k', () => {});
log('counts', c.listenerCount('k'), c.listenerCount('k', l1), EventEmitter.listenerCount(c, 'k'));
log('getEventListeners', getEventListeners(c, 'k').length);

// Subclassing with class syntax.
class Sub extends EventEmitter {
  constructor() { super(); this.tag = 'sub'; }
}
const s = new Sub();
s.on('hi', function () { log('sub hi', this.tag); });
s.emit('hi');

// captureRejections: a rejected async listener becomes an 'error' event.
const cap = new EventEmitter({ captureRejections: true });
cap.on('work', async () => { throw new Error('async fail'); });
cap.on('error', (x) => log('captured', x.message));
cap.emit('work');

(async () => {
  // events.once resolves with the arguments; rejects on 'error'.
  const w = new EventEmitter();
  setTimeout(() => w.emit('ready', 1, 2), 1);
  log('once resolved', await once(w, 'ready'));
  setTimeout(() => w.emit('error', new Error('nope')), 1);
  try { await once(w, 'never'); } catch (x) { log('once rejected', x.message); }
  log('once cleaned up', w.listenerCount('never'), w.listenerCount('error'));

  // events.on: an async iterator of events.
  const it = new EventEmitter();
  setTimeout(() => { it.emit('tick', 1); it.emit('tick', 2); it.emit('tick', 3); }, 1);
  const got = [];
  for await (const [v] of on(it, 'tick')) {
    got.push(v);
    if (got.length === 3) break;
  }
  log('on collected', got, 'listeners left', it.listenerCount('tick'));
  await new Promise((r) => setTimeout(r, 5));
  log('done');
})();
