//! `nabi --napi-strict` (docs/STRICT.md): one C fixture per check
//! (`fixtures/strict/<check>.c`) commits exactly that misuse. Error mode
//! must name the check and the Node-API function, fail the call with
//! `napi_generic_failure` (status 9) carrying the diagnostic as the last
//! error message, and exit non-zero; warn mode must print and go on.
//! nabi-only: no other runtime has this mode.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Compiles `fixtures/strict/<name>.c` into a `.node` in this test's temp dir.
fn build(name: &str) -> PathBuf {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("strict");
    std::fs::create_dir_all(&out_dir).unwrap();
    let addon = out_dir.join(format!("{name}.node"));
    support::compile_c_addon(&format!("strict/{name}"), &addon, &["-g"]);
    addon
}

fn run(addon: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    run_script("run.js", addon, args, envs)
}

/// Runs `tests/strict/<script>` with the fixture `addon`.
fn run_script(script: &str, addon: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nabi"));
    cmd.args(args)
        .arg(root().join("tests/strict").join(script))
        .env("NABI_FIXTURE", addon)
        .env_remove("NABI_NAPI_STRICT")
        .env_remove("NODE_OPTIONS");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Asserts both modes for fixture `name`: `check` reported in `function`.
/// `returns_status`: the misuse is the call whose status `run()` returns
/// (not so for a scope left open, found when the callback returns).
fn check(name: &str, check: &str, function: &str, returns_status: bool) {
    let how = How {
        returns_status,
        ..How::default()
    };
    check_with(name, check, function, how);
}

/// How a fixture runs and what its misuse does besides the diagnostic.
struct How {
    /// The driver in tests/strict/.
    script: &'static str,
    args: &'static [&'static str],
    /// `run()` returns the misused call's status and message.
    returns_status: bool,
    /// The misuse is refused in warn mode too (napi_generic_failure).
    refused_in_warn: bool,
    /// The process aborts after the diagnostic, in both modes (Node's
    /// fatal error).
    aborts: bool,
    /// The environment of the script.
    envs: &'static [(&'static str, &'static str)],
}

impl Default for How {
    fn default() -> How {
        How {
            script: "run.js",
            args: &[],
            returns_status: true,
            refused_in_warn: false,
            aborts: false,
            envs: &[],
        }
    }
}

fn check_with(name: &str, check: &str, function: &str, how: How) {
    let addon = build(name);
    let head = format!("nabi --napi-strict: {check} in {function} (");
    let args = |mode: &'static str| [&[mode][..], how.args].concat();

    let o = run_script(how.script, &addon, &args("--napi-strict"), how.envs);
    let (out, err) = text(&o);
    assert!(err.contains(&head), "error mode, want {head:?}:\n{err}");
    assert!(err.contains(name), "the addon file is named:\n{err}");
    assert!(err.contains("    at "), "a backtrace follows:\n{err}");
    if function != "(callback return)" {
        // Symbolized: the fixture has symbols (-g), and the misuse is its.
        let frame = format!("fixtures/strict/{name}.c:");
        assert!(err.contains(&frame), "the addon's frame, {frame}:\n{err}");
    }
    if how.aborts {
        assert_eq!(o.status.code(), None, "aborts:\n{out}\n{err}");
        assert!(err.contains("FATAL ERROR: Finalizer"), "{err}");
    } else {
        assert_eq!(
            o.status.code(),
            Some(1),
            "error mode exits 1:\n{out}\n{err}"
        );
    }
    if how.returns_status {
        assert!(out.contains("status=9\n"), "napi_generic_failure:\n{out}");
        assert!(
            out.contains(&format!(
                "message=nabi --napi-strict: {check} in {function}"
            )),
            "napi_get_last_error_info carries it:\n{out}"
        );
    }
    if !how.aborts {
        assert!(out.contains("continued"), "{out}");
    }

    let o = run_script(how.script, &addon, &args("--napi-strict=warn"), how.envs);
    let (out, err) = text(&o);
    assert!(err.contains(&head), "warn mode, want {head:?}:\n{err}");
    if how.aborts {
        assert_eq!(o.status.code(), None, "aborts:\n{out}\n{err}");
        return;
    }
    assert!(o.status.success(), "warn mode goes on:\n{out}\n{err}");
    if how.refused_in_warn {
        assert!(out.contains("status=9\n"), "refused:\n{out}");
    } else {
        assert!(
            !out.contains("status=9\n"),
            "warn mode keeps the status:\n{out}"
        );
    }
    assert!(out.contains("continued"), "{out}");
}

