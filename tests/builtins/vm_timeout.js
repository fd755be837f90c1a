// vm runs with a `timeout`: stopped with ERR_SCRIPT_EXECUTION_TIMEOUT even
// when the script catches everything, nested timeouts, and the option checks.
const vm = require('vm');
const show = (f) => { try { console.log('ok', f()); } catch (e) { console.log(e.name, e.code, e.message); } };
show(() => vm.runInNewContext('while (true) {}', {}, { timeout: 50 }));
show(() => vm.runInThisContext('let i = 0; while (true) { try { i++ } catch (e) {} }', { timeout: 30 }));
show(() => vm.runInNewContext('try { while (true) {} } catch (e) { "caught" }', {}, { timeout: 20 }));
show(() => vm.runInNewContext('1 + 1', {}, { timeout: 1000 }));
show(() => new vm.Script('for (;;) {}').runInContext(vm.createContext({}), { timeout: 10 }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: 0 }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: -1 }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: 1.5 }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: '10' }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: 2 ** 32 }));
show(() => vm.runInNewContext('x', { x: 3 }, { timeout: undefined }));
// Nested: the inner timeout fires first, the outer catches it.
show(() => vm.runInNewContext('try { vm.runInNewContext("while(true){}", {}, { timeout: 10 }) } catch (e) { e.code }', { vm }, { timeout: 5000 }));
const start = Date.now();
show(() => vm.runInNewContext('while(true){}', {}, { timeout: 100 }));
console.log('elapsed ok', Date.now() - start >= 90);
// process.exit() inside a timed run still exits, with its code.
const { spawnSync } = require('child_process');
const r = spawnSync(process.execPath, ['-e', 'require("vm").runInThisContext("process.exit(3)", { timeout: 5000 }); console.log("not here")']);
console.log('exit inside a timed run', r.status, JSON.stringify(r.stdout.toString()));
// A worker terminated during a timed run ends as terminated (code 1).
const { Worker } = require('worker_threads');
const w = new Worker('require("worker_threads").parentPort.postMessage("in"); require("vm").runInNewContext("while (true) {}", {}, { timeout: 60000 })', { eval: true });
w.on('message', () => w.terminate());
w.on('exit', (code) => console.log('worker exit', code));
