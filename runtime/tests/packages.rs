//! Real npm addon packages through their package entries, under `node` and
//! `nabi`: `tests/packages/acceptance.js` checks each against independently
//! computed values; both runtimes must pass with the same output. The
//! packages (pinned by `tests/packages/package-lock.json`) are installed
//! into a cache outside the source tree by `tests/packages/install.sh`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn install() -> PathBuf {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .output()
        .expect("run tests/packages/install.sh");
    assert!(
        out.status.success(),
        "installing the acceptance packages failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn run(program: &str, modules: &Path) -> (String, String, bool) {
    let out = Command::new(program)
        .arg(root().join("tests/packages/acceptance.js"))
        .env("NABI_PACKAGES_DIR", modules)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[test]
fn npm_addon_packages_work_as_in_node() {
    let modules = install();
    let (node_out, node_err, node_ok) = run(node_program(), &modules);
    assert!(node_ok, "node failed:\n{node_out}\n{node_err}");
    let (nabi_out, nabi_err, nabi_ok) = run(env!("CARGO_BIN_EXE_nabi"), &modules);
    assert!(nabi_ok, "nabi failed:\n{nabi_out}\n{nabi_err}");
    assert_eq!(nabi_out, node_out, "stdout differs between nabi and node");
}

/// The reference Node (Node 24 from npm, see `support`).
fn node_program() -> &'static str {
    support::node().to_str().expect("a UTF-8 cache path")
}
