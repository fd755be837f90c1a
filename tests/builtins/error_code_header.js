'use strict';
// Node's own errors name their code when printed (`TypeError [ERR_X]: …` in
// String(err), the stack's first line and util.inspect), and a system
// error's message is not an enumerable property.
const util = require('util');
const fs = require('fs');

const cases = {
  'fs path type': () => fs.readFileSync({}),
  'validateFunction': () => fs.readFile('/nonexistent', 'utf8', 'not a function'),
  'out of range': () => Buffer.alloc(4).readUInt8(9),
  'ENOENT': () => fs.readFileSync('/nonexistent/file'),
  'user error with a code': () => { const e = new TypeError('mine'); e.code = 'ERR_MINE'; throw e; },
};
for (const [name, f] of Object.entries(cases)) {
  try {
    f();
    console.log(name, 'did not throw');
  } catch (e) {
    console.log(`${name}:`);
    console.log('  String:', String(e));
    console.log('  stack: ', e.stack.split('\n')[0]);
    console.log('  inspect:', util.inspect(e).split('\n')[0]);
    console.log('  keys:', Object.keys(e).join(), '| instanceof', e instanceof Error, e.constructor.name);
    console.log('  JSON:', JSON.stringify(e));
  }
}
