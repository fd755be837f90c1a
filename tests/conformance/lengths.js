// (char*, size_t length) arguments: a length above INT_MAX that is not
// NAPI_AUTO_LENGTH is napi_invalid_arg in every function that takes one.
'use strict';
const assert = require('assert');
const { load, status } = require('./common');
const m = load('lengths');

const calls = [
  'napi_create_function', 'napi_define_class', 'napi_create_string_utf8',
  'napi_create_string_latin1', 'napi_create_string_utf16', 'node_api_symbol_for',
];
for (const len of ['4', 'auto', 'int_max+1', 'size_max-1']) {
  const got = m.lengths(len);
  assert.strictEqual(got.length, calls.length);
  const want = len === '4' || len === 'auto' ? status.ok : status.invalid_arg;
  calls.forEach((name, i) => assert.strictEqual(got[i], want, `${name} with length ${len}: status ${got[i]}`));
  console.log(`length ${len}:`, JSON.stringify(got));
}
console.log('NULL name, huge length:', JSON.stringify(m.nullName()));
