//! nabi-prebuild end to end: zig builds of a C addon for every Linux target
//! (with and without a glibc floor) and of a Rust addon with a floor, audits
//! of each, binaries made to fail each check, the runtime loader's choices
//! (as a pure function and for real under node), deterministic packing,
//! build progress (log lines, and the bar on a pseudo-terminal).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{audit, cache_dir, check, headers, root, tool};

fn tmp(name: &str) -> PathBuf {
    common::tmp("prebuild", name)
}

const ALL: &str =
    "linux-x64-gnu,linux-x64-musl,linux-arm64-gnu,linux-arm64-musl,linux-arm-gnueabihf";

fn build_c(out: &Path, targets: &str, glibc: Option<&str>) -> Vec<PathBuf> {
    let floor = glibc.map(|g| vec!["--glibc", g]).unwrap_or_default();
    common::build(
        &root().join("prebuild/tests/fixtures/c-addon"),
        targets,
        out,
        &floor,
    )
}

#[test]
fn c_addon_for_every_target_with_and_without_a_glibc_floor() {
    for floor in [Some("2.17"), None] {
        let out = tmp(&format!("c-{}", floor.unwrap_or("none"))).join("prebuilds");
        let files = build_c(&out, ALL, floor);
        assert_eq!(files.len(), 5, "{files:?}");
        let mut args = vec![];
        if let Some(f) = floor {
            args.extend(["--glibc", f]);
        }
        let (ok, reports) = audit(&files, &args);
        assert!(ok, "{reports:#?}");
        for r in &reports {
            let file = r["file"].as_str().unwrap();
            let facts = &r["facts"];
            let musl = file.contains(".musl.");
            assert_eq!(facts["libc"], if musl { "musl" } else { "glibc" }, "{file}");
            let machine = if file.contains("linux-arm64") {
                "Aarch64"
            } else if file.contains("linux-arm/") {
                "Arm"
            } else {
                "X86_64"
            };
            assert_eq!(facts["machine"], machine, "{file}");
            if let (Some(f), false) = (floor, musl) {
                let max = facts["max_versions"]["GLIBC"].as_str().unwrap();
                let v: Vec<u32> = max.split('.').map(|p| p.parse().unwrap()).collect();
                assert!(v <= vec![2, 17], "{file}: GLIBC {max} above the {f} floor");
            }
        }
    }
}

#[test]
fn rust_addon_with_a_glibc_floor_loads_in_node() {
    let dir = tmp("rust");
    let fixture = root().join("prebuild/tests/fixtures/rust-addon");
    let file = common::build_rust_fixture(&dir);
    let (ok, reports) = audit(std::slice::from_ref(&file), &["--glibc", "2.17"]);
    assert!(ok, "{reports:#?}");
    let node = Command::new("node")
        .args([
            "-p",
            &format!("require({:?}).greet()", file.display().to_string()),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&node.stdout).trim(),
        "hello from rust, 1 threads"
    );
    // A target whose Rust standard library is missing says how to get it.
    let out2 = dir.join("arm");
    let (ok, stdout, _) = tool(&[
        "build",
        fixture.to_str().unwrap(),
        "--target",
        "linux-arm64-gnu",
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stdout.contains("rustup target add aarch64-unknown-linux-gnu"),
        "{stdout}"
    );
}

fn cc(src: &str, out: &Path, extra: &[&str]) {
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-I"])
        .arg(headers())
        .arg(root().join("prebuild/tests/fixtures/bad").join(src))
        .args(extra)
        .arg("-o")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "cc {src}");
}

