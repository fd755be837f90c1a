//! `examples/embed.rs`, an outside host with its own QuickJS runtime and
//! libuv loop, built and run against C addons (`fixtures/c/async.c`, and
//! `fixtures/c/node_api.c`, which calls libuv itself: the example exports
//! `uv_*` through `napi-host-build`'s libuv option) and a napi-rs addon from
//! npm (`@node-rs/xxhash`, installed by `tests/packages/install.sh`). The
//! hash values are Node 24's.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Builds the example; returns its path.
fn build_example() -> PathBuf {
    let out = Command::new(env!("CARGO"))
        .args([
            "build",
            "-p",
            "napi-host",
            "--example",
            "embed",
            "--message-format=json",
        ])
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build --example embed");
    assert!(out.status.success(), "building the embed example failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("\"name\":\"embed\"") && l.contains("\"executable\":\""))
        .expect("cargo names the example's executable");
    let exe = line.split("\"executable\":\"").nth(1).unwrap();
    PathBuf::from(&exe[..exe.find('"').unwrap()])
}

fn build_c_addon(name: &str) -> PathBuf {
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    assert!(
        headers.is_dir(),
        "Node-API headers missing: run scripts/setup.sh"
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("embed-{name}.node"));
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
}

fn xxhash_addon() -> PathBuf {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .output()
        .expect("run tests/packages/install.sh");
    assert!(out.status.success(), "installing the npm packages failed");
    let modules = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    modules.join("@node-rs/xxhash-linux-x64-gnu/xxhash.linux-x64-gnu.node")
}

/// How the example is run: `EMBED_NO_LOOP`, `EMBED_REACTOR` or
/// `EMBED_RELEASE` set.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Plain,
    NoLoop,
    Reactor,
    Release,
}

fn run(exe: &Path, addons: &[&Path], script: &str, mode: Mode) -> (String, String, bool) {
    let mut cmd = Command::new(exe);
    cmd.args(addons)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match mode {
        Mode::Plain => {}
        Mode::NoLoop => {
            cmd.env("EMBED_NO_LOOP", "1");
        }
        Mode::Reactor => {
            cmd.env("EMBED_REACTOR", "1");
        }
        Mode::Release => {
            cmd.env("EMBED_RELEASE", "1");
        }
    }
    let mut child = cmd.spawn().expect("run the embed example");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

const SCRIPT: &str = r#"
const [c, xx] = [addon0, addon1];
c.double(21, 5).then(v => print("async double(21) =", v));
let calls = 0;
globalThis.__tsfnDone = () => print("threadsafe calls =", calls);
c.fromThreads(() => { calls++; }, 2, 5, 0);
print("xxh32('hello') =", xx.xxh32("hello"));
print("xxh64('hello') =", xx.xxh64("hello"));
"#;

/// What the example prints for [`SCRIPT`]. Synchronous calls print first;
/// the pool's job sleeps 5 ms, so the threadsafe calls end before it. The
/// last two lines come after the host's teardown and JS_FreeRuntime (which
/// aborts if an object is left).
const SCRIPT_OUT: &str = "xxh32('hello') = 4211111929\n\
     xxh64('hello') = 2794345569481354659\n\
     threadsafe calls = 10\n\
     async double(21) = 42\n\
     opaque intact\n\
     runtime freed\n";

#[test]
fn outside_host_loads_c_and_napi_rs_addons_and_frees_its_runtime() {
    let exe = build_example();
    let (c, xx) = (build_c_addon("async"), xxhash_addon());
    let (out, err, ok) = run(&exe, &[&c, &xx], SCRIPT, Mode::Plain);
    assert!(ok, "the example failed:\n{out}\n{err}");
    assert_eq!(out, SCRIPT_OUT);
}

/// The README's recipe for a host with its own reactor: poll libuv's
/// backend fd with its timeout, then `UV_RUN_NOWAIT` (never blocking in
/// `uv_run`): async work and threadsafe calls complete all the same.
#[test]
fn a_host_pumping_libuv_from_its_own_reactor_gets_the_same_results() {
    let exe = build_example();
    let (c, xx) = (build_c_addon("async"), xxhash_addon());
    let (out, err, ok) = run(&exe, &[&c, &xx], SCRIPT, Mode::Reactor);
    assert!(ok, "the example failed:\n{out}\n{err}");
    assert_eq!(out, SCRIPT_OUT);
}

#[test]
fn a_host_without_a_loop_refuses_addons_with_a_clear_error() {
    let exe = build_example();
    let xx = xxhash_addon();
    let (out, err, ok) = run(&exe, &[&xx], "", Mode::NoLoop);
    assert!(!ok, "loading without a loop must fail:\n{out}");
    assert!(
        err.contains("napi-host was given no libuv loop"),
        "unexpected error: {err}"
    );
}

/// An addon calling libuv directly (`uv_queue_work`, `uv_mutex_*` on the
/// loop `napi_get_uv_event_loop` gives) loads and runs: without libuv's
/// functions exported, `dlopen` would fail on the undefined `uv_*` symbols.
#[test]
fn an_addon_calling_libuv_loads_with_the_libuv_exports() {
    let exe = build_example();
    let uv = build_c_addon("node_api");
    let script = "addon0.uvTriple(14).then(v => print('uv_queue_work triple(14) =', v));";
    let (out, err, ok) = run(&exe, &[&uv], script, Mode::Plain);
    assert!(ok, "the example failed:\n{out}\n{err}");
    assert_eq!(
        out,
        "uv_queue_work triple(14) = 42\nopaque intact\nruntime freed\n"
    );
}

/// The two ways to end a host: `Host::teardown` runs the addon's cleanup
/// hooks (newest first, the async one on the loop), as Node's env teardown;
/// `Host::release` runs none, as Node on `process.exit()`. Either way the
/// runtime frees (`JS_FreeRuntime` aborts if an object is left).
#[test]
fn teardown_runs_cleanup_hooks_and_release_does_not_and_both_free_the_runtime() {
    let exe = build_example();
    let (addon, xx) = (build_c_addon("node_api"), xxhash_addon());
    // And a napi-rs class instance (a wrap, references) alive at the end.
    let script =
        "addon0.addHooks(); const h = new addon1.Xxh64(); h.update('x'); print('hooks added');";
    let (out, err, ok) = run(&exe, &[&addon, &xx], script, Mode::Plain);
    assert!(ok, "the example failed:\n{out}\n{err}");
    assert_eq!(
        out,
        "hooks added\n\
         async cleanup hook started\n\
         cleanup hook second\n\
         cleanup hook first\n\
         async cleanup hook finished\n\
         opaque intact\n\
         runtime freed\n"
    );
    let (out, err, ok) = run(&exe, &[&addon, &xx], script, Mode::Release);
    assert!(ok, "the example failed:\n{out}\n{err}");
    assert_eq!(out, "hooks added\nopaque intact\nruntime freed\n");
}
