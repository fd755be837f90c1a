//! The differential suites: every `tests/conformance/*.js` (Node-API, over
//! the C fixtures in `fixtures/c/`, compiled against the pinned
//! `node-api-headers` first) and every `tests/builtins/*.js` (the Node
//! built-ins nabi provides; they may load the C fixtures too) runs under
//! Node 24 (the reference, installed from npm by `support`) and under
//! `nabi`; both must exit 0 with the same
//! stdout. Only top-level files are tests: scripts they start (workers,
//! child processes) live in subfolders.
//!
//! `NABI_CONFORMANCE_FILTER=<substring>` runs a subset;
//! `NABI_CONFORMANCE_NODE_ONLY=1` checks the tests against node alone;
//! The Node-API suite runs a second time with the nabi side under
//! `--napi-strict=warn` (through `NABI_NAPI_STRICT`, so child processes and
//! workers too; warn keeps the statuses the tests compare), failing on any
//! diagnostic but the misuses a test commits on purpose
//! ([`STRICT_ALLOWED`]); `NABI_CONFORMANCE_STRICT=1` does the same for
//! every test here, the built-ins too.
//!
//! Also here: the exported-symbol check (every name in
//! `napi-host/symbols.txt` is a defined dynamic symbol of the binary).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn modified(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p)
        .and_then(|m| m.modified())
        .unwrap_or(std::time::UNIX_EPOCH)
}

/// Compiles each `fixtures/c/*.c` into `<dir>/<name>.node` when stale
/// (once per test run: both suites use them, and run in parallel).
fn build_fixtures() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(compile_fixtures).clone()
}

fn compile_fixtures() -> PathBuf {
    let src = root().join("fixtures/c");
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    assert!(
        headers.is_dir(),
        "Node-API headers missing at {}: run scripts/setup.sh",
        headers.display()
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-fixtures");
    std::fs::create_dir_all(&out).unwrap();
    let files: Vec<PathBuf> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Fixtures include each other (finalizers_v10.c includes finalizers.c)
    // and common.h: any change in the folder rebuilds them all.
    let newest = files.iter().map(|p| modified(p)).max().unwrap();
    let mut sources: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    for c in sources {
        let name = c.file_stem().unwrap().to_str().unwrap().to_string();
        let node = out.join(format!("{name}.node"));
        if node.exists() && modified(&node) > newest {
            continue;
        }
        let status = Command::new("cc")
            .args([
                "-shared",
                "-fPIC",
                "-O1",
                "-Wall",
                "-Wno-unused-function",
                "-pthread",
                "-I",
            ])
            .arg(&headers)
            .arg(&c)
            .arg("-o")
            .arg(&node)
            .status()
            .expect("run cc");
        assert!(status.success(), "compiling {} failed", c.display());
    }
    out
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
    timed_out: bool,
}

fn run(program: &str, script: &Path, fixtures: &Path, strict: bool) -> Run {
    let mut cmd = Command::new(program);
    if program == env!("CARGO_BIN_EXE_nabi") && strict {
        cmd.env("NABI_NAPI_STRICT", "warn");
    }
    let mut child = cmd
        .arg(script)
        .current_dir(script.parent().unwrap())
        .env("NABI_FIXTURE_DIR", fixtures)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let ereader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().ok();
            timed_out = true;
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        stdout: reader.join().unwrap(),
        stderr: ereader.join().unwrap(),
        code: status.code(),
        timed_out,
    }
}

/// A line diff good enough to spot where two outputs part.
fn diff(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) if x == y => out.push_str(&format!("  {x}\n")),
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("- {x}\n"));
                }
                if let Some(y) = y {
                    out.push_str(&format!("+ {y}\n"));
                }
            }
        }
    }
    out
}

#[test]
fn conformance_node_and_nabi_agree() {
    compare_dir("tests/conformance", &build_fixtures(), strict_env());
}

#[test]
fn builtins_node_and_nabi_agree() {
    compare_dir("tests/builtins", &build_fixtures(), strict_env());
}

/// docs/STRICT.md's "no false positives": the Node-API suite under
/// `--napi-strict=warn` reports nothing but the misuses its tests commit on
/// purpose ([`STRICT_ALLOWED`]), with the same output as Node.
#[test]
fn conformance_under_napi_strict_reports_only_deliberate_misuse() {
    compare_dir("tests/conformance", &build_fixtures(), true);
}

/// `NABI_CONFORMANCE_STRICT=1`: the nabi side runs under `--napi-strict`
/// in every test here.
fn strict_env() -> bool {
    std::env::var("NABI_CONFORMANCE_STRICT").is_ok_and(|v| v == "1")
}

