//! nabi-only checks, where a differential run against Node 20 is not
//! possible: modules declaring Node-API 10 (Node 20 cannot load them), the
//! message of an unimplemented function, blocking threadsafe calls into a
//! bounded queue (Node 20 sometimes deadlocks there), and JS called from
//! native code on another stack (Node throws there). Asserted against
//! Node's documentation.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Compiles `fixtures/<rel>.c` into a `.node` in this test's temp dir.
fn build(rel: &str) -> PathBuf {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("napi10");
    std::fs::create_dir_all(&out_dir).unwrap();
    let name = Path::new(rel)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let addon = out_dir.join(format!("{name}.node"));
    support::compile_c_addon(rel, &addon, &[]);
    addon
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `cmd`, panics with its output unless it exits 0; returns its stdout.
fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// `nabi <flags> -e <script>`: its stdout; it must succeed.
fn eval(flags: &[&str], script: &str) -> String {
    stdout_of(
        Command::new(env!("CARGO_BIN_EXE_nabi"))
            .args(flags)
            .args(["-e", script]),
    )
}

/// `tests/nabi-only/<script>` run by nabi with `NABI_FIXTURE=<addon>`: its
/// stdout; it must succeed.
fn run_script(script: &str, addon: &Path) -> String {
    stdout_of(
        Command::new(env!("CARGO_BIN_EXE_nabi"))
            .arg(root().join("tests/nabi-only").join(script))
            .env("NABI_FIXTURE", addon),
    )
}

#[test]
fn references_to_every_type() {
    let addon = build("loader/references_v10");
    let stdout = run_script("references_v10.js", &addon);
    let expected = "\
object: while counted same value, at zero same value
symbol: while counted same value, at zero same value
registered symbol: while counted same value, at zero same value
number: while counted same value, at zero <NULL>
string: while counted same value, at zero <NULL>
boolean: while counted same value, at zero <NULL>
null: while counted same value, at zero <NULL>
undefined: while counted same value, at zero <NULL>
bigint: while counted same value, at zero <NULL>
";
    assert_eq!(stdout, expected);
}

#[test]
fn external_shared_array_buffers_wrap_memory_and_finalize_once() {
    let addon = build("loader/external_sab");
    let script = format!(
        "const a = require({:?}); let s = a.make(); \
         console.log(s instanceof SharedArrayBuffer, s.isShared, s.byteLength, new Uint8Array(s)[3], a.finalized()); \
         s = null; gc(); console.log(a.finalized());",
        addon.display().to_string()
    );
    let stdout = eval(&["--expose-gc"], &script);
    assert_eq!(stdout, "true true 16 92 0\n1\n");
}

#[test]
fn external_shared_array_buffers_posted_to_a_worker_stay_the_addons_memory() {
    // Workers share SharedArrayBuffer memory through the runtime's own
    // allocator; an addon's external one has no header of that allocator, so
    // it must be counted apart and finalized once, after the last thread.
    let addon = build("loader/external_sab");
    let script = format!(
        "const {{ Worker }} = require('worker_threads'); const a = require({:?}); let s = a.make(); \
         const w = new Worker(\"require('worker_threads').parentPort.once('message', m => {{ new Uint8Array(m)[0] = 7; require('worker_threads').parentPort.postMessage(0) }})\", {{ eval: true }}); \
         w.postMessage(s); \
         w.once('message', () => {{ console.log(new Uint8Array(s)[0], a.finalized()); s = null; \
           w.terminate().then(() => {{ gc(); setImmediate(() => console.log(a.finalized())) }}) }});",
        addon.display().to_string()
    );
    let stdout = eval(&["--expose-gc"], &script);
    assert_eq!(stdout, "7 0\n1\n");
}

#[test]
fn blocking_threadsafe_calls_through_a_bounded_queue() {
    let addon = build("c/async");
    let stdout = run_script("tsfn_blocking.js", &addon);
    assert_eq!(
        stdout.trim(),
        "blocking calls through a queue of 4: all arrived"
    );
}

#[test]
fn basic_finalizers_of_experimental_modules_must_not_run_js() {
    let addon = build("loader/basic_finalizer");
    let run = |misuse: bool| {
        let script = format!(
            "globalThis.onFinalize = () => console.log('finalizer ran JS'); \
             require({:?}).external({misuse}); gc(); setImmediate(() => console.log('after'));",
            addon.display().to_string()
        );
        Command::new(env!("CARGO_BIN_EXE_nabi"))
            .args(["--expose-gc", "-e", &script])
            .output()
            .unwrap()
    };
    // Posted: allowed to call JS.
    let ok = run(false);
    assert!(ok.status.success());
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout),
        "finalizer ran JS\nafter\n"
    );
    // Direct: Node's fatal error.
    let bad = run(true);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("Finalizer is calling a function that may affect GC state"),
        "{stderr}"
    );
    assert!(stderr.contains("node_api_post_finalizer"), "{stderr}");
}

#[test]
fn node_api_10_string_lengths_above_int_max_are_invalid_arg() {
    // Node 24 prints the same (checked by hand; Node 20 cannot load the
    // module): 0 = napi_ok, 1 = napi_invalid_arg, in the order external
    // latin1, external utf16, property key latin1, utf8, utf16.
    let addon = build("loader/lengths_v10");
    let script = format!(
        "const m = require({:?}); \
         console.log(['4', 'auto', 'int_max+1', 'size_max-1'].map(m.lengths).join(' '))",
        addon.display().to_string()
    );
    let stdout = eval(&[], &script);
    assert_eq!(stdout, "0,0,0,0,0 0,0,0,0,0 1,1,1,1,1 1,1,1,1,1\n");
}

#[test]
fn js_called_from_native_code_on_another_stack_runs() {
    // Node 24 throws "Maximum call stack size exceeded" before running the
    // callback (see tests/nabi-only/other_stack.js).
    let addon = build("loader/other_stack");
    let stdout = run_script("other_stack.js", &addon);
    assert_eq!(
        stdout,
        "called from another stack: ok\nnested: ok\noverflow on that stack: RangeError\nthread stack: ok\n"
    );
}

#[test]
fn terminated_workers_free_the_threadsafe_functions_native_threads_hold() {
    let addon = build("c/async");
    let stdout = run_script("worker_tsfn_memory.js", &addon);
    assert_eq!(
        stdout,
        "25 workers holding threadsafe functions terminated: memory flat\n"
    );
}
