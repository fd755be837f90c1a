// Event, EventTarget, AbortSignal and AbortController have Node's shape:
// state behind prototype getters (no own keys), Node's inspect output,
// onabort called in the order it was set among the listeners, and a
// custom inspect function given the depth left and the caller's options.
'use strict';
const util = require('util');

const e = new Event('x', { cancelable: true });
console.log(Object.getOwnPropertyNames(e), Object.keys(e), JSON.stringify(e));
console.log(util.inspect(e, { depth: -1 }), util.inspect({ e }, { depth: 0 }));
class MyEvent extends Event {}
console.log(util.inspect(new MyEvent('y')).replace(/timeStamp: [\d.]+/, 'timeStamp: <t>'));
console.log(typeof e.timeStamp, e.timeStamp >= 0 && e.timeStamp < 60000, e.isTrusted, e.eventPhase, e.composed, e.returnValue, e.srcElement, e.defaultPrevented);
e.preventDefault();
console.log(e.defaultPrevented, e.returnValue);
const plain = new Event('z');
plain.preventDefault();
console.log(plain.defaultPrevented);

const c = new AbortController();
console.log(c, c.signal, Object.keys(c), Object.keys(c.signal), Object.getOwnPropertyNames(c.signal));
console.log({ nested: { controller: c } }, util.inspect(c, { depth: 0 }));
c.abort('why');
console.log(c.signal, c.signal.reason, c.signal.aborted);
console.log(Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'onabort').enumerable, c.signal.onabort);
console.log(new EventTarget(), Object.keys(new EventTarget()));

// onabort's place among the listeners is where it was first set.
const order = [];
const c2 = new AbortController();
c2.signal.addEventListener('abort', () => order.push('first listener'));
c2.signal.onabort = () => order.push('onabort');
c2.signal.addEventListener('abort', () => order.push('second listener'));
c2.abort();
console.log(order);
const seen = [];
const c3 = new AbortController();
c3.signal.onabort = () => seen.push('removed');
c3.signal.onabort = null;
c3.signal.onabort = function (ev) {
  seen.push(this === c3.signal, ev.type, ev.target === c3.signal, ev.eventPhase);
};
c3.abort();
console.log(seen, c3.signal.onabort !== null);
console.log(AbortSignal.abort().aborted, AbortSignal.abort().reason.name, util.inspect(AbortSignal.abort()));

// A custom inspect function: the depth left, the caller's options.
class Custom {
  [util.inspect.custom](depth, options) {
    return `Custom(${depth}, ${options.depth}, ${options.stylize('s', 'special')})`;
  }
}
console.log(new Custom(), [new Custom()], { a: { b: new Custom() } }, util.inspect({ a: { b: { c: new Custom() } } }, { depth: 5 }));
class Returns {
  [util.inspect.custom](depth) {
    return { nested: { deep: { deeper: 1 } }, depth };
  }
}
console.log(new Returns(), { x: new Returns() });
