// ES modules: writes a small package tree to a temp dir and runs an .mjs
// entry under this runtime (process.execPath), printing what it saw.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.join(os.tmpdir(), `nabi-esm-${process.pid}`);
const files = {
  'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', exports: { '.': { import: './esm.mjs', require: './cjs.js' }, './feature/*': './features/*.js' } }),
  'node_modules/pkg/esm.mjs': 'export const kind = "esm"; export default function hello() { return "hi from esm"; }',
  'node_modules/pkg/cjs.js': 'exports.kind = "cjs";',
  'node_modules/pkg/features/a.js': 'module.exports = "feature a";',
  'typed/package.json': JSON.stringify({ type: 'module' }),
  'typed/mod.js': 'export const typed = "js under type: module";',
  'sub/c.cjs': 'exports.named = "from cjs"; exports.other = 2;',
  'sub/d.mjs': 'export default "dyn default"; export const x = 42;',
  'main.mjs': `
import hello, { kind } from 'pkg';
import { createRequire } from 'module';
import fs from 'node:fs';
import { join } from 'path';
import cjs, { named } from './sub/c.cjs';
import { typed } from './typed/mod.js';
const require = createRequire(import.meta.url);
console.log(hello(), kind, require('pkg').kind, require('pkg/feature/a'));
console.log(typeof fs.readFileSync, join('a', 'b'), cjs.named, named, typed);
console.log(import.meta.url === 'file://' + import.meta.filename, import.meta.dirname === ${JSON.stringify(root)});
const dyn = await import('./sub/d.mjs');
console.log(dyn.default, dyn.x);
try { require('pkg/private.js'); } catch (e) { console.log(e.code); }
try { await import('nope'); } catch (e) { console.log(e.code); }
const esmFromCjs = require('./typed/mod.js');
console.log('require(esm):', esmFromCjs.typed);
`,
};
for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}
const r = require('child_process').spawnSync(process.execPath, [path.join(root, 'main.mjs')], { encoding: 'utf8' });
process.stdout.write(r.stdout);
console.log('exit', r.status, r.stderr ? r.stderr.split('\n')[0] : '');
fs.rmSync(root, { recursive: true, force: true });
