// fs.read and fs.write with callbacks (and through util.promisify, as
// @serialport/bindings-cpp uses them): the argument forms, what the
// callback gets, and the argument errors that throw before any I/O.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { promisify } = require('util');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-rw-'));
const file = path.join(dir, 'f');
fs.writeFileSync(file, 'hello, world of callbacks');
const fd = fs.openSync(file, 'r+');

const steps = [
  (next) => fs.read(fd, Buffer.alloc(5), 0, 5, 0, (err, n, buf) => next(err, n, buf.toString())),
  (next) => fs.read(fd, Buffer.alloc(8), 2, 4, 7, (err, n, buf) => next(err, n, JSON.stringify(buf.toString('latin1')))),
  (next) => fs.read(fd, Buffer.alloc(6), { position: 13 }, (err, n, buf) => next(err, n, buf.toString())),
  (next) => fs.read(fd, { buffer: Buffer.alloc(4), position: 0 }, (err, n, buf) => next(err, n, buf.toString())),
  (next) => fs.read(fd, Buffer.alloc(3), 0, 0, 0, (err, n, buf) => next(err, n, buf.length)),
  (next) => fs.read(fd, new Uint16Array(2), 0, 4, 0, (err, n, arr) => next(err, n, arr.constructor.name)),
  (next) => fs.write(fd, Buffer.from('HELLO'), 0, 5, 0, (err, n, buf) => next(err, n, buf.toString())),
  (next) => fs.write(fd, 'WORLD', 7, (err, n, str) => next(err, n, str)),
  (next) => fs.write(fd, Buffer.from('xxABxx'), 2, 2, 0, (err, n) => next(err, n, fs.readFileSync(file, 'utf8'))),
  (next) => fs.write(fd, Buffer.from('!'), { offset: 0, position: 4 }, (err, n) => next(err, n, fs.readFileSync(file, 'utf8'))),
  (next) => fs.write(fd, 'ff', 0, 'hex', (err, n) => next(err, n, JSON.stringify(fs.readFileSync(file, 'latin1').slice(0, 3)))),
  (next) => promisify(fs.read)(fd, Buffer.alloc(5), 0, 5, 7).then((r) => next(null, r.bytesRead, r.buffer.toString()), next),
  (next) => promisify(fs.write)(fd, Buffer.from('P'), 0, 1, 0).then((r) => next(null, r.bytesWritten, r.buffer.toString()), next),
  (next) => fs.read(12345, Buffer.alloc(1), 0, 1, 0, (err, n) => next(null, err && err.code, n)),
];

const throwing = {
  'read without a callback': () => fs.read(fd, Buffer.alloc(1), 0, 1, 0),
  'read into a string': () => fs.read(fd, 'str', 0, 1, 0, () => {}),
  'read past the buffer': () => fs.read(fd, Buffer.alloc(2), 0, 3, 0, () => {}),
  'read at a negative offset': () => fs.read(fd, Buffer.alloc(2), -1, 1, 0, () => {}),
  'read a bad fd': () => fs.read(-1, Buffer.alloc(2), 0, 1, 0, () => {}),
  'write without a callback': () => fs.write(fd, Buffer.from('a')),
  'write a number': () => fs.write(fd, 5, () => {}),
  'write past the buffer': () => fs.write(fd, Buffer.from('ab'), 1, 5, 0, () => {}),
};
for (const [what, f] of Object.entries(throwing)) {
  try {
    f();
    console.log(what, 'no throw');
  } catch (e) {
    console.log(what, e.name, e.code, e.message);
  }
}

let i = 0;
(function run() {
  if (i === steps.length) {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true });
    console.log('done');
    return;
  }
  const n = i++;
  steps[n]((err, ...rest) => {
    console.log(n, err ? `${err.code}` : null, ...rest);
    run();
  });
})();
