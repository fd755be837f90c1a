// timers/promises against Node 24: setInterval as an async iterator,
// scheduler.wait/yield, aborts (before and during), option checks, unref;
// timers.promises is the same module.
'use strict';
const tp = require('timers/promises');
const timers = require('timers');
console.log(timers.promises === tp, Object.keys(tp).sort(), Object.keys(tp.scheduler || {}), typeof tp.scheduler.wait, typeof tp.scheduler.yield);
(async () => {
  let n = 0;
  for await (const v of tp.setInterval(5, 'tick')) { console.log('interval', v, ++n); if (n === 3) break; }
  console.log('wait', await tp.scheduler.wait(5));
  console.log('yield', await tp.scheduler.yield());
  const ac = new AbortController();
  const it = tp.setInterval(5, 1, { signal: ac.signal });
  console.log(await it.next());
  ac.abort();
  try { await it.next(); } catch (e) { console.log('aborted', e.name, e.code, e.message); }
  const ac2 = new AbortController(); ac2.abort('why');
  try { await tp.setTimeout(5, 1, { signal: ac2.signal }); } catch (e) { console.log('pre-aborted', e.name, e.code, e.message, e.cause); }
  try { await tp.setImmediate(1, { signal: ac2.signal }); } catch (e) { console.log('pre-aborted imm', e.name, e.code); }
  try { for await (const x of tp.setInterval(5, 1, { signal: ac2.signal })) {} } catch (e) { console.log('pre-aborted int', e.name, e.code); }
  const ac3 = new AbortController(); const p = tp.setTimeout(50, 'x', { signal: ac3.signal }); ac3.abort();
  try { await p } catch (e) { console.log('abort later', e.name, e.code, e.cause && e.cause.name); }
  for (const bad of [[1, 1, 1], [1, 1, { signal: 1 }], [1, 1, { ref: 1 }]]) {
    try { await tp.setTimeout(...bad); } catch (e) { console.log('bad', e.code, e.message); }
    try { await tp.setInterval(...bad).next(); } catch (e) { console.log('bad int', e.code, e.message); }
  }
  try { await tp.scheduler.wait('x'); } catch (e) { console.log('wait bad', e.code, e.message); }
  tp.setTimeout(1, 'v', { ref: false }).then(() => console.log('unref ran'));
  const it2 = tp.setInterval(1, 'r'); console.log(await it2.return(), await it2.next());
})();
