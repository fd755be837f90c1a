//! `nabi-prebuild new` makes a package that goes through the whole pipeline
//! with no edits: build, audit, pack, verify (its own test, in Node and in
//! nabi), `npm test`, publish --dry-run. And `dts` writes the declarations
//! of a built nabi-sdk addon (the repository's example).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{nabi, root};

fn tmp(name: &str) -> PathBuf {
    common::tmp("scaffold", name)
}

/// Runs nabi-prebuild in `dir`; panics with its output unless it succeeds.
fn step(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "nabi-prebuild {args:?} in {}:\n{text}",
        dir.display()
    );
    text
}

fn pipeline(lang: &str) {
    let base = tmp(lang);
    let name = format!("@nabi-fixture/hello-{lang}");
    step(&base, &["new", &name, "--lang", lang]);
    let dir = base.join(format!("hello-{lang}"));
    for f in [
        "package.json",
        "index.js",
        "loader.js",
        "test/test.js",
        ".github/workflows/ci.yml",
    ] {
        assert!(dir.join(f).exists(), "{lang}: no {f}");
    }
    step(&dir, &["build", "--target", "linux-x64-gnu,linux-x64-musl"]);
    let files: Vec<String> = std::fs::read_dir(dir.join("prebuilds/linux-x64"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["audit"];
    args.extend(files.iter().map(String::as_str));
    let audit = step(&dir, &args);
    assert!(
        audit.contains("2 file(s) audited, 2 passed, 0 failed"),
        "{audit}"
    );
    step(&dir, &["pack", ".", "--update-package-json"]);
    let nabi = nabi();
    let gnu = format!("prebuilds/linux-x64/hello_{lang}.napi.glibc.node");
    let verify = step(
        &dir,
        &[
            "verify",
            &gnu,
            "--hosts",
            "node,nabi",
            "--nabi",
            nabi.to_str().unwrap(),
            "--test",
            "test/test.js",
        ],
    );
    // One row, both hosts ran the package's own test and passed.
    assert!(
        verify.contains("| test.js | linux-x64-gnu | pass | pass |"),
        "{verify}"
    );
    let npm_test = Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(npm_test.status.success(), "{lang}: npm test");
    assert_eq!(String::from_utf8_lossy(&npm_test.stdout).trim(), "ok");
    let publish = step(&dir, &["publish", "--dry-run", "--access", "public"]);
    assert!(
        publish.contains(&format!("published {name}-linux-x64-musl@0.1.0 (dry run)"))
            && publish.contains(&format!("published {name}@0.1.0 (dry run)")),
        "{publish}"
    );
}

#[test]
fn new_c_package_goes_through_the_pipeline_unedited() {
    pipeline("c");
}

#[test]
fn new_rust_package_goes_through_the_pipeline_unedited() {
    pipeline("rust");
}

#[test]
fn new_refuses_a_bad_name_and_a_used_directory() {
    let base = tmp("refuse");
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(["new", "Bad Name"])
        .current_dir(&base)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid npm package name"));
    std::fs::create_dir_all(base.join("taken")).unwrap();
    std::fs::write(base.join("taken/file"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(["new", "taken"])
        .current_dir(&base)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists and is not empty"));
}

#[test]
fn dts_writes_the_declarations_of_a_built_nabi_sdk_addon() {
    let base = tmp("dts");
    let example = root().join("examples/rust-addon");
    // The workspace's own target directory (warm in a test run).
    step(
        &base,
        &[
            "build",
            example.to_str().unwrap(),
            "--out",
            base.join("prebuilds").to_str().unwrap(),
        ],
    );
    let addon = base.join("prebuilds/linux-x64/example-rust-addon.napi.glibc.node");
    let out = base.join("index.d.ts");
    step(
        &base,
        &["dts", addon.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("export declare function add(a: number, b: number): number"),
        "{text}"
    );
    assert!(text.contains("Tally"), "{text}");

    // Not a nabi-sdk addon, and not for this machine: clear errors.
    let c = base.join("c");
    step(
        &base,
        &[
            "build",
            root()
                .join("prebuild/tests/fixtures/c-addon")
                .to_str()
                .unwrap(),
            "--target",
            "linux-x64-gnu,linux-arm64-gnu",
            "--out",
            c.to_str().unwrap(),
            "--headers",
            root()
                .join("fixtures/node_modules/node-api-headers/include")
                .to_str()
                .unwrap(),
        ],
    );
    for (file, want) in [
        (
            "linux-x64/c_addon.napi.glibc.node",
            "is not a nabi-sdk addon (no `nabi_sdk_typedefs` symbol)",
        ),
        (
            "linux-arm64/c_addon.napi.glibc.armv8.node",
            "is for linux-arm64-gnu, not this machine",
        ),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
            .args(["dts"])
            .arg(c.join(file))
            .output()
            .unwrap();
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{err}");
    }
}
