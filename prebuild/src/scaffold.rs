//! `new NAME --lang c|rust`: a package that builds, audits, packs, verifies
//! and publishes with no edits. It holds the addon's source, package.json
//! (with `engines`, `files` and, for C, the `"nabi"` build section), the
//! loader and an entry that calls it, a test, and a CI workflow calling the
//! reusable one. Nothing is written over an existing directory.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Lang {
    C,
    Rust,
}

/// The C identifier / Rust crate name for an npm name: `@me/fast-thing` →
/// `fast_thing`.
fn ident(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let mut s: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// Checks an npm package name (npm's rules: lowercase, URL-safe, ≤ 214).
fn check_name(name: &str) -> Result<()> {
    let bare = match name.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((scope, pkg)) if !scope.is_empty() && !pkg.is_empty() => pkg,
            _ => bail!("{name:?} is not a valid scoped npm name: use @scope/name"),
        },
        None => name,
    };
    let ok = !bare.is_empty()
        && name.len() <= 214
        && !bare.starts_with(['.', '_'])
        && bare
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._~".contains(c));
    if !ok {
        bail!("{name:?} is not a valid npm package name: use lowercase letters, digits and -._~");
    }
    Ok(())
}

const C_SOURCE: &str = r#"// A Node-API addon in C: `hello()` returns "world".
#include <node_api.h>

static napi_value hello(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  if (napi_create_string_utf8(env, "world", NAPI_AUTO_LENGTH, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "hello", NAPI_AUTO_LENGTH, hello, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "hello", fn) != napi_ok) return NULL;
  return exports;
}
"#;

const RUST_SOURCE: &str = r#"//! A Node-API addon in Rust: `hello()` returns "world". It declares the
//! few Node-API functions it uses itself, so it builds with no
//! dependencies; for a typed API use nabi-sdk (see nabi's docs/SDK.md).
use std::ffi::{c_char, c_void};

type Env = *mut c_void;
type Value = *mut c_void;
type Callback = unsafe extern "C" fn(Env, *mut c_void) -> Value;

extern "C" {
    fn napi_create_string_utf8(env: Env, s: *const c_char, len: usize, out: *mut Value) -> i32;
    fn napi_create_function(
        env: Env,
        name: *const c_char,
        len: usize,
        cb: Callback,
        data: *mut c_void,
        out: *mut Value,
    ) -> i32;
    fn napi_set_named_property(env: Env, obj: Value, name: *const c_char, value: Value) -> i32;
}

unsafe extern "C" fn hello(env: Env, _info: *mut c_void) -> Value {
    let mut out = std::ptr::null_mut();
    napi_create_string_utf8(env, c"world".as_ptr(), 5, &mut out);
    out
}

/// # Safety
/// Called once by the Node-API host with a live env and exports object.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: Env, exports: Value) -> Value {
    let mut f = std::ptr::null_mut();
    if napi_create_function(env, c"hello".as_ptr(), 5, hello, std::ptr::null_mut(), &mut f) != 0 {
        return std::ptr::null_mut();
    }
    napi_set_named_property(env, exports, c"hello".as_ptr(), f);
    exports
}
"#;

const TEST: &str = r#"// Loads the addon the way users will (through index.js) and checks it.
'use strict';
const assert = require('assert');
const addon = require('..');
assert.strictEqual(addon.hello(), 'world');
console.log('ok');
"#;

const GITIGNORE: &str = "node_modules/\nprebuilds/\ndist/\nreports/\ntarget/\n";

fn workflow() -> String {
    "# Builds, audits, packs and verifies on every push with nabi-prebuild's
# reusable workflow (prebuild.yml beside this file, a copy of nabi's).
name: ci
on: [push, pull_request]
jobs:
  prebuild:
    uses: ./.github/workflows/prebuild.yml
    with:
      targets: linux-x64-gnu,linux-x64-musl,linux-arm64-gnu,linux-arm64-musl,linux-arm-gnueabihf
      tests: test
"
    .to_string()
}

/// Writes the package into `dir` (created; it must not exist or be empty).
/// Returns the files written.
pub fn new(dir: &Path, name: &str, lang: Lang) -> Result<Vec<PathBuf>> {
    check_name(name)?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} already exists and is not empty: pick a new directory",
            dir.display()
        );
    }
    let id = ident(name);
    let mut pkg = serde_json::json!({
        "name": name,
        "version": "0.1.0",
        "description": format!("{name}: a Node-API addon"),
        "license": "MIT",
        "main": "index.js",
        "files": ["index.js", "loader.js"],
        "engines": { "node": ">=18" },
        "scripts": { "test": "node test/test.js" },
    });
    let mut files: Vec<(String, String)> = vec![
        (
            "index.js".into(),
            "// Loads this package's prebuilt binary for the machine it runs on.\nmodule.exports = require('./loader.js')(__dirname);\n".into(),
        ),
        ("loader.js".into(), include_str!("../loader/index.js").into()),
        ("test/test.js".into(), TEST.into()),
        (".gitignore".into(), GITIGNORE.into()),
        (".github/workflows/ci.yml".into(), workflow()),
        (
            ".github/workflows/prebuild.yml".into(),
            include_str!("../../ci/workflows/prebuild.yml").into(),
        ),
    ];
    match lang {
        Lang::C => {
            pkg["nabi"] = serde_json::json!({
                "name": id,
                "sources": [format!("src/{id}.c")],
            });
            files.push((format!("src/{id}.c"), C_SOURCE.into()));
        }
        Lang::Rust => {
            files.push((
                "Cargo.toml".into(),
                format!(
                    "[package]\nname = \"{id}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nlicense = \"MIT\"\npublish = false\n\n# Its own workspace, wherever it is created.\n[workspace]\n\n[lib]\ncrate-type = [\"cdylib\"]\n"
                ),
            ));
            files.push(("src/lib.rs".into(), RUST_SOURCE.into()));
        }
    }
    files.push((
        "package.json".into(),
        serde_json::to_string_pretty(&pkg)? + "\n",
    ));
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().expect("inside dir"))?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(ident("@me/fast-thing"), "fast_thing");
        assert_eq!(ident("9lives"), "_9lives");
        assert!(check_name("@me/fast-thing").is_ok());
        assert!(check_name("Fast").is_err());
        assert!(check_name("@me").is_err());
        assert!(check_name("a b").is_err());
    }
}
