//! The `.node` loader: legacy registration, exports replacement, the cache,
//! init exceptions, and a clear `ERR_DLOPEN_FAILED` for each kind of bad
//! file. `tests/loader/load.js` runs under `node` and `nabi`; both must pass
//! with the same output.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cc(out: &Path, args: &[&str]) {
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    assert!(
        headers.is_dir(),
        "Node-API headers missing: run scripts/setup.sh"
    );
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-I"])
        .arg(&headers)
        .args(args)
        .arg("-o")
        .arg(out)
        .status()
        .expect("run cc");
    assert!(status.success(), "cc {args:?} failed");
}

/// Builds the good and bad fixtures into a fresh directory.
fn build_fixtures() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("loader-fixtures");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = root().join("fixtures/loader");
    let c = |name: &str| src.join(format!("{name}.c")).display().to_string();
    for name in [
        "legacy",
        "replaces",
        "throws",
        "noregister",
        "null_init",
        "undefined_symbol",
        "v8addon",
        "hybrid",
    ] {
        cc(&dir.join(format!("{name}.node")), &[&c(name)]);
    }
    std::os::unix::fs::symlink(dir.join("replaces.node"), dir.join("link-to-replaces.node"))
        .unwrap();

    // A build for musl: DT_NEEDED names musl's libc (a stub stands in for it).
    let stub_dir = dir.join("musl-stub");
    std::fs::create_dir_all(&stub_dir).unwrap();
    let stub = stub_dir.join("libc.musl-x86_64.so.1");
    cc(
        &stub,
        &[&c("stub_musl"), "-Wl,-soname,libc.musl-x86_64.so.1"],
    );
    let stub = stub.display().to_string();
    cc(
        &dir.join("musl.node"),
        &[&c("replaces"), "-Wl,--no-as-needed", &stub],
    );

    std::fs::write(
        dir.join("text.node"),
        "module.exports = 'JavaScript, not ELF';\n",
    )
    .unwrap();
    let good = std::fs::read(dir.join("replaces.node")).unwrap();
    std::fs::write(dir.join("truncated.node"), &good[..200]).unwrap();
    // The same file claiming to be for aarch64 (e_machine = EM_AARCH64).
    let mut arm = good.clone();
    arm[18] = 0xB7;
    arm[19] = 0x00;
    std::fs::write(dir.join("arm64.node"), arm).unwrap();
    // 3 GiB, sparse: an ELF identification, then zeros (no valid header).
    let huge = std::fs::File::create(dir.join("huge.node")).unwrap();
    std::io::Write::write_all(&mut &huge, b"\x7fELF\x02\x01\x01").unwrap();
    huge.set_len(3 << 30).unwrap();
    // Not regular files: reading them would never end or never start.
    std::os::unix::fs::symlink("/dev/zero", dir.join("dev-zero.node")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.join("fifo.node"))
        .status()
        .expect("run mkfifo");
    assert!(fifo.success());
    dir
}

fn run(program: &str, dir: &Path) -> (String, String, bool) {
    let out = Command::new(program)
        .arg(root().join("tests/loader/load.js"))
        .env("NABI_LOADER_DIR", dir)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[test]
fn loader_behaves_as_node_and_explains_bad_files() {
    let dir = build_fixtures();
    let (node_out, node_err, node_ok) = run(node_program(), &dir);
    assert!(node_ok, "node failed:\n{node_out}\n{node_err}");
    let (nabi_out, nabi_err, nabi_ok) = run(env!("CARGO_BIN_EXE_nabi"), &dir);
    assert!(nabi_ok, "nabi failed:\n{nabi_out}\n{nabi_err}");
    assert_eq!(nabi_out, node_out, "stdout differs between nabi and node");
    assert!(nabi_out.contains("wrong-arch: ERR_DLOPEN_FAILED"));
}

/// The reference Node (Node 24 from npm, see `support`).
fn node_program() -> &'static str {
    support::node().to_str().expect("a UTF-8 cache path")
}
