'use strict';
// The @node-rs/bcrypt 1.x API against bcrypt's reference hashes. Runs under
// Node, Bun, Deno and nabi: NABI_ADDON is the built .node file.
const assert = require('assert');
const bcrypt = require(process.env.NABI_ADDON);
const { DEFAULT_COST, genSalt, genSaltSync, hash, hashSync, verify, verifySync, compare, compareSync } = bcrypt;

(async () => {
  assert.strictEqual(DEFAULT_COST, 12);
  assert.strictEqual(compare, verify);
  assert.strictEqual(compareSync, verifySync);

  // Reference hashes (OpenBSD's bcrypt test vectors)
  const vectors = [
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
    ['U*U*U', '$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a'],
    ['', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy'],
  ];
  for (const [pw, h] of vectors) {
    assert.strictEqual(verifySync(pw, h), true, `${pw} ${h}`);
    assert.strictEqual(verifySync(pw + 'x', h), false);
    assert.strictEqual(await verify(Buffer.from(pw), Buffer.from(h)), true);
    // the same hash under the 2b prefix
    assert.strictEqual(verifySync(pw, h.replace('$2a$', '$2b$')), true);
  }
  // malformed hashes match nothing
  assert.strictEqual(verifySync('x', 'not a hash'), false);
  assert.strictEqual(await verify('x', '$2b$99$xx'), false);
  assert.strictEqual(verifySync('x', new Uint8Array([0xff, 0xfe])), false);

  // salts: `$2b$10$` and 22 characters of bcrypt's base64
  const salt = genSaltSync(10);
  assert.match(salt, /^\$2b\$10\$[./A-Za-z0-9]{22}$/);
  assert.notStrictEqual(genSaltSync(10), salt);
  assert.match(genSaltSync(4, '2a'), /^\$2a\$04\$/);
  assert.match(await genSalt(31, '2y'), /^\$2y\$31\$/);
  assert.throws(() => genSaltSync(3), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => genSaltSync(10, '3a'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  await assert.rejects(genSalt(32), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });

  // hash: fixed salt bytes are deterministic; the result verifies
  const saltBytes = new Uint8Array(16).map((_, i) => i * 13);
  const h1 = hashSync('correct horse', 4, saltBytes);
  assert.match(h1, /^\$2b\$04\$.{53}$/);
  assert.strictEqual(hashSync(Buffer.from('correct horse'), 4, Buffer.from(saltBytes)), h1);
  assert.strictEqual(await hash('correct horse', 4, saltBytes), h1);
  assert.strictEqual(verifySync('correct horse', h1), true);
  assert.strictEqual(await compare('correct horse', h1), true);
  assert.strictEqual(await verify('wrong horse', h1), false);
  const h2 = await hash('pw', 5);
  assert.match(h2, /^\$2b\$05\$/);
  assert.notStrictEqual(await hash('pw', 5), h2);
  assert.ok(verifySync('pw', h2));
  assert.match(hashSync('pw', null, null), /^\$2b\$12\$/);

  // errors: Node's codes, and a rejected promise for async argument errors thrown synchronously
  assert.throws(() => hashSync('pw', 3), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => hashSync('pw', 4, new Uint8Array(15)), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => hashSync(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => hashSync('pw', 'ten'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  await assert.rejects(hash('pw', 40), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => hash('pw', 4, null, { aborted: false }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });

  // AbortSignal: aborted before, or while the hash runs
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(hash('pw', 4, null, pre.signal), { name: 'AbortError', code: 'ABORT_ERR' });
  const mid = new AbortController();
  const slow = hash('pw', 14, null, mid.signal);
  setTimeout(() => mid.abort(), 5);
  await assert.rejects(slow, { name: 'AbortError' });
  // a long-lived signal across many calls collects no listeners
  const warnings = [];
  process.on('warning', (w) => warnings.push(w.name));
  const keep = new AbortController();
  for (let i = 0; i < 20; i++) assert.strictEqual(await verify('U*U', vectors[0][1], keep.signal), true);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepStrictEqual(warnings, []);

  console.log('bcrypt: ok');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
