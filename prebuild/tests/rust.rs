//! Rust addons through `nabi-prebuild build`: both musl targets (a cdylib
//! linked against musl dynamically, through zig), a crate inside a cargo
//! workspace (cargo's own target directory, CARGO_TARGET_DIR and
//! --target-dir), and a target whose standard library is missing (one clear
//! sentence naming `rustup target add`, not cargo's wall of errors), and
//! `--install-targets` running it (a stand-in rustup, no network).
//!
//! Needs the rustup targets scripts/setup.sh installs:
//! x86_64-unknown-linux-musl and aarch64-unknown-linux-musl.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::root;

use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    common::tmp("rust", name)
}

fn tool(args: &[&str], env: &[(&str, &Path)]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"));
    cmd.args(args).env_remove("CARGO_TARGET_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn fixture() -> PathBuf {
    root().join("prebuild/tests/fixtures/rust-addon")
}

#[test]
fn rust_addon_builds_for_both_musl_targets_and_loads_on_musl() {
    let dir = tmp("musl");
    let out = dir.join("prebuilds");
    let target_dir = dir.join("target");
    let (ok, stdout, stderr) = tool(
        &[
            "build",
            fixture().to_str().unwrap(),
            "--target",
            "linux-x64-musl,linux-arm64-musl",
            "--out",
            out.to_str().unwrap(),
            "--target-dir",
            target_dir.to_str().unwrap(),
        ],
        &[],
    );
    assert!(ok, "{stdout}\n{stderr}");
    let files = [
        out.join("linux-x64/rust_addon.napi.musl.node"),
        out.join("linux-arm64/rust_addon.napi.musl.armv8.node"),
    ];
    let (ok, a, _) = tool(
        &[
            "audit",
            "--json",
            files[0].to_str().unwrap(),
            files[1].to_str().unwrap(),
        ],
        &[],
    );
    let reports: Vec<Value> = serde_json::from_str(&a).unwrap();
    assert!(ok, "{reports:#?}");
    for r in &reports {
        assert_eq!(r["facts"]["libc"], "musl", "{r:#}");
        assert_eq!(r["facts"]["stripped"], true);
    }
    // The link probe loads each one on its musl loader (arm64 under qemu).
    let report = dir.join("report");
    let (ok, stdout, stderr) = tool(
        &[
            "verify",
            files[0].to_str().unwrap(),
            files[1].to_str().unwrap(),
            "--hosts",
            "link-probe",
            "--out",
            report.to_str().unwrap(),
        ],
        &[],
    );
    assert!(ok, "{stdout}\n{stderr}");
    let cells: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(report.join("conformance.json")).unwrap())
            .unwrap();
    assert_eq!(
        cells.iter().filter(|c| c["outcome"] == "pass").count(),
        2,
        "{cells:#?}"
    );
}

/// A workspace with the addon as a member, as examples/rust-addon is.
fn workspace(dir: &Path) -> PathBuf {
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"addon\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    let addon = dir.join("addon");
    std::fs::create_dir_all(addon.join("src")).unwrap();
    std::fs::write(
        addon.join("Cargo.toml"),
        "[package]\nname = \"ws-addon\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n",
    )
    .unwrap();
    std::fs::copy(fixture().join("src/lib.rs"), addon.join("src/lib.rs")).unwrap();
    addon
}

/// (name, extra arguments, environment, where cargo must put the cdylib)
type Case = (
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, PathBuf)>,
    PathBuf,
);

