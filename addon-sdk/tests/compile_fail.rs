//! Compile-time rules of the macros: each `tests/ui/*.rs` must fail to
//! compile with the error in its `.stderr` (regenerate with
//! `TRYBUILD=overwrite cargo test -p nabi-sdk --test compile_fail`, then read
//! the new messages before committing them).

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
