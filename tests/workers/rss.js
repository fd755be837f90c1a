// Starts 200 workers, one after another, each loading @node-rs/xxhash (a
// napi-rs addon: references, a threadsafe function), and prints the
// resident set every 20 workers and how much it grew from the 20th to the
// last (runtime/tests/workers_rss.rs).
const { Worker } = require('worker_threads');
const fs = require('fs');
const rss = () => +/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
const addon = process.argv[2];
const samples = { 0: rss() };
let i = 0;
function next() {
  if (i % 20 === 0) samples[i] = rss();
  if (i++ === 200) {
    console.log(JSON.stringify({ rssKB: samples, growthKB: samples[200] - samples[20] }));
    return;
  }
  new Worker(`require(${JSON.stringify(addon)}).xxh32("hello")`, { eval: true }).on('exit', next);
}
next();