#[test]
fn rust_addon_in_a_workspace_finds_cargo_s_target_directory() {
    let dir = tmp("workspace");
    let addon = workspace(&dir);
    let lib = |t: &Path| t.join("x86_64-unknown-linux-gnu/release/libws_addon.so");
    let cases: [Case; 3] = [
        // cargo's default for a member: the workspace's target/.
        ("default", vec![], vec![], dir.join("target")),
        (
            "env",
            vec![],
            vec![("CARGO_TARGET_DIR", dir.join("env-target"))],
            dir.join("env-target"),
        ),
        (
            "flag",
            vec!["--target-dir", "FLAG"],
            vec![("CARGO_TARGET_DIR", dir.join("env-target"))],
            dir.join("flag-target"),
        ),
    ];
    for (name, extra, env, expect) in cases {
        let out = dir.join(format!("prebuilds-{name}"));
        let flag = dir.join("flag-target");
        let mut args = vec![
            "build".to_string(),
            addon.display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| {
            if *a == "FLAG" {
                flag.display().to_string()
            } else {
                a.to_string()
            }
        }));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        let (ok, stdout, stderr) = tool(&args, &env);
        assert!(ok, "{name}: {stdout}\n{stderr}");
        assert!(
            lib(&expect).exists(),
            "{name}: no {}",
            lib(&expect).display()
        );
        let node_file = out.join("linux-x64/ws-addon.napi.glibc.node");
        let got = Command::new("node")
            .args([
                "-p",
                &format!("require({:?}).greet()", node_file.display().to_string()),
            ])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&got.stdout).trim(),
            "hello from rust, 1 threads",
            "{name}"
        );
    }
    assert!(
        !addon.join("target").exists(),
        "nothing in the member's own target/"
    );
}

/// A relative `--target-dir` or `CARGO_TARGET_DIR` is the user's, from
/// where nabi-prebuild runs, not from the addon's folder (where cargo runs).
#[test]
fn a_relative_target_directory_is_taken_from_the_working_directory() {
    let dir = tmp("relative-target");
    let addon = workspace(&dir);
    let cwd = dir.join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    for (name, flag, env) in [
        ("flag", Some("flag-target"), None),
        ("env", None, Some("env-target")),
    ] {
        let out = dir.join(format!("prebuilds-{name}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"));
        cmd.arg("build")
            .arg(&addon)
            .arg("--out")
            .arg(&out)
            .current_dir(&cwd)
            .env_remove("CARGO_TARGET_DIR");
        if let Some(f) = flag {
            cmd.args(["--target-dir", f]);
        }
        if let Some(e) = env {
            cmd.env("CARGO_TARGET_DIR", e);
        }
        let o = cmd.output().unwrap();
        assert!(
            o.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        let want = cwd
            .join(flag.or(env).unwrap())
            .join("x86_64-unknown-linux-gnu/release/libws_addon.so");
        assert!(want.exists(), "{name}: no {}", want.display());
        assert!(out.join("linux-x64/ws-addon.napi.glibc.node").exists());
    }
    for rel in ["flag-target", "env-target"] {
        assert!(!addon.join(rel).exists(), "{rel} under the addon's folder");
    }
}

#[test]
fn a_missing_rust_standard_library_names_the_rustup_command() {
    // scripts/setup.sh does not install armv7's standard library.
    let triple = "armv7-unknown-linux-gnueabihf";
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == triple)
        })
        .unwrap_or(false);
    let dir = tmp("missing-std");
    let (ok, stdout, stderr) = tool(
        &[
            "build",
            fixture().to_str().unwrap(),
            "--target",
            "linux-arm-gnueabihf",
            "--out",
            dir.join("prebuilds").to_str().unwrap(),
            "--target-dir",
            dir.join("target").to_str().unwrap(),
        ],
        &[],
    );
    if installed {
        // Someone added it by hand: then the build must simply work.
        assert!(ok, "{stdout}\n{stderr}");
        return;
    }
    assert!(!ok);
    assert!(
        stdout.contains(&format!(
            "the Rust standard library for {triple} is not installed: run `rustup target add {triple}` (or pass --install-targets)"
        )),
        "{stdout}"
    );
    // The check comes before cargo: none of its errors.
    assert!(
        !stderr.contains("E0463") && !stdout.contains("E0463"),
        "{stderr}"
    );
}