#[test]
fn binaries_made_to_fail_are_caught() {
    let dir = tmp("bad");
    let slot = dir.join("prebuilds/linux-x64");
    std::fs::create_dir_all(&slot).unwrap();

    // Host glibc 2.36 symbols against a 2.17 floor: names symbol and version.
    let newer = slot.join("newer.napi.glibc.node");
    cc("new_glibc.c", &newer, &[]);
    let (ok, r) = audit(std::slice::from_ref(&newer), &["--glibc", "2.17"]);
    assert!(!ok);
    let detail = check(&r[0], "symbol versions")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("getrandom@GLIBC_2.25"), "{detail}");
    assert!(detail.contains("@GLIBC_2.34"), "{detail}");

    // An arm64 binary in the x64 slot, and a musl binary tagged glibc.
    let built = build_c(&dir.join("zig"), "linux-arm64-gnu,linux-x64-musl", None);
    let arm_in_x64 = slot.join("wrong.napi.glibc.node");
    std::fs::copy(
        built
            .iter()
            .find(|f| f.to_string_lossy().contains("arm64"))
            .unwrap(),
        &arm_in_x64,
    )
    .unwrap();
    let (ok, r) = audit(std::slice::from_ref(&arm_in_x64), &[]);
    assert!(!ok);
    assert_eq!(check(&r[0], "architecture")["ok"], false);
    assert!(check(&r[0], "architecture")["detail"]
        .as_str()
        .unwrap()
        .contains("Aarch64"));
    let musl_as_glibc = slot.join("mislabelled.napi.glibc.node");
    std::fs::copy(
        built
            .iter()
            .find(|f| f.to_string_lossy().contains("musl"))
            .unwrap(),
        &musl_as_glibc,
    )
    .unwrap();
    let (ok, r) = audit(std::slice::from_ref(&musl_as_glibc), &[]);
    assert!(!ok);
    assert!(check(&r[0], "libc")["detail"]
        .as_str()
        .unwrap()
        .contains("built for musl"));

    // A V8 import, a NAPI 10 function declared as 8, static TLS.
    let v8 = slot.join("v8.napi.glibc.node");
    cc("v8_import.c", &v8, &[]);
    let (ok, r) = audit(std::slice::from_ref(&v8), &[]);
    assert!(!ok);
    let detail = check(&r[0], "node-api only")["detail"].as_str().unwrap();
    assert!(detail.contains("_ZN2v87Isolate10GetCurrentEv"), "{detail}");
    assert!(
        detail.contains("a V8 addon, not a Node-API one (ABI v115 = Node 20)"),
        "{detail}"
    );
    let n10 = slot.join("n10.napi.glibc.node");
    cc("napi10.c", &n10, &[]);
    let (ok, r) = audit(std::slice::from_ref(&n10), &["--napi", "8"]);
    assert!(!ok);
    assert!(check(&r[0], "node-api version")["detail"]
        .as_str()
        .unwrap()
        .contains("node_api_create_property_key_utf8 (Node-API 10)"));
    assert!(audit(std::slice::from_ref(&n10), &["--napi", "10"]).0);
    let tls = slot.join("tls.napi.glibc.node");
    cc("static_tls.c", &tls, &[]);
    let (ok, r) = audit(std::slice::from_ref(&tls), &[]);
    assert!(!ok);
    assert!(check(&r[0], "static tls")["detail"]
        .as_str()
        .unwrap()
        .contains("static TLS block"));

    // Truncated and non-ELF files: a clear error, no panic.
    let truncated = slot.join("truncated.napi.glibc.node");
    std::fs::write(&truncated, &std::fs::read(&v8).unwrap()[..100]).unwrap();
    let text = slot.join("text.napi.glibc.node");
    std::fs::write(&text, "module.exports = 1\n").unwrap();
    let (ok, stdout, stderr) =
        tool(&["audit", truncated.to_str().unwrap(), text.to_str().unwrap()]);
    assert!(!ok);
    assert!(stdout.contains("not an ELF, Mach-O or PE file"), "{stdout}");
    assert!(
        stdout.contains("truncated") || stdout.contains("not a readable ELF"),
        "{stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn loader_chooses_by_host_facts_and_loads_for_real() {
    let loader = root().join("prebuild/loader/test-select.js");
    let out = Command::new("node").arg(&loader).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "selection: ok");
    let dir = tmp("loader");
    build_c(
        &dir.join("prebuilds"),
        "linux-x64-gnu,linux-x64-musl,linux-arm64-gnu",
        None,
    );
    let out = Command::new("node")
        .arg(&loader)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "prebuilds/linux-x64/c_addon.napi.glibc.node hello from c"
    );
}

