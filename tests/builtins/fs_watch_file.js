// fs.watchFile / unwatchFile (a stat poller per path): 'change' with the
// current and previous Stats when the file changes, zeroed Stats while it
// is missing, listeners sharing one watcher, 'stop' when the last goes, and
// Node's argument errors.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-watchfile-')));
const file = path.join(dir, 'a.txt');
fs.writeFileSync(file, 'one');

// Watches `file_` (polled every 20 ms) and calls `step(curr, prev, n)` for
// the n-th change until it returns true.
function watch(file_, step) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no change seen')), 10000);
    let n = 0;
    const listener = (curr, prev) => {
      if (step(curr, prev, ++n)) {
        clearTimeout(timer);
        fs.unwatchFile(file_, listener);
        resolve();
      }
    };
    fs.watchFile(file_, { interval: 20 }, listener);
  });
}

(async () => {
  // Writes until the poller sees one (its first stat may come late).
  let size = 3;
  const writer = setInterval(() => fs.writeFileSync(file, 'x'.repeat(++size)), 50);
  await watch(file, (curr, prev) => {
    clearInterval(writer);
    console.log('grew', curr.size > prev.size, prev.size >= 3, curr.isFile(), curr.mtimeMs >= prev.mtimeMs, curr.constructor.name);
    return true;
  });

  // A missing file: one change with zeroed Stats at once, then its
  // creation and removal.
  const missing = path.join(dir, 'later.txt');
  await watch(missing, (curr, prev, n) => {
    console.log(n, prev.size, prev.nlink, prev.mtimeMs > 0, prev.mtime.getTime() === Math.floor(prev.mtimeMs), curr.size, curr.nlink, curr.isFile());
    if (n === 1) setTimeout(() => fs.writeFileSync(missing, 'now here'), 30);
    if (n === 2) setTimeout(() => fs.unlinkSync(missing), 30);
    return n === 3;
  });

  // Two listeners share one watcher; 'stop' when the last is removed.
  const a = () => {};
  const b = () => {};
  const w1 = fs.watchFile(file, a);
  const w2 = fs.watchFile(file, { interval: 10, persistent: true }, b);
  console.log('shared', w1 === w2, w1.listenerCount('change'), w1.constructor.name, typeof w1.ref, typeof w1.unref);
  console.log(w1.unref() === w1, w1.ref() === w1);
  const stopped = new Promise((resolve) => w1.on('stop', () => resolve('stop emitted')));
  fs.unwatchFile(file, a);
  console.log('after one', w1.listenerCount('change'));
  fs.unwatchFile(file);
  console.log(await stopped, w1.listenerCount('change'));
  fs.unwatchFile(path.join(dir, 'never-watched')); // nothing to do

  // Errors.
  for (const args of [[file], [file, {}], [file, { interval: 10 }, 'x'], [123, () => {}]]) {
    try {
      fs.watchFile(...args);
      console.log('no error');
    } catch (e) {
      console.log(e.code, e.name);
    }
  }
  // Not persistent: the process exits with it.
  fs.watchFile(file, { persistent: false, interval: 50 }, () => {});
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('done');
})().catch((e) => {
  console.log('FAIL', e);
  process.exitCode = 1;
});
