// perf_hooks: histograms (values, means and percentiles as Node's
// HdrHistogram gives them), the performance timeline (marks, measures,
// observers, timerify), the event loop delay monitor and utilization.
'use strict';
const { createHistogram, monitorEventLoopDelay, performance, PerformanceObserver, PerformanceMark } = require('perf_hooks');
const stats = (h) => [h.count, h.min, h.max, h.mean, h.stddev, h.exceeds, h.percentile(50), h.percentile(99), JSON.stringify([...h.percentiles])];

const empty = createHistogram();
console.log('empty:', ...stats(empty), empty.minBigInt, empty.countBigInt);
const h = createHistogram();
for (const v of [1, 2, 3, 5000, 5001, 123456]) h.record(v);
h.record(7n);
console.log('small:', ...stats(h));
const g = createHistogram();
for (let i = 1; i <= 1000; i++) g.record(i * 37);
console.log('spread:', ...stats(g), g.percentile(100), g.percentileBigInt(90));
g.reset();
console.log('reset:', ...stats(g));
const narrow = createHistogram({ figures: 1 });
for (let i = 1; i <= 100; i++) narrow.record(i * i);
console.log('1 figure:', ...stats(narrow));
for (const bad of [() => h.record(0), () => h.record(-1), () => h.record(1.5), () => h.record('x'), () => h.percentile(0), () => h.percentile(101), () => createHistogram({ figures: 6 })]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}

console.log('global:', performance === globalThis.performance, Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 100);
const a = performance.mark('a', { detail: { step: 1 } });
console.log(a instanceof PerformanceMark, a.name, a.entryType, typeof a.startTime, a.duration, a.detail);
performance.mark('b');
const ab = performance.measure('a to b', 'a', 'b');
console.log(ab.entryType, ab.duration >= 0, ab.startTime === a.startTime, performance.getEntries().map((e) => e.name), performance.getEntriesByName('a').length);
try {
  performance.measure('x', 'no such mark');
} catch (e) {
  console.log(e.name, e.message);
}
performance.clearMarks('a');
console.log(performance.getEntriesByType('mark').map((e) => e.name));
performance.clearMarks();
performance.clearMeasures();
console.log(performance.getEntries().length);

const observer = new PerformanceObserver((list, o) => {
  console.log('observed:', list.getEntries().map((e) => `${e.entryType} ${e.name}`));
  o.disconnect();
});
observer.observe({ entryTypes: ['mark', 'measure'] });
performance.mark('c');
performance.measure('since c', 'c');
console.log('observer queued, not called yet');

const timed = performance.timerify(function work(x) { return x * 2; });
console.log(timed.name, timed.length, timed(21));

// Event loop utilization: nothing before the loop starts; then the time it
// waited for events (idle) against the time it ran callbacks (active).
const elu = (u) => [u.idle, u.active, u.utilization];
console.log('utilization before the loop:', elu(performance.eventLoopUtilization()));
function utilization() {
  const a = performance.eventLoopUtilization();
  console.log('after waiting:', a.idle > 30, a.active >= 0, a.utilization < 0.5, Math.abs(a.utilization - a.active / (a.idle + a.active)) < 1e-9);
  const t = Date.now();
  while (Date.now() - t < 60);
  const b = performance.eventLoopUtilization(a);
  console.log('busy since:', b.active > 50, b.idle < 10, b.utilization > 0.8);
  const c = performance.eventLoopUtilization(b, a);
  console.log('between two readings:', c.idle === b.idle - a.idle, c.active === b.active - a.active);
}

const delay = monitorEventLoopDelay({ resolution: 10 });
console.log('enable:', delay.enable(), delay.enable());
setTimeout(() => {
  delay.disable();
  // Each sample is the time between two 10 ms ticks, in nanoseconds.
  console.log('loop delay:', delay.count > 2, delay.min >= 5e6, delay.mean >= 5e6, delay.disable());
  setTimeout(utilization, 80);
}, 120);
