//! nabi-prebuild's output read by a program that stops early
//! (`nabi-prebuild audit … | head`): the tool stops quietly, as other
//! command-line tools do, instead of panicking on the closed pipe.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn audit_into_a_reader_that_stops_early_ends_quietly() {
    // Enough files that the report (about 130 bytes each) overflows the
    // pipe's buffer (64 KiB on Linux) long after the reader has gone.
    let dir = common::tmp("pipe", "many");
    let files: Vec<_> = (0..3000)
        .map(|i| {
            let f = dir.join(format!("f{i:04}.node"));
            std::fs::write(&f, b"not a library").unwrap();
            f
        })
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .arg("audit")
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the first line's worth, as `head -1` would, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        String::from_utf8_lossy(&first).contains("f0000.node"),
        "the report starts with the first file: {:?}",
        String::from_utf8_lossy(&first)
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "a closed stdout is no error to report: {stderr}"
    );
    // Not a panic's 101, nor an abort or a signal (no exit code at all).
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
