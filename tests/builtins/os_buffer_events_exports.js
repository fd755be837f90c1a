// Smaller exports against Node 24: os.getPriority/setPriority (libuv, with
// Node's SystemError), buffer.kStringMaxLength/Blob/File/resolveObjectURL,
// events.EventEmitterAsyncResource (listeners in the emitter's async
// context).
'use strict';
const os = require('os');
const buffer = require('buffer');
const { EventEmitterAsyncResource, EventEmitter } = require('events');
const { AsyncLocalStorage } = require('async_hooks');
const t = (l, f) => {
  try {
    console.log(l, f());
  } catch (e) {
    console.log(l, e.code, e.name, e.message, JSON.stringify(e.info), e.errno, e.syscall);
  }
};
t('get', () => typeof os.getPriority());
t('get0', () => os.getPriority(0) === os.getPriority(process.pid));
t('none', () => os.getPriority(9999999));
t('bad', () => os.getPriority('x'));
t('bad2', () => os.getPriority(1.5));
t('set none', () => os.setPriority(9999999, 1));
t('set bad', () => os.setPriority(0, 20));
t('set bad2', () => os.setPriority('x'));
t('set cur', () => os.setPriority(os.getPriority()));
t('set cur pid', () => os.setPriority(process.pid, os.getPriority()));

t('kStringMaxLength', () => buffer.kStringMaxLength === buffer.constants.MAX_STRING_LENGTH);
t('Blob', () => [buffer.Blob === Blob, buffer.File === File, new buffer.Blob(['ab']).size]);
t('resolveObjectURL', () => [typeof buffer.resolveObjectURL, buffer.resolveObjectURL('blob:nodedata:x'), buffer.resolveObjectURL('x')]);

const e = new EventEmitterAsyncResource({ name: 'X' });
t('eear', () => [e instanceof EventEmitter, typeof e.asyncId, typeof e.triggerAsyncId, e.asyncResource.constructor.name, e.asyncResource.eventEmitter === e]);
const als = new AsyncLocalStorage();
let ee;
als.run(5, () => {
  ee = new EventEmitterAsyncResource({ name: 'Y' });
});
ee.on('x', (a) => console.log('store', als.getStore(), a));
ee.emit('x', 'arg');
t('eear bad name', () => new EventEmitterAsyncResource({ name: 1 }));
t('eear no name', () => new EventEmitterAsyncResource(5));
t('eear string', () => new EventEmitterAsyncResource('Z').asyncResource.type);
class Sub extends EventEmitterAsyncResource {}
t('eear subclass', () => new Sub().asyncResource.type);
t('eear destroy', () => e.emitDestroy());
