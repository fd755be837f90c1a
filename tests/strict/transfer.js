// The addon keeps a Buffer's data pointer; JS transfers the Buffer's
// ArrayBuffer (the new buffer must keep its bytes); the addon then writes
// through the kept pointer and asks for the info of the old Buffer.
const a = require(process.env.NABI_FIXTURE);
const b = Buffer.from([1, 2, 3, 4]);
const ab = new ArrayBuffer(4);
const view = Buffer.from(ab);
view.set([1, 2, 3, 4]);
a.hold(view);
const moved = new Uint8Array(ab.transfer());
console.log(`transferred ${[...moved].join(',')}, old detached ${ab.detached}`);
console.log(`status=${a.poke(view)}`);
console.log(`new buffer untouched ${[...moved].join(',')}`);
console.log(`other buffer ${[...b].join(',')}`);
console.log('continued');
