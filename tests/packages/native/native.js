// Real C/C++ Node-API addon packages (node-addon-api or plain C, shipped
// as prebuilds), used through their package entries. Runs under node and
// nabi; every result is checked against a value computed here
// independently of the addon (Node's own crypto, published test vectors,
// plain JS), and one line per package is printed.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');

const modules = process.env.NABI_PACKAGES_DIR;
assert.ok(modules, 'set NABI_PACKAGES_DIR to the installed node_modules');
const load = createRequire(path.join(modules, '..', 'index.js'));

const sha256 = (data) => crypto.createHash('sha256').update(data).digest();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-native-'));

const results = [];
// NABI_NATIVE_ONLY=<name> runs one package's check.
const only = process.env.NABI_NATIVE_ONLY;
async function check(name, fn) {
  if (only && only !== name) return;
  try {
    await fn();
    results.push(`${name}: ok`);
  } catch (e) {
    results.push(`${name}: FAIL ${e && e.stack}`);
    process.exitCode = 1;
  }
}

(async () => {
  // libsodium in plain C over Node-API: hashes, signatures, secret boxes,
  // guarded memory, and async work on the thread pool.
  await check('sodium-native', async () => {
    const sodium = load('sodium-native');
    const h = Buffer.alloc(32);
    sodium.crypto_hash_sha256(h, Buffer.from('abc'));
    assert.ok(h.equals(sha256('abc')));
    const h512 = Buffer.alloc(64);
    sodium.crypto_hash_sha512(h512, Buffer.from('abc'));
    assert.ok(h512.equals(crypto.createHash('sha512').update('abc').digest()));
    // BLAKE2b-256 of "" and "abc" (RFC 7693's function, 32-byte output).
    const g = Buffer.alloc(32);
    sodium.crypto_generichash(g, Buffer.alloc(0));
    assert.strictEqual(g.toString('hex'), '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
    sodium.crypto_generichash(g, Buffer.from('abc'));
    assert.strictEqual(g.toString('hex'), 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    // Streaming state in a Buffer.
    const st = Buffer.alloc(sodium.crypto_hash_sha256_STATEBYTES);
    sodium.crypto_hash_sha256_init(st);
    sodium.crypto_hash_sha256_update(st, Buffer.from('a'));
    sodium.crypto_hash_sha256_update(st, Buffer.from('bc'));
    const h2 = Buffer.alloc(32);
    sodium.crypto_hash_sha256_final(st, h2);
    assert.ok(h2.equals(h));
    // Ed25519: RFC 8032's first test vector (secret key = seed).
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
    const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
    sodium.crypto_sign_seed_keypair(pk, sk, seed);
    assert.strictEqual(pk.toString('hex'), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
    sodium.crypto_sign_detached(sig, Buffer.alloc(0), sk);
    assert.strictEqual(sig.toString('hex'),
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
    assert.strictEqual(sodium.crypto_sign_verify_detached(sig, Buffer.alloc(0), pk), true);
    assert.strictEqual(sodium.crypto_sign_verify_detached(sig, Buffer.from('x'), pk), false);
    // Secret box: round trip, and a flipped bit is refused.
    const key = Buffer.alloc(32, 1);
    const nonce = Buffer.alloc(24, 2);
    const m = Buffer.from('secret message');
    const c = Buffer.alloc(m.length + sodium.crypto_secretbox_MACBYTES);
    sodium.crypto_secretbox_easy(c, m, nonce, key);
    const back = Buffer.alloc(m.length);
    assert.strictEqual(sodium.crypto_secretbox_open_easy(back, c, nonce, key), true);
    assert.ok(back.equals(m));
    c[3] ^= 1;
    assert.strictEqual(sodium.crypto_secretbox_open_easy(back, c, nonce, key), false);
    // Guarded memory, random bytes.
    const secure = sodium.sodium_malloc(16);
    assert.deepStrictEqual([secure.secure, secure.length], [true, 16]);
    const r = Buffer.alloc(64);
    sodium.randombytes_buf(r);
    assert.ok(!r.equals(Buffer.alloc(64)));
    // Bad sizes throw.
    assert.throws(() => sodium.crypto_generichash(Buffer.alloc(1), Buffer.from('x')), /crypto_generichash_BYTES_MIN/);
    // Argon2id on the thread pool, then the same synchronously.
    const args = [Buffer.from('pw'), Buffer.alloc(16, 3), sodium.crypto_pwhash_OPSLIMIT_MIN, sodium.crypto_pwhash_MEMLIMIT_MIN,
      sodium.crypto_pwhash_ALG_DEFAULT];
    const a = Buffer.alloc(32);
    await new Promise((resolve, reject) => sodium.crypto_pwhash_async(a, ...args, (err) => (err ? reject(err) : resolve())));
    const b = Buffer.alloc(32);
    sodium.crypto_pwhash(b, ...args);
    assert.ok(a.equals(b) && !a.equals(Buffer.alloc(32)));
  });

  // LevelDB through abstract-level: promises, iterators, batches, clears,
  // snapshots, errors, and the lock between two handles.
  await check('classic-level', async () => {
    const { ClassicLevel } = load('classic-level');
    const dir = path.join(tmp, 'classic');
    const db = new ClassicLevel(dir, { valueEncoding: 'json' });
    await db.open();
    await db.put('a', { n: 1 });
    await db.batch([
      { type: 'put', key: 'b', value: [2] },
      { type: 'put', key: 'c', value: 'three' },
      { type: 'del', key: 'a' },
    ]);
    assert.deepStrictEqual(await db.get('b'), [2]);
    assert.strictEqual(await db.get('a'), undefined);
    const rows = [];
    for await (const [k, v] of db.iterator({ gte: 'a' })) rows.push([k, v]);
    assert.deepStrictEqual(rows, [['b', [2]], ['c', 'three']]);
    assert.deepStrictEqual(await db.values({ reverse: true }).all(), ['three', [2]]);
    assert.deepStrictEqual(await db.getMany(['b', 'zz', 'c']), [[2], undefined, 'three']);
    const chained = db.batch();
    const keys = [];
    for (let i = 0; i < 1000; i++) {
      keys.push(`k${String(i).padStart(4, '0')}`);
      chained.put(keys[i], { i });
    }
    await chained.write();
    assert.deepStrictEqual(await db.keys({ gte: 'k', lt: 'l', limit: 500 }).all(), keys.slice(0, 500));
    assert.deepStrictEqual(await db.get('k0777'), { i: 777 });
    // An iterator reads a snapshot: a later put is not in it.
    const it = db.iterator({ gte: 'k0998' });
    await db.put('k0999x', 1);
    assert.deepStrictEqual(await it.all(), [['k0998', { i: 998 }], ['k0999', { i: 999 }]]);
    await db.clear({ gte: 'k', lt: 'l' });
    assert.deepStrictEqual(await db.keys().all(), ['b', 'c']);
    await db.close();
    await assert.rejects(db.get('b'), { code: 'LEVEL_DATABASE_NOT_OPEN' });
    const db2 = new ClassicLevel(dir);
    await db2.open();
    const db3 = new ClassicLevel(dir);
    await assert.rejects(db3.open(), (e) => e.code === 'LEVEL_DATABASE_NOT_OPEN' && e.cause.code === 'LEVEL_LOCKED');
    await db2.close();
  });

  // The older LevelDB binding: plain callbacks.
  await check('leveldown', async () => {
    const leveldown = load('leveldown');
    const db = leveldown(path.join(tmp, 'leveldown'));
    const call = (fn, ...args) => new Promise((resolve, reject) => fn.call(db, ...args, (err, v) => (err ? reject(err) : resolve(v))));
    await call(db.open);
    await call(db.put, 'x', 'y');
    await call(db.batch, [{ type: 'put', key: 'a', value: Buffer.from([1, 2]) }, { type: 'put', key: 'b', value: 'bee' }]);
    assert.deepStrictEqual(await call(db.get, 'a'), Buffer.from([1, 2]));
    await assert.rejects(call(db.get, 'nope'), /NotFound/);
    const it = db.iterator({ keyAsBuffer: false, valueAsBuffer: false });
    const rows = [];
    for (;;) {
      const row = await new Promise((resolve, reject) => it.next((err, k, v) => (err ? reject(err) : resolve([k, v]))));
      if (row[0] === undefined) break;
      rows.push(row);
    }
    await new Promise((resolve) => it.end(resolve));
    assert.deepStrictEqual(rows, [['a', '\x01\x02'], ['b', 'bee'], ['x', 'y']]);
    await call(db.close);
  });

  // MessagePack with the native string extractor.
  await check('msgpackr', () => {
    const msgpackr = load('msgpackr');
    assert.strictEqual(msgpackr.isNativeAccelerationEnabled, true, 'msgpackr-extract loaded');
    const plain = new msgpackr.Packr({ useRecords: false });
    // [1, "hi"] and 300 as the MessagePack spec encodes them.
    assert.deepStrictEqual([...plain.pack([1, 'hi'])], [0x92, 0x01, 0xa2, 0x68, 0x69]);
    assert.deepStrictEqual([...plain.pack(300)], [0xcd, 0x01, 0x2c]);
    const big = [];
    for (let i = 0; i < 300; i++) big.push({ id: i, name: `string number ${i}`, tag: 'é'.repeat(i % 7), f: i / 4 });
    const packer = new msgpackr.Packr({ structuredClone: true });
    assert.deepStrictEqual(packer.unpack(packer.pack(big)), big);
    assert.deepStrictEqual(msgpackr.unpack(msgpackr.pack(big)), big);
  });

  // CBOR with the native string extractor.
  await check('cbor-x', () => {
    const cbor = load('cbor-x');
    const plain = new cbor.Encoder({ useRecords: false });
    // RFC 8949 appendix A: [1, [2, 3]], "a" and 500.
    assert.deepStrictEqual([...plain.encode([1, [2, 3]])], [0x82, 0x01, 0x82, 0x02, 0x03]);
    assert.deepStrictEqual([...plain.encode('a')], [0x61, 0x61]);
    assert.deepStrictEqual([...plain.encode(500)], [0x19, 0x01, 0xf4]);
    const big = [];
    for (let i = 0; i < 300; i++) big.push({ id: i, name: `string number ${i}`, tag: 'ü'.repeat(i % 5) });
    assert.deepStrictEqual(cbor.decode(cbor.encode(big)), big);
    assert.ok(load('cbor-extract').extractStrings, 'cbor-extract loaded');
  });

  // secp256k1 (the native bindings, not the package's elliptic fallback).
  await check('secp256k1', () => {
    const secp = load('secp256k1/bindings');
    const one = Buffer.alloc(32);
    one[31] = 1;
    // 1·G is the curve's generator, as SEC 2 publishes it.
    assert.strictEqual(Buffer.from(secp.publicKeyCreate(one)).toString('hex'),
      '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    assert.strictEqual(Buffer.from(secp.publicKeyCreate(one, false)).toString('hex'),
      '0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' +
      '483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8');
    const priv = sha256('private key');
    const pub = secp.publicKeyCreate(priv);
    const msg = sha256('hi');
    const { signature, recid } = secp.ecdsaSign(msg, priv);
    assert.strictEqual(secp.ecdsaVerify(signature, msg, pub), true);
    assert.strictEqual(secp.ecdsaVerify(signature, sha256('ho'), pub), false);
    assert.deepStrictEqual(Buffer.from(secp.ecdsaRecover(signature, recid, msg)), Buffer.from(pub));
    assert.strictEqual(secp.privateKeyVerify(Buffer.alloc(32)), false);
    assert.throws(() => secp.publicKeyCreate(Buffer.alloc(32)), /Private Key is invalid/);
    // ECDH is symmetric.
    const other = sha256('other key');
    assert.deepStrictEqual(Buffer.from(secp.ecdh(secp.publicKeyCreate(other), priv)),
      Buffer.from(secp.ecdh(pub, other)));
  });

  // Keccak (the native bindings, not the package's JS fallback).
  await check('keccak', () => {
    const createKeccak = load('keccak/bindings');
    assert.strictEqual(createKeccak('keccak256').update('').digest('hex'),
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.strictEqual(createKeccak('sha3-256').update('').digest('hex'),
      'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    assert.strictEqual(createKeccak('sha3-512').update('a').update('bc').digest('hex'),
      crypto.createHash('sha3-512').update('abc').digest('hex'));
    const shake = createKeccak('shake128');
    shake.update('');
    // FIPS 202's SHAKE128 of the empty string, first 16 bytes.
    assert.strictEqual(shake.squeeze(16).toString('hex'), '7f9c2ba4e88f827d616045507605853e');
  });

  // bcrypt: sync, promise and callback forms, a published vector, errors.
  await check('bcrypt', async () => {
    const bcrypt = load('bcrypt');
    // From the crypt_blowfish test vectors.
    assert.strictEqual(bcrypt.compareSync('U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'), true);
    assert.strictEqual(bcrypt.compareSync('U*V', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'), false);
    const salt = bcrypt.genSaltSync(4);
    assert.match(salt, /^\$2b\$04\$[./A-Za-z0-9]{22}$/);
    const h = bcrypt.hashSync('pw', salt);
    assert.strictEqual(h.slice(0, 29), salt);
    assert.strictEqual(bcrypt.compareSync('pw', h), true);
    assert.strictEqual(bcrypt.getRounds(h), 4);
    const h2 = await bcrypt.hash('pw2', 4);
    assert.deepStrictEqual([await bcrypt.compare('pw2', h2), await bcrypt.compare('x', h2)], [true, false]);
    const h3 = await new Promise((resolve, reject) => bcrypt.hash('cb', 4, (err, v) => (err ? reject(err) : resolve(v))));
    assert.strictEqual(h3.length, 60);
    assert.throws(() => bcrypt.hashSync(), /data and salt arguments required/);
    await assert.rejects(bcrypt.hash('x', 'bad salt'), /Invalid salt/);
  });

  // LMDB: memory-mapped storage, write transactions off the main thread,
  // ranges, sub-databases with duplicate keys.
  await check('lmdb', async () => {
    const { open } = load('lmdb');
    const db = open({ path: path.join(tmp, 'lmdb'), compression: true });
    await db.put('greeting', { hello: 'world' });
    await db.put('n', 42);
    assert.deepStrictEqual([db.get('greeting'), db.get('n'), db.get('none')], [{ hello: 'world' }, 42, undefined]);
    db.putSync('sync', 'value'.repeat(100));
    assert.strictEqual(db.get('sync'), 'value'.repeat(100));
    await db.transaction(() => {
      for (let i = 0; i < 100; i++) db.put(['k', i], i * 2);
    });
    let sum = 0;
    for (const { value } of db.getRange({ start: ['k', 10], end: ['k', 20] })) sum += value;
    assert.strictEqual(sum, [...Array(10).keys()].reduce((s, i) => s + (10 + i) * 2, 0));
    assert.strictEqual(db.getKeysCount(), 103);
    await db.remove('n');
    assert.strictEqual(db.get('n'), undefined);
    const sub = db.openDB('sub', { dupSort: true });
    await sub.put('x', 'b');
    await sub.put('x', 'a');
    assert.deepStrictEqual([...sub.getValues('x')], ['a', 'b']);
    assert.strictEqual(await db.ifNoExists('greeting', () => db.put('greeting', 'changed')), false);
    assert.deepStrictEqual(db.get('greeting'), { hello: 'world' });
    await db.close();
  });

  // Koffi: calls into libc, a JS comparator called back by qsort, variadic
  // functions, structs, and an async call on a worker thread.
  await check('koffi', async () => {
    const koffi = load('koffi');
    const lib = koffi.load('libc.so.6');
    const strlen = lib.func('size_t strlen(const char *s)');
    assert.strictEqual(strlen('hello koffi'), 11);
    const getpid = lib.func('int getpid()');
    assert.strictEqual(getpid(), process.pid);
    const Cmp = koffi.proto('int Cmp(const void *a, const void *b)');
    const qsort = lib.func('void qsort(_Inout_ void *base, size_t nmemb, size_t size, Cmp *cmp)');
    const values = [5, -3, 9, 1, 7, 0, 12, -8];
    const arr = new Int32Array(values);
    qsort(arr, arr.length, 4, (pa, pb) => koffi.decode(pa, 'int') - koffi.decode(pb, 'int'));
    assert.deepStrictEqual(Array.from(arr), values.slice().sort((x, y) => x - y));
    const snprintf = lib.func('int snprintf(_Out_ char *buf, size_t n, const char *fmt, ...)');
    const out = Buffer.alloc(64);
    snprintf(out, 64, 'n=%d s=%s', 'int', 42, 'str', 'abc');
    assert.strictEqual(out.toString('utf8', 0, out.indexOf(0)), 'n=42 s=abc');
    const Tm = koffi.struct('tm', {
      tm_sec: 'int', tm_min: 'int', tm_hour: 'int', tm_mday: 'int', tm_mon: 'int', tm_year: 'int',
      tm_wday: 'int', tm_yday: 'int', tm_isdst: 'int', tm_gmtoff: 'long', tm_zone: 'const char *',
    });
    const gmtime = lib.func('tm *gmtime_r(const int64_t *t, _Out_ tm *out)');
    const t = 1700000000;
    const tm = {};
    gmtime([t], tm);
    const d = new Date(t * 1000);
    assert.deepStrictEqual([tm.tm_year + 1900, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec],
      [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]);
    assert.strictEqual(koffi.sizeof(Tm), 56);
    const n = await new Promise((resolve, reject) => strlen.async('async string', (err, v) => (err ? reject(err) : resolve(v))));
    assert.strictEqual(n, 12);
    assert.throws(() => lib.func('int no_such_function_xyz()'), /Cannot find function 'no_such_function_xyz'/);
  });

  // xxHash: one-shot and streaming (classes), the reference vectors.
  await check('xxhash-addon', () => {
    const { XXHash32, XXHash64, XXHash3, XXHash128 } = load('xxhash-addon');
    assert.strictEqual(XXHash32.hash(Buffer.from('abc')).toString('hex'), '32d153ff');
    assert.strictEqual(XXHash64.hash(Buffer.from('abc')).toString('hex'), '44bc2cf5ad770999');
    assert.strictEqual(XXHash3.hash(Buffer.alloc(0)).toString('hex'), '2d06800538d394c2');
    assert.strictEqual(XXHash128.hash(Buffer.alloc(0)).toString('hex'), '99aa06d3014798d86001c324468d497f');
    const st = new XXHash64(Buffer.alloc(8));
    st.update(Buffer.from('a'));
    st.update(Buffer.from('bc'));
    assert.strictEqual(st.digest().toString('hex'), '44bc2cf5ad770999');
    // (Not a string: the addon ignores napi_get_buffer_info's failure and
    // hashes whatever its pointer holds; Node 24 hashes garbage or crashes.)
  });

  // FarmHash: strings and Buffers hash alike, seeds change the hash.
  await check('farmhash', () => {
    const farmhash = load('farmhash');
    const s = 'The quick brown fox';
    assert.strictEqual(farmhash.fingerprint64(s), farmhash.fingerprint64(Buffer.from(s)));
    assert.strictEqual(farmhash.fingerprint32(s), farmhash.fingerprint32(Buffer.from(s)));
    assert.strictEqual(typeof farmhash.fingerprint64(s), 'bigint');
    assert.notStrictEqual(farmhash.hash32WithSeed(s, 1), farmhash.hash32WithSeed(s, 2));
    assert.notStrictEqual(farmhash.fingerprint32(s), farmhash.fingerprint32(`${s}.`));
    assert.throws(() => farmhash.hash32WithSeed(s, 1.5), /Expected an integer for seed/);
  });

  // ZeroMQ: push/pull in process, request/reply over IPC, publish/subscribe
  // over TCP on loopback, a receive timeout, a bad endpoint.
  await check('zeromq', async () => {
    const zmq = load('zeromq');
    const push = new zmq.Push();
    const pull = new zmq.Pull();
    await push.bind('inproc://nabi');
    pull.connect('inproc://nabi');
    for (let i = 0; i < 5; i++) await push.send(['msg', String(i)]);
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await pull.receive()).map(String).join(''));
    assert.deepStrictEqual(got, ['msg0', 'msg1', 'msg2', 'msg3', 'msg4']);
    const rep = new zmq.Reply();
    await rep.bind(`ipc://${path.join(tmp, 'zmq.ipc')}`);
    const req = new zmq.Request();
    req.connect(`ipc://${path.join(tmp, 'zmq.ipc')}`);
    (async () => {
      for await (const [m] of rep) await rep.send(`echo ${m}`);
    })().catch(() => {});
    const replies = [];
    for (const w of ['a', 'b']) {
      await req.send(w);
      replies.push(String((await req.receive())[0]));
    }
    assert.deepStrictEqual(replies, ['echo a', 'echo b']);
    const pub = new zmq.Publisher();
    const sub = new zmq.Subscriber();
    await pub.bind('tcp://127.0.0.1:*');
    sub.connect(pub.lastEndpoint);
    sub.subscribe('t');
    const received = sub.receive();
    // A subscription takes a moment to reach the publisher: publish until
    // one arrives.
    let done = false;
    received.then(() => { done = true; }, () => { done = true; });
    for (let i = 0; i < 100 && !done; i++) {
      await pub.send(['x', 'not subscribed']);
      await pub.send(['t1', 'hello']);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepStrictEqual((await received).map(String), ['t1', 'hello']);
    const lone = new zmq.Pull({ receiveTimeout: 50 });
    lone.connect('inproc://nobody');
    await assert.rejects(lone.receive(), { code: 'EAGAIN' });
    for (const s of [push, pull, req, rep, pub, sub, lone]) s.close();
    assert.strictEqual(push.closed, true);
    const bad = new zmq.Push();
    assert.throws(() => bad.connect('bogus://x'), { code: 'EPROTONOSUPPORT' });
    bad.close();
  });

  // serialport's native side: open errors, and a pseudo-terminal as the
  // port (a TTY that takes the serial settings).
  await check('@serialport/bindings-cpp', async () => {
    const { autoDetect } = load('@serialport/bindings-cpp');
    const binding = autoDetect();
    await assert.rejects(binding.open({ path: path.join(tmp, 'no-such-tty'), baudRate: 9600 }),
      /No such file or directory, cannot open/);
    await assert.rejects(binding.open({ path: '/dev/null', baudRate: 9600 }), /Inappropriate ioctl for device/);
    const port = await binding.open({ path: '/dev/ptmx', baudRate: 9600 });
    assert.deepStrictEqual([port.isOpen, port.openOptions.baudRate], [true, 9600]);
    await port.update({ baudRate: 19200 });
    await port.write(Buffer.from('hi'));
    await port.close();
    assert.strictEqual(port.isOpen, false);
  });

  // usb 2 (libusb): the device list (this machine may have no devices),
  // lookups and WebUSB's API, without hardware.
  await check('usb', async () => {
    const usb = load('usb');
    const list = usb.getDeviceList();
    assert.ok(Array.isArray(list));
    for (const d of list) assert.strictEqual(typeof d.deviceDescriptor.idVendor, 'number');
    assert.strictEqual(usb.findByIds(0xdead, 0xbeef), undefined);
    assert.ok(Array.isArray(await usb.webusb.getDevices()));
    await assert.rejects(usb.webusb.requestDevice({ filters: [{ vendorId: 0xdead }] }), /No device selected/);
  });

  // ffi-napi over ref-napi: libc calls, a JS callback called from C, an
  // async call on the thread pool, pointers.
  // microtime: gettimeofday through a plain C++ addon (node-gyp-build
  // prebuilds in the tarball).
  await check('microtime', async () => {
    const microtime = load('microtime');
    const now = Date.now();
    assert.ok(Math.abs(microtime.now() / 1000 - now) < 5000);
    assert.ok(Math.abs(microtime.nowDouble() * 1000 - now) < 5000);
    const [sec, usec] = microtime.nowStruct();
    assert.ok(Math.abs(sec * 1000 - now) < 6000 && usec >= 0 && usec < 1e6);
  });

  await check('ffi-napi', async () => {
    const ffi = load('ffi-napi');
    const ref = load('ref-napi');
    const libc = ffi.Library('libc.so.6', {
      strlen: ['size_t', ['string']],
      atoi: ['int', ['string']],
      abs: ['int', ['int']],
    });
    assert.deepStrictEqual([libc.strlen('hello'), libc.atoi('77'), libc.abs(-5)], [5, 77, 5]);
    const cell = ref.alloc('int', 42);
    assert.strictEqual(cell.deref(), 42);
    assert.strictEqual(ref.NULL.length, 0);
    assert.strictEqual(ref.isNull(ref.NULL), true);
    assert.strictEqual(ref.address(ref.NULL), 0);
    const cmp = ffi.Callback('int', ['pointer', 'pointer'],
      (a, b) => a.reinterpret(4).readInt32LE(0) - b.reinterpret(4).readInt32LE(0));
    const qsort = ffi.ForeignFunction(ffi.DynamicLibrary('libc.so.6').get('qsort'), 'void',
      ['pointer', 'size_t', 'size_t', 'pointer']);
    const values = [4, -2, 3, 1, 9];
    const arr = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => arr.writeInt32LE(v, i * 4));
    qsort(arr, values.length, 4, cmp);
    assert.deepStrictEqual(values.map((_, i) => arr.readInt32LE(i * 4)), values.slice().sort((x, y) => x - y));
    const n = await new Promise((resolve, reject) => libc.strlen.async('abcd', (err, v) => (err ? reject(err) : resolve(v))));
    assert.strictEqual(n, 4);
  });

  fs.rmSync(tmp, { recursive: true, force: true });
  for (const line of results) console.log(line);
})();
