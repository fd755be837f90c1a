//! The terminal paths of `tty`, `process.stdout` and the console, run under
//! a pseudo-terminal made by util-linux's `script` (skipped without it).
//! Node 24 under `script -qec` prints what each assertion expects (checked
//! by hand: the harness' conformance tests pipe stdio, so they cannot).

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn under_pty(js: &str, envs: &[(&str, &str)]) -> Option<String> {
    typed_under_pty(js, envs, "")
}

/// Runs `js` on a pseudo-terminal; `typed` reaches its stdin half a second
/// in, as if typed.
fn typed_under_pty(js: &str, envs: &[(&str, &str)], typed: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return None;
    }
    // One directory per call: the tests run in parallel.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("nabi-tty-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.js");
    std::fs::write(&file, js).unwrap();
    let cmd = format!("{} {}", env!("CARGO_BIN_EXE_nabi"), file.display());
    let mut c = Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]);
    c.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CI");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let typed = typed.to_string();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let _ = stdin.write_all(typed.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"))
}

#[test]
fn stdio_on_a_terminal_is_tty() {
    let js = "const tty = require('tty');\n\
        console.log(String([process.stdout.isTTY, process.stdout instanceof tty.WriteStream,\n\
          process.stderr instanceof tty.WriteStream, typeof process.stdout.columns,\n\
          process.stdout.getWindowSize().length, tty.isatty(0), tty.isatty(1), process.stdin.isTTY,\n\
          process.stdin instanceof tty.ReadStream, process.stdout.fd, process.stderr.fd]));\n\
        process.stdin.setRawMode(true); console.log(String(process.stdin.isRaw));\n\
        process.stdin.setRawMode(false); console.log(String(process.stdin.isRaw));\n\
        process.stdout.cursorTo(0); process.stdout.clearLine(1); console.log('x');\n";
    let Some(out) = under_pty(js, &[("TERM", "dumb")]) else {
        return;
    };
    assert_eq!(
        out,
        "true,true,true,number,2,true,true,true,true,1,2\ntrue\nfalse\n\x1b[1G\x1b[0Kx\n"
    );
}

#[test]
fn colours_follow_the_terminal_and_environment() {
    // (Strings: Node's console also colours inspected values on a colour
    // terminal; nabi's util.inspect has no colours yet.)
    let js = "console.log(`${process.stdout.getColorDepth()} ${process.stdout.hasColors(256)}`);\n";
    let Some(out) = under_pty(js, &[("TERM", "xterm-256color")]) else {
        return;
    };
    assert_eq!(out, "8 true\n");
    let out = under_pty(js, &[("TERM", "xterm-256color"), ("NO_COLOR", "1")]).unwrap();
    assert_eq!(out, "1 false\n");
    let out = under_pty(js, &[("TERM", "dumb"), ("FORCE_COLOR", "3")]).unwrap();
    assert_eq!(out, "24 true\n");
}

#[test]
fn readline_edits_a_line_on_a_terminal() {
    let js = "const rl = require('readline').createInterface({ input: process.stdin, output: process.stdout });\n\
        console.log(`${rl.terminal} ${process.stdin.isRaw}`);\n\
        rl.question('q? ', (a) => { console.log('got', JSON.stringify(a)); rl.close(); console.log(`${process.stdin.isRaw}`); });\n";
    // Typed: a, b, backspace, c, return.
    let Some(out) = typed_under_pty(js, &[("TERM", "xterm")], "ab\x7fc\r") else {
        return;
    };
    // Node 24's drawing: the prompt redrawn at column 1 after clearing
    // down, typed characters echoed, a redraw after the backspace.
    assert_eq!(
        out,
        "true true\n\x1b[1G\x1b[0Jq? \x1b[4Gab\x1b[1G\x1b[0Jq? a\x1b[5Gc\r\ngot \"ac\"\nfalse\n"
    );
}

#[test]
fn exit_loses_no_terminal_output() {
    // Node makes a terminal's stdio blocking: all 200000 bytes arrive.
    let js = "process.stdout.write('x'.repeat(200000) + '\\n'); process.exit(0);\n";
    let Some(out) = under_pty(js, &[("TERM", "dumb")]) else {
        return;
    };
    assert_eq!(out.len(), 200001);
}
