// Rust (napi-rs) addon packages from npm, each loaded through its package
// entry (its own loader picks the linux-x64-gnu binary from the
// per-platform optional dependency). Runs under node and nabi; every result
// is checked against a value computed here independently of the addon or
// a published test vector. One line per package; an argument runs only the
// packages whose name contains it.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { createRequire } = require('module');

// argon2's abort check below keeps libuv's pool busy with eight hashes:
// the pool must have its default four threads (libuv reads this when the
// pool starts, at the first async call).
process.env.UV_THREADPOOL_SIZE = '4';

const modules = process.env.NABI_PACKAGES_DIR;
assert.ok(modules, 'set NABI_PACKAGES_DIR to the installed node_modules');
const load = createRequire(path.join(modules, '..', 'index.js'));
const only = process.argv[2] || '';

const results = [];
async function check(name, fn) {
  if (!name.includes(only)) return;
  try {
    await fn();
    results.push(`${name}: ok`);
  } catch (e) {
    results.push(`${name}: FAIL ${e && e.stack}`);
    process.exitCode = 1;
  }
}

function tmpdir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nabi-${tag}-`));
}

// A PNG's size and RGBA pixels, decoded here (zlib inflate and the PNG
// filters), for 8-bit RGB/RGBA images.
function decodePng(png) {
  assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  let width, height, channels;
  const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.strictEqual(data[8], 8, 'bit depth');
      channels = { 2: 3, 6: 4 }[data[9]];
      assert.ok(channels, `colour type ${data[9]}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter];
      line[i] = (line[i] + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) {
        out[(y * width + x) * 4 + k] = k < channels ? line[x * channels + k] : 255;
      }
    }
    prev = line;
  }
  return { width, height, pixels: out };
}

