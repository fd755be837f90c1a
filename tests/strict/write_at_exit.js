// The addon keeps a Buffer's data pointer, JS transfers the Buffer's
// ArrayBuffer, and the addon writes through the kept pointer with no
// Node-API call on a buffer after it: strict mode finds the write at exit,
// or with NABI_EVICT when more detached memory (72 MiB, above the 64 MiB
// kept) pushes it out. Another addon (NABI_OTHER) is loaded first, so its
// env is the runtime's first.
if (process.env.NABI_OTHER) require(process.env.NABI_OTHER);
const a = require(process.env.NABI_FIXTURE);
const ab = new ArrayBuffer(4);
a.hold(Buffer.from(ab));
ab.transfer();
a.scribble();
if (process.env.NABI_EVICT) {
  for (let i = 0; i < 9; i++) a.make(8 << 20).transfer();
  console.log('evicted');
}
console.log('continued');
