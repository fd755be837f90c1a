// Generated wrong-argument calls over the public functions of the
// built-ins: each function is called with each wrong value in each of its
// first two positions (the others missing), and the outcome printed — the
// error's code (or name) or "ok". Node validates with ERR_INVALID_ARG_TYPE,
// ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE…; nabi must throw the same.
//
// Left out on purpose: functions that end or change the process or write
// to the file system or touch other processes (process.exit/abort/kill/
// chdir/setuid…, fs writes and opens, child_process, worker_threads; the fs
// reads are probed on this file, whose name fills the positions before the
// probed one), functions that accept any
// value by design (console.*, util.inspect/format, assert.* which test
// values, JSON-like helpers), and those whose result is a pending callback
// or promise rather than an error (the async forms, reported later).
'use strict';
const crypto = require('crypto');
const path = require('path');
const util = require('util');
const { StringDecoder } = require('string_decoder');
const events = require('events');
const zlib = require('zlib');
const url = require('url');
const fs = require('fs');

// Node 20 and Node 24 answer these differently (both run this test).
const versionsDiffer = new Set([
  'Buffer.prototype.asciiWrite', 'Buffer.prototype.latin1Write', 'Buffer.prototype.utf8Write',
  'EventEmitter.prototype.listeners',
]);

const wrong = {
  undefined: undefined, null: null, string: 'hex', number: -1, float: 1.5, nan: NaN,
  bool: true, object: {}, array: [1], fn: () => 0, symbol: Symbol('s'), bigint: 1n,
};

function outcome(f) {
  try {
    const r = f();
    if (r && typeof r.then === 'function') r.catch(() => {});
    return 'ok';
  } catch (e) {
    return e && (e.code || e.name) || String(e);
  }
}

function probe(label, fn, self, arity = 2) {
  if (versionsDiffer.has(label)) return;
  const line = [];
  const first = label.includes('Buffer.prototype.write') ? 'ab' : label.startsWith('fs.') ? __filename : 0;
  for (let pos = 0; pos < arity; pos++) {
    for (const [name, v] of Object.entries(wrong)) {
      const args = [];
      for (let i = 0; i < pos; i++) args.push(i === 0 ? first : 0);
      args[pos] = v;
      line.push(`${pos}:${name}=${outcome(() => fn.apply(self, args))}`);
    }
  }
  console.log(label, line.join(' '));
}

const buf = Buffer.alloc(16);
for (const name of ['from', 'alloc', 'allocUnsafe', 'allocUnsafeSlow', 'byteLength', 'compare', 'concat', 'isEncoding']) {
  probe(`Buffer.${name}`, Buffer[name], Buffer);
}
for (const name of Object.getOwnPropertyNames(Buffer.prototype).sort()) {
  const d = Object.getOwnPropertyDescriptor(Buffer.prototype, name);
  if (name === 'constructor' || typeof d.value !== 'function' || /^(inspect|toJSON|toLocaleString)$/.test(name)) continue;
  probe(`Buffer.prototype.${name}`, d.value, Buffer.alloc(16));
}
for (const name of ['randomInt', 'randomBytes', 'randomUUID', 'randomFillSync', 'createHash', 'createHmac', 'pbkdf2Sync', 'scryptSync', 'timingSafeEqual', 'getRandomValues', 'hash']) {
  if (typeof crypto[name] === 'function') probe(`crypto.${name}`, crypto[name], crypto);
}
probe('crypto.Hash.update', (v) => crypto.createHash('sha256').update(v), null, 1);
probe('crypto.Hash.digest', (v) => crypto.createHash('sha256').digest(v), null, 1);
probe('process.hrtime', process.hrtime, process, 1);
probe('process.cpuUsage', process.cpuUsage, process, 1);
probe('process.nextTick', process.nextTick, process, 1);
probe('process.emitWarning', (v) => process.emitWarning(v), process, 1);
for (const name of ['join', 'resolve', 'normalize', 'isAbsolute', 'relative', 'dirname', 'basename', 'extname', 'format', 'parse', 'toNamespacedPath', 'matchesGlob']) {
  probe(`path.${name}`, path[name], path);
}
for (const name of ['promisify', 'callbackify', 'inherits', 'deprecate', 'isDeepStrictEqual', 'stripVTControlCharacters', 'toUSVString',
  'getSystemErrorName', 'getSystemErrorMessage', 'parseEnv', 'getCallSites', 'transferableAbortSignal', 'parseArgs']) {
  if (typeof util[name] === 'function') probe(`util.${name}`, util[name], util);
}
probe('TextDecoder', (v, w) => new TextDecoder(v, w), null);
probe('TextDecoder.decode', (v, w) => new TextDecoder().decode(v, w), null);
probe('TextEncoder.encode', (v) => new TextEncoder().encode(v), null, 1);
probe('TextEncoder.encodeInto', (v, w) => new TextEncoder().encodeInto(v, w), null);
probe('StringDecoder', (v) => new StringDecoder(v), null, 1);
probe('StringDecoder.write', (v) => new StringDecoder().write(v), null, 1);
const ee = new events.EventEmitter();
for (const name of ['on', 'once', 'off', 'prependListener', 'emit', 'setMaxListeners', 'listeners', 'listenerCount']) {
  probe(`EventEmitter.prototype.${name}`, events.EventEmitter.prototype[name], ee);
}
probe('setTimeout', (v) => clearTimeout(setTimeout(v, 1)), null, 1);
probe('setImmediate', (v) => clearImmediate(setImmediate(v)), null, 1);
probe('queueMicrotask', queueMicrotask, null, 1);
for (const name of ['deflateSync', 'inflateSync', 'gzipSync', 'gunzipSync', 'crc32']) {
  if (typeof zlib[name] === 'function') probe(`zlib.${name}`, zlib[name], zlib);
}
probe('os.getPriority', require('os').getPriority, null, 1);
probe('buffer.resolveObjectURL', require('buffer').resolveObjectURL, null, 1);
probe('EventEmitterAsyncResource', (v) => new events.EventEmitterAsyncResource(v), null, 1);
probe('util.MIMEType', (v) => new util.MIMEType(v), null, 1);
probe('url.fileURLToPath', url.fileURLToPath, url, 1);
for (const name of ['parse', 'format', 'resolve', 'domainToASCII', 'domainToUnicode', 'urlToHttpOptions']) probe(`url.${name}`, url[name], url);
for (const name of ['existsSync', 'statSync', 'lstatSync', 'readFileSync', 'readdirSync', 'realpathSync', 'accessSync', 'readlinkSync', 'stat', 'readFile', 'access', 'readdir',
  'statfsSync', 'opendirSync', 'globSync', 'readSync', 'readvSync', 'fsyncSync', 'fdatasyncSync']) {
  probe(`fs.${name}`, fs[name], fs);
}
for (const name of ['on', 'getEventListeners', 'listenerCount', 'setMaxListeners']) probe(`events.${name}`, events[name], events);
probe('process.umask', process.umask, process, 1);
probe('setTimeout.delay', (v) => clearTimeout(setTimeout(() => 0, v)), null, 1);
probe('url.pathToFileURL', url.pathToFileURL, url, 1);
probe('URL', (v, w) => new URL(v, w), null);
