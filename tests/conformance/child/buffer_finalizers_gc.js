// Run by ../buffer_finalizers.js with --expose-gc: `node --expose-gc buffer_finalizers_gc.js <fixture>`.
'use strict';
const { load } = require('../common');
const f = load(process.argv[2]);
const tick = () => new Promise((resolve) => setImmediate(resolve));

(async () => {
  for (const make of ['externalBuffer', 'externalArrayBuffer', 'wrap']) {
    (() => (make === 'wrap' ? f.wrap({}) : f[make]()))();
    gc();
    console.log(`${make}: right after gc(): ${f.count()}`);
    for (let i = 0; i < 3; i++) await tick();
    console.log(`${make}: three turns later: ${f.count()}`);
  }
})();
