//! Compile-time rules of the macros: each `tests/ui/*.rs` must fail to
//! compile with the error in its `.stderr` (regenerate with
//! `TRYBUILD=overwrite cargo test -p nabi-sdk --test compile_fail`, then read
//! the new messages before committing them).

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// Rules checked when the code is built (a `const` assertion evaluated per
/// instantiation, which `cargo check` and so trybuild do not reach): each
/// `tests/build_fail/*.rs` is built as an addon and must fail with the
/// message its first line (`// error: ...`) names.
#[test]
fn build_fail() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.parent().unwrap().join("target"));
    let scratch = target.join("nabi-sdk-build-fail");
    let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/build_fail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = scratch.join(&name);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"build-fail-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nnabi-sdk = {{ path = {:?} }}\n\n[workspace]\n",
                name.replace('_', "-"),
                root
            ),
        )
        .unwrap();
        let src = std::fs::read_to_string(&case).unwrap();
        let want = src
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// error: "))
            .unwrap_or_else(|| panic!("{name}: first line must be `// error: <message>`"))
            .to_string();
        std::fs::write(dir.join("src/lib.rs"), &src).unwrap();
        let o = std::process::Command::new(env!("CARGO"))
            .current_dir(&dir)
            .args(["build", "--quiet", "--offline"])
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{name} built");
        assert!(err.contains(&want), "{name}: expected `{want}` in:\n{err}");
    }
}
