// process.emitWarning: the Warning object, the 'warning' event on the next
// tick, the flags that silence, drop or throw warnings.
'use strict';
const { spawnSync } = require('child_process');

if (process.argv[2] === 'child') {
  process.on('warning', (w) => console.log('child saw', w.name, w.message));
  process.emitWarning('plain');
  process.emitWarning('old', 'DeprecationWarning', 'DEP9');
  return;
}

console.log('default listeners', process.listenerCount('warning'));
const seen = [];
process.on('warning', (w) => {
  seen.push(w);
  console.log('warning', w instanceof Error, w.name, w.message, w.code, w.detail, Object.keys(w).join());
});
process.emitWarning('hello');
process.emitWarning('x', 'CustomWarning', 'C1');
process.emitWarning('y', { type: 'T', code: 'C2', detail: 'some detail' });
process.emitWarning('d', { detail: 1 });
process.emitWarning('z', 'DeprecationWarning', 'DEP0');
process.emitWarning('f', function ctor() {});
const e = new Error('boom');
e.name = 'MyWarning';
process.emitWarning(e);
for (const args of [[1], [null], ['a', 5], ['a', 'T', 5], ['a', { type: 5 }]]) {
  try {
    process.emitWarning(...args);
    console.log('no throw', args);
  } catch (err) {
    console.log(err.name, err.code, err.message);
  }
}
console.log('sync end, seen', seen.length);
process.nextTick(() => console.log('tick queued after: seen', seen.length));

setTimeout(() => {
  console.log('same object', seen[6] === e);
  process.noDeprecation = true;
  process.emitWarning('dropped', 'DeprecationWarning');
  process.noDeprecation = false;
  setTimeout(() => {
    console.log('seen after flags', seen.length);
    for (const flags of [[], ['--no-warnings'], ['--no-deprecation'], ['--throw-deprecation']]) {
      const r = spawnSync(process.execPath, [...flags, __filename, 'child'], { encoding: 'utf8' });
      // --throw-deprecation throws on the next tick: an uncaught exception.
      const lines = r.stderr.split('\n').filter((l) => /^\((node|nabi):\d+\)|^DeprecationWarning/.test(l));
      console.log(flags.join() || 'no flags', r.status, JSON.stringify(r.stdout));
      console.log(' stderr', lines.map((l) => l.replace(/^\(\w+:\d+\) /, '')));
    }
  }, 1);
}, 1);
