'use strict';
// Which globals are enumerable: code that copies `Object.keys(globalThis)`
// (test environments, sandboxes) must see Node's list.
console.log(Object.keys(globalThis).sort().join(' '));
for (const name of ['process', 'Buffer', 'URL', 'TextEncoder', 'queueMicrotask', 'atob', 'setTimeout']) {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, typeof globalThis[name], d.enumerable, d.configurable);
}
