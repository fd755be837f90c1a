// util.styleText and util.inspect.colors: colour codes for a terminal (or
// with validateStream: false), plain text for a pipe, and Node's argument
// errors. (Node 24 also takes 'none' and the colour aliases, such as
// 'grey'; Node 20 does not, so they are left out here.)
'use strict';
const util = require('util');

for (const name of ['FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS']) delete process.env[name];
const show = (s) => JSON.stringify(s);

// stdout is a pipe under the test harness: no codes.
console.log('to a pipe:', show(util.styleText('red', 'plain')));
console.log(show(util.styleText('red', 'hi', { validateStream: false })));
console.log(show(util.styleText(['bold', 'underline', 'bgBlue'], 'hi', { validateStream: false })));
const tty = { isTTY: true, write() {}, on() {}, getColorDepth: () => 8 };
console.log('to a terminal:', show(util.styleText('green', 'ok', { stream: tty })));
console.log('no colours there:', show(util.styleText('green', 'ok', { stream: { ...tty, getColorDepth: () => 1 } })));
process.env.FORCE_COLOR = '1';
console.log('FORCE_COLOR:', show(util.styleText('green', 'ok')));
process.env.FORCE_COLOR = '0';
console.log('FORCE_COLOR=0:', show(util.styleText('green', 'ok', { stream: tty })));
delete process.env.FORCE_COLOR;

for (const bad of [
  () => util.styleText('nope', 'x'),
  () => util.styleText(['red', 5], 'x'),
  () => util.styleText('red', 1),
  () => util.styleText('red', 'x', { validateStream: 'yes' }),
  () => util.styleText('red', 'x', { stream: {} }),
]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message.slice(e.message.lastIndexOf('Received')));
  }
}

const { colors } = util.inspect;
console.log(Object.getPrototypeOf(colors), Object.keys(colors).length, colors.red, colors.bgWhiteBright, colors.doubleunderline);
