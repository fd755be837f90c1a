// node:console: require("console") is the global console, Console over any writable, the methods formatting as Node (table, group, count, assert, dir).
console.table([{a:1,b:'Y'},{a:22,c:[1,2,3,4]}]); console.table(new Map([['k',{x:1}]])); console.table(new Set([1,'s'])); console.table([1,2],['x']); console.table({r:{a:1},s:2}); console.table(5);
console.assert(false, {a:1}); console.assert(false,'x %s','y'); console.assert(false);
console.group('G'); console.log('a\nb'); console.group(); console.info('deep'); console.groupEnd(); console.groupEnd(); console.countReset('nope'); console.timeEnd('nope');
console.dir({inspect(){return 1}}); console.count(); console.count(); console.count('x');
const { Console } = require('console'); console.log(require('console') === console, console instanceof Console, Object.keys(console).join());
const { PassThrough } = require('stream'); const o = new PassThrough(); let s=''; o.on('data',d=>s+=d);
const c = new Console(o); c.log('hi %d', 5); c.error('err'); c.group('g'); c.warn({a:1}); c.table([[1]]);
const c2 = new Console({ stdout: o, groupIndentation: 4 }); c2.group(); c2.log('x');
setTimeout(()=>console.log(JSON.stringify(s)),10);
try { new Console({}) } catch (e) { console.log(e.code, e.message) }
const { log } = console; log('bound');
console.log(typeof console.Console, console.log.name, console.error.name);
console.log(Object.keys(new Console(o)).join(), typeof Console.prototype.log, typeof Console.prototype.profile);
const quiet = new Console({ stdout: o, stderr: o, inspectOptions: { depth: 0 } }); quiet.log({ a: { b: 1 } });
quiet.dir({ x: { y: { z: 1 } } }, { depth: 1 });
const ts = new PassThrough(); let tt = ''; ts.on('data', (d) => { tt += d; });
const tc = new Console(ts); tc.time('q'); tc.timeLog('q', 'more', [1]); tc.timeEnd('q');
setTimeout(() => console.log(JSON.stringify(tt.replace(/\d+(\.\d+)?ms/g, 'Nms'))), 10);
