// worker.terminate() lands within a native call or so while the worker
// loops over 5 ms native calls (the bound is generous: Node takes ms).
'use strict';
const assert = require('assert');
const path = require('path');
const { Worker } = require('worker_threads');

(async () => {
  for (let i = 0; i < 3; i++) {
    const w = new Worker(path.join(__dirname, 'worker/native_loop.js'));
    await new Promise((resolve) => w.once('message', resolve));
    const exited = new Promise((resolve) => w.once('exit', resolve));
    const start = Date.now();
    const code = await w.terminate();
    const took = Date.now() - start;
    assert.ok(took < 2000, `terminate() took ${took} ms`);
    console.log('terminate() resolved with', code, '- exit event:', await exited);
  }
})();
