//! `process.exit()` and fatal exceptions on the main thread free the
//! QuickJS runtime like a normal exit: the JS on the stack unwinds to the
//! loop (no `finally` runs), the host releases every value addons hold
//! without calling them (as Node, which runs no cleanup hook or finalizer
//! there: `tests/conformance/exit_without_env_cleanup.js`), and
//! `JS_FreeRuntime` succeeds. `NABI_TRACE_FREE` makes nabi say so on
//! stderr after the free; `JS_FreeRuntime` aborts when an object is left.
//! With `@node-rs/xxhash` (napi-rs: references and a threadsafe function)
//! and a C addon calling into JS.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The addons' paths, installed and compiled once (tests run in parallel).
fn addons() -> (PathBuf, PathBuf) {
    static ADDONS: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    ADDONS.get_or_init(prepare_addons).clone()
}

fn prepare_addons() -> (PathBuf, PathBuf) {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .output()
        .expect("run tests/packages/install.sh");
    assert!(out.status.success(), "installing the npm packages failed");
    let modules = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let xxhash = modules.join("@node-rs/xxhash-linux-x64-gnu/xxhash.linux-x64-gnu.node");
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    let c = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exit-node_api.node");
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-pthread", "-I"])
        .arg(&headers)
        .arg(root().join("fixtures/c/node_api.c"))
        .arg("-o")
        .arg(&c)
        .status()
        .expect("run cc");
    assert!(status.success(), "compiling fixtures/c/node_api.c failed");
    (xxhash, c)
}

/// Runs `script` (with the addons' paths as `XX` and `C`); returns stdout,
/// stderr and the exit code.
fn run(script: &str) -> (String, String, Option<i32>) {
    let (xx, c) = addons();
    let prelude = format!(
        "const xx = require({:?}); const c = require({:?});\n",
        xx.display().to_string(),
        c.display().to_string()
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join(format!(
        "exit-{:x}.js",
        script.len() * 31 + script.as_bytes()[0] as usize
    ));
    std::fs::write(&file, prelude + script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nabi"))
        .arg(&file)
        .env("NABI_TRACE_FREE", "1")
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
    assert!(err.contains("nabi: runtime freed"), "stderr: {err}");
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
    assert!(err.contains("nabi: runtime freed"), "stderr: {err}");
}

#[test]
fn a_fatal_exception_frees_the_runtime() {
    let script =
        format!("{USE_ADDONS}\nPromise.resolve().then(() => {{ throw new Error('boom'); }});\n");
    let (out, err, code) = run(&script);
    assert_eq!(code, Some(1), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("Error: boom"), "stderr: {err}");
    assert!(err.contains("nabi: runtime freed"), "stderr: {err}");
}
