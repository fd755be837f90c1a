// Real npm addon packages, used through their package entries (their own JS
// loaders pick the .node file). Runs under node and nabi; every result is
// checked against a value computed here independently of the addon.
'use strict';
const assert = require('assert');
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
assert.ok(modules, 'set NABI_PACKAGES_DIR to the installed node_modules');
const load = createRequire(path.join(modules, '..', 'index.js'));

// ---- independent reference implementations ----
function crcTable(poly) {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
function crc(poly, bytes) {
  const t = crcTable(poly);
  let c = 0xffffffff;
  for (const b of bytes) c = t[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const text = 'The quick brown fox jumps over the lazy dog';
const bytes = Buffer.from(text);

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(`${name}: ok`);
  } catch (e) {
    results.push(`${name}: FAIL ${e && e.stack}`);
    process.exitCode = 1;
  }
}

(async () => {
  await check('@node-rs/crc32', () => {
    const { crc32, crc32c } = load('@node-rs/crc32');
    assert.strictEqual(crc32(bytes), crc(0xedb88320, bytes));
    assert.strictEqual(crc32c(bytes), crc(0x82f63b78, bytes));
    assert.strictEqual(crc32(text), 0x414fa339);
  });

  await check('@node-rs/xxhash', () => {
    const { xxh32, xxh64, xxh3 } = load('@node-rs/xxhash');
    // Published test vectors of the xxHash reference implementation.
    assert.strictEqual(xxh32(Buffer.alloc(0), 0), 0x02cc5d05);
    assert.strictEqual(xxh64(Buffer.alloc(0), 0n), 0xef46db3751d8e999n);
    assert.strictEqual(xxh3.xxh64(Buffer.alloc(0)), 0x2d06800538d394c2n);
    assert.strictEqual(xxh32('abc', 0), 0x32d153ff);
    assert.strictEqual(xxh64('abc', 0n), 0x44bc2cf5ad770999n);
  });

  await check('@napi-rs/snappy', async () => {
    const { compressSync, uncompressSync, compress, uncompress } = load('@napi-rs/snappy');
    const input = Buffer.from(text.repeat(50));
    const packed = compressSync(input);
    assert.ok(packed.length < input.length / 5, 'repetitive input compresses');
    assert.deepStrictEqual(Buffer.from(uncompressSync(packed)), input);
    const packedAsync = await compress(input);
    const back = await uncompress(packedAsync, { asBuffer: true });
    assert.ok(back.equals(input));
  });

  await check('bufferutil', () => {
    const bufferutil = load('bufferutil');
    const mask = Buffer.from([0x11, 0x22, 0x33, 0x44]);
    const source = Buffer.from('masking is xor with a 4-byte key');
    const expected = Buffer.from(source.map((b, i) => b ^ mask[i % 4]));
    const out = Buffer.alloc(source.length);
    bufferutil.mask(source, mask, out, 0, source.length);
    assert.ok(out.equals(expected));
    bufferutil.unmask(out, mask);
    assert.ok(out.equals(source));
  });

  await check('argon2', async () => {
    const argon2 = load('argon2');
    const hash = await argon2.hash('correct horse', { timeCost: 2, memoryCost: 4096, parallelism: 1 });
    assert.match(hash, /^\$argon2id\$v=19\$m=4096,t=2,p=1\$/);
    assert.strictEqual(await argon2.verify(hash, 'correct horse'), true);
    assert.strictEqual(await argon2.verify(hash, 'wrong horse'), false);
  });

  await check('lightningcss', () => {
    const { transform } = load('lightningcss');
    const { code } = transform({
      filename: 'a.css',
      code: Buffer.from('.a { color: #ff0000; margin: 0px 0px 0px 0px }'),
      minify: true,
    });
    assert.strictEqual(code.toString(), '.a{color:red;margin:0}');
  });

  // sharp: a node-addon-api (C++) addon over libvips, loaded from its
  // per-platform package; its instances are Duplex streams.
  await check('sharp', async () => {
    const sharp = load('sharp');
    const { Readable } = require('stream');
    const red = { r: 255, g: 0, b: 0 };
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: red } })
      .png()
      .toBuffer();
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.strictEqual(png.readUInt32BE(16), 64); // IHDR width
    assert.strictEqual(png.readUInt32BE(20), 48); // IHDR height
    const meta = await sharp(png).metadata();
    assert.deepStrictEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 64, 48, 3]);
    const { data, info } = await sharp(png).resize(16, 12).raw().toBuffer({ resolveWithObject: true });
    assert.deepStrictEqual([info.width, info.height, data.length], [16, 12, 16 * 12 * 3]);
    for (let i = 0; i < data.length; i += 3) assert.deepStrictEqual([data[i], data[i + 1], data[i + 2]], [255, 0, 0]);
    // Through streams: PNG bytes in, raw pixels out.
    const chunks = [];
    await new Promise((resolve, reject) => {
      Readable.from([png.subarray(0, 100), png.subarray(100)])
        .pipe(sharp().resize(8, 6).raw())
        .on('data', (c) => chunks.push(c))
        .on('error', reject)
        .on('end', resolve);
    });
    assert.strictEqual(Buffer.concat(chunks).length, 8 * 6 * 3);
    // A corrupt input is a rejected promise, not a crash.
    await assert.rejects(sharp(Buffer.from('not an image')).metadata(), /unsupported image format/);
  });

  // @parcel/watcher: native threads reporting file events back to JS
  // (threadsafe functions), and snapshots.
  await check('@parcel/watcher', async () => {
    const watcher = load('@parcel/watcher');
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-watch-'));
    try {
      const seen = new Set();
      let wake = null;
      const sub = await watcher.subscribe(dir, (err, events) => {
        if (err) throw err;
        for (const e of events) seen.add(`${e.type} ${path.basename(e.path)}`);
        if (wake) wake();
      });
      const until = async (what) => {
        const deadline = Date.now() + 10000;
        while (!seen.has(what) && Date.now() < deadline) {
          await new Promise((r) => { wake = r; setTimeout(r, 50); });
        }
        assert.ok(seen.has(what), `saw ${what}: ${[...seen]}`);
      };
      fs.writeFileSync(path.join(dir, 'a.txt'), 'x');
      await until('create a.txt');
      fs.unlinkSync(path.join(dir, 'a.txt'));
      await until('delete a.txt');
      await sub.unsubscribe();
      const snap = path.join(os.tmpdir(), `nabi-watch-${process.pid}.snap`);
      await watcher.writeSnapshot(dir, snap);
      fs.writeFileSync(path.join(dir, 'b.txt'), 'y');
      const since = await watcher.getEventsSince(dir, snap);
      fs.rmSync(snap);
      assert.deepStrictEqual(since.map((e) => `${e.type} ${path.basename(e.path)}`), ['create b.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const line of results) console.log(line);
})();
