//! Test harness: builds fixture addons with the target dir this test binary
//! lives in, gives each a `.node` file, and runs JS files with `node` and with
//! the nabi runtime, asserting their exit status.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

static BUILD_LOCK: Mutex<()> = Mutex::new(());

/// Repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// (target dir, profile dir name) of this test binary: `<target>/<profile>/deps/<test>`.
pub fn target_dir() -> (PathBuf, String) {
    let exe = std::env::current_exe().expect("current_exe");
    let profile_dir = exe.parent().and_then(|d| d.parent()).expect("profile dir");
    let profile = profile_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => PathBuf::from(t),
        None => profile_dir.parent().expect("target dir").to_path_buf(),
    };
    (target, profile)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Builds `fixtures/rust/<name>` and returns the path of its `.node` file.
pub fn build_fixture(name: &str) -> PathBuf {
    build_package(&format!("fixture-{name}"), name)
}

/// Builds workspace package `package` (a cdylib) and returns its library
/// copied to `<name>.node`.
pub fn build_package(package: &str, name: &str) -> PathBuf {
    build_package_with(package, name, "")
}

/// [`build_package`] with cargo `--features` (empty: the defaults).
pub fn build_package_with(package: &str, name: &str, features: &str) -> PathBuf {
    let _g = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let (target, profile) = target_dir();
    let mut cmd = Command::new(cargo());
    cmd.current_dir(repo_root())
        .args(["build", "--quiet", "-p", package])
        .env("CARGO_TARGET_DIR", &target);
    if !features.is_empty() {
        cmd.args(["--features", features]);
    }
    if profile == "release" {
        cmd.arg("--release");
    }
    let st = cmd.status().expect("run cargo build");
    assert!(st.success(), "cargo build -p {package} failed");
    let so = target
        .join(&profile)
        .join(dylib_name(&package.replace('-', "_")));
    node_file(&so, name)
}

pub fn dylib_name(stem: &str) -> String {
    if cfg!(target_os = "macos") {
        format!("lib{stem}.dylib")
    } else if cfg!(windows) {
        format!("{stem}.dll")
    } else {
        format!("lib{stem}.so")
    }
}

/// Copies a built library to `<dir>/nabi-sdk-addons/<name>.node`.
pub fn node_file(so: &Path, name: &str) -> PathBuf {
    let dir = so.parent().unwrap().join("nabi-sdk-addons");
    std::fs::create_dir_all(&dir).unwrap();
    let dest = dir.join(format!("{name}.node"));
    let tmp = dir.join(format!("{name}.node.tmp{}", std::process::id()));
    std::fs::copy(so, &tmp).unwrap_or_else(|e| panic!("copy {}: {e}", so.display()));
    std::fs::rename(&tmp, &dest).unwrap();
    dest
}

/// The nabi runtime to run the fixtures under as well: `$NABI_BIN`, else the
/// `nabi` built beside this test binary (the workspace build makes it), so
/// the suite checks the SDK's addons in nabi whenever nabi exists.
/// `NABI_BIN=` (empty) runs node only.
pub fn nabi_bin() -> Option<PathBuf> {
    match std::env::var_os("NABI_BIN") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => {
            let (target, profile) = target_dir();
            let p = target.join(profile).join("nabi");
            p.exists().then_some(p)
        }
    }
}

/// Runs `js` with `node` (and nabi, see [`nabi_bin`], also under
/// `--napi-strict`: issue 18's no-false-positive runs, where a diagnostic
/// fails the run), `NABI_ADDON=<addon>`; panics with the output if a run
/// fails. Returns node's stdout.
pub fn run_js(addon: &Path, js: &Path, extra_env: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut hosts = vec![("node".to_string(), vec!["--expose-gc".to_string()])];
    if let Some(nabi) = nabi_bin() {
        let nabi = nabi.to_string_lossy().into_owned();
        hosts.push((nabi.clone(), vec![]));
        hosts.push((nabi, vec!["--napi-strict".to_string()]));
    }
    let mut failures = vec![];
    for (i, (host, args)) in hosts.iter().enumerate() {
        let mut cmd = Command::new(host);
        cmd.args(args)
            .arg(js)
            .env("NABI_ADDON", addon)
            .env_remove("RUST_BACKTRACE");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap_or_else(|e| panic!("run {host}: {e}"));
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        if !o.status.success() || stderr.contains("nabi --napi-strict:") {
            failures.push(format!(
                "{host} {} {} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                args.join(" "),
                js.display(),
                o.status
            ));
        }
        if i == 0 {
            out = stdout;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    out
}

/// Builds fixture `name` and runs its `test.js`.
pub fn run_fixture(name: &str) -> String {
    let addon = build_fixture(name);
    let js = repo_root().join("fixtures/rust").join(name).join("test.js");
    run_js(&addon, &js, &[])
}

/// The executable `path` in npm package `spec`, from the shared tool cache
/// (`scripts/npm-host.sh` installs it on first use, as nabi-prebuild does).
pub fn npm_host(spec: &str, path: &str) -> PathBuf {
    let o = std::process::Command::new(repo_root().join("scripts/npm-host.sh"))
        .args([spec, path])
        .output()
        .unwrap_or_else(|e| panic!("running scripts/npm-host.sh {spec}: {e}"));
    assert!(
        o.status.success(),
        "installing {spec} from npm: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    PathBuf::from(String::from_utf8(o.stdout).unwrap().trim())
}

/// Bun and Deno (installed on first use), as (name, command prefix).
pub fn extra_hosts() -> Vec<(String, Vec<String>)> {
    let bun = npm_host("@oven/bun-linux-x64", "bin/bun");
    let deno = npm_host("@deno/linux-x64-glibc@2", "deno");
    vec![
        ("bun".into(), vec![bun.to_string_lossy().into_owned()]),
        (
            "deno".into(),
            vec![
                deno.to_string_lossy().into_owned(),
                "run".into(),
                "-A".into(),
                "--quiet".into(),
                "--unstable-detect-cjs".into(),
            ],
        ),
    ]
}

/// Runs `js` with `NABI_ADDON=<addon>` in node, nabi, Bun and Deno; panics with the output of every failing host. Returns the
/// names of the hosts it ran.
pub fn run_js_everywhere(addon: &Path, js: &Path, expect: &str) -> Vec<String> {
    let mut hosts: Vec<(String, Vec<String>)> = vec![("node".into(), vec!["node".into()])];
    if let Some(nabi) = nabi_bin() {
        let nabi = nabi.to_string_lossy().into_owned();
        hosts.push(("nabi".into(), vec![nabi.clone()]));
        // Issue 18's no-false-positive runs: a diagnostic fails the run.
        hosts.push((
            "nabi --napi-strict".into(),
            vec![nabi, "--napi-strict".into()],
        ));
    }
    hosts.extend(extra_hosts());
    let mut failures = vec![];
    for (name, cmdline) in &hosts {
        let o = Command::new(&cmdline[0])
            .args(&cmdline[1..])
            .arg(js)
            .env("NABI_ADDON", addon)
            .output()
            .unwrap_or_else(|e| panic!("run {name}: {e}"));
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        let strict_diagnostic = String::from_utf8_lossy(&o.stderr).contains("nabi --napi-strict:");
        if !o.status.success() || !stdout.contains(expect) || strict_diagnostic {
            failures.push(format!(
                "{name} {} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
                js.display(),
                o.status,
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    hosts.into_iter().map(|h| h.0).collect()
}