#[test]
fn pack_is_byte_for_byte_deterministic() {
    let dir = tmp("pack");
    std::fs::copy(
        root().join("prebuild/tests/fixtures/c-addon/package.json"),
        dir.join("package.json"),
    )
    .unwrap();
    build_c(
        &dir.join("prebuilds"),
        "linux-x64-gnu,linux-arm-gnueabihf",
        Some("2.17"),
    );
    let (ok, out1, err) = tool(&[
        "pack",
        dir.to_str().unwrap(),
        "--out",
        "dist1",
        "--glibc",
        "2.17",
    ]);
    assert!(ok, "{out1}{err}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (ok, _, _) = tool(&[
        "pack",
        dir.to_str().unwrap(),
        "--out",
        "dist2",
        "--glibc",
        "2.17",
    ]);
    assert!(ok);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dist1/manifest.json")).unwrap())
            .unwrap();
    let arts = manifest["artifacts"].as_array().unwrap();
    assert_eq!(arts.len(), 2);
    for a in arts {
        let tar = a["tarball"].as_str().unwrap();
        assert_eq!(
            std::fs::read(dir.join("dist1").join(tar)).unwrap(),
            std::fs::read(dir.join("dist2").join(tar)).unwrap(),
            "{tar}"
        );
        assert_eq!(a["napi_version"], 8);
        assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    }
    assert_eq!(
        manifest["optionalDependencies"]["c-addon-linux-x64-gnu"],
        "1.2.3"
    );
    let npm: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("dist1/npm/linux-arm-gnueabihf/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(npm["os"][0], "linux");
    assert_eq!(npm["cpu"][0], "arm");
    assert_eq!(npm["libc"][0], "glibc");
    assert!(dir.join("dist1/loader.js").exists());

    // --update-package-json merges the platform packages into the root
    // package's optionalDependencies, keeping what was there and the order.
    let pkg_path = dir.join("package.json");
    let mut pkg: Value =
        serde_json::from_str(&std::fs::read_to_string(&pkg_path).unwrap()).unwrap();
    pkg["optionalDependencies"] = serde_json::json!({ "other-dep": "^1.0.0" });
    std::fs::write(&pkg_path, serde_json::to_string_pretty(&pkg).unwrap()).unwrap();
    let keys_before: Vec<String> = pkg.as_object().unwrap().keys().cloned().collect();
    let (ok, out, err) = tool(&[
        "pack",
        dir.to_str().unwrap(),
        "--out",
        "dist3",
        "--update-package-json",
    ]);
    assert!(ok, "{out}{err}");
    let text = std::fs::read_to_string(&pkg_path).unwrap();
    let pkg: Value = serde_json::from_str(&text).unwrap();
    let keys_after: Vec<String> = pkg.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys_after, keys_before, "key order kept");
    let deps = &pkg["optionalDependencies"];
    assert_eq!(deps["other-dep"], "^1.0.0");
    assert_eq!(deps["c-addon-linux-x64-gnu"], "1.2.3");
    assert_eq!(deps["c-addon-linux-arm-gnueabihf"], "1.2.3");
    assert!(text.ends_with("}\n") && text.contains("\n  \"name\""));

    // A malformed or incomplete package.json is an error naming the file.
    std::fs::write(&pkg_path, "{ \"name\": \"c-addon\", ").unwrap();
    let (ok, _, err) = tool(&["pack", dir.to_str().unwrap(), "--out", "dist4"]);
    assert!(!ok);
    assert!(err.contains("package.json is not valid JSON"), "{err}");
    std::fs::write(&pkg_path, "{ \"name\": \"c-addon\" }").unwrap();
    let (ok, _, err) = tool(&["pack", dir.to_str().unwrap(), "--out", "dist4"]);
    assert!(!ok);
    assert!(err.contains("has no \"version\" string"), "{err}");
}

