// node:diagnostics_channel — named channels that publish to subscribers,
// stores bound to them (AsyncLocalStorage), and TracingChannel's five
// channels around sync, promise and callback work. nabi's own built-ins
// publish on no channel yet.
'use strict';

const { errors } = internals;

// One Channel per name while the process lives (Node keeps a weak cache;
// a held channel is the same object either way).
const channels = new Map();

function validateFunction(fn, name) {
  if (typeof fn !== 'function') throw errors.invalidArgType(name, 'of type function', fn);
}

// A throwing subscriber or transform does not stop the others: its error is
// raised as an uncaught exception on the next tick, as in Node.
function raiseLater(err) {
  process.nextTick(() => {
    throw err;
  });
}

class Channel {
  constructor(name) {
    this._subscribers = [];
    this._stores = new Map();
    this.name = name;
    channels.set(name, this);
  }
  get hasSubscribers() {
    return this._subscribers.length > 0 || this._stores.size > 0;
  }
  subscribe(subscription) {
    validateFunction(subscription, 'subscription');
    this._subscribers = [...this._subscribers, subscription];
  }
  unsubscribe(subscription) {
    const i = this._subscribers.indexOf(subscription);
    if (i === -1) return false;
    this._subscribers = this._subscribers.filter((_, k) => k !== i);
    return true;
  }
  bindStore(store, transform) {
    this._stores.set(store, transform);
  }
  unbindStore(store) {
    return this._stores.delete(store);
  }
  publish(data) {
    // Subscribing or unsubscribing while publishing affects the next publish.
    for (const fn of this._subscribers) {
      try {
        fn(data, this.name);
      } catch (err) {
        raiseLater(err);
      }
    }
  }
  runStores(data, fn, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const [store, transform] of this._stores) {
      const next = run;
      run = () => {
        let context;
        try {
          context = transform === undefined ? data : transform(data);
        } catch (err) {
          raiseLater(err);
          return next();
        }
        return store.run(context, next);
      };
    }
    return run();
  }
}

function channel(name) {
  const found = channels.get(name);
  if (found) return found;
  if (typeof name !== 'string' && typeof name !== 'symbol') throw errors.invalidArgType('channel', 'one of type string or symbol', name);
  return new Channel(name);
}

const subscribe = (name, subscription) => channel(name).subscribe(subscription);
const unsubscribe = (name, subscription) => channel(name).unsubscribe(subscription);
const hasSubscribers = (name) => {
  const ch = channels.get(name);
  return ch ? ch.hasSubscribers : false;
};

const traceEvents = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

class TracingChannel {
  constructor(nameOrChannels) {
    for (const event of traceEvents) {
      let ch;
      if (typeof nameOrChannels === 'string') {
        ch = channel(`tracing:${nameOrChannels}:${event}`);
      } else if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
        ch = nameOrChannels[event];
        if (!(ch instanceof Channel)) throw errors.invalidArgType(`nameOrChannels.${event}`, 'an instance of Channel', ch);
      } else {
        throw errors.invalidArgType('nameOrChannels', 'of type string or an instance of TracingChannel or Object', nameOrChannels);
      }
      Object.defineProperty(this, event, { value: ch, enumerable: false });
    }
  }
  get hasSubscribers() {
    return traceEvents.some((e) => this[e].hasSubscribers);
  }
  subscribe(handlers) {
    for (const e of traceEvents) if (handlers[e]) this[e].subscribe(handlers[e]);
  }
  unsubscribe(handlers) {
    let done = true;
    for (const e of traceEvents) if (handlers[e] && !this[e].unsubscribe(handlers[e])) done = false;
    return done;
  }
  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, error } = this;
    return start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const resolve = (result) => {
      context.result = result;
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return result;
    };
    const reject = (err) => {
      context.error = err;
      error.publish(context);
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return Promise.reject(err);
    };
    return start.runStores(context, () => {
      try {
        const promise = Reflect.apply(fn, thisArg, args);
        return Promise.resolve(promise).then(resolve, reject);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const callback = args.at(position);
    validateFunction(callback, 'callback');
    function wrapped(err, res) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = res;
      }
      return asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback, this, arguments);
        } finally {
          asyncEnd.publish(context);
        }
      });
    }
    args.splice(position, 1, wrapped);
    return start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
}

const tracingChannel = (nameOrChannels) => new TracingChannel(nameOrChannels);

module.exports = { channel, hasSubscribers, subscribe, tracingChannel, unsubscribe, Channel };
