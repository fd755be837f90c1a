// fs calls beyond the common ones: read/write (buffer and string forms),
// readv/writev, fsync, truncate, link, utimes, chown, fchmod, mkdtemp,
// statfs, opendir/Dir, cp, glob, path.matchesGlob, and fs/promises'
// FileHandle — sync, callback and promise forms, and their errors.
'use strict';
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-fs-calls-'));
const rel = (p) => path.relative(root, p);
const show = (e) => [e.code, e.message.split(root).join('<root>'), e.syscall].join(' | ');
function t(label, f) {
  try {
    console.log(label, 'ok', f());
  } catch (e) {
    console.log(label, 'threw', show(e));
  }
}
const at = (p) => path.join(root, p);
const owner = fs.statSync(root);
console.log('mkdtemp', path.basename(root).length, fs.statSync(root).isDirectory(), (fs.statSync(root).mode & 0o777).toString(8));

// read / write
const fd = fs.openSync(at('a.txt'), 'w+');
t('writeSync string', () => fs.writeSync(fd, 'hello world'));
t('writeSync buffer', () => fs.writeSync(fd, Buffer.from('XYZ'), 1, 2, 0));
t('writeSync string pos', () => fs.writeSync(fd, 'é', 5, 'utf8'));
const buf = Buffer.alloc(16);
t('readSync', () => [fs.readSync(fd, buf, 0, 16, 0), buf.toString('utf8', 0, 12)]);
t('readSync options', () => [fs.readSync(fd, buf, { position: 6, length: 3 }), buf.toString('utf8', 0, 3)]);
t('readSync length 0', () => fs.readSync(fd, buf, 0, 0, 0));
t('readSync bad buffer', () => fs.readSync(fd, 'x'));
t('readSync bad options', () => fs.readSync(fd, buf, 5));
t('readSync too long', () => fs.readSync(fd, buf, 10, 10));
t('readSync bad offset', () => fs.readSync(fd, buf, -1, 2));
t('readSync bad fd', () => fs.readSync(999, buf));
t('writeSync bad data', () => fs.writeSync(fd, 5));
t('writeSync bad fd', () => fs.writeSync(999, 'x'));
t('writevSync', () => fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cd')], 0));
const b1 = Buffer.alloc(3);
const b2 = Buffer.alloc(5);
t('readvSync', () => [fs.readvSync(fd, [b1, b2], 0), b1.toString(), b2.toString()]);
t('readvSync bad', () => fs.readvSync(fd, 'x'));
t('writevSync bad fd', () => fs.writevSync(999, [Buffer.from('a')]));
t('fsyncSync', () => fs.fsyncSync(fd));
t('fdatasyncSync', () => fs.fdatasyncSync(fd));
t('fsyncSync bad fd', () => fs.fsyncSync(999));
t('ftruncateSync', () => [fs.ftruncateSync(fd, 4), fs.fstatSync(fd).size]);
t('ftruncateSync bad len', () => fs.ftruncateSync(fd, 'x'));
t('fchmodSync', () => [fs.fchmodSync(fd, 0o600), (fs.fstatSync(fd).mode & 0o777).toString(8)]);
t('fchmodSync bad mode', () => fs.fchmodSync(fd, 'zz'));
t('futimesSync', () => [fs.futimesSync(fd, 1000, new Date(2000000)), fs.fstatSync(fd).mtimeMs]);
t('fchownSync same', () => fs.fchownSync(fd, owner.uid, owner.gid));
t('fchownSync bad uid', () => fs.fchownSync(fd, -2, 0));
fs.closeSync(fd);
t('fsyncSync closed', () => fs.fsyncSync(fd));

// path-based calls
t('truncateSync', () => [fs.truncateSync(at('a.txt'), 2), fs.readFileSync(at('a.txt'), 'utf8')]);
t('truncateSync missing', () => fs.truncateSync(at('nope')));
t('truncateSync dir bad len', () => fs.truncateSync(root, 'x'));
t('linkSync', () => [fs.linkSync(at('a.txt'), at('b.txt')), fs.statSync(at('b.txt')).nlink]);
t('linkSync exists', () => fs.linkSync(at('a.txt'), at('b.txt')));
t('linkSync missing', () => fs.linkSync(at('x'), at('y')));
t('utimesSync', () => [fs.utimesSync(at('a.txt'), '100', 200.5), fs.statSync(at('a.txt')).atimeMs, fs.statSync(at('a.txt')).mtimeMs]);
t('utimesSync bad time', () => fs.utimesSync(at('a.txt'), {}, 1));
t('utimesSync missing', () => fs.utimesSync(at('nope'), 1, 1));
fs.symlinkSync('a.txt', at('ln'));
t('lutimesSync', () => [fs.lutimesSync(at('ln'), 5, 6), fs.lstatSync(at('ln')).mtimeMs, fs.statSync(at('ln')).mtimeMs]);
t('lutimesSync missing', () => fs.lutimesSync(at('nope'), 1, 1));
t('chownSync same', () => fs.chownSync(at('a.txt'), owner.uid, owner.gid));
t('lchownSync same', () => fs.lchownSync(at('ln'), -1, -1));
t('chownSync bad uid', () => fs.chownSync(at('a.txt'), 'a', 1));
t('chownSync missing', () => fs.chownSync(at('nope'), 0, 0));
t('mkdtempSync missing', () => fs.mkdtempSync(at('no/x')));
t('mkdtempSync bad', () => fs.mkdtempSync(1));
t('mkdtempSync buffer', () => Buffer.isBuffer(fs.mkdtempSync(at('t-'), 'buffer')));
t('statfsSync', () => {
  const s = fs.statfsSync(root);
  return [s.constructor.name, Object.keys(s), s.bsize > 0, s.blocks >= s.bfree, s.frsize === s.bsize];
});
t('statfsSync bigint', () => typeof fs.statfsSync(root, { bigint: true }).bsize);
t('statfsSync missing', () => fs.statfsSync(at('nope')));
t('unwatchFile', () => fs.unwatchFile(at('a.txt')));
t('unwatchFile bad', () => fs.unwatchFile(1));

// errors with Node's codes, syscalls and paths (libuv's names and words)
t('err read dir', () => fs.readFileSync(root));
t('err rmdir root', () => fs.rmdirSync('/'));
t('err link across devices', () => fs.linkSync('/proc/version', at('x-link')));
t('err scandir file', () => fs.readdirSync(at('a.txt')));
t('err symlink exists', () => fs.symlinkSync('a', root));
t('err truncate device', () => fs.truncateSync('/dev/null', 1));

// opendir / Dir
fs.mkdirSync(at('d/e'), { recursive: true });
fs.writeFileSync(at('d/f1'), '1');
fs.writeFileSync(at('d/e/f2'), '22');
const dir = fs.opendirSync(at('d'));
const names = [];
for (let e; (e = dir.readSync()) !== null;) names.push([e.name, e.isDirectory(), rel(e.parentPath)]);
console.log('opendirSync', dir.constructor.name, rel(dir.path), names.sort());
t('Dir closeSync', () => dir.closeSync());
t('Dir closeSync twice', () => dir.closeSync());
t('Dir readSync closed', () => dir.readSync());
t('opendirSync missing', () => fs.opendirSync(at('nope')));
t('opendirSync bufferSize', () => fs.opendirSync(root, { bufferSize: 0 }));
t('opendirSync recursive', () => {
  const d = fs.opendirSync(at('d'), { recursive: true });
  const all = [];
  for (let e; (e = d.readSync()) !== null;) all.push(rel(path.join(e.parentPath, e.name)));
  d.closeSync();
  return all.sort();
});

// cp
fs.writeFileSync(at('d/e/.hidden'), 'h');
fs.symlinkSync('f1', at('d/link'));
t('cpSync dir no recursive', () => fs.cpSync(at('d'), at('d2')));
t('cpSync same', () => fs.cpSync(at('a.txt'), at('a.txt')));
t('cpSync missing', () => fs.cpSync(at('nope'), at('x')));
t('cpSync into self', () => fs.cpSync(at('d'), at('d/sub'), { recursive: true }));
t('cpSync file over dir', () => fs.cpSync(at('a.txt'), at('d'), { recursive: true }));
t('cpSync bad options', () => fs.cpSync(at('d'), at('x'), { recursive: 1 }));
t('cpSync recursive', () => {
  fs.cpSync(at('d'), at('d2'), { recursive: true, filter: (s) => !s.endsWith('f2') });
  return [fs.readdirSync(at('d2')).sort(), fs.readdirSync(at('d2/e')).sort(), fs.readlinkSync(at('d2/link')) === at('d/f1')];
});
t('cpSync file', () => [fs.cpSync(at('a.txt'), at('new/deep/a.txt')), fs.readFileSync(at('new/deep/a.txt'), 'utf8')]);
fs.writeFileSync(at('g.txt'), 'other');
t('cpSync errorOnExist', () => fs.cpSync(at('a.txt'), at('g.txt'), { force: false, errorOnExist: true }));
t('cpSync no force', () => [fs.cpSync(at('a.txt'), at('g.txt'), { force: false }), fs.readFileSync(at('g.txt'), 'utf8')]);
t('cpSync force', () => [fs.cpSync(at('a.txt'), at('g.txt')), fs.readFileSync(at('g.txt'), 'utf8')]);

// glob and matchesGlob
const g = { cwd: at('d') };
for (const p of ['*', '**', '**/*', 'e/*', '.*', '**/.hidden', '*{1,2}', 'e/', '[fl]*', 'nope/*']) {
  t(`globSync ${p}`, () => fs.globSync(p, g).sort());
}
t('globSync exclude', () => fs.globSync('**', { ...g, exclude: ['e/**'] }).sort());
t('globSync exclude fn', () => fs.globSync(['*', 'e/*'], { ...g, exclude: (n) => n === 'e' }).sort());
t('globSync types', () => fs.globSync('*', { ...g, withFileTypes: true }).map((d) => [d.name, rel(d.parentPath), d.isFile()]).sort());
t('globSync absolute', () => fs.globSync(at('d/f*')).map(rel));
t('globSync bad', () => fs.globSync(1));
t('globSync bad exclude', () => fs.globSync('*', { exclude: 1 }));
for (const [p, pat] of [['/a/b/c', '/a/**/c'], ['x.js', '*.js'], ['a/.x.js', 'a/*.js'], ['a/b.js', '*.js'], ['a/b.js', '**/*.js'],
  ['a', 'a/**'], ['ab', 'a?'], ['a/b', 'a/{b,c}'], ['abc', 'a[bx]c'], ['abc', 'a[!b]c'], ['a.JS', '*.js'], ['./a', 'a'], ['.git/x', '**/x']]) {
  t(`matchesGlob ${p} ${pat}`, () => path.matchesGlob(p, pat));
}
t('matchesGlob bad', () => path.matchesGlob(1, 'x'));
t('_makeLong', () => path._makeLong('/x/y'));

// callback and promise forms, in sequence
function step(label, f) {
  return new Promise((resolve) => {
    f((err, ...r) => {
      console.log(label, err ? `error ${show(err)}` : r.map((v) => (Buffer.isBuffer(v) ? v.toString() : v)));
      resolve();
    });
  });
}
(async () => {
  const cfd = fs.openSync(at('c.txt'), 'w+');
  await step('write cb', (cb) => fs.write(cfd, Buffer.from('abcdef'), 0, 6, 0, cb));
  await step('write string cb', (cb) => fs.write(cfd, 'Z', 2, cb));
  await step('read cb', (cb) => fs.read(cfd, Buffer.alloc(6), 0, 6, 0, cb));
  await step('read options cb', (cb) => fs.read(cfd, { buffer: Buffer.alloc(4), position: 1 }, (e, n, b) => cb(e, n, b.subarray(0, n))));
  await step('read bad fd cb', (cb) => fs.read(999, Buffer.alloc(2), 0, 2, 0, cb));
  await step('writev cb', (cb) => fs.writev(cfd, [Buffer.from('1'), Buffer.from('2')], 0, (e, n) => cb(e, n)));
  await step('readv cb', (cb) => fs.readv(cfd, [Buffer.alloc(2)], 0, cb));
  await step('fsync cb', (cb) => fs.fsync(cfd, cb));
  await step('ftruncate cb', (cb) => fs.ftruncate(cfd, 1, cb));
  await step('futimes cb', (cb) => fs.futimes(cfd, 1, 2, cb));
  fs.closeSync(cfd);
  await step('truncate cb', (cb) => fs.truncate(at('nope'), cb));
  await step('utimes cb', (cb) => fs.utimes(at('c.txt'), 3, 4, cb));
  await step('link cb', (cb) => fs.link(at('c.txt'), at('c2.txt'), cb));
  await step('mkdtemp cb', (cb) => fs.mkdtemp(at('cb-'), (e, p) => cb(e, p && rel(p).length)));
  await step('statfs cb', (cb) => fs.statfs(root, (e, s) => cb(e, s && s.constructor.name)));
  await step('opendir cb', (cb) => fs.opendir(at('nope'), cb));
  await step('cp cb', (cb) => fs.cp(at('d'), at('d3'), cb));
  await step('cp recursive cb', (cb) => fs.cp(at('d'), at('d3'), { recursive: true }, (e) => cb(e, fs.readdirSync(at('d3')).sort())));
  await step('glob cb', (cb) => fs.glob('e/*', g, (e, r) => cb(e, r.sort())));

  const d = await fsp.opendir(at('d'));
  const seen = [];
  for await (const e of d) seen.push(e.name);
  console.log('opendir async iteration', seen.sort());
  console.log('closed after iteration', await d.close().then(() => 'no', (e) => e.code));
  const d2 = fs.opendirSync(at('d'));
  console.log('Dir read promise', typeof (await d2.read()).name, await d2.close());
  const globbed = [];
  for await (const p of fsp.glob('**/f*', g)) globbed.push(p);
  console.log('promises glob', globbed.sort());
  await fsp.cp(at('d/e'), at('d4'), { recursive: true, filter: async (s) => !s.endsWith('.hidden') });
  console.log('promises cp async filter', fs.readdirSync(at('d4')));
  console.log('promises truncate', await fsp.truncate(at('c.txt'), 0), fs.statSync(at('c.txt')).size);
  console.log('promises link', await fsp.link(at('c.txt'), at('c3.txt')).catch(show));
  console.log('promises utimes', await fsp.utimes(at('c.txt'), 7, 8), fs.statSync(at('c.txt')).mtimeMs);
  console.log('promises lutimes', await fsp.lutimes(at('nope'), 7, 8).catch(show));
  console.log('promises chown', await fsp.chown(at('nope'), 0, 0).catch(show));
  console.log('promises lchown', await fsp.lchown(at('ln'), -1, -1));
  console.log('promises mkdtemp', rel(await fsp.mkdtemp(at('p-'))).length);
  console.log('promises statfs', (await fsp.statfs(root)).constructor.name);
  console.log('promises lchmod', await fsp.lchmod(at('ln'), 0o600).catch((e) => e.code));

  // FileHandle
  const fh = await fsp.open(at('h.txt'), 'w+');
  console.log('FileHandle', fh.constructor.name, typeof fh.fd);
  console.log('fh.write', (await fh.write('hello', 0)).bytesWritten);
  console.log('fh.write buffer', (await fh.write(Buffer.from('HE'), 0, 2, 0)).bytesWritten);
  const r = await fh.read(Buffer.alloc(5), 0, 5, 0);
  console.log('fh.read', r.bytesRead, r.buffer.toString());
  console.log('fh.read default', (await fh.read({ position: 1 })).bytesRead);
  console.log('fh.writev', (await fh.writev([Buffer.from('ab'), Buffer.from('c')], 5)).bytesWritten);
  const rv = [Buffer.alloc(4), Buffer.alloc(4)];
  console.log('fh.readv', (await fh.readv(rv, 0)).bytesRead, rv.map(String));
  console.log('fh.stat', (await fh.stat()).size);
  console.log('fh.truncate', await fh.truncate(3), (await fh.stat()).size);
  console.log('fh.readFile', await fh.readFile('utf8'));
  console.log('fh.sync', await fh.sync(), await fh.datasync());
  console.log('fh.chmod', await fh.chmod(0o640), ((await fh.stat()).mode & 0o777).toString(8));
  console.log('fh.utimes', await fh.utimes(10, 20), (await fh.stat()).mtimeMs);
  console.log('fh.chown', await fh.chown(owner.uid, owner.gid));
  console.log('readFile(fh)', await fsp.readFile(fh, 'utf8'));
  await fh.close();
  console.log('fh closed', fh.fd, await fh.stat().catch((e) => e.code));
  const blob = await fs.openAsBlob(at('a.txt'), { type: 'text/x' });
  console.log('openAsBlob', blob.constructor.name, blob.type, blob.size, await blob.text());
  t('openAsBlob missing', () => fs.openAsBlob(at('nope')));
  t('openAsBlob bad', () => fs.openAsBlob(1));
  t('openAsBlob bad type', () => fs.openAsBlob(at('a.txt'), { type: 1 }));
  t('aliases', () => [fs.FileReadStream === fs.ReadStream, fs.FileWriteStream === fs.WriteStream, 'lchmod' in fs, fs.lchmod]);
  const disposable = fs.mkdtempDisposableSync(at('disp-'));
  fs.writeFileSync(path.join(disposable.path, 'f'), 'x');
  console.log('mkdtempDisposableSync', Object.keys(disposable), typeof disposable[Symbol.dispose], fs.existsSync(disposable.path));
  disposable.remove();
  disposable[Symbol.dispose]();
  console.log('removed', fs.existsSync(disposable.path));
  t('mkdtempDisposableSync bad', () => fs.mkdtempDisposableSync(1));
  const pd = await fsp.mkdtempDisposable(at('pdisp-'));
  console.log('mkdtempDisposable', Object.keys(pd), typeof pd[Symbol.asyncDispose], fs.existsSync(pd.path));
  await pd.remove();
  console.log('removed', fs.existsSync(pd.path));
  fs.rmSync(root, { recursive: true });
})();
