// Buffer's static functions are ordinary functions in Node: `new` works
// on them (cbor-x allocates with `new Buffer.allocUnsafeSlow(n)`), their
// names and lengths are Node's, and they work detached from Buffer.
'use strict';
const names = ['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'from', 'concat', 'byteLength', 'compare', 'isBuffer', 'isEncoding'];
for (const name of names) {
  const fn = Buffer[name];
  let made;
  try {
    made = new fn(4);
    made = Buffer.isBuffer(made) ? `a Buffer of ${made.length}` : typeof made;
  } catch (e) {
    made = `${e.name}${e.code ? ` ${e.code}` : ''}`;
  }
  console.log(name, fn.name, fn.length, typeof fn.prototype, made);
}
const { from, alloc, concat } = Buffer;
console.log(from('abc').toString('hex'), alloc(2, 1), concat([from('a'), from('b')]).toString());
console.log(new Buffer.allocUnsafeSlow(8192).length, new Buffer.from([1, 2]) instanceof Buffer);
