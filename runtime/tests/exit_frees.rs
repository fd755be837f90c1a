//! `process.exit()` and fatal exceptions on the main thread free the
//! QuickJS runtime like a normal exit: the JS on the stack unwinds to the
//! loop (no `finally` runs), the host releases every value addons hold
//! without calling them (as Node, which runs no cleanup hook or finalizer
//! there: `tests/conformance/exit_without_env_cleanup.js`), the callbacks
//! of thread-pool requests still in flight (not waited for, as in Node)
//! are let go, and `JS_FreeRuntime` succeeds. `NABI_TRACE_FREE` makes nabi
//! say on stderr, for each runtime it ends (workers' too), whether it was
//! freed ("nabi: runtime freed") or left allocated because values were
//! still held ("… left allocated", where QuickJS's own `JS_FreeRuntime`
//! would abort). With `@node-rs/xxhash` (napi-rs: references and a
//! threadsafe function), `@napi-rs/snappy` (napi-rs async tasks) and C
//! addons calling into JS.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The addons' paths, installed and compiled once (tests run in parallel).
fn addons() -> (PathBuf, PathBuf, PathBuf) {
    static ADDONS: std::sync::OnceLock<(PathBuf, PathBuf, PathBuf)> = std::sync::OnceLock::new();
    ADDONS.get_or_init(prepare_addons).clone()
}

/// `@node-rs/xxhash`, then `fixtures/c/node_api.c` and `async.c` compiled.
fn prepare_addons() -> (PathBuf, PathBuf, PathBuf) {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .output()
        .expect("run tests/packages/install.sh");
    assert!(out.status.success(), "installing the npm packages failed");
    let modules = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let xxhash = modules.join("@node-rs/xxhash-linux-x64-gnu/xxhash.linux-x64-gnu.node");
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    let compile = |name: &str| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("exit-{name}.node"));
        let status = Command::new("cc")
            .args(["-shared", "-fPIC", "-O1", "-pthread", "-I"])
            .arg(&headers)
            .arg(root().join(format!("fixtures/c/{name}.c")))
            .arg("-o")
            .arg(&out)
            .status()
            .expect("run cc");
        assert!(status.success(), "compiling fixtures/c/{name}.c failed");
        out
    };
    (xxhash, compile("node_api"), compile("async"))
}

/// The `node_modules` folder xxhash was installed in.
fn modules(xxhash: &Path) -> &Path {
    xxhash.ancestors().nth(3).unwrap()
}

/// Asserts that every runtime ended (the main one and `workers` more) was
/// freed.
fn assert_all_freed(err: &str, workers: usize) {
    assert!(!err.contains("left allocated"), "stderr: {err}");
    assert_eq!(
        err.matches("nabi: runtime freed").count(),
        1 + workers,
        "stderr: {err}"
    );
}

