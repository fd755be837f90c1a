// fs (sync, callback, promises), os, child_process, crypto, process.
'use strict';
const assert = require('assert');
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const cp = require('child_process');
const crypto = require('crypto');

const dir = path.join(os.tmpdir(), `nabi-builtins-${process.pid}-${process.versions.nabi ? 'nabi' : 'node'}`);
fs.rmSync(dir, { recursive: true, force: true });
console.log('mkdir returns', typeof fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true }));
fs.writeFileSync(path.join(dir, 'a', 'f.txt'), 'hello ');
fs.appendFileSync(path.join(dir, 'a', 'f.txt'), Buffer.from('world'));
console.log(fs.readFileSync(path.join(dir, 'a', 'f.txt'), 'utf8'), fs.readFileSync(path.join(dir, 'a', 'f.txt')).length);
console.log(fs.existsSync(dir), fs.existsSync(path.join(dir, 'missing')));
const st = fs.statSync(path.join(dir, 'a', 'f.txt'));
console.log(st.isFile(), st.isDirectory(), st.size, typeof st.mtimeMs, st.mtime instanceof Date);
fs.symlinkSync(path.join(dir, 'a', 'f.txt'), path.join(dir, 'link'));
console.log(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink(), fs.realpathSync(path.join(dir, 'link')) === path.join(dir, 'a', 'f.txt'));
console.log(fs.readdirSync(path.join(dir, 'a')), fs.readdirSync(dir, { withFileTypes: true }).map((d) => `${d.name}:${d.isDirectory()}`));
const fd = fs.openSync(path.join(dir, 'a', 'g.txt'), 'w');
fs.writeSync(fd, 'written via fd');
fs.closeSync(fd);
const rfd = fs.openSync(path.join(dir, 'a', 'g.txt'), 'r');
const buf = Buffer.alloc(7);
console.log(fs.readSync(rfd, buf, 0, 7, 0), buf.toString());
fs.closeSync(rfd);
try {
  fs.readFileSync(path.join(dir, 'nope.txt'));
} catch (e) {
  console.log(e.code, e.errno, e.syscall, e.message.replace(dir, '<dir>'));
}
assert.throws(() => fs.mkdirSync(path.join(dir, 'a')), { code: 'EEXIST' });
assert.throws(() => fs.rmSync(path.join(dir, 'a')), (e) => ['EISDIR', 'ERR_FS_EISDIR'].includes(e.code));

console.log(os.platform(), os.arch() === process.arch, os.EOL === '\n', typeof os.cpus().length, os.totalmem() > 0, os.homedir() === process.env.HOME,
  typeof os.hostname(), os.endianness());
console.log(cp.execSync('echo hi; echo err >&2', { stdio: 'pipe' }).toString().trim(), cp.execFileSync('printf', ['%s-%s', 'a', 'b'], { encoding: 'utf8' }));
const r = cp.spawnSync('sh', ['-c', 'exit 3']);
console.log(r.status, r.signal, cp.spawnSync('cat', [], { input: 'piped' }).stdout.toString());
try {
  cp.execSync('exit 2', { stdio: 'pipe' });
} catch (e) {
  console.log('execSync failure status', e.status);
}
console.log(crypto.randomBytes(8).length, /^[0-9a-f-]{36}$/.test(crypto.randomUUID()), crypto.getRandomValues(new Uint8Array(4)).length);
const report = process.report.getReport();
console.log(typeof report.header.glibcVersionRuntime, Array.isArray(report.sharedObjects));
const [s, ns] = process.hrtime();
console.log(typeof s, typeof ns, typeof process.hrtime.bigint(), process.memoryUsage().rss > 0, process.versions.modules === undefined || !!process.versions.modules);
console.log(typeof process.versions.napi, process.version.startsWith('v'), require('worker_threads').isMainThread, require('module').builtinModules.includes('fs'));

fs.readFile(path.join(dir, 'a', 'f.txt'), 'utf8', (err, text) => {
  console.log('callback readFile', err, text);
  fsp.readdir(path.join(dir, 'a')).then(async (names) => {
    console.log('promises readdir', names.sort());
    await fsp.writeFile(path.join(dir, 'p.txt'), 'promised');
    console.log('promises readFile', await fsp.readFile(path.join(dir, 'p.txt'), 'utf8'), (await fsp.stat(dir)).isDirectory());
    await fsp.readFile(path.join(dir, 'none')).catch((e) => console.log('promises error', e.code));
    fs.rmSync(dir, { recursive: true });
    console.log('cleaned', fs.existsSync(dir));
  });
});
// Module.builtinModules lists names in Node's (sorted) order.
{
  const listed = require('module').builtinModules;
  const some = ['zlib', 'assert', 'fs/promises', 'fs', 'worker_threads', 'timers', 'assert/strict', 'path'];
  console.log(listed.filter((n) => some.includes(n)).join(' '));
}
