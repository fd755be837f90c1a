// package.json "imports": `#name` specifiers private to a package, from
// require() and import: exact keys, `*` patterns, conditions (node over
// default, import vs require), a bare package as a target, and the errors
// for an undefined or invalid name.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-imports-'));
const files = {
  'node_modules/dep/package.json': JSON.stringify({ name: 'dep', main: 'main.js' }),
  'node_modules/dep/main.js': 'module.exports = "the dep package";',
  'node_modules/pk/package.json': JSON.stringify({
    name: 'pk',
    exports: { '.': { import: './index.mjs', require: './index.js' } },
    imports: {
      '#dep': { node: './lib/dep-node.js', default: './lib/dep-other.js' },
      '#internal/*': './lib/*.js',
      '#internal/special': './lib/special.js',
      '#flavour': { import: './lib/esm-flavour.mjs', require: './lib/cjs-flavour.js' },
      '#other': 'dep',
      '#missing-target': { browser: './lib/browser.js' },
    },
  }),
  'node_modules/pk/lib/dep-node.js': 'module.exports = "node dep";',
  'node_modules/pk/lib/dep-other.js': 'module.exports = "other dep";',
  'node_modules/pk/lib/util.js': 'module.exports = "util by pattern";',
  'node_modules/pk/lib/special.js': 'module.exports = "exact key beats the pattern";',
  'node_modules/pk/lib/cjs-flavour.js': 'module.exports = "required";',
  'node_modules/pk/lib/esm-flavour.mjs': 'export default "imported";',
  'node_modules/pk/index.js': `
const out = [require('#dep'), require('#internal/util'), require('#internal/special'), require('#flavour'), require('#other')];
for (const name of ['#nope', '#missing-target', '#', '#/x']) {
  try { require(name); out.push(name + ' resolved'); } catch (e) { out.push(name + ' ' + e.code); }
}
module.exports = out;`,
  'node_modules/pk/index.mjs': `
import d from '#dep';
import u from '#internal/util';
import f from '#flavour';
import o from '#other';
let err;
try { await import('#nope'); } catch (e) { err = e.code; }
export default [d, u, f, o, '#nope ' + err];`,
};
for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  fs.writeFileSync(path.join(root, name), text);
}
const { createRequire } = require('module');
const req = createRequire(path.join(root, 'main.js'));
console.log('require:', req('pk'));
import(path.join(root, 'node_modules/pk/index.mjs')).then((m) => {
  console.log('import:', m.default);
  fs.rmSync(root, { recursive: true, force: true });
});
