// Stats' Date fields round the sub-millisecond part of the *Ms times, as
// Node does (a Date built from the raw value truncates it): times set with
// fs.utimesSync just below and above half a millisecond.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-statdates-'));
const file = path.join(dir, 'f');
fs.writeFileSync(file, 'x');
for (const [atime, mtime] of [[1704067200.7004, 1704067200.7006], [1704067200.1, 1704067200.9999]]) {
  fs.utimesSync(file, atime, mtime);
  for (const s of [fs.statSync(file), fs.lstatSync(file), fs.fstatSync(fs.openSync(file, 'r'))]) {
    console.log(s.atimeMs, s.atime.getTime(), s.mtimeMs, s.mtime.getTime(), s.mtime.getTime() === Math.round(s.mtimeMs));
  }
}
fs.rmSync(dir, { recursive: true, force: true });
