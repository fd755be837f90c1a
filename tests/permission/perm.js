// Runs under node and nabi with the permission flags runtime/tests/permission.rs
// chooses; prints what each guarded call did. argv[2] is the addon to load.
'use strict';
const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const { Worker } = require('worker_threads');

const root = __dirname;
const inFile = path.join(root, 'in', 'a.txt');
const outFile = path.join(root, 'out', 'b.txt');
const secret = path.join(root, 'secret.txt');

const describe = (e) => e.code === 'ERR_ACCESS_DENIED'
  ? `${e.code} ${e.name} ${e.message} ${JSON.stringify(e.permission)} ${e.resource && path.relative(root, e.resource) || JSON.stringify(e.resource)} ${JSON.stringify(Object.keys(e).sort())}`
  : e.code;
function sync(label, f) {
  try {
    const r = f();
    console.log(label, 'ok', typeof r);
  } catch (e) {
    console.log(label, describe(e));
  }
}
const callback = (label, f) => new Promise((resolve) => f((e) => {
  console.log(label, e ? describe(e) : 'ok');
  resolve();
}));
const promise = (label, p) => p.then(() => console.log(label, 'ok'), (e) => console.log(label, describe(e)));
const stream = (label, s) => new Promise((resolve) => {
  s.on('error', (e) => { console.log(label, describe(e)); resolve(); });
  s.on('close', () => { console.log(label, 'closed'); resolve(); });
  if (s.readable) s.resume(); else s.end('w');
});

(async () => {
  const p = process.permission;
  console.log('permission', typeof p);
  if (p) {
    console.log('has', ['fs', 'fs.read', 'fs.write', 'child', 'worker', 'addon', 'net', 'wasi']
      .map((s) => `${s}=${p.has(s)}`).join(' '));
    console.log('has paths', [inFile, outFile, secret, root, path.join(root, 'in'), path.join(root, 'inx'),
      path.join(root, 'out', '..', 'secret.txt'), 'relative']
      .map((f) => `${p.has('fs.read', f)}/${p.has('fs.write', f)}`).join(' '));
    sync('has(1)', () => p.has(1));
    sync('has(fs.read, 1)', () => p.has('fs.read', 1));
  }
  sync('readFileSync in', () => fs.readFileSync(inFile, 'utf8'));
  sync('readFileSync secret', () => fs.readFileSync(secret, 'utf8'));
  sync('writeFileSync out', () => fs.writeFileSync(outFile, 'x'));
  sync('writeFileSync in', () => fs.writeFileSync(inFile, 'a'));
  sync('statSync secret', () => fs.statSync(secret));
  sync('existsSync secret', () => fs.existsSync(secret));
  sync('readdirSync root', () => fs.readdirSync(root));
  sync('openSync in r', () => fs.closeSync(fs.openSync(inFile, 'r')));
  sync('openSync in r+', () => fs.openSync(inFile, 'r+'));
  sync('copyFileSync secret', () => fs.copyFileSync(secret, outFile));
  sync('renameSync out->in', () => fs.renameSync(outFile, path.join(root, 'in', 'moved')));
  sync('mkdirSync root/new', () => fs.mkdirSync(path.join(root, 'new')));
  sync('symlinkSync out/link', () => fs.symlinkSync(inFile, path.join(root, 'out', 'link')));
  await callback('readFile secret', (cb) => fs.readFile(secret, cb));
  await callback('readFile in', (cb) => fs.readFile(inFile, cb));
  await callback('writeFile in', (cb) => fs.writeFile(inFile, 'a', cb));
  await callback('symlink out/link2', (cb) => fs.symlink(inFile, path.join(root, 'out', 'link2'), cb));
  await promise('promises.readFile secret', fs.promises.readFile(secret));
  await promise('promises.writeFile out', fs.promises.writeFile(outFile, 'y'));
  await promise('promises.writeFile in', fs.promises.writeFile(inFile, 'a'));
  await stream('createReadStream secret', fs.createReadStream(secret));
  await stream('createReadStream in', fs.createReadStream(inFile));
  await stream('createWriteStream in', fs.createWriteStream(inFile));
  // JS cannot grant itself more: the checks are in the native side.
  if (p) {
    p.has = () => true;
    console.log('process.permission', JSON.stringify(Object.getOwnPropertyDescriptor(process, 'permission')), p.has('fs.read'));
    sync('after tampering readFileSync secret', () => fs.readFileSync(secret, 'utf8'));
  }
  sync('spawnSync', () => cp.spawnSync('true'));
  sync('execSync', () => cp.execSync('true'));
  sync('execFileSync', () => cp.execFileSync('true'));
  sync('spawn', () => cp.spawn('true'));
  await new Promise((resolve) => {
    try {
      const w = new Worker('require("worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
      w.on('message', (m) => console.log('worker says', m));
      w.on('exit', () => resolve());
    } catch (e) {
      console.log('Worker', describe(e));
      resolve();
    }
  });
  // A worker's file is its entry point: it needs no read grant (when the
  // main thread runs a file, as here).
  await new Promise((resolve) => {
    try {
      const w = new Worker(path.join(root, 'worker.js'));
      w.on('message', (m) => console.log('file worker says', m));
      w.on('error', (e) => console.log('file worker error', describe(e)));
      w.on('exit', (code) => { console.log('file worker exit', code); resolve(); });
    } catch (e) {
      console.log('file Worker', describe(e));
      resolve();
    }
  });
  // require reads need a grant too (resolving does not); the entry point
  // itself is always readable.
  sync('require in/mod.js', () => require('./in/mod.js'));
  sync('require secret.js', () => require('./secret.js'));
  sync('require addon', () => require(process.argv[2]).loads);
  sync('require missing', () => require('./missing.js'));
  sync('dlopen', () => {
    const m = { exports: {} };
    process.dlopen(m, process.argv[2]);
    return m.exports.loads;
  });
})();
