//! Real npm addon packages through their package entries, under `node` and
//! `nabi`: `tests/packages/acceptance.js` checks each against independently
//! computed values; both runtimes must pass with the same output. The
//! packages (pinned by `tests/packages/package-lock.json`) are installed
//! into a cache outside the source tree by `tests/packages/install.sh`.
//!
//! Also Rust (napi-rs) packages (`tests/packages/rust/`, `rust.js`) and
//! C/C++ packages with prebuilds (`tests/packages/native/`, `native.js`),
//! the same way.
//!
//! Also `ws` with bufferutil and utf-8-validate (`tests/packages/net/`):
//! server and clients under each runtime, then a Node server with nabi's
//! clients, and the WebSocket global as a client of a ws server.
//!
//! And `undici`'s client (`tests/packages/undici/`) against a nabi http
//! server: undici runs under Node (its HTTP parser is llhttp compiled to
//! WebAssembly, which QuickJS-ng lacks), the server under nabi, compared
//! with the same client against a Node server.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn install(set: Option<&str>) -> PathBuf {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .args(set)
        .output()
        .expect("run tests/packages/install.sh");
    assert!(
        out.status.success(),
        "installing the acceptance packages failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The acceptance program of a set (`tests/packages/<program>`) under
/// `runtime`, with `args` before the script (`--napi-strict`) and
/// `script_args` after it: stdout, stderr, exit code. Killed after 120 s.
fn run_set(
    runtime: &str,
    args: &[&str],
    program: &str,
    script_args: &[&str],
    modules: &Path,
) -> (String, String, Option<i32>) {
    let out = Command::new("timeout")
        .arg("120")
        .arg(runtime)
        .args(args)
        .arg(root().join("tests/packages").join(program))
        .args(script_args)
        .env("NABI_PACKAGES_DIR", modules)
        // nabi says on stderr whether its runtime was freed at exit.
        .env("NABI_TRACE_FREE", "1")
        .output()
        .unwrap_or_else(|e| panic!("run {runtime}: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// `program` of the set installed at `modules` under node, then nabi: both
/// succeed with the same output, one `ok` line per package; and nabi's
/// runtime is freed at exit (env teardown released every value the addons
/// held: issue 20).
fn same_as_node(program: &str, modules: &Path, packages: usize) {
    let (node_out, node_err, node_code) = run_set(node_program(), &[], program, &[], modules);
    assert_eq!(node_code, Some(0), "node failed:\n{node_out}\n{node_err}");
    let oks = node_out.lines().filter(|l| l.ends_with(": ok")).count();
    assert_eq!(oks, packages, "{node_out}");
    let (nabi_out, nabi_err, nabi_code) =
        run_set(env!("CARGO_BIN_EXE_nabi"), &[], program, &[], modules);
    assert_eq!(nabi_code, Some(0), "nabi failed:\n{nabi_out}\n{nabi_err}");
    assert_eq!(nabi_out, node_out, "stdout differs between nabi and node");
    assert!(
        nabi_err.contains("nabi: runtime freed") && !nabi_err.contains("left allocated"),
        "nabi's runtime was not freed at exit:\n{nabi_err}"
    );
}

#[test]
fn npm_addon_packages_work_as_in_node() {
    same_as_node("acceptance.js", &install(None), 8);
}

/// Rust (napi-rs) packages, each from its linux-x64-gnu optional
/// dependency (`tests/packages/rust/`): hashes, parsers, bundlers (rollup's
/// watch mode too), image codecs, archives, FFI; sync calls, promises from
/// async work and AbortSignals, threadsafe callbacks, native iterators,
/// classes, Buffers and errors.
#[test]
fn rust_addon_packages_work_as_in_node() {
    same_as_node("rust/rust.js", &install(Some("rust")), 22);
}

/// C/C++ Node-API packages (node-addon-api or plain C), each from the
/// prebuild its npm tarball or per-platform package ships
/// (`tests/packages/native/`): libsodium, LevelDB, LMDB, MessagePack and
/// CBOR extractors, secp256k1, Keccak, bcrypt, xxHash, FarmHash, ZeroMQ,
/// serialport, usb, microtime, and the FFIs Koffi and ffi-napi
/// calling libc with JS callbacks; sync calls, promises and callbacks from the thread pool,
/// ObjectWrap classes, Buffers and errors.
#[test]
fn native_addon_packages_work_as_in_node() {
    same_as_node("native/native.js", &install(Some("native")), 17);
}

/// Runs `tests/packages/net/ws.js` with `args`, killed after 30 s.
fn ws(program: &str, modules: &Path, args: &[&str]) -> (String, bool) {
    let out = Command::new("timeout")
        .arg("30")
        .arg(program)
        .arg(root().join("tests/packages/net/ws.js"))
        .args(args)
        .env("NABI_PACKAGES_DIR", modules)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    (format!("{text}{err}"), out.status.success())
}

fn lines_of<'a>(out: &'a str, side: &str) -> Vec<&'a str> {
    out.lines().filter(|l| l.starts_with(side)).collect()
}

#[test]
fn ws_with_its_addons_works_as_in_node() {
    let modules = install(Some("net"));
    let (node_out, node_ok) = ws(node_program(), &modules, &[]);
    assert!(node_ok, "node failed:\n{node_out}");
    let (nabi_out, nabi_ok) = ws(env!("CARGO_BIN_EXE_nabi"), &modules, &[]);
    assert!(nabi_ok, "nabi failed:\n{nabi_out}");
    // Each side in its own order (how the two interleave is timing).
    for side in ["client:", "server:"] {
        assert_eq!(
            lines_of(&nabi_out, side),
            lines_of(&node_out, side),
            "ws under nabi differs from node"
        );
    }
    assert_eq!(nabi_out.lines().count(), node_out.lines().count());
    assert!(nabi_out.contains("client: bad close 1007"), "{nabi_out}");

    // A Node server, nabi's clients.
    let mut server = Command::new("timeout")
        .arg("30")
        .arg(node_program())
        .arg(root().join("tests/packages/net/ws.js"))
        .arg("--server")
        .env("NABI_PACKAGES_DIR", &modules)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the node ws server");
    let mut reader = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let port = first
        .trim()
        .strip_prefix("PORT ")
        .expect("the server's port")
        .to_string();
    let (client_out, client_ok) = ws(env!("CARGO_BIN_EXE_nabi"), &modules, &["--client", &port]);
    let mut server_out = String::new();
    reader.read_to_string(&mut server_out).unwrap();
    let status = server.wait().unwrap();
    assert!(client_ok, "the nabi client failed:\n{client_out}");
    assert!(status.success(), "the node server failed:\n{server_out}");
    assert_eq!(
        lines_of(&client_out, "client:"),
        lines_of(&node_out, "client:")
    );
    assert_eq!(
        lines_of(&server_out, "server:"),
        lines_of(&node_out, "server:")
    );
}

/// The WebSocket global as the client of a ws server
/// (`tests/packages/net/global_client.js`), under node and nabi: each
/// side's lines as node's (how the two interleave is timing).
#[test]
fn websocket_global_talks_to_a_ws_server_as_in_node() {
    let modules = install(Some("net"));
    let run = |program: &str| {
        let out = Command::new("timeout")
            .arg("30")
            .arg(program)
            .arg(root().join("tests/packages/net/global_client.js"))
            .env("NABI_PACKAGES_DIR", &modules)
            .output()
            .unwrap_or_else(|e| panic!("run {program}: {e}"));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{program} failed:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    let node_out = run(node_program());
    let nabi_out = run(env!("CARGO_BIN_EXE_nabi"));
    assert!(
        node_out.contains("client: close 4000 server says bye true"),
        "{node_out}"
    );
    for side in ["client:", "server:"] {
        assert_eq!(lines_of(&nabi_out, side), lines_of(&node_out, side));
    }
    assert_eq!(nabi_out.lines().count(), node_out.lines().count());
}

/// `tests/packages/undici/undici.js`'s client (under Node) against its
/// server under `server`; the client's output.
fn undici_against(server_program: &str, modules: &Path) -> String {
    let script = root().join("tests/packages/undici/undici.js");
    let mut server = Command::new("timeout")
        .arg("30")
        .arg(server_program)
        .arg(&script)
        .arg("server")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start the {server_program} server: {e}"));
    let mut reader = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let port = first
        .trim()
        .strip_prefix("PORT ")
        .unwrap_or_else(|| panic!("{server_program} printed no port: {first:?}"))
        .to_string();
    let out = Command::new("timeout")
        .arg("30")
        .arg(node_program())
        .arg(&script)
        .args(["client", &port])
        .env("NABI_PACKAGES_DIR", modules)
        .output()
        .expect("run the undici client");
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let status = server.wait().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        status.success(),
        "the {server_program} server failed: {rest}"
    );
    assert!(
        out.status.success(),
        "the undici client failed against {server_program}:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn undici_client_works_against_a_nabi_http_server() {
    let modules = install(Some("undici"));
    let reference = undici_against(node_program(), &modules);
    assert!(reference.ends_with("done\n"), "{reference}");
    assert!(reference.contains("pool sockets true true"), "{reference}");
    assert_eq!(
        undici_against(env!("CARGO_BIN_EXE_nabi"), &modules),
        reference,
        "undici against a nabi server differs from against a node server"
    );
}

/// The reference Node (Node 24 from npm, see `support`).
fn node_program() -> &'static str {
    support::node().to_str().expect("a UTF-8 cache path")
}

/// A strict-mode finding allowed: (diagnostic, part of the addon's path).
type Allowed = (&'static str, &'static str);

/// Runs `program` (with `script_args`) under `nabi --napi-strict`: its
/// stdout must be `want_out`, and its diagnostics only `allowed` ones
/// (then the run fails at exit, as error mode does).
fn clean_under_strict(
    program: &str,
    script_args: &[&str],
    modules: &Path,
    want_out: &str,
    allowed: &[Allowed],
) {
    let (stdout, stderr, code) = run_set(
        env!("CARGO_BIN_EXE_nabi"),
        &["--napi-strict"],
        program,
        script_args,
        modules,
    );
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("nabi --napi-strict:"))
        .collect();
    let unexpected: Vec<&&str> = findings
        .iter()
        .filter(|l| !allowed.iter().any(|(d, a)| l.contains(d) && l.contains(a)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "strict-mode diagnostics for {program} {script_args:?}:\n{stderr}"
    );
    let want = if findings.is_empty() {
        Some(0)
    } else {
        Some(1)
    };
    assert_eq!(code, want, "{program} {script_args:?}:\n{stdout}\n{stderr}");
    assert_eq!(stdout, want_out, "{program} {script_args:?}");
    assert!(
        stderr.contains("nabi: runtime freed") && !stderr.contains("left allocated"),
        "{program} {script_args:?}: the runtime was not freed at exit:\n{stderr}"
    );
}

/// The acceptance sets under `--napi-strict` (docs/STRICT.md): no
/// diagnostic but the findings allowed below, and the same output as
/// without it. The Rust set runs one package per process, so that each
/// finding is the package's own.
#[test]
fn npm_addon_packages_run_clean_under_napi_strict() {
    // The real misuses found (docs/STRICT.md, "Findings in real packages"),
    // as (diagnostic, addon path part):
    // - @napi-rs/snappy's async compress/uncompress keep their input Buffer
    //   by a strong reference never deleted (Node 24 keeps 50 MB alive
    //   after 50 async calls on 1 MB inputs, 1 MB after sync ones);
    // - @napi-rs/lzma's compressSync/decompressSync do the same (Node 24
    //   keeps 30 MB after 30 compressSync calls on 1 MB inputs, none after
    //   async ones);
    // - napi-rs's AbortSignal (argon2's hash with a signal) asks whether
    //   the signal is wrapped by calling napi_remove_wrap and reading the
    //   status: harmless, but the call Node answers napi_invalid_arg.
    let nabi = env!("CARGO_BIN_EXE_nabi");
    let modules = install(None);
    let (plain_out, _, _) = run_set(nabi, &[], "acceptance.js", &[], &modules);
    clean_under_strict(
        "acceptance.js",
        &[],
        &modules,
        &plain_out,
        &[(": reference-leaked in ", "/@napi-rs/snappy-")],
    );

    let modules = install(Some("rust"));
    let (plain_out, _, _) = run_set(nabi, &[], "rust/rust.js", &[], &modules);
    let rust_allowed: &[(&str, Allowed)] = &[
        (
            "@napi-rs/lzma",
            (": reference-leaked in ", "/@napi-rs/lzma-"),
        ),
        (
            "@node-rs/argon2",
            (": remove-wrap-without-wrap in ", "/@node-rs/argon2-"),
        ),
    ];
    for line in plain_out.lines() {
        let name = line.strip_suffix(": ok").expect("a package that works");
        let allowed: Vec<Allowed> = rust_allowed
            .iter()
            .filter(|(package, _)| *package == name)
            .map(|(_, a)| *a)
            .collect();
        clean_under_strict(
            "rust/rust.js",
            &[name],
            &modules,
            &format!("{line}\n"),
            &allowed,
        );
    }

    // - Koffi keeps every type it defines (koffi.struct, koffi.proto, ...)
    //   by a reference never deleted (Node 24 holds 40 MB of JS heap after
    //   100k anonymous koffi.struct calls and gc());
    // - usb 2's getDeviceList returns an array made in a plain HandleScope
    //   it already closed (src/node_usb.cc): Node and nabi return it all
    //   the same, strict mode reports the stale handle.
    let modules = install(Some("native"));
    let (plain_out, _, _) = run_set(nabi, &[], "native/native.js", &[], &modules);
    clean_under_strict(
        "native/native.js",
        &[],
        &modules,
        &plain_out,
        &[
            (": reference-leaked in ", "/@koromix/koffi-"),
            (": stale-handle in (callback return) ", "/usb/prebuilds/"),
        ],
    );
}