/// zig, as `build` found or installed it.
fn zig() -> PathBuf {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if dir.join("zig").is_file() {
            return dir.join("zig");
        }
    }
    cache_dir().join("tools/ziglang-0.14.1/ziglang/zig")
}

#[test]
fn audit_infers_the_target_from_the_file_in_a_mixed_directory() {
    let dir = tmp("infer");
    let built = build_c(
        &dir.join("prebuilds"),
        "linux-arm64-musl,linux-x64-gnu",
        None,
    );
    // npm platform packages name files freely: the path claims nothing.
    let mixed = dir.join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    let arm_musl = mixed.join("binding.node");
    std::fs::copy(&built[0], &arm_musl).unwrap();
    assert!(built[0].to_string_lossy().contains("arm64"));
    let macho = mixed.join("mac.node");
    let pe = mixed.join("win.node");
    let src = dir.join("m.c");
    std::fs::write(
        &src,
        "#include <node_api.h>\nNAPI_MODULE_INIT() { napi_value s; napi_create_string_utf8(env, \"x\", 1, &s); return s; }\n",
    )
    .unwrap();
    let st = Command::new(zig())
        .args([
            "cc",
            "-target",
            "aarch64-macos.11.0",
            "-shared",
            "-s",
            "-Wl,-undefined,dynamic_lookup",
            "-Wl,-install_name,@rpath/mac.node",
            "-I",
        ])
        .arg(headers())
        .arg(&src)
        .arg("-o")
        .arg(&macho)
        .status()
        .unwrap();
    assert!(st.success());
    let wsrc = dir.join("w.c");
    std::fs::write(
        &wsrc,
        "__declspec(dllexport) void* napi_register_module_v1(void* e, void* x) { return x; }\n",
    )
    .unwrap();
    let st = Command::new(zig())
        .args(["cc", "-target", "x86_64-windows-gnu", "-shared"])
        .arg(&wsrc)
        .arg("-o")
        .arg(&pe)
        .status()
        .unwrap();
    assert!(st.success());

    let (ok, r) = audit(&[arm_musl.clone(), macho, pe], &[]);
    assert!(ok, "{r:#?}");
    assert_eq!(r[0]["target"], "linux-arm64-musl");
    assert_eq!(r[0]["facts"]["libc"], "musl");
    assert!(check(&r[0], "architecture")["detail"]
        .as_str()
        .unwrap()
        .contains("inferred from the file"));
    assert_eq!(r[1]["target"], "darwin-arm64");
    assert_eq!(r[1]["facts"]["format"], "MachO");
    assert_eq!(check(&r[1], "registration")["ok"], true);
    assert_eq!(r[2]["target"], "win32-x64");
    assert_eq!(r[2]["facts"]["format"], "Pe");
    for rep in &r {
        let text = rep.to_string();
        assert!(!text.contains("not an ELF"), "{text}");
    }

    // --target checks the content rather than naming the answer.
    let (ok, r) = audit(
        std::slice::from_ref(&arm_musl),
        &["--target", "linux-x64-gnu"],
    );
    assert!(!ok);
    assert!(check(&r[0], "architecture")["detail"]
        .as_str()
        .unwrap()
        .contains("the file is Aarch64 ELF64 but target linux-x64-gnu (claimed)"));
    assert!(check(&r[0], "libc")["detail"]
        .as_str()
        .unwrap()
        .contains("built for musl"));

    // No glibc-floor line for a musl file.
    let (ok, r) = audit(std::slice::from_ref(&arm_musl), &["--glibc", "2.17"]);
    assert!(ok);
    assert!(r[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["name"] != "symbol versions"));
}

