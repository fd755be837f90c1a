'use strict';
// node:domain, the deprecated module, as far as code meeting Node-API needs
// it: a domain is entered for a run, for what is scheduled inside it
// (timers, immediates, ticks, async resources: through an async hook), and
// for a napi_make_callback whose receiver carries `domain`; an exception
// nothing caught while one is entered goes to its 'error' listeners.

const EventEmitter = internals.requireBuiltin('events');
const { createHook } = internals.requireBuiltin('async_hooks');

const stack = [];

class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
  }
  enter() {
    exports.active = process.domain = this;
    stack.push(this);
  }
  exit() {
    const i = stack.lastIndexOf(this);
    if (i === -1) return;
    stack.splice(i);
    // Node leaves undefined (not null) once the stack is empty.
    exports.active = process.domain = stack[stack.length - 1];
  }
  // As in Node, no try/finally: a throw leaves the domain entered, so the
  // uncaught-exception handler finds it.
  run(fn, ...args) {
    this.enter();
    const ret = Reflect.apply(fn, this, args);
    this.exit();
    return ret;
  }
  add(ee) {
    if (ee.domain === this) return;
    if (ee.domain) ee.domain.remove(ee);
    ee.domain = this;
    this.members.push(ee);
  }
  remove(ee) {
    ee.domain = null;
    const i = this.members.indexOf(ee);
    if (i !== -1) this.members.splice(i, 1);
  }
  bind(fn) {
    const domain = this;
    return function (...args) {
      return domain.run(() => Reflect.apply(fn, this, args));
    };
  }
  intercept(fn) {
    const domain = this;
    return function (err, ...args) {
      if (err) {
        if (typeof err === 'object') {
          err.domain = domain;
          err.domainBound = fn;
          err.domainThrown = false;
        }
        domain.emit('error', err);
        return undefined;
      }
      return domain.run(() => Reflect.apply(fn, this, args));
    };
  }
}

const create = () => new Domain();
Object.assign(exports, { _stack: stack, Domain, createDomain: create, create, active: null });
process.domain = null;

// What is scheduled inside a domain runs inside it.
const owners = new Map(); // async id → domain
createHook({
  init(id) {
    if (process.domain) owners.set(id, process.domain);
  },
  before(id) {
    const d = owners.get(id);
    if (d !== undefined) d.enter();
  },
  after(id) {
    const d = owners.get(id);
    if (d !== undefined) d.exit();
  },
  destroy(id) {
    owners.delete(id);
  },
}).enable();

internals.domainEnter = (recv) => {
  const d = typeof recv === 'object' || typeof recv === 'function' ? recv.domain : undefined;
  if (!(d instanceof Domain)) return undefined;
  d.enter();
  return d;
};

// An uncaught exception inside a domain with 'error' listeners is the
// domain's; afterwards no domain is entered (the tick ended).
internals.domainError = (err) => {
  const d = process.domain;
  if (!d || d.listenerCount('error') === 0) return false;
  if (typeof err === 'object' && err !== null) {
    err.domain = d;
    err.domainThrown = true;
  }
  stack.length = 0;
  exports.active = process.domain = null;
  d.emit('error', err);
  return true;
};
