// fs.watch (inotify through libuv): 'change' events with the event type
// and file name for a directory and for a file, encodings, close() (the
// 'close' event, nothing after it), unref'd and AbortSignal-closed
// watchers, and the errors Node throws.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-watch-')));
const file = path.join(dir, 'a.txt');
fs.writeFileSync(file, 'one');

// Collects events until `done(seen)` holds (or 5 s pass).
function collect(watcher, act, done) {
  return new Promise((resolve, reject) => {
    const seen = [];
    const timer = setTimeout(() => reject(new Error(`timed out: ${JSON.stringify(seen)}`)), 5000);
    watcher.on('change', (type, name) => {
      seen.push([type, name]);
      if (done(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    watcher.on('error', reject);
    act();
  });
}
const has = (seen, type, name) => seen.some(([t, n]) => t === type && String(n) === name);

(async () => {
  // A directory: a new file is a rename, its content a change.
  const w = fs.watch(dir);
  console.log(w.constructor.name, w instanceof require('events'), 'FSWatcher' in fs);
  console.log(w.ref() === w, w.unref() === w);
  w.ref();
  let seen = await collect(w, () => fs.writeFileSync(path.join(dir, 'b.txt'), 'x'), (s) => has(s, 'rename', 'b.txt'));
  console.log('dir: new file', has(seen, 'rename', 'b.txt'));
  seen = await collect(w, () => fs.appendFileSync(file, 'two'), (s) => has(s, 'change', 'a.txt'));
  console.log('dir: appended', has(seen, 'change', 'a.txt'));
  const closed = new Promise((resolve) => w.on('close', () => resolve('close emitted')));
  w.close();
  w.close(); // a second close does nothing
  console.log(await closed);
  let late = 0;
  w.on('change', () => late++);
  fs.writeFileSync(path.join(dir, 'c.txt'), 'x');
  await new Promise((r) => setTimeout(r, 200));
  console.log('events after close', late);

  // A file, with a listener argument and a buffer encoding.
  const events = [];
  let wake;
  const f = fs.watch(file, { encoding: 'buffer' }, (type, name) => {
    events.push([type, Buffer.isBuffer(name), String(name)]);
    if (wake) wake();
  });
  await new Promise((resolve) => {
    wake = resolve;
    fs.appendFileSync(file, 'three');
  });
  console.log('file:', events[0]);
  f.close();

  // Encodings of names: hex.
  const hex = fs.watch(dir, 'hex');
  seen = await collect(hex, () => fs.writeFileSync(path.join(dir, 'd.txt'), 'x'),
    (s) => has(s, 'rename', Buffer.from('d.txt').toString('hex')));
  console.log('hex name', has(seen, 'rename', '642e747874'));
  hex.close();

  // An aborted signal closes the watcher.
  const ac = new AbortController();
  const s = fs.watch(dir, { signal: ac.signal });
  const sClosed = new Promise((resolve) => s.on('close', resolve));
  ac.abort();
  await sClosed;
  console.log('closed by signal');
  const pre = fs.watch(dir, { signal: AbortSignal.abort() });
  await new Promise((resolve) => pre.on('close', resolve));
  console.log('closed by an aborted signal');

  // Errors.
  const missing = path.join(dir, 'missing');
  try {
    fs.watch(missing);
  } catch (e) {
    console.log(e.message.replace(dir, '<dir>'), e.code, e.errno === -2, e.syscall, e.path === missing, e.filename === missing);
  }
  for (const bad of [123, null, {}]) {
    try {
      fs.watch(bad);
    } catch (e) {
      console.log(e.code, e.name);
    }
  }
  try {
    fs.watch(dir, 5);
  } catch (e) {
    console.log(e.code);
  }

  // Unref'd: the process exits with it open.
  fs.watch(dir, { persistent: false });
  fs.watch(dir).unref();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('done');
})().catch((e) => {
  console.log('FAIL', e);
  process.exitCode = 1;
});