#[test]
fn audit_refuses_devices_fifos_and_directories_without_reading_them() {
    let dir = tmp("special");
    let fifo = dir.join("pipe.node");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(["audit", "/dev/zero"])
        .arg(&fifo)
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("audit hung on /dev/zero or a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("/dev/zero is a device, not a regular file"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{} is a FIFO", fifo.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{} is a directory", dir.display())),
        "{stdout}"
    );
}

#[test]
fn artifacts_are_stripped_and_export_only_node_api_entry_points() {
    let dir = tmp("strip");
    let files = build_c(&dir.join("prebuilds"), "linux-arm-gnueabihf", None);
    let (ok, r) = audit(&files, &[]);
    assert!(ok, "{r:#?}");
    let f = &r[0]["facts"];
    assert_eq!(f["stripped"], true);
    assert_eq!(
        f["export_sample"],
        serde_json::json!([
            "napi_register_module_v1",
            "node_api_module_get_api_version_v1"
        ])
    );
    let stripped = r[0]["size"].as_u64().unwrap();
    assert!(stripped < 8_000, "armv7 C build is {stripped} bytes");

    // --no-strip keeps the symbol table (and the size shows it).
    let fixture = root().join("prebuild/tests/fixtures/c-addon");
    let out = dir.join("unstripped");
    let (ok, stdout, stderr) = tool(&[
        "build",
        fixture.to_str().unwrap(),
        "--target",
        "linux-arm-gnueabihf",
        "--no-strip",
        "--out",
        out.to_str().unwrap(),
        "--headers",
        headers().to_str().unwrap(),
    ]);
    assert!(ok, "{stdout}{stderr}");
    let file = out.join("linux-arm/c_addon.napi.glibc.armv7.node");
    let (_, r) = audit(std::slice::from_ref(&file), &[]);
    assert_eq!(r[0]["facts"]["stripped"], false);
    assert!(r[0]["size"].as_u64().unwrap() > stripped);
    // The build reports each artifact's size.
    assert!(stdout.contains(" KB "), "{stdout}");
}

#[test]
fn build_shows_progress_and_streams_compiler_errors() {
    let dir = tmp("progress");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("package.json"),
        r#"{ "name": "broken", "version": "1.0.0", "nabi": { "name": "broken", "sources": ["src/a.c"] } }"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("src/a.c"),
        "int f(void) { return undeclared_thing; }\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = tool(&[
        "build",
        dir.to_str().unwrap(),
        "--target",
        "linux-x64-gnu,linux-x64-musl",
        "--headers",
        headers().to_str().unwrap(),
    ]);
    assert!(!ok);
    // Not a terminal here: cargo-style status lines, in order, with the
    // compiler's own error between them.
    let building = stderr
        .find("Building broken for linux-x64-gnu")
        .expect(&stderr);
    let error = stderr
        .find("use of undeclared identifier 'undeclared_thing'")
        .expect(&stderr);
    let failed = stderr.find("Failed linux-x64-gnu after").expect(&stderr);
    assert!(building < error && error < failed, "{stderr}");
    assert!(
        stderr.contains("Building broken for linux-x64-musl"),
        "{stderr}"
    );
    assert!(stdout.contains("FAIL  linux-x64-gnu"), "{stdout}");
}

