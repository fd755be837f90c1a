// require() of an ES module that fails (throws while evaluating, imports a
// module that throws, is missing an import, has a syntax error), inside
// try/catch: the caller catches the error, nothing is reported as uncaught
// or unhandled, and the process goes on to exit 0.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.join(os.tmpdir(), `nabi-esm-errors-${process.pid}`);
const files = {
  'package.json': JSON.stringify({ type: 'module' }),
  'throws.js': 'throw new RangeError("thrown while evaluating");',
  'nested.js': 'import "./throws.js"; export const never = 1;',
  'missing.js': 'import x from "./nonexistent.js"; export default x;',
  'syntax.js': 'export default = ;',
  'fine.js': 'export const ok = "still loads";',
};
for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}
process.on('exit', (code) => {
  fs.rmSync(root, { recursive: true, force: true });
  console.log('exit', code);
});
process.on('unhandledRejection', (r) => console.log('unhandled rejection:', r));

for (const name of ['throws.js', 'nested.js', 'throws.js', 'missing.js', 'syntax.js']) {
  try {
    require(path.join(root, name));
    console.log(name, 'loaded');
  } catch (e) {
    // (engines word syntax errors and not-found paths their own way)
    console.log(name, 'caught:', e.constructor.name, e.code, e instanceof SyntaxError || e.code ? '' : e.message);
  }
}
console.log(require(path.join(root, 'fine.js')).ok);
setTimeout(() => console.log('timers still run'), 5);
