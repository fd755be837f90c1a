//! Classes (fixtures/rust/classes).
mod common;

#[test]
fn classes_fixture() {
    let out = common::run_fixture("classes");
    assert!(out.contains("classes: ok"), "{out}");
}
