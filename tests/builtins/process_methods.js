// process' OS-facing methods: kill (names, numbers, 0, ESRCH, bad signals), credentials, argv0, resourceUsage,
// threadCpuUsage, memory, getBuiltinModule, features, ref/unref, allowedNodeEnvironmentFlags, the uncaught
// exception capture, active resources, _rawDebug, _tickCallback, loadEnvFile, finalization, _exiting.
// Environment-dependent values are printed as derived facts.
const out = [];
try { process.kill(999999, 0); } catch (e) { console.log(e.message, e.code, e.errno, e.syscall, Object.keys(e)); }
try { process.kill(process.pid, 'FOO'); } catch (e) { console.log(e.message, e.code, e.name); }
try { process.kill('x'); } catch (e) { console.log(e.message, e.code, e.name); }
try { process.kill(process.pid, 1.5); } catch (e) { console.log(e.message, e.code); }
try { process.kill(process.pid, 999); } catch (e) { console.log(e.message, e.code); }
console.log(process.kill(process.pid, 0), process.kill(String(process.pid), 0));
console.log(process.getuid() === Number(require('child_process').execSync('id -u')), typeof process.geteuid(), typeof process.getgid(), typeof process.getegid(), Array.isArray(process.getgroups()), process.getgroups().includes(process.getegid()));
try { process.setuid('no-such-user-xyz'); } catch (e) { console.log(e.code, e.message); }
try { process.setgid('no-such-group-xyz'); } catch (e) { console.log(e.code, e.message); }
try { process.setuid({}); } catch (e) { console.log(e.code, e.message); }
try { process.setgroups('x'); } catch (e) { console.log(e.code, e.message); }
try { process.setuid(-1); } catch (e) { console.log(e.code, e.message); }
const d = Object.getOwnPropertyDescriptor(process, 'argv0'); console.log(typeof d.value, d.writable, d.enumerable, d.configurable);
const ru = process.resourceUsage(); console.log(Object.keys(ru).join(), Object.values(ru).every((v) => typeof v === 'number'));
const t = process.threadCpuUsage(); console.log(Object.keys(t).join(), typeof t.user, Object.keys(process.threadCpuUsage(t)).join());
try { process.threadCpuUsage({ user: -1, system: 0 }); } catch (e) { console.log(e.code); }
console.log(typeof process.availableMemory(), process.availableMemory() > 0, typeof process.constrainedMemory());
console.log(process.getBuiltinModule('fs') === require('fs'), process.getBuiltinModule('node:path') === require('path'), process.getBuiltinModule('nope'), process.getBuiltinModule('readline') === require('readline'));
try { process.getBuiltinModule(1); } catch (e) { console.log(e.code); }
console.log(typeof process.features, process.features.uv, process.features.ipv6);
let refs = []; const o = { [Symbol.for('nodejs.ref')]() { refs.push('ref'); }, [Symbol.for('nodejs.unref')]() { refs.push('unref'); } };
process.ref(o); process.unref(o); process.ref(null); process.unref({ unref() { refs.push('plain'); } }); console.log(refs.join());
const f = process.allowedNodeEnvironmentFlags; console.log(f instanceof Set, f.has('--no-warnings'), f.has('--no_warnings'), f.has('--max-old-space-size=100'), f.has('--bogus'), Object.isFrozen(f)); f.add('--x'); console.log(f.has('--x'));
console.log(process._exiting, process.hasUncaughtExceptionCaptureCallback());
try { process.setUncaughtExceptionCaptureCallback(1); } catch (e) { console.log(e.code, e.message); }
process.setUncaughtExceptionCaptureCallback((err) => console.log('captured', err.message));
console.log(process.hasUncaughtExceptionCaptureCallback());
try { process.setUncaughtExceptionCaptureCallback(() => {}); } catch (e) { console.log(e.code, e.message); }
// (stdio's handles are Node's, PipeWrap or TTYWrap by what the harness gives: left out)
const resources = () => process.getActiveResourcesInfo().filter((r) => !/^(Pipe|TTY)Wrap$/.test(r));
console.log(resources(), Array.isArray(process._getActiveHandles()), process._getActiveRequests());
const tm = setTimeout(() => {}, 5); setTimeout(() => {}, 5).unref(); const im = setImmediate(() => {});
console.log(resources());
clearTimeout(tm); clearImmediate(im);
process._rawDebug('raw %d', 7);
let ticked = false; process.nextTick(() => { ticked = true; }); process._tickCallback(); console.log('ticked', ticked);
const fs = require('fs'); const p = require('path').join(require('os').tmpdir(), `core1-env-${process.pid}`);
fs.writeFileSync(p, 'CORE1_A=1\nCORE1_B="x y"\n# c\nexport CORE1_C=3 # hi\nPATH=nope\n');
process.loadEnvFile(p); console.log(process.env.CORE1_A, process.env.CORE1_B, process.env.CORE1_C, process.env.PATH !== 'nope'); fs.unlinkSync(p);
try { process.loadEnvFile('/no/such/.env'); } catch (e) { console.log(e.code, e.message); }
// (held by a global: QuickJS frees an unreachable object at once, V8 later)
const kept = (globalThis.kept = { name: 'kept' });
process.finalization.register(kept, (obj, ev) => console.log('finalization', obj.name, ev));
const gone = { name: 'gone' }; process.finalization.register(gone, () => console.log('never')); process.finalization.unregister(gone);
process.finalization.registerBeforeExit(kept, (obj, ev) => console.log('finalization', obj.name, ev));
process.on('exit', () => console.log('exit', process._exiting));
setTimeout(() => { throw new Error('boom'); }, 1);
const util = require('util');
const parsed = util.parseEnv('A=1\nB="x y"\n#c\nexport C=3 # hi\nD=\'q\'\nE="multi\nline"\nF=`tick`\n G = spaced \nH=\nI="esc\\nn"\nJ=a=b\n');
console.log(JSON.stringify(parsed), Object.getPrototypeOf(parsed) === Object.prototype);
try { util.parseEnv(1); } catch (e) { console.log(e.code); }
// A real signal, by name and by number, reaches a child.
const { spawn } = require('child_process');
for (const sig of ['SIGTERM', 9]) {
  const child = spawn('sleep', ['10']);
  child.on('exit', (code, signal) => console.log('child', sig, code, signal));
  console.log('sent', process.kill(child.pid, sig));
}
