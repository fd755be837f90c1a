//! Servers and clients across runtimes: each `tests/cross/*_peer.js` runs
//! its server under one runtime and its client under the other (node and
//! nabi both ways); the client must see what it sees when node talks to
//! node. `http_peer.js`: http and net; `fetch_peer.js`: the fetch and
//! WebSocket globals as clients. `node` is the reference Node 24 (`support`).

mod support;

use std::path::{Path, PathBuf};

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("tests/cross")
        .join(name)
}

/// The client's output of `peer` with the server under `server`, the
/// client under `client`.
fn converse(peer: &str, server: &str, client: &str) -> String {
    support::converse(&script(peer), server, client, &|_| {})
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