/// Runs `script` after a prelude loading xxhash as `xx` and node_api.c as
/// `c` (async.c's path is `NABI_ASYNC_ADDON`); returns stdout, stderr and
/// the exit code.
fn run(script: &str) -> (String, String, Option<i32>) {
    let (xx, c, async_addon) = addons();
    let prelude = format!(
        "const xx = require({:?}); const c = require({:?});\n",
        xx.display().to_string(),
        c.display().to_string()
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    // One file per call: the tests run in parallel.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("exit-{n}.js"));
    std::fs::write(&file, prelude + script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nabi"))
        .arg(&file)
        .env("NABI_TRACE_FREE", "1")
        .env("NABI_ASYNC_ADDON", &async_addon)
        .env("NABI_MODULES", modules(&xx))
        .output()
        .expect("run nabi");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

const USE_ADDONS: &str = "
c.addHooks();
console.log('xxh32', xx.xxh32('hello'));
const h = new xx.Xxh64(); h.update('hello');
";

#[test]
fn process_exit_deep_in_js_and_native_frames_frees_the_runtime() {
    let script = format!(
        "{USE_ADDONS}
function deep(k) {{
  if (k === 0) c.makeCallback(() => {{ try {{ process.exit(5); }} finally {{ console.log('finally ran'); }} }});
  else deep(k - 1);
  console.log('after', k);
}}
deep(20);
console.log('after exit');
"
    );
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(5), "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(out, "xxh32 4211111929\n");
    assert_all_freed(&err, 0);
}

#[test]
fn process_exit_from_a_timer_and_an_exit_listener_frees_the_runtime() {
    let script = format!(
        "{USE_ADDONS}
process.on('exit', (code) => {{ console.log('exit', code); process.exit(code + 1); console.log('not here'); }});
setTimeout(() => {{ process.exit(2); console.log('not here'); }}, 1);
setTimeout(() => console.log('second timer'), 1);
"
    );
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(3), "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(out, "xxh32 4211111929\nexit 2\n");
    assert_all_freed(&err, 0);
}

/// The main thread does not wait for its thread-pool requests at exit (as
/// Node): file-system, zlib, crypto and dns requests, and a napi-rs async
/// task, still in flight. Their callbacks are let go, so the runtime is
/// freed, and the exit code is the one asked for (before, the callbacks
/// kept the runtime allocated, and QuickJS's assertion made it exit 134).
#[test]
fn an_exit_with_thread_pool_requests_in_flight_frees_the_runtime() {
    for (end, want) in [("process.exit(3);", 3), ("throw new Error('thrown');", 1)] {
        let script = format!(
            "{USE_ADDONS}
const fs = require('fs');
const snappy = require(process.env.NABI_MODULES + '/@napi-rs/snappy');
for (let i = 0; i < 20; i++) fs.stat(__filename, () => console.log('not here'));
fs.readFile(__filename, () => console.log('not here'));
fs.close(fs.openSync(__filename, 'r'), () => console.log('not here'));
require('zlib').gzip(Buffer.alloc(1 << 22), () => console.log('not here'));
require('crypto').pbkdf2('a', 'b', 100000, 64, 'sha512', () => console.log('not here'));
require('dns').lookup('localhost', () => console.log('not here'));
snappy.compress(Buffer.alloc(1 << 20)).then(() => console.log('not here'));
{end}
"
        );
        let (out, err, code) = run(&script);
        assert_eq!(code, Some(want), "{end}\nstdout:\n{out}\nstderr:\n{err}");
        assert_eq!(out, "xxh32 4211111929\n");
        assert_all_freed(&err, 0);
    }
}

/// `process.exit()` from a request's callback, slower ones still in
/// flight (crypto, and argon2's node-addon-api async worker, each taking
/// a second or more): freed too. (The process then waits for the pool's
/// running work, as Node does: libuv joins its threads at exit.)
#[test]
fn process_exit_from_a_request_callback_with_others_in_flight_frees_the_runtime() {
    let script = format!(
        "{USE_ADDONS}
const argon2 = require(process.env.NABI_MODULES + '/argon2');
require('crypto').pbkdf2('a', 'b', 200000, 64, 'sha512', () => console.log('not here'));
argon2.hash('pw', {{ timeCost: 3, memoryCost: 65536 }}).then(() => console.log('not here'));
require('fs').stat(__filename, () => {{ console.log('stat'); process.exit(6); }});
"
    );
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(6), "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(out, "xxh32 4211111929\nstat\n");
    assert_all_freed(&err, 0);
}

/// Every worker's runtime is freed too, however the worker ends: its
/// script done, `process.exit()` with file-system requests in flight (a
/// worker waits for them, as in Node), an uncaught error with a napi-rs
/// async task in flight, `terminate()` from the parent while a task may
/// still run (the worker is kept alive, so it is always terminated: a
/// finished task let it exit 0 first) or a wrapped napi-rs object is alive; and then the main runtime, after
/// a normal exit (the C addon's cleanup hooks run, as at Node's env
/// teardown).
#[test]
fn workers_free_their_runtimes_however_they_end() {
    let script = format!(
        "{USE_ADDONS}
const {{ Worker }} = require('worker_threads');
const xxPath = process.env.NABI_MODULES + '/@node-rs/xxhash';
const snappyPath = process.env.NABI_MODULES + '/@napi-rs/snappy';
const load = `const xx = require(${{JSON.stringify(xxPath)}}); const snappy = require(${{JSON.stringify(snappyPath)}});`;
const bodies = [
  `${{load}} xx.xxh32('a');`,
  `${{load}} const fs = require('fs'); for (let i = 0; i < 10; i++) fs.stat('.', () => {{}}); process.exit(3);`,
  `${{load}} snappy.compress(Buffer.alloc(1 << 20)).then(() => {{}}); throw new Error('thrown');`,
  `${{load}} snappy.compress(Buffer.alloc(1 << 20)); require('worker_threads').parentPort.postMessage('stop'); setInterval(() => {{}}, 1000);`,
  `${{load}} const h = new xx.Xxh64(); h.update('x'); require('worker_threads').parentPort.postMessage('stop'); setInterval(() => {{}}, 1000);`,
];
let i = 0;
function next() {{
  if (i === bodies.length) return;
  const n = i++;
  const w = new Worker(bodies[n], {{ eval: true }});
  w.on('error', (e) => console.log(n, 'error', e.message));
  w.on('message', () => w.terminate());
  w.on('exit', (code) => {{ console.log(n, 'exit', code); next(); }});
}}
next();
"
    );
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(0), "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(
        out,
        "xxh32 4211111929\n0 exit 0\n1 exit 3\n2 error thrown\n2 exit 1\n3 exit 1\n4 exit 1\n\
         async cleanup hook started\ncleanup hook second\ncleanup hook first\nasync cleanup hook finished\n"
    );
    assert_all_freed(&err, 5);
}

#[test]
fn a_fatal_exception_frees_the_runtime() {
    let script =
        format!("{USE_ADDONS}\nPromise.resolve().then(() => {{ throw new Error('boom'); }});\n");
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(1), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("Error: boom"), "stderr: {err}");
    assert_all_freed(&err, 0);
}

#[test]
fn process_exit_from_a_threadsafe_call_stops_the_queued_calls_and_frees_the_runtime() {
    let script = format!(
        "{USE_ADDONS}
const a = require(process.env.NABI_ASYNC_ADDON);
let calls = 0;
a.fromThreads(() => {{ calls++; if (calls === 3) process.exit(4); console.log('call', calls); }}, 2, 5, 0);
"
    );
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(4), "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(out, "xxh32 4211111929\ncall 1\ncall 2\n");
    assert!(!err.contains("DeprecationWarning"), "stderr: {err}");
    assert_all_freed(&err, 0);
}
