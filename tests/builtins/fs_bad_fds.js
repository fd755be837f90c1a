// Bad file descriptors: Node's argument errors, EBADF from the system, never a
// crash (a negative fd used to panic in the native side).
'use strict';
const fs = require('fs');
const buf = Buffer.alloc(4);
for (const [name, call] of [
  ['fstatSync(-1)', () => fs.fstatSync(-1)],
  ['fstatSync(1.5)', () => fs.fstatSync(1.5)],
  ["fstatSync('1')", () => fs.fstatSync('1')],
  ['closeSync(-1)', () => fs.closeSync(-1)],
  ['readSync(-1)', () => fs.readSync(-1, buf, 0, 4, null)],
  ['writeSync(-1)', () => fs.writeSync(-1, 'x')],
  ['writeSync(2 ** 31)', () => fs.writeSync(2 ** 31, 'x')],
  ['fstatSync(999999)', () => fs.fstatSync(999999)],
]) {
  try {
    call();
    console.log(name, 'ok');
  } catch (e) {
    console.log(name, e.name, e.code, e.message);
  }
}
