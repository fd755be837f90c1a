// `err.stack` as V8 writes it: `Name: message`, then `    at …` frames; the
// header is formatted when the stack is first read (so a name set before
// that shows), and `stack` stays out of the error's enumerable keys.
'use strict';
const head = (e) => {
  const [first, second] = e.stack.split('\n');
  return `${first} | then frames: ${/^    at /.test(second)}`;
};
console.log(head(new Error('plain')));
console.log(head(new RangeError('range')));
try {
  null.x;
} catch (e) {
  console.log(e.stack.startsWith(`TypeError: ${e.message}\n    at `));
}
class MyError extends Error {
  constructor(m) {
    super(m);
    this.name = 'MyError';
  }
}
console.log(head(new MyError('custom')));
const late = new Error('late');
late.name = 'Renamed';
console.log(head(late), Object.keys(late));
const read = new Error('read first');
const before = read.stack;
read.name = 'Changed';
console.log(read.stack === before, read.stack.split('\n')[0]);
const o = { name: 'Target', message: 'captured' };
Error.captureStackTrace(o);
console.log(head(o));
const assigned = new Error('assigned');
assigned.stack = 'replaced';
console.log(assigned.stack, Object.keys(assigned));
const noMessage = new TypeError();
console.log(noMessage.stack.split('\n')[0]);