/// `--install-targets` without the network: a stand-in `rustup` first on
/// PATH records its arguments, and a stand-in `rustc` answers the tool's
/// standard-library check (`rustc --print target-libdir --target T`) with
/// an empty folder that the stand-in rustup fills (or not); every other
/// rustc call goes to the real one, so the build that follows is real.
#[cfg(unix)]
#[test]
fn install_targets_runs_rustup_target_add_then_builds() {
    let triple = "x86_64-unknown-linux-gnu";
    let real_rustc = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("rustc"))
        .find(|p| p.is_file())
        .expect("rustc on PATH");
    let dir = tmp("install-targets");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = |name: &str, body: &str| {
        let p = bin.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    script(
        "rustc",
        &format!(
            "if [ \"$1\" = --print ] && [ \"$2\" = target-libdir ]; then echo \"$FAKE_LIBDIR\"; exit 0; fi\nexec '{}' \"$@\"\n",
            real_rustc.display()
        ),
    );
    script(
        "rustup",
        "echo \"$*\" >> \"$FAKE_LOG\"\ncase \"$FAKE_MODE\" in\n  ok) touch \"$FAKE_LIBDIR/libstd-0123.rlib\" ;;\n  fail) echo 'error: could not download component: network unreachable' >&2; exit 1 ;;\nesac\n",
    );
    let path = std::env::join_paths(
        std::iter::once(bin.clone())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();

    // One run per behaviour of the stand-in rustup: (stdout, stderr, log).
    let run = |mode: &str, install: bool| -> (bool, String, String, String) {
        let case = dir.join(mode);
        let libdir = case.join("libdir");
        std::fs::create_dir_all(&libdir).unwrap();
        let log = case.join("rustup.log");
        let out = case.join("prebuilds");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"));
        cmd.arg("build")
            .arg(fixture())
            .args(["--target", "linux-x64-gnu", "--out"])
            .arg(&out)
            .arg("--target-dir")
            .arg(dir.join("target"))
            .env_remove("CARGO_TARGET_DIR")
            .env("PATH", &path)
            .env("FAKE_LIBDIR", &libdir)
            .env("FAKE_LOG", &log)
            .env("FAKE_MODE", mode);
        if install {
            cmd.arg("--install-targets");
        }
        let o = cmd.output().unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into(),
            String::from_utf8_lossy(&o.stderr).into(),
            std::fs::read_to_string(&log).unwrap_or_default(),
        )
    };

    // Without the flag: rustup is not run, the command is named.
    let (ok, stdout, _, log) = run("ok", false);
    assert!(!ok);
    assert_eq!(log, "", "rustup ran without --install-targets");
    assert!(
        stdout.contains(&format!("run `rustup target add {triple}`")),
        "{stdout}"
    );

    // rustup fails (no network): its own error, then one sentence; cargo
    // never runs.
    let (ok, stdout, stderr, log) = run("fail", true);
    assert!(!ok);
    assert_eq!(log, format!("target add {triple}\n"));
    assert!(stderr.contains("network unreachable"), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "`rustup target add {triple}` failed (exit status: 1; rustup's output is above)"
        )),
        "{stdout}"
    );
    assert!(!stderr.contains("Compiling rust_addon"), "{stderr}");

    // rustup "succeeds" but the standard library is still not there.
    let (ok, stdout, _, log) = run("noop", true);
    assert!(!ok);
    assert_eq!(log, format!("target add {triple}\n"));
    assert!(
        stdout.contains(&format!(
            "`rustup target add {triple}` succeeded, but the toolchain that builds"
        )),
        "{stdout}"
    );

    // rustup adds it: the build goes on and makes the addon.
    let (ok, stdout, stderr, log) = run("ok", true);
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(log, format!("target add {triple}\n"));
    assert!(dir
        .join("ok/prebuilds/linux-x64/rust_addon.napi.glibc.node")
        .is_file());
}