/// On a terminal (a pseudo-terminal from util-linux's `script`): the
/// indicatif bar, redrawn in place with its position and the target being
/// built, and a `Finished <target> in <secs>s (<size>)` line per target
/// printed above it.
#[cfg(target_os = "linux")]
#[test]
fn build_shows_a_progress_bar_with_timings_on_a_terminal() {
    let dir = tmp("progress-tty");
    let out = dir.join("prebuilds");
    let command = format!(
        "'{}' build '{}' --target linux-x64-gnu,linux-x64-musl --out '{}' --headers '{}'",
        env!("CARGO_BIN_EXE_nabi-prebuild"),
        root().join("prebuild/tests/fixtures/c-addon").display(),
        out.display(),
        headers().display()
    );
    let o = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux's `script` (for a pseudo-terminal)");
    let tty = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{tty}");
    // The bar: position of 2 and the target, redrawn over itself (\r and
    // erase-line).
    for (pos, t) in [("0/2", "linux-x64-gnu"), ("1/2", "linux-x64-musl")] {
        assert!(
            tty.contains(&format!("{pos} building c_addon for {t}")),
            "{tty:?}"
        );
    }
    assert!(tty.contains("\r\x1b[2K"), "{tty:?}");
    // Per-target timings and sizes, as lines above the bar.
    for t in ["linux-x64-gnu", "linux-x64-musl"] {
        let at = tty
            .find(&format!("    Finished {t} in "))
            .unwrap_or_else(|| panic!("no Finished line for {t}: {tty:?}"));
        let rest = &tty[at + format!("    Finished {t} in ").len()..];
        let (secs, rest) = rest.split_once("s (").expect(rest);
        assert!(secs.parse::<f64>().is_ok(), "{secs:?}");
        assert!(rest.starts_with(|c: char| c.is_ascii_digit()), "{rest:?}");
        assert!(rest.contains("KB)"), "{rest:?}");
    }
    // Not the plain status lines meant for logs.
    assert!(!tty.contains("Building c_addon"), "{tty:?}");
    assert!(tty.contains("built c_addon:"), "{tty:?}");
}

/// An addon that registers itself the old way — a constructor calling
/// `napi_module_register`, no `napi_register_module_v1` — builds (the
/// exports script names entry points it does not define) and its
/// registration is recognised on Linux, macOS and Windows (there through
/// the host-lookup shim's napi_module_register, linked only into DLLs that
/// call it: a DLL registering no module still fails).
#[test]
fn an_addon_registering_in_a_constructor_builds_and_passes() {
    let dir = tmp("static-registration");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("src/legacy.c"),
        "#include <node_api.h>\n\
         static napi_value init(napi_env env, napi_value exports) { return exports; }\n\
         static napi_module mod = { 1, 0, \"legacy.c\", init, \"legacy\", 0, {0} };\n\
         __attribute__((constructor)) static void reg(void) { napi_module_register(&mod); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("package.json"),
        r#"{ "name": "legacy", "version": "1.0.0", "nabi": { "name": "legacy", "sources": ["src/legacy.c"] } }"#,
    )
    .unwrap();
    let files = common::build(
        &dir,
        "linux-x64-gnu,linux-arm64-musl,darwin-arm64,win32-x64,win32-arm64",
        &dir.join("prebuilds"),
        &[],
    );
    let (ok, r) = audit(&files, &[]);
    assert!(ok, "{r:#?}");
    for rep in &r {
        let win = rep["target"].as_str().unwrap().starts_with("win32");
        assert_eq!(
            check(rep, "registration")["detail"],
            if win {
                "napi_module_register (constructor, through the host-lookup shim)"
            } else {
                "napi_module_register (constructor)"
            },
            "{rep:#}"
        );
    }

    // The same shim build of a module that registers nothing: no
    // napi_module_register linked in, and the audit says so.
    std::fs::write(
        dir.join("src/legacy.c"),
        "#include <node_api.h>\nint add(int a, int b) { return a + b; }\n",
    )
    .unwrap();
    let out = dir.join("none");
    let files = common::build(&dir, "win32-x64", &out, &[]);
    let (ok, r) = audit(&files, &[]);
    assert!(!ok);
    assert_eq!(r[0]["facts"]["host_lookup"], true, "{:#}", r[0]);
    assert!(r[0]["facts"].get("shim_registers").is_none(), "{:#}", r[0]);
    assert_eq!(check(&r[0], "registration")["ok"], false);
}
