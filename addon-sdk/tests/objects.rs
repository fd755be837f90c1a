//! `#[object]`, serde, enums (fixtures/rust/objects).
mod common;

#[test]
fn objects_fixture() {
    let out = common::run_fixture("objects");
    assert!(out.contains("objects: ok"), "{out}");
}
