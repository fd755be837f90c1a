//! `nabi-prebuild build` on unmodified node-gyp packages, their published
//! sources from npm read through their binding.gyp: bufferutil (C),
//! utf-8-validate (C++ with a bundled dependency) and bcrypt (C++ on
//! node-addon-api with exceptions, whose include path and gyp target come
//! from `<!(node -p "require('node-addon-api')…")`). Each artifact passes
//! the audit, and does its job in Node and in nabi (x64 glibc) or loads in
//! the link probe (musl, armhf).
//!
//! The C++ packages build for two targets only: a cold zig cache compiles
//! libc++ once per target, minutes each.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::nabi;

/// The published package `spec`, unpacked (once) under the test directory.
fn npm_source(spec: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("gyp-sources")
        .join(spec.replace(['@', '/'], "_"));
    let pkg = dir.join("package");
    if !pkg.join("binding.gyp").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("npm")
            .args(["pack", "--silent", "--prefer-offline", spec])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "npm pack {spec}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tgz = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let st = Command::new("tar")
            .args(["xzf", &tgz])
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(st.success());
    }
    pkg
}

fn tool(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Builds `spec` for `targets` into a fresh directory; audits every
/// artifact; runs `check` (JS with the addon as `a`) in Node and in nabi on
/// the x64 glibc one, and the link probe on the others. Returns the files.
fn build_and_check(spec: &str, targets: &str, check: &str) -> Vec<PathBuf> {
    let pkg = npm_source(spec);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("gyp-builds")
        .join(spec.replace(['@', '/'], "_"));
    let _ = std::fs::remove_dir_all(&out);
    let (ok, text) = tool(&[
        "build",
        pkg.to_str().unwrap(),
        "--target",
        targets,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{spec}: {text}");
    let mut files = Vec::new();
    for d in std::fs::read_dir(&out).unwrap() {
        for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    assert_eq!(files.len(), targets.split(',').count(), "{files:?}");
    let mut args = vec!["audit".to_string(), "--json".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, json) = tool(&args);
    let reports: Vec<Value> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert!(ok, "{spec}: {reports:#?}");

    let gnu = files
        .iter()
        .find(|f| {
            let s = f.to_string_lossy();
            s.contains("/linux-x64/") && s.contains(".glibc.")
        })
        .expect("an x64 glibc build");
    let code = format!(
        "const a = require({:?}); {check}",
        gnu.display().to_string()
    );
    for host in [PathBuf::from("node"), nabi()] {
        let o = Command::new(&host).args(["-e", &code]).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim(),
            "ok",
            "{spec} in {}: {}",
            host.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let others: Vec<&PathBuf> = files.iter().filter(|f| *f != gnu).collect();
    if !others.is_empty() {
        let report = out.join("report");
        let mut args = vec![
            "verify".to_string(),
            "--hosts".into(),
            "link-probe".into(),
            "--out".into(),
            report.display().to_string(),
        ];
        args.extend(others.iter().map(|f| f.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, text) = tool(&args);
        assert!(ok, "{spec}: {text}");
    }
    files
}

#[test]
fn bufferutil_from_npm_builds_for_every_target() {
    build_and_check(
        "bufferutil@4.1.0",
        "linux-x64-gnu,linux-x64-musl,linux-arm64-gnu,linux-arm64-musl,linux-arm-gnueabihf",
        // mask(): out[off + i] = src[i] ^ mask[i % 4]; unmask() in place.
        "const src = Buffer.from('hello, websocket world'); const m = Buffer.from([1, 2, 3, 4]);
         const out = Buffer.alloc(src.length + 2); a.mask(src, m, out, 2, src.length);
         const want = Buffer.from(src.map((b, i) => b ^ m[i % 4]));
         if (!out.subarray(2).equals(want)) throw new Error('mask ' + out.toString('hex'));
         a.unmask(out.subarray(2), m); if (!out.subarray(2).equals(src)) throw new Error('unmask');
         console.log('ok')",
    );
}

#[test]
fn utf_8_validate_from_npm_builds() {
    build_and_check(
        "utf-8-validate@6.0.6",
        "linux-x64-gnu,linux-x64-musl",
        "if (a(Buffer.from('héllo ✓')) !== true) throw new Error('valid');
         if (a(Buffer.from([0xc3, 0x28])) !== false) throw new Error('invalid');
         console.log('ok')",
    );
}

#[test]
fn bcrypt_on_node_addon_api_from_npm_builds() {
    build_and_check(
        "bcrypt@6.0.0",
        "linux-x64-gnu,linux-x64-musl",
        "const salt = '$2b$04$' + 'abcdefghijklmnopqrstuv';
         const hash = a.encrypt_sync('secret', salt);
         // The 22nd salt character keeps only its top bits: 'v' reads back as 'u'.
         if (!hash.startsWith(salt.slice(0, 28)) || hash.length !== 60) throw new Error(hash);
         if (a.compare_sync('secret', hash) !== true) throw new Error('compare');
         if (a.compare_sync('wrong', hash) !== false) throw new Error('compare wrong');
         // A C++ exception from node-addon-api becomes a JS error.
         let err = null; try { a.encrypt_sync('x', 'bad') } catch (e) { err = e }
         if (!err || !/Invalid salt/.test(err.message)) throw new Error('no exception: ' + err);
         console.log('ok')",
    );
}
