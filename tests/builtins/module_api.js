// module's smaller API against Node 24: findPackageJSON (relative with a
// base, file URLs, bare specifiers, its errors), _findPath, globalPaths,
// runMain, constants, and the compile-cache calls' shapes (nabi has no
// compile cache: enableCompileCache reports DISABLED where Node enables
// it, so only the result's type is compared).
'use strict';
const m = require('module');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-module-api-')));
const write = (p, text) => {
  fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
  fs.writeFileSync(path.join(root, p), text);
};
write('package.json', '{"name":"root"}');
write('node_modules/dep/package.json', '{"name":"dep","main":"lib/i.js"}');
write('node_modules/dep/lib/i.js', 'module.exports = 1;');
write('sub/m.js', 'console.log("main ran", require.main === module);');
write('sub/inner/package.json', '{"name":"inner"}');
write('sub/inner/x.js', '');
write('t.js', '');
const base = path.join(root, 't.js');
const rel = (p) => (typeof p === 'string' ? path.relative(root, p) : p);
const t = (l, f) => {
  try {
    console.log(l, f());
  } catch (e) {
    console.log(l, e.code, e.message.split(root).join('<root>'));
  }
};
t('fpj rel', () => rel(m.findPackageJSON('./sub/m.js', base)));
t('fpj rel inner', () => rel(m.findPackageJSON('./sub/inner/x.js', base)));
t('fpj bare', () => rel(m.findPackageJSON('dep', base)));
t('fpj url', () => rel(m.findPackageJSON(require('url').pathToFileURL(base))));
t('fpj url base', () => rel(m.findPackageJSON('./sub/inner/x.js', require('url').pathToFileURL(base))));
t('fpj missing bare', () => m.findPackageJSON('nope-pkg', base));
t('fpj rel no base', () => m.findPackageJSON('./x'));
t('fpj bad', () => m.findPackageJSON(1));
t('fpj no args', () => m.findPackageJSON());
t('constants', () => JSON.stringify(m.constants));
t('getCompileCacheDir', () => m.getCompileCacheDir());
t('flush', () => m.flushCompileCache());
t('enable', () => typeof m.enableCompileCache(path.join(root, 'cache')).status);
t('_findPath', () => [rel(m._findPath('./t', [root])), rel(m._findPath('dep', [path.join(root, 'node_modules')])), m._findPath('zz', [root]), rel(m._findPath(base))]);
t('globalPaths', () => [Array.isArray(m.globalPaths), m.globalPaths.length, m.globalPaths[0] === path.join(os.homedir(), '.node_modules')]);
const argv1 = process.argv[1];
process.argv[1] = path.join(root, 'sub/m.js');
t('runMain', () => m.runMain());
process.argv[1] = argv1;
fs.rmSync(root, { recursive: true });
