//! The command line and process behaviour, checked against `node`: the same
//! stdout and exit code for `-e`/`-p`, exit codes from uncaught exceptions,
//! unhandled rejections, `process.exit`, `process.exitCode`, the loop
//! staying alive for timers; and nabi's own `--version` and `--expose-gc`.

use std::process::Command;

fn run(program: &str, args: &[&str]) -> (String, Option<i32>) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn behaves_as_node() {
    let cases: &[&[&str]] = &[
        &["-p", "1 + 2"],
        &["-p", "({ a: [1, 'x'], b: null })"],
        &["-e", "console.log(process.argv.length, typeof require('fs').readFileSync)", "x", "y"],
        &["-e", "process.exitCode = 4"],
        &["-e", "process.on('exit', (c) => console.log('exit', c)); process.exit(3); console.log('unreached')"],
        &["-e", "throw new Error('boom')"],
        &["-e", "Promise.reject(new Error('nobody catches this'))"],
        &["-e", "process.on('unhandledRejection', (r) => console.log('seen', r.message)); Promise.reject(new Error('r'))"],
        &["-e", "process.on('uncaughtException', (e) => console.log('caught', e.message)); setTimeout(() => { throw new Error('late') }, 1)"],
        &["-e", "setTimeout(() => { console.log('timer'); process.exitCode = 2 }, 20); setImmediate(() => console.log('immediate'))"],
        &["-e", "const t = setInterval(() => {}, 1000); t.unref(); console.log('unref lets the process exit')"],
        &["-e", "process.nextTick(() => console.log('tick')); Promise.resolve().then(() => console.log('promise')); console.log('sync')"],
        &["-e", "process.on('beforeExit', () => console.log('beforeExit'))"],
        &["/nonexistent/script.js"],
    ];
    for args in cases {
        let node = run("node", args);
        let nabi = run(env!("CARGO_BIN_EXE_nabi"), args);
        assert_eq!(nabi, node, "nabi and node differ for {args:?}");
    }
}

#[test]
fn version_and_gc() {
    let (out, code) = run(env!("CARGO_BIN_EXE_nabi"), &["--version"]);
    assert_eq!(code, Some(0));
    for part in ["nabi ", "QuickJS-ng ", "libuv ", "Node-API 10"] {
        assert!(out.contains(part), "--version lacks {part:?}: {out}");
    }
    let (out, _) = run(
        env!("CARGO_BIN_EXE_nabi"),
        &["--expose-gc", "-p", "gc(), typeof gc"],
    );
    assert_eq!(out.trim(), "function");
    let (out, _) = run(env!("CARGO_BIN_EXE_nabi"), &["-p", "typeof gc"]);
    assert_eq!(out.trim(), "undefined");
    let (_, code) = run(env!("CARGO_BIN_EXE_nabi"), &["--no-such-flag"]);
    assert_eq!(code, Some(9), "a bad option exits 9, as Node");
}

/// Networking functions nabi lacks yet throw ERR_NOT_IMPLEMENTED naming
/// themselves (Node runs them; what matters is that requiring the module
/// works and a call fails clearly).
#[test]
fn missing_network_functions_throw_not_implemented() {
    let script =
        "for (const [m, f] of [['https', 'request'], ['tls', 'connect'], ['https', 'Agent']]) {\
        try { new (require(m)[f])(); } catch (e) { console.log(e.code, e.message) } }";
    let (out, code) = run(env!("CARGO_BIN_EXE_nabi"), &["-e", script]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "ERR_NOT_IMPLEMENTED https.request is not implemented in nabi\n\
         ERR_NOT_IMPLEMENTED tls.connect is not implemented in nabi\n\
         ERR_NOT_IMPLEMENTED https.Agent is not implemented in nabi\n"
    );
}
