//! Set-up shared by the nabi-prebuild integration tests. Each test binary
//! uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh, empty `<test tmp>/<suite>/<name>` directory.
pub fn tmp(suite: &str, name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(suite)
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// node-api-headers' `include/` folder (fixtures/node_modules, from
/// `npm ci` in fixtures/, which scripts/setup.sh runs).
pub fn headers() -> PathBuf {
    let h = root().join("fixtures/node_modules/node-api-headers/include");
    assert!(
        h.join("node_api.h").exists(),
        "node-api-headers is missing from fixtures/node_modules: run `npm ci` in fixtures/"
    );
    h
}

/// `nabi-prebuild build <src> --target <targets> --out <out>` (plus
/// `extra`) against node-api-headers; fails the test with the tool's output
/// if the build fails. Returns the files made, sorted.
pub fn build(src: &Path, targets: &str, out: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let (src_s, out_s, h) = (
        src.display().to_string(),
        out.display().to_string(),
        headers().display().to_string(),
    );
    let mut args = vec![
        "build",
        &src_s,
        "--target",
        targets,
        "--out",
        &out_s,
        "--headers",
        &h,
    ];
    args.extend_from_slice(extra);
    let (ok, stdout, stderr) = tool(&args);
    assert!(ok, "build failed:\n{stdout}\n{stderr}");
    let mut files = Vec::new();
    for d in std::fs::read_dir(out).unwrap() {
        for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    files
}

/// prebuild/tests/fixtures/rust-addon built for linux-x64-gnu with a glibc
/// 2.17 floor into `dir/prebuilds` (cargo's target directory in `dir`);
/// returns the artifact.
pub fn build_rust_fixture(dir: &Path) -> PathBuf {
    let out = dir.join("prebuilds");
    let fixture = root().join("prebuild/tests/fixtures/rust-addon");
    let status = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .arg("build")
        .arg(&fixture)
        .args(["--target", "linux-x64-gnu", "--glibc", "2.17", "--out"])
        .arg(&out)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()
        .unwrap();
    assert!(status.success(), "building {}", fixture.display());
    out.join("linux-x64/rust_addon.napi.glibc.node")
}

/// The nabi binary of this workspace (built if the run has not yet).
pub fn nabi() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("nabi");
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "nabi"])
            .current_dir(root())
            .status()
            .unwrap();
        assert!(status.success());
    }
    bin
}

/// Runs nabi-prebuild with `args`: (success, stdout, stderr).
pub fn tool(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The tool cache, as nabi-prebuild computes it.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("NABI_CACHE_DIR") {
        return PathBuf::from(d);
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"))
        .join("nabi")
}

/// `nabi-prebuild audit --json` over `files`: whether it passed, and one
/// report per file.
pub fn audit<P: AsRef<Path>>(files: &[P], extra: &[&str]) -> (bool, Vec<serde_json::Value>) {
    let mut args = vec!["audit", "--json"];
    args.extend_from_slice(extra);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.as_ref().display().to_string())
        .collect();
    args.extend(names.iter().map(String::as_str));
    let (ok, out, err) = tool(&args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}\n{err}"));
    (ok, v)
}

/// The check called `name` in one file's audit report.
pub fn check<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {report:#}"))
}
