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
