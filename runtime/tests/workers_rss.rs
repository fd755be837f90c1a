//! Workers free their runtimes: after each worker's env teardown releases
//! what a napi-rs addon held (references, a threadsafe function's JS
//! function), `JS_FreeRuntime` succeeds for every worker and for the main
//! thread (`NABI_TRACE_FREE` reports each: 201 "runtime freed" lines, none
//! "left allocated"), so 200 workers do not grow the resident set. The
//! resident set every 20 workers is printed (`--nocapture` shows it).
//! nabi-only: Node's RSS per worker differs (V8 isolates), only the absence
//! of a leak is asserted. Before the fix each worker kept ~1.4 MB (250 MB
//! for 180).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn two_hundred_workers_with_a_napi_rs_addon_do_not_leak() {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .output()
        .expect("run tests/packages/install.sh");
    assert!(out.status.success(), "installing the npm packages failed");
    let modules = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let addon = modules.join("@node-rs/xxhash-linux-x64-gnu/xxhash.linux-x64-gnu.node");
    let out = Command::new(env!("CARGO_BIN_EXE_nabi"))
        .arg(root().join("tests/workers/rss.js"))
        .arg(&addon)
        .env("NABI_TRACE_FREE", "1")
        .output()
        .expect("run nabi");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "nabi failed:\n{stdout}\n{stderr}");
    assert!(!stderr.contains("left allocated"), "{stderr}");
    assert_eq!(
        stderr.matches("nabi: runtime freed").count(),
        201,
        "{stderr}"
    );
    let growth: i64 = stdout
        .split("\"growthKB\":")
        .nth(1)
        .and_then(|s| s.trim().trim_end_matches('}').parse().ok())
        .unwrap_or_else(|| panic!("no growthKB in {stdout}"));
    eprintln!("RSS (KB) every 20 worker starts and exits: {stdout}");
    // A run grows 60-84 KB (allocator pages); 4 MB catches a leak of 23 KB
    // per worker.
    assert!(
        growth < 4 * 1024,
        "RSS grew {growth} KB over 180 workers: {stdout}"
    );
}
