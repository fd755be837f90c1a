// napi_create_dataview and napi_create_typedarray over a SharedArrayBuffer
// (Node 24 makes both; nabi refused them with napi_invalid_arg), their
// range checks, and what napi_get_dataview_info gives back.
'use strict';
const assert = require('assert');
const { load, statusName } = require('./common');
const addon = load('dataview_shared');

const show = (label, r) => {
  const v = r.value;
  const what = v instanceof Error ? `${v.name} ${v.code} ${v.message}` :
    v === undefined ? 'undefined' : Object.prototype.toString.call(v);
  console.log(`${label}: ${statusName(r.status)} ${what}`);
  return v;
};

for (const Buf of [ArrayBuffer, SharedArrayBuffer]) {
  const buf = new Buf(16);
  const view = show(`${Buf.name} dataView(4, 8)`, addon.dataView(buf, 4, 8));
  if (view instanceof DataView) {
    view.setUint8(0, 7);
    console.log('  buffer is the same:', view.buffer === buf, 'byteOffset', view.byteOffset,
      'byteLength', view.byteLength, 'writes through:', new Uint8Array(buf)[4]);
    const info = addon.dataViewInfo(view);
    console.log('  dataViewInfo:', statusName(info.status), info.value[0], info.value[1] === buf, info.value[2]);
  }
  show(`${Buf.name} dataView(10, 200)`, addon.dataView(buf, 10, 200));
  const ta = show(`${Buf.name} uint8Array(2, 4)`, addon.uint8Array(buf, 2, 4));
  if (ta instanceof Uint8Array) console.log('  buffer is the same:', ta.buffer === buf, 'byteOffset', ta.byteOffset, 'length', ta.length);
  show(`${Buf.name} uint8Array(10, 200)`, addon.uint8Array(buf, 10, 200));
}

// A DataView JS made over a SharedArrayBuffer, read back.
{
  const sab = new SharedArrayBuffer(8);
  const info = addon.dataViewInfo(new DataView(sab, 2, 4));
  console.log('JS DataView over SAB info:', statusName(info.status), info.value[0], info.value[1] === sab, info.value[2]);
  assert.strictEqual(info.value[1], sab);
}
