// node_api_create_buffer_from_arraybuffer as Node 24: a Buffer sharing the
// ArrayBuffer's memory; napi_invalid_arg for anything else; a range past
// the end throws RangeError (ERR_OUT_OF_RANGE) yet returns napi_ok with no
// result; a detached ArrayBuffer counts as empty.
'use strict';
const { load, statusName } = require('./common');
const addon = load('buffer_from_arraybuffer');

function show(label, value, offset, length) {
  const r = addon.make(value, offset, length);
  const v = r.value === undefined ? 'no result' :
    `${r.value.constructor.name}(${r.value.length}) "${r.value.toString('latin1')}" shares memory: ${r.value.buffer === value}`;
  const e = r.error ? `${r.error.name} ${r.error.code} ${r.error.message}` : 'nothing thrown';
  console.log(`${label} (${offset}, ${length}): ${statusName(r.status)}, ${v}, ${e}`);
}

const ab = new ArrayBuffer(8);
new Uint8Array(ab).set([65, 66, 67, 68, 69, 70, 71, 72]);
show('ArrayBuffer', ab, 2, 3);
show('ArrayBuffer', ab, 0, 8);
show('ArrayBuffer', ab, 8, 0);
show('ArrayBuffer', ab, 6, 4);
show('ArrayBuffer', ab, 9, 0);
show('SharedArrayBuffer', new SharedArrayBuffer(8), 0, 4);
show('Uint8Array', new Uint8Array(8), 0, 4);
show('object', {}, 0, 0);
show('number', 5, 0, 0);
const detached = new ArrayBuffer(8);
structuredClone(detached, { transfer: [detached] });
// (A zero-length view of it, which Node makes, is not compared: QuickJS
// cannot make a typed array over a detached ArrayBuffer.)
show('detached ArrayBuffer', detached, 0, 1);
