//! The command line and process behaviour, checked against `node`: the same
//! stdout and exit code for `-e`/`-p`, exit codes from uncaught exceptions,
//! unhandled rejections, `process.exit`, `process.exitCode`, the loop
//! staying alive for timers; and nabi's own `--version` and `--expose-gc`.

mod support;

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
        let node = run(node_program(), args);
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
    let script = "for (const [m, f] of [['tls', 'setDefaultCACertificates']]) {\
        try { new (require(m)[f])(); } catch (e) { console.log(e.code, e.message) } }";
    let (out, code) = run(env!("CARGO_BIN_EXE_nabi"), &["-e", script]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "ERR_NOT_IMPLEMENTED tls.setDefaultCACertificates is not implemented in nabi\n"
    );
}

/// Options Node does not know, on the command line or in NODE_OPTIONS:
/// Node's message on stderr (naming the program as invoked) and exit code 9.
#[test]
fn unknown_options_rejected_as_node() {
    let cases: &[(&[&str], Option<&str>)] = &[
        (&["--bogus-opt", "-e", "1"], None),
        (&["--bogus=1", "-e", "1"], None),
        (&["-x"], None),
        (&["-e", "1"], Some("--bogus")),
        (&["-e", "1"], Some("--expose-gc --bogus=2")),
        (&["-e", "1"], Some("--eval 1")),
        (&["-p", "typeof gc"], Some("--expose-gc --napi-modules")),
        (&["--napi-modules", "-p", "process.execArgv"], None),
        // V8 options Node's own Node-API tests run with: accepted on the
        // command line, refused in NODE_OPTIONS.
        (
            &[
                "--no-concurrent-array-buffer-sweeping",
                "-p",
                "process.execArgv",
            ],
            None,
        ),
        (&["--single-threaded-gc", "-p", "1"], None),
        (&["-e", "1"], Some("--no-concurrent-array-buffer-sweeping")),
        (&["-e", "1"], Some("--single-threaded-gc")),
    ];
    for (args, node_options) in cases {
        let output = |program: &str| {
            let mut c = Command::new(program);
            c.args(*args).env_remove("NODE_OPTIONS");
            if let Some(o) = node_options {
                c.env("NODE_OPTIONS", o);
            }
            let out = c.output().unwrap_or_else(|e| panic!("run {program}: {e}"));
            (
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).replace(program, "<program>"),
                out.status.code(),
            )
        };
        let node = output(node_program());
        let nabi = output(env!("CARGO_BIN_EXE_nabi"));
        assert_eq!(
            nabi, node,
            "nabi and node differ for {args:?} with NODE_OPTIONS={node_options:?}"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    // The reader (`true`) is gone before nabi writes its usage, help,
    // version or error text, so every write fails with EPIPE: nabi must exit
    // with its usual code (Node: 9 for a bad option), never 101 (a panic).
    let script = r#"(sleep 0.01; exec "$0" "$@") 2>&1 | true; echo "${PIPESTATUS[0]}""#;
    // An 'uncaughtException' handler that throws: its error is printed by
    // the runtime itself (Node: exit 7).
    let rethrow =
        "process.on('uncaughtException', () => { throw new Error('from the handler') }); throw 1";
    for (args, want) in [
        (&["--bad"][..], "9"),
        (&["--help"], "0"),
        (&["--version"], "0"),
        (&["-e", rethrow], "7"),
    ] {
        for _ in 0..20 {
            let out = Command::new("bash")
                .args(["-c", script, env!("CARGO_BIN_EXE_nabi")])
                .args(args)
                .output()
                .expect("run bash");
            let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
            assert_eq!(code, want, "nabi {args:?} into a closed pipe exited {code}");
        }
    }
}

#[test]
fn no_addons_as_node() {
    // `--no-addons` on the command line (shown in process.execArgv) or in
    // NODE_OPTIONS (not shown): process.dlopen throws ERR_DLOPEN_DISABLED
    // before looking at the file. (nabi words a failed dlopen its own way.)
    let script = "try { process.dlopen({ exports: {} }, '/nonexistent/x.node') } \
                  catch (e) { console.log(e.code, e.code === 'ERR_DLOPEN_DISABLED' && e.message) } \
                  console.log(process.execArgv)";
    let cases: &[(&[&str], &str)] = &[
        (&["--no-addons", "-e", script], ""),
        (&["-e", script], "--no-addons"),
        (&["-e", script], "--max-old-space-size=64 \"--no-addons\""),
        (&["--addons", "-e", script], "--no-addons"),
        (&["-e", script], ""),
    ];
    for (args, node_options) in cases {
        let run = |program: &str| {
            let out = Command::new(program)
                .args(*args)
                .env("NODE_OPTIONS", node_options)
                .output()
                .unwrap_or_else(|e| panic!("run {program}: {e}"));
            (
                String::from_utf8_lossy(&out.stdout).into_owned(),
                out.status.code(),
            )
        };
        let (node, nabi) = (run(node_program()), run(env!("CARGO_BIN_EXE_nabi")));
        assert_eq!(
            nabi, node,
            "nabi and node differ for {args:?} with NODE_OPTIONS={node_options:?}"
        );
    }
}

/// The reference Node (Node 24 from npm, see `support`).
fn node_program() -> &'static str {
    support::node().to_str().expect("a UTF-8 cache path")
}

/// An uncaught error is printed under V8's header: `file:line`, the source
/// line and a caret, then the stack. The caret's column may differ (V8
/// marks where the error was thrown, QuickJS where it was made); the
/// location, the source line and the message must not.
#[test]
fn uncaught_error_shows_its_source_line_as_node() {
    let dir = std::env::temp_dir().join(format!("nabi-uncaught-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("null.js", "function f() {\n  null.x;\n}\nf();\n"),
        (
            "first_line.js",
            "let a = 1; throw new TypeError('on line one');\n",
        ),
        ("syntax.js", "let x = ;\n"),
        ("tab.js", "\tif (true) { null.y; }\n"),
    ];
    for (name, source) in cases {
        let file = dir.join(name);
        std::fs::write(&file, source).unwrap();
        let stderr = |program: &str| {
            let out = Command::new(program).arg(&file).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{program} {name}");
            let text = String::from_utf8_lossy(&out.stderr).into_owned();
            let lines: Vec<String> = text.lines().map(str::to_owned).collect();
            assert!(lines.len() > 4, "{program} {name}: {text}");
            // file:line, the source line, the caret line's tabs, the blank
            // line, and the error's first line up to its message's start.
            let caret = &lines[2];
            assert!(caret.trim_end().ends_with('^'), "{program} {name}: {text}");
            let tabs = caret.chars().filter(|&c| c == '\t').count();
            (
                lines[0].clone(),
                lines[1].clone(),
                tabs,
                lines[3].clone(),
                lines[4].split(':').next().unwrap().to_owned(),
            )
        };
        assert_eq!(
            stderr(env!("CARGO_BIN_EXE_nabi")),
            stderr(node_program()),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
