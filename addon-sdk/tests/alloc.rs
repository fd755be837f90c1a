//! Zero heap allocations per call (fixtures/rust/alloc, counting allocator).
mod common;

#[test]
fn zero_allocations_per_call() {
    let out = common::run_fixture("alloc");
    assert!(out.contains("alloc: ok"), "{out}");
}
