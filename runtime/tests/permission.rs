//! Node 24's permission model (`--permission` and the `--allow-*` flags, on
//! the command line or in NODE_OPTIONS): `tests/permission/perm.js` runs
//! under node and nabi with the same flags in a fresh directory
//! (`in/` readable, `out/` readable and writable, `secret.txt` neither) and
//! must print the same: fs (sync, callback, promise, streams), `require`,
//! child processes, workers, addons, `process.permission.has` and the
//! `ERR_ACCESS_DENIED` properties.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh directory holding the script, its files and an addon.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("in/a.txt"), "a").unwrap();
    std::fs::write(dir.join("secret.txt"), "s").unwrap();
    std::fs::write(dir.join("in/mod.js"), "module.exports = 'in';").unwrap();
    std::fs::write(dir.join("secret.js"), "module.exports = 'secret';").unwrap();
    std::fs::write(
        dir.join("worker.js"),
        "require('worker_threads').parentPort.postMessage('hi');",
    )
    .unwrap();
    std::fs::copy(root().join("tests/permission/perm.js"), dir.join("perm.js")).unwrap();
    let addon = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-replaces.node"));
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    assert!(
        headers.is_dir(),
        "Node-API headers missing: run scripts/setup.sh"
    );
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-I"])
        .arg(&headers)
        .arg(root().join("fixtures/loader/replaces.c"))
        .arg("-o")
        .arg(&addon)
        .status()
        .expect("run cc");
    assert!(status.success(), "cc replaces.c failed");
    (dir, addon)
}

/// stdout and exit code of `program flags perm.js addon` in `dir`.
fn run(
    program: &Path,
    dir: &Path,
    addon: &Path,
    flags: &[String],
    node_options: &str,
) -> (String, Option<i32>) {
    let out = Command::new(program)
        .current_dir(dir)
        .args(flags)
        .arg(dir.join("perm.js"))
        .arg(addon)
        .env("NODE_OPTIONS", node_options)
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", program.display()));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn permission_model_as_node() {
    let (dir, addon) = setup("permission");
    let d = dir.display().to_string();
    let flag = |f: &str| f.replace("$D", &d);
    let cases: &[(&[&str], &str)] = &[
        // No model: everything allowed, no process.permission.
        (&[], ""),
        // Paths: a directory covers all below it; repeated flags add up.
        (
            &[
                "--permission",
                "--allow-fs-read=$D/in",
                "--allow-fs-read=$D/out/",
                "--allow-fs-write=$D/out",
            ],
            "",
        ),
        // Nothing granted.
        (&["--permission"], ""),
        // A comma is part of the path in Node 24 (it warns on stderr):
        // neither directory is granted.
        (&["--permission", "--allow-fs-read=$D/in,$D/out"], ""),
        // `PREFIX*` covers every path that starts with it.
        (
            &[
                "--permission",
                "--allow-fs-read=$D/i*",
                "--allow-fs-write=$D/ou*",
            ],
            "",
        ),
        // Everything allowed.
        (
            &[
                "--permission",
                "--allow-fs-read=*",
                "--allow-fs-write=*",
                "--allow-child-process",
                "--allow-worker",
                "--allow-addons",
            ],
            "",
        ),
        // The same flags from NODE_OPTIONS.
        (
            &[],
            "--permission --allow-fs-read=$D/in --allow-child-process",
        ),
        (
            &["--allow-fs-read=$D/out"],
            "--permission --allow-worker --allow-addons",
        ),
    ];
    for (flags, node_options) in cases {
        let flags: Vec<String> = flags.iter().map(|f| flag(f)).collect();
        let node_options = flag(node_options);
        // Files the script writes start over for each run.
        let reset = || {
            std::fs::write(dir.join("in/a.txt"), "a").unwrap();
            let _ = std::fs::remove_file(dir.join("out/b.txt"));
            let _ = std::fs::remove_file(dir.join("in/moved"));
            let _ = std::fs::remove_dir(dir.join("new"));
            let _ = std::fs::remove_file(dir.join("out/link"));
            let _ = std::fs::remove_file(dir.join("out/link2"));
        };
        reset();
        let node = run(support::node(), &dir, &addon, &flags, &node_options);
        reset();
        let nabi = run(
            Path::new(env!("CARGO_BIN_EXE_nabi")),
            &dir,
            &addon,
            &flags,
            &node_options,
        );
        assert!(
            node.0.contains("readFileSync in"),
            "the script did not run under node: {node:?}"
        );
        assert_eq!(
            nabi, node,
            "nabi and node differ for {flags:?} with NODE_OPTIONS={node_options:?}"
        );
    }
}