#[test]
fn stale_handle() {
    check("stale_handle", "stale-handle", "napi_typeof", true);
}

#[test]
fn wrong_thread() {
    check("wrong_thread", "wrong-thread", "napi_get_undefined", true);
}

/// napi_set_element's fast path (a fast array, no JS run) is taken in
/// strict mode too, but only when the checks pass: a stale handle, a
/// pending exception and a call from another thread are each reported.
#[test]
fn set_element_fast_path_is_checked() {
    let cases: [(&str, &'static [(&str, &str)]); 3] = [
        ("stale-handle", &[("NABI_MISUSE", "stale")]),
        ("pending-exception-ignored", &[("NABI_MISUSE", "pending")]),
        ("wrong-thread", &[("NABI_MISUSE", "thread")]),
    ];
    for (check, envs) in cases {
        let how = How {
            envs,
            ..How::default()
        };
        check_with("fast_path_misuse", check, "napi_set_element", how);
    }
    // Correct use: the fast path, no diagnostic.
    let addon = build("fast_path_misuse");
    let o = run(&addon, &["--napi-strict"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(!err.contains("napi-strict"), "{err}");
    assert!(out.contains("status=0\n"), "{out}");
}

#[test]
fn scope_closed_out_of_order() {
    let c = "scope-closed-out-of-order";
    check(
        "scope_closed_out_of_order",
        c,
        "napi_close_handle_scope",
        true,
    );
}

#[test]
fn scope_closed_twice() {
    let c = "scope-closed-twice";
    check("scope_closed_twice", c, "napi_close_handle_scope", true);
}

#[test]
fn scope_escaped_twice() {
    let c = "scope-escaped-twice";
    check("scope_escaped_twice", c, "napi_escape_handle", true);
}

#[test]
fn scope_left_open() {
    check(
        "scope_left_open",
        "scope-left-open",
        "(callback return)",
        false,
    );
}

#[test]
fn pending_exception_ignored() {
    let c = "pending-exception-ignored";
    check("pending_exception_ignored", c, "napi_call_function", true);
}

#[test]
fn reference_deleted_twice() {
    let c = "reference-deleted-twice";
    check("reference_deleted_twice", c, "napi_delete_reference", true);
}

#[test]
fn reference_used_after_delete() {
    let c = "reference-used-after-delete";
    check(
        "reference_used_after_delete",
        c,
        "napi_get_reference_value",
        true,
    );
}

#[test]
fn wrap_already_wrapped() {
    check(
        "wrap_already_wrapped",
        "wrap-already-wrapped",
        "napi_wrap",
        true,
    );
}

#[test]
fn remove_wrap_without_wrap() {
    let c = "remove-wrap-without-wrap";
    check("remove_wrap_without_wrap", c, "napi_remove_wrap", true);
}

#[test]
fn async_work_deleted_while_queued() {
    let c = "async-work-deleted-while-queued";
    check(
        "async_work_deleted_while_queued",
        c,
        "napi_delete_async_work",
        true,
    );
}

#[test]
fn async_work_queued_twice() {
    let c = "async-work-queued-twice";
    check("async_work_queued_twice", c, "napi_queue_async_work", true);
}

#[test]
fn env_after_teardown() {
    let how = How {
        script: "after_worker.js",
        refused_in_warn: true,
        ..How::default()
    };
    check_with(
        "env_after_teardown",
        "env-after-teardown",
        "napi_get_undefined",
        how,
    );
}

/// napi_throw* and napi_make_callback take no call wrapper: they check too.
#[test]
fn env_after_teardown_in_throw() {
    let addon = build("env_after_teardown");
    let o = run_script("after_worker.js", &addon, &["--napi-strict=warn"], &[]);
    let (out, err) = text(&o);
    assert!(
        err.contains("nabi --napi-strict: env-after-teardown in napi_throw_error ("),
        "{err}"
    );
    assert!(o.status.success(), "{out}\n{err}");
}

#[test]
fn threadsafe_function_after_release() {
    // The status is the call's own; the env's last error is not touched
    // (threadsafe-function calls come from any thread).
    let how = How {
        returns_status: false,
        ..How::default()
    };
    check_with(
        "threadsafe_function_after_release",
        "threadsafe-function-after-release",
        "napi_call_threadsafe_function",
        how,
    );
}

#[test]
fn above_module_version() {
    let c = "above-module-version";
    check("above_module_version", c, "node_api_symbol_for", true);
}

#[test]
fn reference_leaked() {
    let how = How {
        returns_status: false,
        ..How::default()
    };
    check_with(
        "reference_leaked",
        "reference-leaked",
        "napi_create_reference",
        how,
    );
    // The count, and the creation site (the addon's call) first.
    let o = run(&build("reference_leaked"), &["--napi-strict=warn"], &[]);
    let err = text(&o).1;
    assert!(
        err.contains("): 3 references created here (after the module's init)"),
        "{err}"
    );
    let frames: Vec<&str> = err.lines().filter(|l| l.starts_with("    at ")).collect();
    assert!(
        frames[0].starts_with("    at napi_create_reference "),
        "{err}"
    );
    assert!(
        frames[1].contains("at misuse (") && frames[1].contains("reference_leaked.c:10)"),
        "{err}"
    );
}

#[test]
fn basic_finalizer_calls_js() {
    let how = How {
        script: "gc.js",
        args: &["--expose-gc"],
        returns_status: false,
        aborts: true,
        ..How::default()
    };
    check_with(
        "basic_finalizer_calls_js",
        "basic-finalizer-calls-js",
        "napi_create_object",
        how,
    );
}

#[test]
fn finalizer_cancels_finalizer() {
    let how = How {
        script: "gc.js",
        args: &["--expose-gc"],
        returns_status: false,
        ..How::default()
    };
    check_with(
        "finalizer_cancels_finalizer",
        "finalizer-cancels-finalizer",
        "napi_delete_reference",
        how,
    );
}

/// Async work in flight when its worker exits completes before the env's
/// teardown (as in Node, whose worker waits for its requests): the
/// `async-work-completed-after-teardown` guard cannot fire in nabi.
#[test]
fn async_work_at_worker_exit_completes_before_teardown() {
    let addon = build("async_work_at_worker_exit");
    let o = run_script("after_worker.js", &addon, &["--napi-strict"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(!err.contains("napi-strict"), "{err}");
    assert!(err.contains("complete: status 0, env usable 1"), "{err}");
    assert!(out.contains("continued"), "{out}");
}

/// The same when the worker is terminated from the main thread while one
/// work's `execute` runs and two more wait for the only pool thread: all
/// three complete (status 0, env usable) before the worker's 'exit'.
/// Node 24 prints the same lines (checked by hand with this script and
/// fixture: its worker teardown waits for thread-pool requests too), so
/// `async-work-completed-after-teardown` has no reachable case in nabi.
#[test]
fn async_work_at_worker_terminate_completes_before_teardown() {
    let addon = build("async_work_at_worker_exit");
    let envs = [("UV_THREADPOOL_SIZE", "1"), ("NABI_WORKS", "3")];
    let o = run_script("terminate_worker.js", &addon, &["--napi-strict"], &envs);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(!err.contains("napi-strict"), "{err}");
    assert_eq!(
        err.matches("complete: status 0, env usable 1").count(),
        3,
        "{err}"
    );
    assert!(out.contains("worker exit 1\n"), "terminated: {out}");
    assert!(out.contains("continued"), "{out}");
}

#[test]
fn detached_buffer_written() {
    let c = "detached-buffer-written";
    check(
        "detached_buffer_written",
        c,
        "napi_get_arraybuffer_info",
        true,
    );
}

/// The same after a JS `transfer()` of a Buffer's ArrayBuffer whose data
/// pointer the addon kept: strict mode gives the new buffer a copy (its
/// bytes intact, the stale write lands in the quarantined old memory) and
/// flags the write at the addon's next call on the old Buffer.
#[test]
fn detached_buffer_written_after_transfer() {
    let addon = build("detached_buffer_written");
    let head = "nabi --napi-strict: detached-buffer-written in napi_get_buffer_info (";
    for (mode, code, status) in [
        ("--napi-strict", 1, "status=9\n"),
        ("--napi-strict=warn", 0, ""),
    ] {
        let o = run_script("transfer.js", &addon, &[mode], &[]);
        let (out, err) = text(&o);
        assert!(err.contains(head), "{mode}, want {head:?}:\n{err}");
        assert_eq!(o.status.code(), Some(code), "{mode}:\n{out}\n{err}");
        assert!(out.contains(status), "{mode}:\n{out}");
        assert!(
            out.contains("transferred 1,2,3,4, old detached true"),
            "{out}"
        );
        assert!(out.contains("new buffer untouched 1,2,3,4"), "{out}");
        assert!(out.contains("continued"), "{out}");
    }
}

/// A write through a kept pointer with no Node-API call on a buffer after
/// it is found at exit or when its memory is released, and the report
/// names the addon that was given the pointer,
/// not the runtime's first addon (the engine's detach hook knows no env:
/// the name is recorded when the buffer is pinned).
#[test]
fn detached_buffer_written_found_at_exit_names_the_addon() {
    let addon = build("detached_buffer_written");
    let other = build("clean");
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("strict-exit-report.json");
    let _ = std::fs::remove_file(&report);
    let report_arg = format!("--napi-strict-report={}", report.display());
    let envs = [("NABI_OTHER", other.to_str().unwrap())];
    let o = run_script("write_at_exit.js", &addon, &[&report_arg], &envs);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "error mode exits 1:\n{out}\n{err}"
    );
    assert!(out.contains("continued"), "{out}");
    let head = "nabi --napi-strict: detached-buffer-written in (exit) (file://";
    let line = err
        .lines()
        .find(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("want {head:?}:\n{err}"));
    assert!(line.contains("detached_buffer_written.node)"), "{line}");
    let json = std::fs::read_to_string(&report).expect("the report is written");
    let record = json
        .lines()
        .find(|l| l.contains("\"check\": \"detached-buffer-written\""))
        .unwrap_or_else(|| panic!("a detached-buffer-written record:\n{json}"));
    assert!(record.contains("\"function\": \"(exit)\""), "{record}");
    assert!(
        record.contains("\"addon\": \"file://")
            && record.contains("detached_buffer_written.node\""),
        "the record names the addon given the pointer:\n{record}"
    );
    assert!(!record.contains("clean.node"), "{record}");

    // Found when the kept memory is released to make room.
    let _ = std::fs::remove_file(&report);
    let envs = [("NABI_EVICT", "1")];
    let o = run_script("write_at_exit.js", &addon, &[&report_arg], &envs);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "error mode exits 1:\n{out}\n{err}"
    );
    assert!(out.contains("evicted\ncontinued"), "{out}");
    let json = std::fs::read_to_string(&report).expect("the report is written");
    let record = json
        .lines()
        .find(|l| l.contains("\"check\": \"detached-buffer-written\""))
        .unwrap_or_else(|| panic!("a detached-buffer-written record:\n{json}"));
    assert!(
        record.contains("\"function\": \"(quarantine release)\""),
        "{record}"
    );
    assert!(
        record.contains("detached_buffer_written.node\""),
        "the record names the addon given the pointer:\n{record}"
    );
}

/// No false positives: the C example (examples/hello-c; the Rust examples
/// and the SDK's fixtures run under `--napi-strict` in nabi-sdk's tests)
/// prints the same under `--napi-strict` as without, with no diagnostic.
#[test]
fn hello_c_example_runs_clean_under_napi_strict() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("strict-hello-c");
    std::fs::create_dir_all(dir.join("build")).unwrap();
    support::compile_c_addon(
        "../examples/hello-c/hello",
        &dir.join("build/hello.node"),
        &[],
    );
    let js = dir.join("hello.js");
    std::fs::copy(root().join("examples/hello-c/hello.js"), &js).unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_nabi"))
            .args(args)
            .arg(&js)
            .env_remove("NABI_NAPI_STRICT")
            .env_remove("NODE_OPTIONS")
            .output()
            .unwrap();
        let (out, err) = text(&o);
        assert!(o.status.success(), "{args:?}:\n{out}\n{err}");
        (out, err)
    };
    let (plain, _) = run(&[]);
    let (strict, err) = run(&["--napi-strict"]);
    assert!(!err.contains("napi-strict"), "{err}");
    assert!(plain.contains("counter: 2"), "{plain}");
    assert_eq!(strict, plain);
}

/// docs/STRICT.md explains each check (every diagnostic name napi-host
/// defines) in a section of its own, with a C example and its fix; the
/// async-work-after-teardown guard has none (no reachable case, its
/// section says why).
#[test]
fn strict_md_explains_every_check() {
    let src = std::fs::read_to_string(root().join("napi-host/src/strict.rs")).unwrap();
    let doc = std::fs::read_to_string(root().join("docs/STRICT.md")).unwrap();
    let checks: Vec<&str> = src
        .lines()
        .filter(|l| l.starts_with("pub(crate) const ") && l.contains(": &str = \""))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(checks.len() >= 21, "{checks:?}");
    for check in checks {
        if check == "async-work-completed-after-teardown" {
            assert!(doc.contains(&format!("`{check}`")), "{check}");
            continue;
        }
        let quoted = format!("`{check}`");
        let start = doc
            .lines()
            .position(|l| l.starts_with("### ") && l.contains(&quoted))
            .unwrap_or_else(|| panic!("no section for {check} in docs/STRICT.md"));
        let section: Vec<&str> = doc
            .lines()
            .skip(start + 1)
            .take_while(|l| !l.starts_with("## ") && !l.starts_with("### "))
            .collect();
        let section = section.join("\n");
        assert!(section.contains("```c"), "{check}: a C example");
        assert!(section.contains("Fix:"), "{check}: its fix");
    }
}

/// The same calls, made correctly: no diagnostic, in any mode.
#[test]
fn correct_use_is_not_flagged() {
    let addon = build("clean");
    let o = run(&addon, &["--napi-strict"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(!err.contains("napi-strict"), "{err}");
    assert!(out.contains("status=0\n"), "{out}");
}

/// `NABI_NAPI_STRICT` and `NODE_OPTIONS` turn it on as the flag does, and
/// `--napi-strict-report` writes one JSON record per site, with its count.
#[test]
fn env_node_options_and_report() {
    let addon = build("scope_closed_twice");
    let head = "nabi --napi-strict: scope-closed-twice in napi_close_handle_scope";

    let o = run(&addon, &[], &[("NABI_NAPI_STRICT", "warn")]);
    assert!(
        o.status.success() && text(&o).1.contains(head),
        "{:?}",
        text(&o)
    );
    let o = run(&addon, &[], &[("NODE_OPTIONS", "--napi-strict")]);
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    assert!(text(&o).1.contains(head));
    let o = run(&addon, &[], &[]);
    assert!(o.status.success() && !text(&o).1.contains("napi-strict"));
    let o = run(&addon, &[], &[("NABI_NAPI_STRICT", "sometimes")]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("bad --napi-strict mode \"sometimes\""));

    // Three calls from one site: one record, count 3.
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("strict-report.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nabi"));
    let o = cmd
        .arg("--napi-strict=warn")
        .arg(format!("--napi-strict-report={}", report.display()))
        .arg("-e")
        .arg("const a = require(process.env.NABI_FIXTURE); a.run(); a.run(); a.run();")
        .env("NABI_FIXTURE", &addon)
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    let json = std::fs::read_to_string(&report).expect("the report is written");
    assert_eq!(
        json.matches("\"check\": \"scope-closed-twice\"").count(),
        1,
        "{json}"
    );
    assert!(
        json.contains("\"function\": \"napi_close_handle_scope\""),
        "{json}"
    );
    assert!(json.contains("\"count\": 3"), "{json}");
    assert!(json.contains("scope_closed_twice.node"), "{json}");
}
