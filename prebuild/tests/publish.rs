//! From built artifacts to a package that installs and loads wherever npm
//! puts it: `pack` writes the per-platform `.tgz` files and the root's, a
//! real `npm install` of those tarballs into a fresh project (offline) puts
//! the root package and the per-platform package side by side, and the
//! generated loader finds the binary through the installed per-platform
//! package (the root ships no prebuilds/), in Node and in nabi. Without the
//! per-platform package, the error names what it tried and how to fix it.
//! `publish --dry-run` accepts every tarball, platform packages first.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{nabi, root};

fn tmp(name: &str) -> PathBuf {
    common::tmp("publish", name)
}

fn tool(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "nabi-prebuild {args:?}:\n{text}");
    text
}

/// Runs `code` with `host` (node or nabi) in `dir`: (stdout, stderr).
fn js(host: &Path, dir: &Path, code: &str) -> (String, String) {
    let out = Command::new(host)
        .args(["-e", code])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const NAME: &str = "nabi-fixture-c-addon";

/// A root package as `nabi-prebuild new` lays it out: the C source, the
/// loader and an entry that calls it with a relative root.
fn root_package(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(
        root().join("prebuild/tests/fixtures/c-addon/src/addon.c"),
        dir.join("src/addon.c"),
    )
    .unwrap();
    std::fs::copy(
        root().join("prebuild/loader/index.js"),
        dir.join("loader.js"),
    )
    .unwrap();
    std::fs::write(
        dir.join("index.js"),
        "module.exports = require('./loader.js')('.');\n",
    )
    .unwrap();
    let pkg = serde_json::json!({
        "name": NAME,
        "version": "1.2.3",
        "description": "nabi-prebuild test addon",
        "license": "MIT",
        "repository": { "type": "git", "url": "git+https://example.invalid/nabi-fixture.git" },
        "engines": { "node": ">=18" },
        "main": "index.js",
        "files": ["index.js", "loader.js"],
        "nabi": {
            "name": "c_addon",
            "sources": ["src/addon.c"],
            "defines": ["GREETING=\"hello from c\""]
        }
    });
    std::fs::write(
        dir.join("package.json"),
        serde_json::to_string_pretty(&pkg).unwrap(),
    )
    .unwrap();
}

#[test]
fn packed_tarballs_install_with_npm_and_load_in_node_and_nabi() {
    let base = tmp("install");
    let pkg = base.join("pkg");
    root_package(&pkg);
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    tool(
        &pkg,
        &[
            "build",
            ".",
            "--target",
            "linux-x64-gnu,linux-x64-musl",
            "--headers",
            headers.to_str().unwrap(),
        ],
    );
    tool(
        &pkg,
        &["pack", ".", "--out", "dist", "--update-package-json"],
    );
    let dist = pkg.join("dist");
    let root_tgz = dist.join(format!("{NAME}-1.2.3.tgz"));
    let gnu_tgz = dist.join(format!("{NAME}-linux-x64-gnu-1.2.3.tgz"));
    assert!(root_tgz.exists() && gnu_tgz.exists());

    // The per-platform package carries the root's fields.
    let plat: Value = serde_json::from_str(
        &std::fs::read_to_string(dist.join("npm/linux-x64-musl/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(plat["engines"]["node"], ">=18");
    assert_eq!(plat["license"], "MIT");
    assert_eq!(plat["description"], "nabi-prebuild test addon");
    assert_eq!(plat["repository"]["type"], "git");
    assert_eq!(plat["libc"][0], "musl");
    assert_eq!(plat["files"][0], format!("{NAME}.linux-x64-musl.node"));

    // A fresh project installs the root and this machine's package.
    let proj = base.join("proj");
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::write(
        proj.join("package.json"),
        r#"{ "name": "proj", "version": "1.0.0", "private": true }"#,
    )
    .unwrap();
    let out = Command::new("npm")
        .args(["install", "--offline", "--no-audit", "--no-fund"])
        .arg(&root_tgz)
        .arg(&gnu_tgz)
        .current_dir(&proj)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "npm install: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = proj.join("node_modules").join(NAME);
    assert!(
        !installed.join("prebuilds").exists(),
        "the root package ships no prebuilds/"
    );
    let code = format!("console.log(require('{NAME}').greet())");
    for host in [PathBuf::from("node"), nabi()] {
        let (stdout, stderr) = js(&host, &proj, &code);
        assert_eq!(stdout, "hello from c", "{}: {stderr}", host.display());
    }

    // Without the per-platform package: what was tried, the host, the fix.
    std::fs::remove_dir_all(
        proj.join("node_modules")
            .join(format!("{NAME}-linux-x64-gnu")),
    )
    .unwrap();
    let code = format!(
        "try {{ require('{NAME}') }} catch (e) {{ console.log(e.code); console.log(e.message) }}"
    );
    for host in [PathBuf::from("node"), nabi()] {
        let (stdout, stderr) = js(&host, &proj, &code);
        for want in [
            "ERR_NO_PREBUILD",
            "platform=linux arch=x64 libc=glibc",
            "prebuilds: no prebuilt files",
            &format!("package {NAME}-linux-x64-gnu: not installed"),
            &format!("npm install {NAME}-linux-x64-gnu"),
        ] {
            assert!(
                stdout.contains(want),
                "{}: no {want:?} in\n{stdout}{stderr}",
                host.display()
            );
        }
    }

    // Local prebuilds/ win, with a relative root, from any working directory.
    let (stdout, stderr) = js(
        Path::new("node"),
        &base,
        &format!("console.log(require({:?}).greet())", pkg.join("index.js")),
    );
    assert_eq!(stdout, "hello from c", "{stderr}");

    // publish --dry-run: every platform package, then the root.
    let text = tool(&pkg, &["publish", ".", "--out", "dist", "--dry-run"]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("published"))
        .collect();
    assert_eq!(
        lines,
        [
            format!("published {NAME}-linux-x64-gnu@1.2.3 (dry run)"),
            format!("published {NAME}-linux-x64-musl@1.2.3 (dry run)"),
            format!("published {NAME}@1.2.3 (dry run)"),
        ],
        "{text}"
    );
}

#[test]
fn publish_refuses_a_root_without_its_platform_packages() {
    let pkg = tmp("refuse");
    root_package(&pkg);
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    tool(
        &pkg,
        &["build", ".", "--headers", headers.to_str().unwrap()],
    );
    let text = tool(&pkg, &["pack", ".", "--out", "dist"]);
    assert!(text.contains("--update-package-json"), "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(["publish", ".", "--dry-run"])
        .current_dir(&pkg)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("lack {NAME}-linux-x64-gnu@1.2.3")),
        "{err}"
    );
}

#[test]
fn pack_names_a_rust_addon_from_cargo_toml() {
    let dir = tmp("rust");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"my-rust-addon\"\nversion = \"0.4.2\"\nedition = \"2021\"\nlicense = \"MIT\"\n\n[workspace]\n\n[lib]\ncrate-type = [\"cdylib\"]\npath = \"lib.rs\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("lib.rs"), "").unwrap();
    let slot = dir.join("prebuilds/linux-x64");
    std::fs::create_dir_all(&slot).unwrap();
    std::fs::write(slot.join("my-rust-addon.napi.glibc.node"), b"\x7fELF").unwrap();
    tool(&dir, &["pack", ".", "--out", "dist"]);
    let plat: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("dist/npm/linux-x64-gnu/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(plat["name"], "my-rust-addon-linux-x64-gnu");
    assert_eq!(plat["version"], "0.4.2");
    assert_eq!(plat["license"], "MIT");
    assert!(dir
        .join("dist/my-rust-addon-linux-x64-gnu-0.4.2.tgz")
        .exists());
}

/// macOS and Windows packages through the same path: pack names them
/// (`-darwin-arm64`, `-win32-x64-msvc`), real npm honours their `os`/`cpu`
/// (refused on this Linux machine unless forced), the loader in the
/// installed root finds the installed per-platform binary when the host is
/// darwin-arm64 or win32-x64 (`process.platform`/`arch` simulated: nothing
/// here can load them), and publish sends them before the root.
#[test]
fn macos_and_windows_packages_install_resolve_and_publish() {
    let base = tmp("desktop");
    let pkg = base.join("pkg");
    root_package(&pkg);
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    tool(
        &pkg,
        &[
            "build",
            ".",
            "--target",
            "linux-x64-gnu,darwin-arm64,win32-x64",
            "--headers",
            headers.to_str().unwrap(),
        ],
    );
    tool(
        &pkg,
        &["pack", ".", "--out", "dist", "--update-package-json"],
    );
    let dist = pkg.join("dist");
    let tgz = |suffix: &str| dist.join(format!("{NAME}{suffix}-1.2.3.tgz"));
    let proj = base.join("proj");
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::write(
        proj.join("package.json"),
        r#"{ "name": "proj", "version": "1.0.0", "private": true }"#,
    )
    .unwrap();
    let npm = |force: bool, files: &[PathBuf]| {
        let mut cmd = Command::new("npm");
        cmd.args(["install", "--offline", "--no-audit", "--no-fund"]);
        if force {
            cmd.arg("--force");
        }
        cmd.args(files).current_dir(&proj).output().unwrap()
    };
    let out = npm(false, &[tgz(""), tgz("-win32-x64-msvc")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("EBADPLATFORM")
            && err.contains(r#"wanted {"os":"win32","cpu":"x64"} (current: {"os":"linux""#),
        "{err}"
    );
    let out = npm(
        true,
        &[tgz(""), tgz("-darwin-arm64"), tgz("-win32-x64-msvc")],
    );
    assert!(
        out.status.success(),
        "npm install --force: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code = format!(
        "const path = require('path');
const L = require('{NAME}/loader.js');
const root = path.dirname(require.resolve('{NAME}/package.json'));
for (const [platform, arch] of [['darwin', 'arm64'], ['win32', 'x64']]) {{
  Object.defineProperty(process, 'platform', {{ value: platform, configurable: true }});
  Object.defineProperty(process, 'arch', {{ value: arch, configurable: true }});
  console.log(path.relative(process.cwd(), L.resolve(root)));
}}"
    );
    let (stdout, stderr) = js(Path::new("node"), &proj, &code);
    assert_eq!(
        stdout,
        format!(
            "node_modules/{NAME}-darwin-arm64/{NAME}.darwin-arm64.node\nnode_modules/{NAME}-win32-x64-msvc/{NAME}.win32-x64-msvc.node"
        ),
        "{stderr}"
    );
    // The installed files are the built ones.
    for (installed, built) in [
        (
            format!("{NAME}-darwin-arm64/{NAME}.darwin-arm64.node"),
            "darwin-arm64/c_addon.node",
        ),
        (
            format!("{NAME}-win32-x64-msvc/{NAME}.win32-x64-msvc.node"),
            "win32-x64/c_addon.node",
        ),
    ] {
        assert_eq!(
            std::fs::read(proj.join("node_modules").join(installed)).unwrap(),
            std::fs::read(pkg.join("prebuilds").join(built)).unwrap()
        );
    }

    let text = tool(&pkg, &["publish", ".", "--out", "dist", "--dry-run"]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("published"))
        .collect();
    assert_eq!(
        lines,
        [
            format!("published {NAME}-darwin-arm64@1.2.3 (dry run)"),
            format!("published {NAME}-linux-x64-gnu@1.2.3 (dry run)"),
            format!("published {NAME}-win32-x64-msvc@1.2.3 (dry run)"),
            format!("published {NAME}@1.2.3 (dry run)"),
        ],
        "{text}"
    );
}