/// The flags' own errors: `--experimental-permission` is gone in Node 24 (a
/// bad option, exit 9); an `--allow-fs-*` flag needs `--permission` (exit 1)
/// and a path (exit 9), which may also be the next argument; the other
/// `--allow-*` flags are ignored without `--permission`.
#[test]
fn flag_errors_as_node() {
    let code = "console.log(typeof process.permission, process.permission?.has('fs.read', '/tmp'))";
    let cases: &[(&[&str], &str)] = &[
        (&["--experimental-permission", "-e", code], ""),
        (&["--allow-fs-read=/tmp", "-e", code], ""),
        (&["--allow-fs-write=/tmp", "-e", code], ""),
        (&["-e", code], "--allow-fs-read=/tmp"),
        (
            &[
                "--allow-worker",
                "--allow-child-process",
                "--allow-addons",
                "-e",
                code,
            ],
            "",
        ),
        (&["-e", code], "--allow-worker"),
        (&["--permission", "--allow-fs-read", "/tmp", "-e", code], ""),
        (&["--permission", "--allow-fs-read=", "-e", code], ""),
    ];
    for (args, node_options) in cases {
        let run = |program: &Path| {
            let out = Command::new(program)
                .args(*args)
                .env("NODE_OPTIONS", node_options)
                .output()
                .unwrap();
            (
                String::from_utf8_lossy(&out.stdout).into_owned(),
                out.status.code(),
            )
        };
        let node = run(support::node());
        assert_eq!(
            run(Path::new(env!("CARGO_BIN_EXE_nabi"))),
            node,
            "nabi and node differ for {args:?} with NODE_OPTIONS={node_options:?}"
        );
    }
}

/// `process.permission.drop` takes grants away for good: a scope, or one
/// granted path exactly (not a path below a granted directory); the native
/// checks follow it.
#[test]
fn drop_as_node() {
    let code = "const p = process.permission, fs = require('fs');         const t = (f) => { try { f(); return 'ok' } catch (e) { return e.code } };         p.drop('child'); console.log(p.has('child'), t(() => require('child_process').spawnSync('true')));         p.drop('fs.read', '/tmp/sub'); console.log(p.has('fs.read', '/tmp/sub'), p.has('fs.read', '/tmp'));         p.drop('fs.write', '/tmp/'); console.log(p.has('fs.write', '/tmp/x'), p.has('fs.write', '/tmp'));         p.drop('addon'); console.log(p.has('addon'), t(() => process.dlopen({ exports: {} }, '/nonexistent.node')));         p.drop('worker'); console.log(p.has('worker'));         p.drop('bogus'); console.log(t(() => p.drop(1)), t(() => p.drop('fs', 2)));         console.log(t(() => fs.statSync('/tmp'))); p.drop('fs.read');         console.log(p.has('fs.read', '/tmp'), t(() => fs.statSync('/tmp')));";
    let args = [
        "--permission",
        "--allow-fs-read=/tmp",
        "--allow-fs-write=/tmp",
        "--allow-child-process",
        "--allow-worker",
        "--allow-addons",
        "-e",
        code,
    ];
    let run = |program: &Path| {
        let out = Command::new(program).args(args).output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.code(),
        )
    };
    let node = run(support::node());
    assert!(node.0.lines().count() == 8, "node: {node:?}");
    assert_eq!(run(Path::new(env!("CARGO_BIN_EXE_nabi"))), node);
}

/// nabi only: the checks live in the native side of each built-in, and the
/// `binding` object those call is a closure variable of the bootstrap that
/// user code cannot reach (`process.binding` throws), so there is no JS path
/// around them. What JS can reach, it can replace: replacing
/// `process.permission` (perm.js does so above) or wrapping `fs` grants
/// nothing, because the fs functions call the native side, which refuses.
#[test]
fn javascript_cannot_bypass_the_native_checks() {
    let script = "const fs = require('fs'); \
        try { process.binding('fs'); console.log('binding reachable') } catch (e) { console.log(e.code) } \
        console.log(typeof globalThis.binding, typeof globalThis.internals); \
        process.permission.has = () => true; \
        for (const f of [() => fs.readFileSync('/etc/hostname'), () => fs.openSync('/etc/hostname', 'r'), \
                         () => require('child_process').spawnSync('true'), \
                         () => new (require('worker_threads').Worker)('0', { eval: true })]) { \
          try { f(); console.log('allowed') } catch (e) { console.log(e.code, e.permission) } }";
    let out = Command::new(env!("CARGO_BIN_EXE_nabi"))
        .args(["--permission", "-e", script])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ERR_INVALID_MODULE\nundefined undefined\n\
         ERR_ACCESS_DENIED FileSystemRead\nERR_ACCESS_DENIED FileSystemRead\n\
         ERR_ACCESS_DENIED ChildProcess\nERR_ACCESS_DENIED WorkerThreads\n"
    );
}

/// Node warns on stderr, in the main thread and again in each worker, of
/// the grants that weaken the model; both programs name themselves in the prefix, so only
/// the warnings' text is compared.
#[test]
fn security_warnings_as_node() {
    let args = [
        "--permission",
        "--allow-addons",
        "--allow-child-process",
        "--allow-worker",
        "-e",
        "new (require('worker_threads').Worker)('0', { eval: true })",
    ];
    let warnings = |program: &Path| {
        let out = Command::new(program).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        err.lines()
            .filter_map(|l| l.split_once(") [PERM").map(|(_, w)| w.to_string()))
            .collect::<Vec<_>>()
    };
    let node = warnings(support::node());
    assert_eq!(node.len(), 6, "{node:?}");
    assert_eq!(warnings(Path::new(env!("CARGO_BIN_EXE_nabi"))), node);
}
