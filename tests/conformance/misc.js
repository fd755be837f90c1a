// napi_run_script, napi_get_version, instance data.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const m = load('misc');

assert.deepStrictEqual(m.runScript('1 + 2'), { status: status.ok, value: 3 });
globalThis.fromScript = undefined;
m.runScript('var fromScript = "global var"');
assert.strictEqual(globalThis.fromScript, 'global var');
assert.strictEqual(m.runScript('this === globalThis').value, true);
assert.strictEqual(m.runScript(42).status, status.string_expected);
const bad = m.runScript('throw new RangeError("in script")');
assert.strictEqual(bad.status, status.generic_failure);
assert.ok(bad.threw instanceof RangeError);
const syntax = m.runScript('let let = 1;');
assert.strictEqual(syntax.status, status.generic_failure);
assert.ok(syntax.threw instanceof SyntaxError);
console.log('run_script: ok');

const v = m.version();
assert.strictEqual(v.status, status.ok);
assert.ok(v.value >= 8, `Node-API version ${v.value}`);
console.log('version: ok');

assert.strictEqual(m.touch(), '(none)');
assert.strictEqual(m.setData('first'), status.ok);
assert.strictEqual(m.touch(), 'first');
assert.strictEqual(m.touch(), 'first');
console.log('instance data: ok');
console.log('null args:', JSON.stringify(m.nullArgs()));
process.on('exit', () => console.log('exit event'));
