// AsyncLocalStorage across `await`, as Node 24 keeps it (V8's
// continuation-preserved embedder data; in nabi, QuickJS-ng's continuation
// data): an `await` resumes in the frame it was reached in, a reaction in
// the frame of its `then`. Async functions, nested ones, async generators,
// `for await`, Array.fromAsync, awaited thenables; run/exit/enterWith
// around and inside awaits; timers, immediates, ticks and microtasks
// scheduled after an await; a promise made in one run and awaited in
// another; a rejection no one handles and an exception thrown in a timer.
// Lines are sorted: V8 and QuickJS-ng may interleave independent chains
// differently, the stores are what is compared.
'use strict';
const { AsyncLocalStorage } = require('async_hooks');

const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
const out = [];
const log = (what) => out.push(`${what}: ${als.getStore()} ${other.getStore()}`);
const immediate = () => new Promise((resolve) => setImmediate(resolve));

async function nested(depth) {
  await null;
  log(`nested ${depth} after await`);
  if (depth > 0) await nested(depth - 1);
  await immediate();
  log(`nested ${depth} after awaiting an immediate`);
  return als.getStore();
}

als.run('A', async () => {
  log('A before await');
  await 1;
  log('A after await of a value');
  await Promise.resolve();
  log('A after await of a resolved promise');
  log(`A nested returned ${await nested(2)}`);
  await other.run('B', async () => {
    await null;
    log('other.run inside A, after await');
  });
  log('A after an awaited other.run');
  await als.exit(async () => {
    await null;
    log('als.exit, after await');
  });
  log('A after an awaited als.exit');
  try {
    await Promise.reject(new Error('no'));
  } catch {
    log('A catch of a rejected await');
  }
  setTimeout(() => log('A timeout set after await'), 1);
  setImmediate(() => log('A immediate set after await'));
  process.nextTick(() => log('A tick set after await'));
  queueMicrotask(() => log('A microtask set after await'));
  await new Promise((resolve) => setTimeout(resolve, 2));
  log('A after awaiting a timer');
});

// enterWith inside an async function: the rest of the function and what
// it awaits keep the new store; its caller does not.
als.run('C', () => {
  (async () => {
    await null;
    als.enterWith('D');
    await null;
    log('after enterWith and another await');
    await immediate();
    log('after enterWith and awaiting an immediate');
  })();
  log('C, caller of an async function that calls enterWith');
});

// A promise made in one run and awaited in another: the awaiting frame.
const made = als.run('M', () => new Promise((resolve) => setTimeout(resolve, 1)));
als.run('W', async () => {
  await made;
  log('W after awaiting a promise made in M');
});
made.then(() => log('then on the M promise, registered outside'));

// A `.then` chain registered inside a run, continued after it returned.
als.run('T', () => Promise.resolve()
  .then(() => immediate())
  .then(() => log('T then after a then returning a pending promise'))
  .then(async () => {
    await null;
    log('T async then callback after await');
  }));

// Async generators, for await, Array.fromAsync.
als.run('G', async () => {
  async function* gen() {
    for (let i = 0; i < 2; i++) {
      await null;
      log(`G generator before yield ${i}`);
      yield i;
    }
  }
  for await (const i of gen()) log(`G for await got ${i}`);
  const all = await other.run('O', () => Array.fromAsync(gen()));
  log(`G Array.fromAsync made ${all.length}`);
});

// An awaited thenable: its `then` and the continuation.
als.run('H', async () => {
  await { then(resolve) { log('H thenable then'); resolve(); } };
  log('H after an awaited thenable');
});

// Nested runs with awaits in between restore each level.
als.run('N1', async () => {
  await als.run('N2', async () => {
    await null;
    await als.run('N3', async () => {
      await null;
      log('N3 inside');
    });
    log('N2 after N3');
  });
  log('N1 after N2');
});

// A rejection no one handles and an exception thrown from a timer: the
// handlers run, and each callback's own store is kept.
process.on('unhandledRejection', (err) => log(`unhandledRejection ${err.message}`));
process.on('uncaughtException', (err) => log(`uncaughtException ${err.message}`));
als.run('U', async () => {
  await null;
  log('U before throwing');
  throw new Error('from an async function');
});
// Handlers see the frame the promise was rejected in, not made in.
let rejectLater;
als.run('P', () => new Promise((resolve, reject) => { rejectLater = reject; }));
als.run('Q', () => rejectLater(new Error('rejected in Q, made in P')));
als.run('X', () => setTimeout(async () => {
  await null;
  log('X in a timer after await');
  setTimeout(() => { throw new Error('from a timer'); }, 1);
}, 1));

setTimeout(() => {
  console.log(out.sort().join('\n'));
  console.log('outside', als.getStore(), other.getStore());
}, 60);
