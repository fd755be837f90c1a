'use strict';
// A Stats date is its fractional milliseconds rounded, as Node makes it
// (a Date made from the raw value would truncate them).
const fs = require('fs');
const os = require('os');
const path = require('path');

const file = path.join(os.tmpdir(), `nabi-stat-dates-${process.pid}.txt`);
let rounded = 0;
let fractional = 0;
for (let i = 0; i < 200; i++) {
  fs.writeFileSync(file, 'x');
  const s = fs.statSync(file);
  if (s.mtime.getTime() === Math.round(s.mtimeMs) && s.atime.getTime() === Math.round(s.atimeMs)) rounded++;
  if (s.mtimeMs % 1 >= 0.5) fractional++;
}
fs.unlinkSync(file);
console.log('every date rounded:', rounded === 200);
console.log('saw a fraction of at least .5:', fractional > 0);
