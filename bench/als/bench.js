// A promise-heavy loop: 100k awaits, then a 100k-long then-chain, with an
// AsyncLocalStorage store set (`als`) or async_hooks never loaded (`none`).
// Prints JSON: { await: ms, then: ms, store } (store: what getStore() saw
// after the last await, 1 when it survived).
'use strict';
const mode = process.argv[2];
const n = 100000;
async function awaitLoop() {
  let s = 0;
  for (let i = 0; i < n; i++) s += await i;
  return s;
}
function thenChain() {
  let p = Promise.resolve(0);
  for (let i = 0; i < n; i++) p = p.then((v) => v + 1);
  return p;
}
async function main(getStore) {
  const t0 = performance.now();
  await awaitLoop();
  const t1 = performance.now();
  await thenChain();
  const t2 = performance.now();
  console.log(JSON.stringify({ await: Math.round(t1 - t0), then: Math.round(t2 - t1), store: getStore() }));
}
if (mode === 'als') {
  const { AsyncLocalStorage } = require('async_hooks');
  const als = new AsyncLocalStorage();
  als.run({ id: 1 }, () => main(() => als.getStore()?.id ?? null));
} else {
  main(() => null);
}
