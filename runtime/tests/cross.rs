//! Servers and clients across runtimes: each `tests/cross/*_peer.js` runs
//! its server under one runtime and its client under the other (node and
//! nabi both ways); the client must see what it sees when node talks to
//! node. `http_peer.js`: http and net; `fetch_peer.js`: the fetch and
//! WebSocket globals as clients. `node` is the reference Node 24 (`support`).

mod support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("tests/cross")
        .join(name)
}

/// The client's output of `peer` with the server under `server`, the
/// client under `client` (each killed after 30 s).
fn converse(peer: &str, server: &str, client: &str) -> String {
    let mut s = Command::new("timeout")
        .args(["30", server])
        .arg(script(peer))
        .arg("server")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {server}: {e}"));
    let mut reader = BufReader::new(s.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let ports: Vec<&str> = first
        .trim()
        .strip_prefix("PORTS ")
        .unwrap_or_else(|| panic!("{server} printed no ports: {first:?}"))
        .split(' ')
        .collect();
    let out = Command::new("timeout")
        .args(["30", client])
        .arg(script(peer))
        .arg("client")
        .args(&ports)
        .output()
        .unwrap_or_else(|e| panic!("run {client}: {e}"));
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let status = s.wait().unwrap();
    assert!(status.success(), "the {server} server failed: {rest}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the {client} client failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Runs `peer` in the four pairings; each must match node with node.
fn all_pairings(peer: &str) {
    let nabi = env!("CARGO_BIN_EXE_nabi");
    let node = support::node().to_str().expect("a UTF-8 cache path");
    let reference = converse(peer, node, node);
    assert!(reference.ends_with("done\n"), "{reference}");
    assert_eq!(
        converse(peer, node, nabi),
        reference,
        "nabi client, node server"
    );
    assert_eq!(
        converse(peer, nabi, node),
        reference,
        "node client, nabi server"
    );
    assert_eq!(converse(peer, nabi, nabi), reference, "nabi both sides");
}

#[test]
fn nabi_and_node_talk_http_and_tcp_to_each_other() {
    all_pairings("http_peer.js");
}

#[test]
fn fetch_and_websocket_talk_to_servers_of_both_runtimes() {
    all_pairings("fetch_peer.js");
}
