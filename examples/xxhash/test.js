'use strict';
// The @node-rs/xxhash API against xxHash's reference values. Runs under
// Node, Bun, Deno and nabi: NABI_ADDON is the built .node file.
const assert = require('assert');
const { xxh32, xxh64, Xxh32, Xxh64, xxh3 } = require(process.env.NABI_ADDON);

// Reference values (xxHash's sanity checks, seed 0)
assert.strictEqual(xxh32(''), 0x02cc5d05);
assert.strictEqual(xxh32('abc'), 0x32d153ff);
assert.strictEqual(xxh64(''), 0xef46db3751d8e999n);
assert.strictEqual(xxh64('abc'), 0x44bc2cf5ad770999n);
assert.strictEqual(xxh3.xxh64(''), 0x2d06800538d394c2n);
assert.strictEqual(xxh3.xxh64('abc'), 0x78af5f94892f3950n);
assert.strictEqual(xxh3.xxh128(''), 0x99aa06d3014798d86001c324468d497fn);

// string, Buffer, Uint8Array, ArrayBuffer and DataView give the same hash
const text = 'The quick brown fox jumps over the lazy dog';
const bytes = new TextEncoder().encode(text);
for (const input of [text, Buffer.from(text), bytes, bytes.buffer, new DataView(bytes.buffer)]) {
  assert.strictEqual(xxh32(input), xxh32(text));
  assert.strictEqual(xxh64(input), xxh64(text));
  assert.strictEqual(xxh3.xxh128(input), xxh3.xxh128(text));
}
assert.throws(() => xxh32(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });

// seeds: number for 32-bit, bigint for 64-bit
assert.notStrictEqual(xxh32(text, 1), xxh32(text));
assert.notStrictEqual(xxh64(text, 1n), xxh64(text));
assert.strictEqual(xxh64(text, 0n), xxh64(text));
assert.strictEqual(typeof xxh3.xxh64(text, 2n ** 64n - 1n), 'bigint');
assert.throws(() => xxh64(text, 2n ** 64n), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => xxh32(text, -1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });

// streaming equals one-shot; update() returns the receiver
{
  const h = new Xxh32(7);
  assert.strictEqual(h.update('The quick ').update(Buffer.from('brown fox ')), h);
  h.update('jumps over the lazy dog');
  assert.strictEqual(h.digest(), xxh32(text, 7));
  h.reset();
  assert.strictEqual(h.update(text).digest(), xxh32(text, 7));
  h.reset(9);
  assert.strictEqual(h.update(text).digest(), xxh32(text, 9));
}
{
  const h = new Xxh64(5n);
  assert.strictEqual(h.update(text.slice(0, 10)).update(text.slice(10)).digest(), xxh64(text, 5n));
  h.reset(6n);
  assert.strictEqual(h.update(text).digest(), xxh64(text, 6n));
  assert.strictEqual(new Xxh64().update(text).digest(), xxh64(text));
}
{
  const h = xxh3.Xxh3.withSeed(3n);
  assert.ok(h instanceof xxh3.Xxh3);
  assert.strictEqual(h.update('The quick ').update('brown fox jumps over the lazy dog').digest(), xxh3.xxh64(text, 3n));
  h.reset();
  assert.strictEqual(h.update(text).digest(), xxh3.xxh64(text, 3n));
  assert.strictEqual(xxh3.Xxh3.withSeed().update('abc').digest(), 0x78af5f94892f3950n);
  assert.throws(() => new xxh3.Xxh3(), TypeError);
}

// secrets: too short is a RangeError, never a crash
{
  const secret = new Uint8Array(192).map((_, i) => (i * 7 + 3) & 0xff);
  const a = xxh3.xxh64WithSecret(text, secret);
  assert.strictEqual(typeof a, 'bigint');
  assert.notStrictEqual(a, xxh3.xxh64(text));
  assert.strictEqual(xxh3.Xxh3.withSecret(secret).update(text).digest(), a);
  assert.strictEqual(typeof xxh3.xxh128WithSecret(text, secret), 'bigint');
  assert.throws(() => xxh3.xxh64WithSecret(text, new Uint8Array(10)), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => xxh3.xxh128WithSecret(text, new Uint8Array(135)), RangeError);
  assert.throws(() => xxh3.Xxh3.withSecret(new Uint8Array(10)), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
}

console.log('xxhash: ok');
