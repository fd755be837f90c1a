// node:timers/promises (also timers.promises): setTimeout, setImmediate,
// setInterval as an async iterator, and scheduler.wait/yield; each takes
// { signal, ref } as Node does.
'use strict';

const { errors } = internals;

function abortError(signal) {
  const e = new Error('The operation was aborted', { cause: signal?.reason });
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

function checkOptions(options) {
  errors.validateObject(options, 'options');
  const { signal, ref = true } = options;
  if (signal !== undefined) errors.validateAbortSignal(signal, 'options.signal');
  errors.validateBoolean(ref, 'options.ref');
  return { signal, ref };
}

// One timer (or immediate) as a promise that an abort rejects.
function once(start, stop, value, options) {
  const { signal, ref } = checkOptions(options);
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stop(handle);
      reject(abortError(signal));
    };
    const handle = start(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref) handle?.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function setTimeoutP(delay, value, options = {}) {
  try {
    if (delay !== undefined) errors.validateNumber(delay, 'delay');
    return once((cb) => setTimeout(cb, delay), clearTimeout, value, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

function setImmediateP(value, options = {}) {
  try {
    return once((cb) => setImmediate(cb), clearImmediate, value, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

// Ticks that come while nobody waits are counted, not lost: each next()
// takes one.
async function* setIntervalP(delay, value, options = {}) {
  const { signal, ref } = checkOptions(options);
  if (delay !== undefined) errors.validateNumber(delay, 'delay');
  if (signal?.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const timer = setInterval(() => {
    pending++;
    if (wake) wake();
  }, delay);
  if (!ref) timer.unref();
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (pending === 0) {
        await new Promise((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      if (signal?.aborted) throw abortError(signal);
      pending--;
      yield value;
    }
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

class Scheduler {
  wait(delay, options) {
    errors.validateNumber(delay, 'delay');
    return setTimeoutP(delay, undefined, options);
  }
  yield() {
    return setImmediateP();
  }
}
const scheduler = new Scheduler();

module.exports = { setTimeout: setTimeoutP, setImmediate: setImmediateP, setInterval: setIntervalP, scheduler };
