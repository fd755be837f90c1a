//! Functions, conversions, errors, panics, lifecycle (fixtures/rust/hello).
mod common;

#[test]
fn hello_fixture() {
    let out = common::run_fixture("hello");
    assert!(out.contains("hello: ok"), "{out}");
}
