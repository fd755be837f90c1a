// Starts 200 workers, one after another, each loading @node-rs/xxhash (a
// napi-rs addon: references, a threadsafe function), and prints how much
// the resident set grew from the 20th to the last (runtime/tests/workers_rss.rs).
const { Worker } = require('worker_threads');
const fs = require('fs');
const rss = () => +/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
const addon = process.argv[2];
let i = 0, base;
function next() {
  if (i === 20) base = rss();
  if (i++ === 200) { console.log(JSON.stringify({ base, end: rss(), growthKB: rss() - base })); return; }
  new Worker(`require(${JSON.stringify(addon)}).xxh32("hello")`, { eval: true }).on('exit', next);
}
next();
