// An ArrayBuffer over an addon's own memory (napi_create_external_arraybuffer,
// napi_create_external_buffer) is not transferable: naming it in a
// transferList throws DataCloneError (code 25) and leaves it attached;
// cloning it without transfer copies it. An ArrayBuffer Node-API allocated
// (napi_create_arraybuffer) transfers and is detached in the sender.
'use strict';
const { MessageChannel, receiveMessageOnPort } = require('worker_threads');
const { load } = require('./common');
const addon = load('untransferable_buffers');

const { port1, port2 } = new MessageChannel();
const text = (ab) => Buffer.from(ab).toString('latin1');

function tryTransfer(label, ab, how) {
  try {
    if (how === 'postMessage') {
      port1.postMessage(ab, [ab]);
      const got = receiveMessageOnPort(port2).message;
      console.log(`${label} ${how}: moved, received "${text(got)}", sender byteLength ${ab.byteLength}`);
    } else {
      const got = structuredClone(ab, { transfer: [ab] });
      console.log(`${label} ${how}: moved, got "${text(got)}", sender byteLength ${ab.byteLength}`);
    }
  } catch (e) {
    console.log(`${label} ${how}: ${e.name} ${e.code} ${e.message} | still "${text(ab)}"`);
  }
}

for (const how of ['postMessage', 'structuredClone']) {
  tryTransfer('external ArrayBuffer', addon.externalArrayBuffer(), how);
  tryTransfer('external Buffer', addon.externalBuffer().buffer, how);
  tryTransfer('Node-API ArrayBuffer', addon.arrayBuffer(), how);
}

// Cloned without a transfer: a copy, the original untouched.
{
  const ab = addon.externalArrayBuffer();
  port1.postMessage(ab);
  const got = receiveMessageOnPort(port2).message;
  console.log(`external ArrayBuffer cloned: "${text(got)}", copy ${got !== ab}, original "${text(ab)}"`);
}

// Refused among other items: nothing in the list is detached.
{
  const plain = new ArrayBuffer(4);
  const ext = addon.externalArrayBuffer();
  try {
    port1.postMessage([plain, ext], [plain, ext]);
  } catch (e) {
    console.log(`mixed list: ${e.name}, plain byteLength ${plain.byteLength}, external byteLength ${ext.byteLength}`);
  }
}
port1.close();
