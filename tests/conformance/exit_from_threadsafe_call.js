// process.exit() from a threadsafe function's JS call: nothing more runs,
// neither the calls still queued nor the addon's callbacks (Node ends the
// process there; 10 calls are queued from two threads).
'use strict';
const { load } = require('./common');
const c = load('async');

process.on('exit', (code) => console.log('exit event', code));
let calls = 0;
globalThis.__tsfnDone = () => console.log('all calls done (not reached)');
c.fromThreads(() => {
  calls++;
  if (calls === 3) {
    process.exit(0);
  }
  console.log('call', calls);
}, 2, 5, 0);
c.double(21, 5).then((v) => console.log('async double (not reached)', v));
