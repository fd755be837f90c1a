// Globals Node 24 has beside the modules: CustomEvent, navigator, and the
// perf_hooks classes (the same objects as the module's).
'use strict';
const perfHooks = require('perf_hooks');

const c = new CustomEvent('ping', { detail: { n: 1 } });
console.log(c.type, c.detail, new CustomEvent('x').detail, c instanceof Event);
console.log(Object.prototype.toString.call(c), Object.prototype.toString.call(new Event('e')));
console.log(Object.getOwnPropertyNames(CustomEvent.prototype));
const target = new EventTarget();
target.addEventListener('ping', (e) => console.log('listener got', e.detail, e === c));
target.dispatchEvent(c);
try {
  new CustomEvent();
} catch (e) {
  console.log(e.name, e.code, e.message);
}

console.log(typeof navigator, navigator instanceof Navigator);
console.log(navigator.hardwareConcurrency === require('os').availableParallelism());
console.log(typeof navigator.language, navigator.languages.includes(navigator.language));
console.log(navigator.platform === `Linux ${process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch}`);
console.log(navigator.userAgent);
for (const name of ['hardwareConcurrency', 'language', 'languages', 'userAgent', 'platform']) {
  console.log(name, typeof Object.getOwnPropertyDescriptor(Navigator.prototype, name).get);
}
try {
  new Navigator();
} catch (e) {
  console.log(e.name, e.code, e.message);
}

for (const name of ['Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure',
  'PerformanceObserver', 'PerformanceObserverEntryList']) {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, globalThis[name] === perfHooks[name], d.enumerable, d.configurable);
}
console.log(performance instanceof Performance, performance.mark('m') instanceof PerformanceMark);

// The classes are not enumerable globals.
for (const name of ['Event', 'EventTarget', 'AbortController', 'AbortSignal', 'CustomEvent', 'Navigator']) {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, d.enumerable, d.writable, d.configurable);
}
console.log(Object.keys(globalThis).includes('navigator'));
