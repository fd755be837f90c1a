// The scenario harness the stream differential tests share (stream.js,
// stream_iter.js, stream_pipeline.js, fs_streams.js): log() collects lines,
// scenario() queues a case, runAll() runs the cases one after another and
// prints each one's lines under its name, watch() logs a stream's events,
// ticks() shows where process.nextTick and promise jobs run. Not a test
// itself: the conformance harness runs only the top-level files.
'use strict';
const util = require('util');

const out = [];
const log = (...a) => out.push(a.map((v) => (typeof v === 'string' ? v : util.inspect(v))).join(' '));
const flush = (name) => {
  console.log(`--- ${name}`);
  for (const l of out.splice(0)) console.log(l);
};
// Runs one scenario; it calls done() when finished, then the next starts
// after the loop has settled (two macrotasks).
const scenarios = [];
const scenario = (name, fn) => scenarios.push([name, fn]);
let current = null;
process.on('exit', () => {
  if (current !== null) {
    flush(current);
    console.log(`STALLED in ${current}`);
  }
});
function runAll(i = 0) {
  if (i === scenarios.length) {
    current = null;
    console.log('all scenarios ran');
    return;
  }
  const [name, fn] = scenarios[i];
  current = name;
  let finished = false;
  const done = () => {
    if (finished) return;
    finished = true;
    setTimeout(() => setTimeout(() => {
      flush(name);
      runAll(i + 1);
    }, 1), 1);
  };
  try {
    fn(done);
  } catch (e) {
    log('threw', e.code, e.message);
    done();
  }
}
// Logs events of a stream, tagged.
function watch(s, tag, events = ['data', 'end', 'finish', 'prefinish', 'drain', 'close', 'error', 'pause', 'resume', 'pipe', 'unpipe']) {
  for (const ev of events) {
    s.on(ev, (...args) => {
      if (ev === 'data') log(tag, 'data', Buffer.isBuffer(args[0]) ? `<buf ${args[0].toString()}>` : args[0]);
      else if (ev === 'error') log(tag, 'error', args[0].code || args[0].name, args[0].message);
      else if (ev === 'pipe' || ev === 'unpipe') log(tag, ev);
      else log(tag, ev);
    });
  }
}
const ticks = (tag) => {
  process.nextTick(() => log(tag, 'tick'));
  Promise.resolve().then(() => log(tag, 'microtask'));
};

module.exports = { log, flush, scenario, runAll, watch, ticks };