/// Misuses tests commit on purpose, to compare Node's statuses for them:
/// strict mode reports them, and only these are allowed, by test and check.
const STRICT_ALLOWED: &[(&str, &str)] = &[
    // StatusesWhilePending: the statuses of calls made with an exception pending.
    ("errors.js", "pending-exception-ignored"),
    // fx_result builds its result object while the exception of the call
    // under test is pending (pending_to rethrows it after).
    ("types.js", "pending-exception-ignored"),
    // napi_wrap's napi_invalid_arg on an object already wrapped, and
    // napi_remove_wrap's on one not wrapped (RemoveWrap, the argument checks).
    ("lifetimes.js", "wrap-already-wrapped"),
    ("lifetimes.js", "remove-wrap-without-wrap"),
    // setElementWhilePending: napi_set_element's status with an exception
    // pending.
    ("arrays_fast.js", "pending-exception-ignored"),
    // napi_escape_called_twice.
    ("scopes.js", "scope-escaped-twice"),
    // napi_handle_scope_mismatch for scopes closed out of order or twice.
    ("scopes.js", "scope-closed-out-of-order"),
    ("scopes.js", "scope-closed-twice"),
    // ReturnFromClosedScope returns a value its closed scope made.
    ("scopes.js", "stale-handle"),
    // TsfnStatuses: the statuses of a call and an acquire after the abort
    // that took the thread count to 0.
    ("async.js", "threadsafe-function-after-release"),
    // The fixtures declare Node-API 9 (fixtures/c/common.h) and declare by
    // hand the later functions they test, which is what this check reports.
    ("lifetimes.js", "above-module-version"),
    ("node_api.js", "above-module-version"),
    ("types.js", "above-module-version"),
];

/// The diagnostic lines of a strict run not allowed for test `name`.
fn strict_diagnostics(name: &str, stderr: &str, strict: bool) -> Vec<String> {
    if !strict {
        return Vec::new();
    }
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("nabi --napi-strict: "))
        .filter(|l| {
            let check = l.split(' ').next().unwrap_or_default();
            !STRICT_ALLOWED.contains(&(name, check))
        })
        .map(str::to_string)
        .collect()
}

/// Runs every top-level `.js` of `dir` under node and nabi and compares.
/// `strict`: nabi runs under `--napi-strict=warn`.
fn compare_dir(dir: &str, fixtures: &Path, strict: bool) {
    let filter = std::env::var("NABI_CONFORMANCE_FILTER").unwrap_or_default();
    let node_only = std::env::var("NABI_CONFORMANCE_NODE_ONLY").is_ok_and(|v| v == "1");
    let mut tests: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .filter(|p| p.file_name().unwrap() != "common.js")
        .filter(|p| p.to_string_lossy().contains(&filter))
        .collect();
    tests.sort();
    if tests.is_empty() && !filter.is_empty() {
        return;
    }
    assert!(!tests.is_empty(), "no tests in {dir}");

    let mut failures = Vec::new();
    for t in &tests {
        let name = t.file_name().unwrap().to_string_lossy().into_owned();
        let node = run(node_program(), t, fixtures, false);
        if node.code != Some(0) || node.timed_out {
            failures.push(format!(
                "{name}: fails under node (exit {:?}{}):\n{}\n{}",
                node.code,
                if node.timed_out { ", timed out" } else { "" },
                node.stdout,
                node.stderr
            ));
            continue;
        }
        if node_only {
            println!("{name}: node ok");
            continue;
        }
        let nabi = run(env!("CARGO_BIN_EXE_nabi"), t, fixtures, strict);
        let unexpected = strict_diagnostics(&name, &nabi.stderr, strict);
        if !unexpected.is_empty() {
            failures.push(format!(
                "{name}: strict-mode diagnostics under nabi:\n{}",
                unexpected.join("\n")
            ));
        } else if nabi.code != Some(0) || nabi.timed_out {
            failures.push(format!(
                "{name}: fails under nabi (exit {:?}{}):\n--- stdout\n{}--- stderr\n{}",
                nabi.code,
                if nabi.timed_out { ", timed out" } else { "" },
                nabi.stdout,
                nabi.stderr
            ));
        } else if nabi.stdout != node.stdout {
            failures.push(format!(
                "{name}: stdout differs (- node, + nabi):\n{}",
                diff(&node.stdout, &nabi.stdout)
            ));
        } else {
            println!("{name}: node and nabi agree");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} conformance tests failed:\n\n{}",
        failures.len(),
        tests.len(),
        failures.join("\n\n")
    );
}

#[test]
fn binary_exports_every_listed_symbol() {
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(env!("CARGO_BIN_EXE_nabi"))
        .output()
        .expect("run nm (binutils)");
    assert!(out.status.success(), "nm failed");
    let table = String::from_utf8_lossy(&out.stdout);
    let defined: std::collections::HashSet<&str> = table
        .lines()
        .filter_map(|l| {
            let mut cols = l.split_whitespace();
            let (_addr, kind, name) = (cols.next()?, cols.next()?, cols.next()?);
            (kind == "T").then_some(name)
        })
        .collect();
    let mut lists = Vec::new();
    for (file, what) in [
        ("napi-host/symbols.txt", "Node-API"),
        ("napi-host/uv-exports.txt", "libuv"),
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let names: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect();
        let missing: Vec<&String> = names
            .iter()
            .filter(|n| !defined.contains(n.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{what} functions missing from nabi's dynamic symbols: {missing:?}"
        );
        lists.push(names.len());
    }
    assert_eq!(
        lists[0], 161,
        "symbols.txt lists NAPI 1-10 (155) + 6 experimental functions"
    );
}

/// The reference Node (Node 24 from npm, see `support`).
fn node_program() -> &'static str {
    support::node().to_str().expect("a UTF-8 cache path")
}
