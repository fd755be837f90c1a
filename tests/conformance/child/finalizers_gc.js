// Run by ../finalizers.js with --expose-gc: `node --expose-gc finalizers_gc.js <fixture> [misuse]`.
'use strict';
const { load } = require('../common');
const name = process.argv[2];
const f = load(name);
const experimental = name === 'finalizers_experimental';
const tick = () => new Promise((resolve) => setImmediate(resolve));
async function gcUntil(cond) {
  for (let i = 0; i < 20 && !cond(); i++) {
    gc();
    await tick();
  }
  return cond();
}

if (process.argv[3] === 'misuse') {
  (() => f.misuse({}))();
  gcUntil(() => false).then(() => console.log('misuse: still running'));
  return;
}

process.on('uncaughtException', (e) => console.log('uncaughtException:', e.message));

(async () => {
  // Two nested wraps released together: each destructor runs once, the
  // other finalizer of its instance is cancelled. (Not for experimental
  // modules: Node 24 runs both inside GC and crashes.)
  if (!experimental) {
    (() => {
      new f.NestedWrap();
      new f.NestedWrap();
    })();
    await gcUntil(() => f.nestedDestroyed() === 2);
    for (let i = 0; i < 3; i++) {
      gc();
      await tick();
    }
    console.log('nested wraps collected, destructors run:', f.nestedDestroyed());
  }

  // Ordinary finalizers run in a task after GC, never inside gc(); Node runs
  // the finalizers of experimental modules inside GC.
  (() => f.track({}))();
  let during = 0;
  for (let i = 0; i < 10 && during === 0; i++) {
    gc();
    during = f.counted();
  }
  console.log('finalizer run inside gc():', during === 1);
  await gcUntil(() => f.counted() === 1);
  console.log('finalizer run after a task:', f.counted());

  // An external buffer's deleter: not inside gc(), in the task after it
  // (and only once per buffer).
  if (!experimental) {
    console.log('buffer text:', f.externalBuffer().toString());
    gc();
    console.log('buffer deleters run inside gc():', f.buffersFreed());
    await gcUntil(() => f.buffersFreed() === 1);
    console.log('buffer deleters run after a task:', f.buffersFreed());
    let held = f.externalBuffer();
    gc();
    await tick();
    console.log('held buffer not freed:', f.buffersFreed(), held.length);
    held = null;
    gc();
    console.log('released buffer, inside gc():', f.buffersFreed());
    await gcUntil(() => f.buffersFreed() === 2);
    console.log('released buffer, after a task:', f.buffersFreed());
  }

  if (!experimental) {
    // A finalizer's exception is uncaught: it reaches 'uncaughtException',
    // it is not thrown out of gc().
    (() => f.throwing({}, 'thrown by a finalizer'))();
    try {
      gc();
      console.log('gc() returned');
    } catch (e) {
      console.log('gc() threw', e.message);
    }
    await gcUntil(() => false);

    // Calling JS from an ordinary finalizer is allowed.
    (() => f.misuse({}))();
    await gcUntil(() => false);
  }

  // Alive until exit: finalized at teardown, where calls that may run JS fail.
  globalThis.keep = {};
  f.atExit(globalThis.keep, () => console.log('JS ran at exit'));
  if (!experimental) globalThis.keepNested = new f.NestedWrap();
  console.log('end of script');
})();