// A ustar archive of [name, bytes] pairs, written here, and the entries of
// one, read here.
function tarOf(files) {
  const blocks = [];
  for (const [name, data] of files) {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.fill(' ', 148, 156);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    const sum = h.reduce((a, b) => a + b, 0);
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}
function tarEntries(buf) {
  const out = [];
  for (let off = 0; off + 512 <= buf.length && buf[off] !== 0;) {
    const field = (a, b) => buf.toString('latin1', off + a, off + b).replace(/\0[^]*$/, '').trim();
    const size = parseInt(field(124, 136), 8);
    if (field(156, 157) === '0' || field(156, 157) === '') {
      out.push([field(0, 100), buf.toString('utf8', off + 512, off + 512 + size)]);
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function base64url(buf) {
  return Buffer.from(buf).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

(async () => {
  // Argon2: the reference implementation's published vector (password
  // "password", salt "somesalt", t=2, m=64 MiB, p=4, 24 bytes).
  await check('@node-rs/argon2', async () => {
    const argon2 = load('@node-rs/argon2');
    const vector = {
      algorithm: 1, // Argon2i
      version: 1, // 0x13
      salt: Buffer.from('somesalt'),
      timeCost: 2,
      memoryCost: 65536,
      parallelism: 4,
      outputLen: 24,
    };
    assert.strictEqual(
      argon2.hashRawSync('password', vector).toString('hex'),
      '45d7ac72e76f242b20b77b9bf9bf9d5915894e669a24e6c6',
    );
    const encoded = '$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG';
    assert.strictEqual(await argon2.hash('password', vector), encoded);
    assert.strictEqual(await argon2.verify(encoded, 'password'), true);
    assert.strictEqual(argon2.verifySync(encoded, 'passwore'), false);
    const fresh = await argon2.hash(Buffer.from('correct horse'), { memoryCost: 1024, timeCost: 1 });
    assert.match(fresh, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.strictEqual(await argon2.verify(fresh, 'correct horse'), true);
    assert.deepStrictEqual(argon2.parseOptions(encoded), {
      algorithm: 1, version: 1, memoryCost: 65536, timeCost: 2, parallelism: 4, outputLen: 24, saltLen: 8,
    });
    // A bad argument is an Error thrown, a bad hash a rejection.
    assert.throws(() => argon2.hashSync('x', { memoryCost: 1 }), Error);
    await assert.rejects(argon2.verify('not a hash', 'x'), Error);
    // Aborting the signal of a hash still queued (the four threads of the
    // pool busy, and four more hashes queued before it) cancels its work
    // and rejects the promise. (Each takes a few hundred ms: the abort must
    // come before four end, even on a loaded machine; with only four busy,
    // a run under load once saw the hash start first.)
    // A first hash with a signal: napi-rs probes a signal with
    // napi_remove_wrap, which --napi-strict reports, and the first report
    // of a site (symbolizing its backtrace) can outlast the busy hashes.
    await argon2.hash('warm', { memoryCost: 1024, timeCost: 1 }, new AbortController().signal);
    const slow = { memoryCost: 16384, timeCost: 16 };
    const busy = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => argon2.hash(`busy ${i}`, slow));
    const ac = new AbortController();
    const queued = argon2.hash('x', slow, ac.signal);
    ac.abort();
    await assert.rejects(queued, /abort/i);
    for (const h of await Promise.all(busy)) assert.match(h, /^\$argon2id\$v=19\$m=16384,t=16,p=1\$/);
  });

  // bcrypt: vectors of the OpenBSD/jBCrypt test suite.
  await check('@node-rs/bcrypt', async () => {
    const bcrypt = load('@node-rs/bcrypt');
    const vectors = [
      ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
      ['a', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe'],
      ['abc', '$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i'],
    ];
    for (const [password, hash] of vectors) {
      assert.strictEqual(bcrypt.verifySync(password, hash), true, password);
      assert.strictEqual(bcrypt.verifySync(Buffer.from(password), Buffer.from(hash)), true, password);
      assert.strictEqual(await bcrypt.verify(password + '!', hash), false, password);
    }
    assert.strictEqual(await bcrypt.compare('abc', vectors[2][1]), true);
    assert.match(bcrypt.genSaltSync(5), /^\$2b\$05\$/);
    assert.match(await bcrypt.genSalt(6, '2a'), /^\$2a\$06\$/);
    const hashed = await bcrypt.hash('hunter2', 4);
    assert.match(hashed, /^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    assert.strictEqual(bcrypt.verifySync('hunter2', hashed), true);
    assert.strictEqual(bcrypt.verifySync('hunter3', bcrypt.hashSync('hunter2', 4)), false);
    assert.throws(() => bcrypt.hashSync('x', 40), /Cost needs to be between 4 and 31, got 40/);
  });

  // JSON Web Tokens: HS256/HS512 signatures recomputed with crypto's HMAC.
  await check('@node-rs/jsonwebtoken', async () => {
    const jwt = load('@node-rs/jsonwebtoken');
    const claims = { data: { name: 'Ada', admin: true, n: [1, 2] }, sub: 'user-1', exp: 4102444800 };
    const token = jwt.signSync(claims, 'secret');
    const [h, p, s] = token.split('.');
    assert.deepStrictEqual(JSON.parse(Buffer.from(h, 'base64url')), { typ: 'JWT', alg: 'HS256' });
    const { iat, ...rest } = JSON.parse(Buffer.from(p, 'base64url'));
    assert.deepStrictEqual(rest, claims);
    assert.ok(Math.abs(iat - Date.now() / 1000) < 60, `iat ${iat}`); // added by sign
    assert.strictEqual(s, base64url(crypto.createHmac('sha256', 'secret').update(`${h}.${p}`).digest()));
    const full = { ...claims, iat };
    assert.deepStrictEqual(await jwt.verify(token, 'secret'), full);
    assert.deepStrictEqual(jwt.verifySync(token, Buffer.from('secret')), full);
    await assert.rejects(jwt.verify(token, 'wrong'), /InvalidSignature/);
    const t512 = await jwt.sign({ data: {}, exp: 4102444800 }, 'k', { algorithm: jwt.Algorithm.HS512, keyId: 'key-7' });
    const [h2, p2, s2] = t512.split('.');
    assert.deepStrictEqual(JSON.parse(Buffer.from(h2, 'base64url')), { typ: 'JWT', alg: 'HS512', kid: 'key-7' });
    assert.strictEqual(s2, base64url(crypto.createHmac('sha512', 'k').update(`${h2}.${p2}`).digest()));
    const expired = jwt.signSync({ data: {}, exp: 1000 }, 'secret');
    assert.throws(() => jwt.verifySync(expired, 'secret'), /ExpiredSignature/);
  });

  // jieba: the segmentations of jieba's own documentation.
  await check('@node-rs/jieba', async () => {
    const { Jieba } = load('@node-rs/jieba');
    const { dict } = load('@node-rs/jieba/dict');
    const jieba = Jieba.withDict(dict);
    assert.deepStrictEqual(jieba.cut('我来到北京清华大学', false), ['我', '来到', '北京', '清华大学']);
    const all = jieba.cutAll('我来到北京清华大学');
    for (const w of ['我', '来到', '北京', '清华', '清华大学', '华大', '大学']) assert.ok(all.includes(w), w);
    assert.ok(all.every((w) => '我来到北京清华大学'.includes(w)));
    assert.deepStrictEqual(await jieba.cutAsync(Buffer.from('他来到了网易杭研大厦'), true), [
      '他', '来到', '了', '网易', '杭研', '大厦',
    ]);
    assert.deepStrictEqual(jieba.tag('我爱北京'), [
      { word: '我', tag: 'r' },
      { word: '爱', tag: 'v' },
      { word: '北京', tag: 'ns' },
    ]);
    const own = new Jieba();
    own.loadDict(Buffer.from('中文 5 n\n'));
    assert.deepStrictEqual(own.cut('中文字', false), ['中文', '字']);
  });

  // BLAKE2 against OpenSSL's (crypto) and BLAKE3 against its published
  // vectors.
  await check('@napi-rs/blake-hash', async () => {
    const b = load('@napi-rs/blake-hash');
    const input = 'The quick brown fox jumps over the lazy dog';
    assert.strictEqual(b.blake2b(input).toString('hex'), crypto.createHash('blake2b512').update(input).digest('hex'));
    assert.strictEqual(b.blake2s(Buffer.from(input)).toString('hex'), crypto.createHash('blake2s256').update(input).digest('hex'));
    assert.strictEqual(b.blake3('').toString('hex'), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    assert.strictEqual(b.blake3('abc').toString('hex'), '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85');
    const hasher = new b.Blake3Hasher();
    hasher.update('a').update(Buffer.from('b')).update(new Uint8Array([0x63]));
    assert.strictEqual(hasher.digest('hex'), '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85');
    const h2 = new b.Blake2BHasher();
    h2.update(input.slice(0, 10)).update(input.slice(10));
    assert.strictEqual(h2.digestBuffer().toString('hex'), crypto.createHash('blake2b512').update(input).digest('hex'));
  });

  // LZMA/XZ: round trips, and a stream made by the xz command line tool.
  await check('@napi-rs/lzma', async () => {
    const { xz, lzma } = load('@napi-rs/lzma');
    const fromCli = Buffer.from(
      '/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQAMaGVsbG8gZnJvbSB4egAAAAClsxh2ZxStVwABJQ1xGcS2H7bzfQEAAAAABFla',
      'base64',
    );
    assert.strictEqual(xz.decompressSync(fromCli).toString(), 'hello from xz');
    assert.strictEqual((await xz.decompress(fromCli)).toString(), 'hello from xz');
    const text = 'nabi '.repeat(2000);
    const packed = xz.compressSync(text);
    assert.deepStrictEqual([...packed.subarray(0, 6)], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
    assert.strictEqual(xz.decompressSync(packed).toString(), text);
    const packedLzma = await lzma.compress(Buffer.from(text));
    assert.strictEqual((await lzma.decompress(packedLzma)).toString(), text);
    await assert.rejects(xz.decompress(Buffer.from('not xz at all')), Error);
  });

  // resvg: an SVG rendered to pixels and to a PNG decoded here.
  await check('@resvg/resvg-js', async () => {
    const { Resvg, renderAsync } = load('@resvg/resvg-js');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4">' +
      '<rect width="4" height="4" fill="#ff0000"/><rect x="4" width="4" height="4" fill="#0000ff"/></svg>';
    const opts = { font: { loadSystemFonts: false } };
    const r = new Resvg(svg, opts);
    assert.deepStrictEqual([r.width, r.height], [8, 4]);
    const img = r.render();
    assert.deepStrictEqual([img.width, img.height, img.pixels.length], [8, 4, 8 * 4 * 4]);
    const expected = Buffer.alloc(8 * 4 * 4);
    for (let i = 0; i < 32; i++) expected.set(i % 8 < 4 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
    assert.ok(img.pixels.equals(expected));
    const png = decodePng(img.asPng());
    assert.deepStrictEqual([png.width, png.height], [8, 4]);
    assert.ok(png.pixels.equals(expected));
    const scaled = await renderAsync(Buffer.from(svg), { ...opts, fitTo: { mode: 'width', value: 16 } });
    assert.deepStrictEqual([scaled.width, scaled.height], [16, 8]);
    assert.throws(() => new Resvg('<svg', opts), /SVG|xml|parse/i);
  });

  // oxc-parser: ESTree ASTs, syntax errors reported as data.
  await check('oxc-parser', async () => {
    const { parseSync, parse } = load('oxc-parser');
    const { program, errors } = parseSync('a.ts', 'const x: number = 1 + 2;\nexport { x };');
    assert.deepStrictEqual(errors, []);
    const decl = program.body[0];
    assert.strictEqual(decl.type, 'VariableDeclaration');
    assert.strictEqual(decl.declarations[0].id.name, 'x');
    assert.strictEqual(decl.declarations[0].init.type, 'BinaryExpression');
    assert.strictEqual(decl.declarations[0].init.right.value, 2);
    assert.strictEqual(program.body[1].type, 'ExportNamedDeclaration');
    const bad = await parse('b.js', 'let = = ;');
    assert.ok(bad.errors.length > 0);
    assert.strictEqual(bad.errors[0].severity, 'Error');
    const mod = parseSync('c.mjs', "import fs from 'fs'; export default 1;");
    assert.deepStrictEqual(mod.module.staticImports.map((i) => i.moduleRequest.value), ['fs']);
    assert.strictEqual(mod.module.hasModuleSyntax, true);
  });

  // oxc-resolver and its fork unrs-resolver: Node's resolution, as
  // require.resolve does it.
  for (const name of ['oxc-resolver', 'unrs-resolver']) {
    await check(name, async () => {
      const { ResolverFactory } = load(name);
      const dir = tmpdir('resolve');
      try {
        fs.mkdirSync(path.join(dir, 'node_modules/dep/lib'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'node_modules/dep/package.json'), '{"name":"dep","main":"lib/main.js"}');
        fs.writeFileSync(path.join(dir, 'node_modules/dep/lib/main.js'), '');
        fs.writeFileSync(path.join(dir, 'a.js'), '');
        const real = fs.realpathSync(dir);
        const resolver = new ResolverFactory({ extensions: ['.js', '.json'] });
        const want = createRequire(path.join(real, 'x.js'));
        assert.strictEqual(resolver.sync(real, './a').path, want.resolve('./a'));
        assert.strictEqual(resolver.sync(real, 'dep').path, want.resolve('dep'));
        assert.strictEqual((await resolver.async(real, 'dep')).path, want.resolve('dep'));
        const missing = resolver.sync(real, './nope');
        assert.strictEqual(missing.path, undefined);
        assert.match(missing.error, /Cannot find module/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  // swc: TypeScript stripped and downlevelled; the output is run here.
  await check('@swc/core', async () => {
    const swc = load('@swc/core');
    const ts = 'const add = (a: number, b: number): number => a + b;\nexport const r = add(2, 3) * 7;';
    const opts = { jsc: { parser: { syntax: 'typescript' }, target: 'es5' }, module: { type: 'commonjs' } };
    const { code } = swc.transformSync(ts, opts);
    assert.ok(!/=>|: number|\bconst\b/.test(code), code);
    const exported = {};
    new Function('exports', code)(exported);
    assert.strictEqual(exported.r, 35);
    const asyncOut = await swc.transform(ts, opts);
    assert.strictEqual(asyncOut.code, code);
    const ast = swc.parseSync('a + b * 2', { syntax: 'ecmascript' });
    assert.strictEqual(ast.type, 'Module');
    const expr = ast.body[0].expression;
    assert.deepStrictEqual([expr.type, expr.operator, expr.right.operator], ['BinaryExpression', '+', '*']);
    const min = await swc.minify('function f(long_name) { return long_name + 1 }; module.exports = f(41);', {
      compress: true, mangle: true,
    });
    const m = { exports: null };
    new Function('module', min.code)(m);
    assert.strictEqual(m.exports, 42);
    assert.ok(!min.code.includes('long_name'));
    assert.throws(() => swc.transformSync('let = ;', {}), /Syntax Error|Expected/);
  });

  // rollup 4: its JS with the native parser, on modules from a plugin, and
  // in watch mode on files; the bundles are run here.
  await check('rollup', async () => {
    const { rollup } = load('rollup');
    const sources = {
      entry: "import { sq } from 'math'; export default sq(12);",
      math: 'export const sq = (x) => x * x; export const unused = () => 1;',
    };
    const bundle = await rollup({
      input: 'entry',
      plugins: [{ name: 'memory', resolveId: (id) => id, load: (id) => sources[id] }],
    });
    const { output } = await bundle.generate({ format: 'cjs', exports: 'default' });
    await bundle.close();
    const code = output[0].code;
    assert.ok(!code.includes('unused'), 'tree-shaken');
    const m = { exports: null };
    new Function('module', code)(m);
    assert.strictEqual(m.exports, 144);
    await assert.rejects(
      rollup({ input: 'entry', plugins: [{ name: 'bad', resolveId: (id) => id, load: () => 'export default (' }] }),
      (e) => e.code === 'PARSE_ERROR',
    );

    // Watch mode (fs.watch): an edit to a dependency rebuilds the bundle.
    const dir = tmpdir('rollup');
    try {
      const real = fs.realpathSync(dir);
      fs.writeFileSync(path.join(real, 'main.js'), "import { v } from './dep.js'; export default v * 2;");
      fs.writeFileSync(path.join(real, 'dep.js'), 'export const v = 20;');
      const out = path.join(real, 'out.js');
      const run = () => {
        const m = { exports: null };
        new Function('module', fs.readFileSync(out, 'utf8'))(m);
        return m.exports;
      };
      const values = [];
      const watcher = load('rollup').watch({
        input: path.join(real, 'main.js'),
        output: { file: out, format: 'cjs', exports: 'default' },
        watch: { buildDelay: 20 },
      });
      // The edit is repeated until it is seen: the watchers are set up
      // asynchronously after the first build.
      let editing = null;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no rebuild: ${values}`)), 20000);
        watcher.on('event', (e) => {
          if (e.result) e.result.close();
          if (e.code === 'ERROR') reject(e.error);
          if (e.code !== 'END') return;
          values.push(run());
          if (values.length === 1) {
            editing = setInterval(() => fs.writeFileSync(path.join(real, 'dep.js'), 'export const v = 21;'), 200);
          } else if (values[values.length - 1] === 42) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      clearInterval(editing);
      await watcher.close();
      assert.deepStrictEqual([values[0], values[values.length - 1]], [40, 42]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // rolldown: the Rust bundler, plugins called back from its threads; the
  // bundle is run here.
  await check('rolldown', async () => {
    const { rolldown } = load('rolldown');
    const sources = {
      entry: "import { cube } from 'math'; export default cube(3) + 1;",
      math: 'export const cube = (x) => x * x * x; export const unused = () => "dead code";',
    };
    const bundle = await rolldown({
      input: 'entry',
      plugins: [{ name: 'memory', resolveId: (id) => id, load: (id) => sources[id] }],
    });
    const { output } = await bundle.generate({ format: 'cjs', exports: 'default' });
    await bundle.close();
    const code = output[0].code;
    assert.ok(!code.includes('dead code'), 'tree-shaken');
    const m = { exports: {} };
    new Function('module', 'exports', code)(m, m.exports);
    assert.strictEqual(m.exports, 28);
    const bad = await rolldown({
      input: 'entry',
      plugins: [{ name: 'bad', resolveId: (id) => id, load: () => 'export default (' }],
    });
    await assert.rejects(bad.generate({ format: 'cjs' }), /PARSE_ERROR|Unexpected token|Expected/);
    await bad.close();
  });

  // oxc-transform: TypeScript and JSX to JavaScript (run here), and
  // declarations as tsc writes them.
  await check('oxc-transform', async () => {
    const { transformSync, transform, isolatedDeclarationSync } = load('oxc-transform');
    const ts = 'enum Color { Red, Green = 5, Blue }\nconst pick = (c: Color): number => c + 1;\nexports.r = [pick(Color.Blue), Color[5]];';
    const { code, errors } = transformSync('a.ts', ts);
    assert.deepStrictEqual(errors, []);
    assert.ok(!/: number|: Color/.test(code), code);
    const exported = {};
    new Function('exports', code)(exported);
    assert.deepStrictEqual(exported.r, [7, 'Green']);
    const jsx = await transform('b.jsx', 'export const el = <p id="x">hi</p>;', { jsx: { runtime: 'classic' } });
    assert.match(jsx.code, /React\.createElement\("p", \{ id: "x" \}, "hi"\)/);
    assert.strictEqual(
      isolatedDeclarationSync('c.ts', 'export function f(a: number): string { return String(a) }').code,
      'export declare function f(a: number): string;\n',
    );
    assert.ok(transformSync('d.ts', 'let = ;').errors.length > 0);
  });

  // @napi-rs/magic-string: edits and their source map.
  await check('@napi-rs/magic-string', async () => {
    const { MagicString } = load('@napi-rs/magic-string');
    const s = new MagicString('const answer = 41;');
    s.overwrite(15, 17, '42').prepend('/* edited */ ').append('\nexport { answer };');
    assert.strictEqual(s.toString(), '/* edited */ const answer = 42;\nexport { answer };');
    assert.strictEqual(s.length(), s.toString().length);
    const map = JSON.parse(s.generateMap({ source: 'a.js', includeContent: true, hires: false }).toString());
    assert.deepStrictEqual([map.version, map.sources, map.sourcesContent], [3, ['a.js'], ['const answer = 41;']]);
    assert.match(map.mappings, /^[A-Za-z0-9+/,;]+$/);
  });

  // @napi-rs/uuid: version 4 UUIDs.
  await check('@napi-rs/uuid', async () => {
    const { v4 } = load('@napi-rs/uuid');
    const ids = new Set();
    for (let i = 0; i < 200; i++) {
      const id = v4();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    assert.strictEqual(ids.size, 200);
  });

  // @napi-rs/tar: an archive written here read by the addon (entries are a
  // native iterator), and one the addon builds read here.
  await check('@napi-rs/tar', async () => {
    const { Archive, Builder } = load('@napi-rs/tar');
    const files = [['hello.txt', Buffer.from('hello tar')], ['dir/data.bin', Buffer.from('x'.repeat(700))]];
    const seen = [];
    for (const entry of new Archive(tarOf(files)).entries()) {
      seen.push([entry.path(), entry.asBytes().toString(), Number(entry.header().size())]);
    }
    assert.deepStrictEqual(seen, files.map(([n, d]) => [n, d.toString(), d.length]));
    const builder = new Builder();
    builder.appendData('a.txt', Buffer.from('first'));
    builder.appendData('b/c.txt', new Uint8Array(Buffer.from('second')));
    const built = Buffer.from(builder.finish());
    assert.deepStrictEqual(tarEntries(built), [['a.txt', 'first'], ['b/c.txt', 'second']]);
    assert.throws(() => [...new Archive(Buffer.from('not a tar archive, too short')).entries()].map((e) => e.path()), Error);
  });

  // Tailwind's scanner: class candidates from files on disk and in memory.
  await check('@tailwindcss/oxide', async () => {
    const { Scanner } = load('@tailwindcss/oxide');
    const dir = tmpdir('tw');
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<div class="flex p-4 text-red-500 hover:underline"></div>');
      const real = fs.realpathSync(dir);
      const scanner = new Scanner({ sources: [{ base: real, pattern: '**/*', negated: false }] });
      const found = scanner.scan();
      for (const c of ['flex', 'p-4', 'text-red-500', 'hover:underline']) assert.ok(found.includes(c), c);
      assert.deepStrictEqual(scanner.files, [path.join(real, 'index.html')]);
      const more = scanner.scanFiles([{ content: '<p class="mt-2 grid-cols-3">', extension: 'html' }]);
      assert.ok(more.includes('mt-2') && more.includes('grid-cols-3'), more.join(' '));
      const pos = scanner.getCandidatesWithPositions({ content: '<a class="block">', extension: 'html' });
      assert.ok(pos.some((c) => c.candidate === 'block' && c.position === 10), JSON.stringify(pos));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // ast-grep: pattern matching, edits, and files searched on threads with
  // results called back.
  await check('@ast-grep/napi', async () => {
    const { parse, parseAsync, Lang, findInFiles } = load('@ast-grep/napi');
    const root = parse(Lang.JavaScript, 'console.log(1 + 2); foo(); console.log(x)').root();
    const matches = root.findAll('console.log($A)');
    assert.deepStrictEqual(matches.map((m) => m.getMatch('A').text()), ['1 + 2', 'x']);
    assert.strictEqual(matches[0].kind(), 'call_expression');
    assert.deepStrictEqual(matches[1].range().start, { line: 0, column: 27, index: 27 });
    const edits = matches.map((m) => m.replace(`print(${m.getMatch('A').text()})`));
    assert.strictEqual(root.commitEdits(edits), 'print(1 + 2); foo(); print(x)');
    const ts = (await parseAsync(Lang.TypeScript, 'let a: string = "s"')).root();
    assert.strictEqual(ts.find({ rule: { kind: 'type_annotation' } }).text(), ': string');
    const dir = tmpdir('sg');
    try {
      fs.writeFileSync(path.join(dir, 'a.js'), 'debugger; alert(1)');
      fs.writeFileSync(path.join(dir, 'b.js'), 'alert(2); alert(3)');
      // The promise settles with the number of files; the per-file
      // callbacks may arrive after it.
      const seen = [];
      let calls = 0;
      let allCalled;
      const called = new Promise((resolve) => (allCalled = resolve));
      const files = await findInFiles(
        Lang.JavaScript,
        { paths: [dir], matcher: { rule: { pattern: 'alert($N)' } } },
        (err, nodes) => {
          assert.ifError(err);
          for (const n of nodes) seen.push(n.getMatch('N').text());
          if (++calls === 2) allCalled();
        },
      );
      assert.strictEqual(files, 2);
      await called;
      assert.deepStrictEqual(seen.sort(), ['1', '2', '3']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // @napi-rs/canvas (Skia): drawing, pixels read back, PNG encoding.
  await check('@napi-rs/canvas', async () => {
    const { createCanvas, Path2D } = load('@napi-rs/canvas');
    const canvas = createCanvas(6, 4);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 3, 4);
    ctx.fillStyle = 'rgb(0, 0, 255)';
    ctx.fill(new Path2D('M3 0 H6 V4 H3 Z'));
    const data = ctx.getImageData(0, 0, 6, 4).data;
    const expected = Buffer.alloc(6 * 4 * 4);
    for (let i = 0; i < 24; i++) expected.set(i % 6 < 3 ? [0, 255, 0, 255] : [0, 0, 255, 255], i * 4);
    assert.ok(Buffer.from(data.buffer, data.byteOffset, data.length).equals(expected));
    const png = decodePng(await canvas.encode('png'));
    assert.deepStrictEqual([png.width, png.height], [6, 4]);
    assert.ok(png.pixels.equals(expected));
    assert.ok(decodePng(canvas.toBuffer('image/png')).pixels.equals(expected));
    const jpeg = canvas.encodeSync('jpeg', 90);
    assert.deepStrictEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });

  // @napi-rs/image: RGBA pixels encoded, decoded, transformed.
  await check('@napi-rs/image', async () => {
    const { Transformer } = load('@napi-rs/image');
    const rgba = Buffer.alloc(4 * 2 * 4);
    for (let i = 0; i < 8; i++) rgba.set(i % 4 < 2 ? [200, 10, 10, 255] : [10, 10, 200, 255], i * 4);
    const png = await Transformer.fromRgbaPixels(rgba, 4, 2).png();
    const decoded = decodePng(png);
    assert.deepStrictEqual([decoded.width, decoded.height], [4, 2]);
    assert.ok(decoded.pixels.equals(rgba));
    const meta = await new Transformer(png).metadata();
    assert.deepStrictEqual([meta.width, meta.height, meta.format], [4, 2, 'png']);
    const inverted = new Transformer(png).invert().rawPixelsSync();
    assert.ok(inverted.equals(Buffer.from(rgba.map((v, i) => (i % 4 === 3 ? v : 255 - v)))));
    const webp = await new Transformer(png).webpLossless();
    assert.strictEqual(webp.toString('latin1', 0, 4) + webp.toString('latin1', 8, 12), 'RIFFWEBP');
    const rgb = Buffer.from(rgba.filter((_, i) => i % 4 !== 3)); // opaque: decoded without alpha
    assert.ok((await new Transformer(webp).rawPixels()).equals(rgb));
    assert.throws(() => new Transformer(Buffer.from('junk')).metadataSync(), Error);
  });

  // ffi-rs: C functions of libc called through libffi.
  await check('ffi-rs', async () => {
    const { open, close, load: call, DataType } = load('ffi-rs');
    open({ library: 'libc', path: '' });
    try {
      const strlen = (s) => call({
        library: 'libc', funcName: 'strlen', retType: DataType.I64, paramsType: [DataType.String], paramsValue: [s],
      });
      assert.strictEqual(strlen('hello'), 5);
      assert.strictEqual(strlen('héllo'), Buffer.byteLength('héllo'));
      assert.strictEqual(call({
        library: 'libc', funcName: 'abs', retType: DataType.I32, paramsType: [DataType.I32], paramsValue: [-42],
      }), 42);
      assert.strictEqual(call({
        library: 'libc', funcName: 'atof', retType: DataType.Double, paramsType: [DataType.String], paramsValue: ['2.5e3'],
      }), 2500);
      const threaded = await call({
        library: 'libc', funcName: 'abs', retType: DataType.I32, paramsType: [DataType.I32], paramsValue: [-7],
        runInNewThread: true,
      });
      assert.strictEqual(threaded, 7);
      assert.throws(() => call({
        library: 'libc', funcName: 'no_such_function_here', retType: DataType.I32, paramsType: [], paramsValue: [],
      }), Error);
    } finally {
      close('libc');
    }
  });

  for (const line of results) console.log(line);
})();
