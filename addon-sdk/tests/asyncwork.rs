//! Task + AbortSignal, async fn, threadsafe functions (fixtures/rust/asyncwork).
mod common;

#[test]
fn asyncwork_fixture() {
    let out = common::run_fixture("asyncwork");
    assert!(out.contains("asyncwork: ok"), "{out}");
}
