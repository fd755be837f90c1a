// process.exit() on the main thread ends the process without env cleanup:
// Node 20, 24 and 26 run no cleanup hook (sync or async), no finalizer of
// a live wrap and no instance-data finalizer; only 'exit' listeners run.
// It is called from deep inside JS and native frames (a make_callback),
// inside try/finally: no finally and no code after the call runs.
'use strict';
const n = load('node_api');
const f = load('finalizers');

function load(name) {
  return require('./common').load(name);
}

n.addHooks();
globalThis.kept = {};
f.atExit(globalThis.kept, () => console.log('finalizer called JS'));
process.on('exit', (code) => console.log('exit event', code));

function deep(k) {
  if (k === 0) {
    n.makeCallback(() => {
      try {
        process.exit(0);
      } finally {
        console.log('finally ran');
      }
    });
  } else {
    deep(k - 1);
  }
  console.log('after deep', k);
}
console.log('start');
deep(3);
console.log('after exit');
