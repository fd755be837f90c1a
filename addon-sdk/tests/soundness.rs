//! Run-time soundness rules (fixtures/rust/soundness): aliasing, serde
//! cycles and depth, array lengths, AbortSignal, quiet panics.
mod common;

/// In node, nabi, Bun and Deno.
#[test]
fn soundness_fixture() {
    let addon = common::build_fixture("soundness");
    let js = common::repo_root().join("fixtures/rust/soundness/test.js");
    let hosts = common::run_js_everywhere(&addon, &js, "soundness: ok");
    eprintln!("soundness: passed in {}", hosts.join(", "));
}

/// A panic that becomes a JS exception prints nothing by default; with
/// `NABI_SDK_PANIC_OUTPUT=1` the standard hook prints it.
#[test]
fn panics_are_quiet_unless_asked() {
    let addon = common::build_fixture("soundness");
    let node = |extra: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new("node");
        cmd.arg("-e")
            .arg("const a = require(process.env.NABI_ADDON); try { a.boom('loud?') } catch (e) { console.log(e.location) }")
            .env("NABI_ADDON", &addon);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let o = cmd.output().expect("run node");
        assert!(o.status.success());
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (out, err) = node(&[]);
    assert!(out.contains("lib.rs:"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
    let (_, err) = node(&[("NABI_SDK_PANIC_OUTPUT", "1")]);
    assert!(err.contains("panicked") && err.contains("loud?"), "{err}");
}
