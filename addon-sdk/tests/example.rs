//! The newcomer's example (examples/rust-addon) builds and its test passes.
mod common;

#[test]
fn rust_addon_example() {
    let addon = common::build_package("example-rust-addon", "rust_addon");
    let js = common::repo_root().join("examples/rust-addon/test.js");
    let out = common::run_js(&addon, &js, &[]);
    assert!(out.contains("rust-addon example: ok"), "{out}");
}
