//! macOS and Windows builds from this Linux machine: the C fixture, a
//! node-addon-api C++ fixture (with exceptions) and examples/rust-addon
//! (nabi-sdk), each for darwin-x64, darwin-arm64, win32-x64 and
//! win32-arm64. Nothing here can run the results, so each file is read
//! back: format and CPU (with `file` and the object crate), on Mach-O the
//! install name, minimum macOS, libraries and exports, on PE the imports
//! (never a module named node.exe, no C++ runtime DLL) and exports; then
//! `nabi-prebuild audit` must pass each file, and pack names the packages
//! for those platforms.
//!
//! A missing toolchain fails the test with the command that installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use object::read::macho::{LoadCommandVariant, MachOFile64};
use object::{Architecture, BinaryFormat, Endianness, Object};
use serde_json::Value;

mod common;
use common::{root, tool};

const DESKTOP: &str = "darwin-x64,darwin-arm64,win32-x64,win32-arm64";

fn tmp(name: &str) -> PathBuf {
    common::tmp("desktop", name)
}

/// Builds the addon in `dir` for `targets` into `out`; returns the files,
/// one per target.
fn build(dir: &Path, targets: &str, out: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let files = common::build(dir, targets, out, extra);
    assert_eq!(files.len(), targets.split(',').count(), "{files:?}");
    files
}

/// The Rust standard libraries the Rust builds need; a missing one fails
/// the test with the command that installs it.
fn require_rust_targets() {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output()
        .expect("rustup is needed to build Rust addons for macOS and Windows");
    let installed = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = [
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-gnu",
        "aarch64-pc-windows-gnullvm",
    ]
    .into_iter()
    .filter(|t| !installed.lines().any(|l| l.trim() == *t))
    .collect();
    assert!(
        missing.is_empty(),
        "the Rust standard library is missing for {missing:?}: run scripts/setup.sh (or `rustup target add {}`)",
        missing.join(" ")
    );
}

/// What a built file must be, by its directory (`prebuilds/<dir>/`).
struct Want {
    format: BinaryFormat,
    arch: Architecture,
    /// `file`'s words for the format and CPU.
    file_says: [&'static str; 2],
}

fn want(dir: &str) -> Want {
    match dir {
        "darwin-x64" => Want {
            format: BinaryFormat::MachO,
            arch: Architecture::X86_64,
            file_says: ["Mach-O 64-bit", "x86_64"],
        },
        "darwin-arm64" => Want {
            format: BinaryFormat::MachO,
            arch: Architecture::Aarch64,
            file_says: ["Mach-O 64-bit", "arm64"],
        },
        "win32-x64" => Want {
            format: BinaryFormat::Pe,
            arch: Architecture::X86_64,
            file_says: ["PE32+ executable (DLL)", "x86-64"],
        },
        "win32-arm64" => Want {
            format: BinaryFormat::Pe,
            arch: Architecture::Aarch64,
            file_says: ["PE32+ executable (DLL)", "Aarch64"],
        },
        other => panic!("unexpected prebuilds/{other}"),
    }
}

/// Facts of a Mach-O file read from its load commands.
#[derive(Debug, Default)]
struct MachO {
    install_name: Option<String>,
    min_os: Option<String>,
    dylibs: Vec<String>,
}

fn macho(data: &[u8]) -> MachO {
    let file = MachOFile64::<Endianness>::parse(data).unwrap();
    let endian = file.endian();
    let mut facts = MachO::default();
    let mut cmds = file.macho_load_commands().unwrap();
    while let Some(cmd) = cmds.next().unwrap() {
        match cmd.variant().unwrap() {
            LoadCommandVariant::IdDylib(d) => {
                facts.install_name =
                    Some(String::from_utf8_lossy(cmd.string(endian, d.dylib.name).unwrap()).into());
            }
            LoadCommandVariant::Dylib(d) => facts
                .dylibs
                .push(String::from_utf8_lossy(cmd.string(endian, d.dylib.name).unwrap()).into()),
            LoadCommandVariant::BuildVersion(b) => {
                let v = b.minos.get(endian);
                facts.min_os = Some(format!("{}.{}", v >> 16, (v >> 8) & 0xff));
            }
            _ => {}
        }
    }
    facts
}

/// Checks one built file; `name` is the addon's (install name
/// `@rpath/<name>.node`). Returns the exported symbol names.
fn check(path: &Path, name: &str, min_os: Option<&str>) -> Vec<String> {
    let dir = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let w = want(dir);
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        format!("{name}.node"),
        "node-gyp-build's name in prebuilds/{dir}/"
    );
    let out = Command::new("file").arg(path).output().unwrap();
    let says = String::from_utf8_lossy(&out.stdout);
    for word in w.file_says {
        assert!(says.contains(word), "{dir}: `file` says {says}");
    }
    let data = std::fs::read(path).unwrap();
    let file = object::File::parse(&*data).unwrap();
    assert_eq!(file.format(), w.format, "{}", path.display());
    assert_eq!(file.architecture(), w.arch, "{}", path.display());
    let exports: Vec<String> = file
        .exports()
        .unwrap()
        .iter()
        .map(|e| {
            String::from_utf8_lossy(e.name())
                .trim_start_matches('_')
                .to_string()
        })
        .collect();
    assert!(
        exports.iter().any(|e| e == "napi_register_module_v1"),
        "{}: exports {exports:?}",
        path.display()
    );
    // Only the entry points (and a few pinned statics), not the C++
    // runtime or Rust's std: an unrestricted macOS Rust link exports about
    // 2,000 symbols.
    assert!(
        exports.len() < 20,
        "{}: {} exports: {exports:?}",
        path.display(),
        exports.len()
    );
    match w.format {
        BinaryFormat::MachO => {
            let m = macho(&data);
            assert_eq!(
                m.install_name.as_deref(),
                Some(format!("@rpath/{name}.node").as_str()),
                "{}",
                path.display()
            );
            let floor = min_os.unwrap_or(if dir == "darwin-x64" { "10.15" } else { "11.0" });
            assert_eq!(m.min_os.as_deref(), Some(floor), "{}", path.display());
            assert_eq!(
                m.dylibs,
                ["/usr/lib/libSystem.B.dylib"],
                "{}: only libSystem (the C++ runtime is linked in)",
                path.display()
            );
            // Node-API stays undefined, found in the loading process
            // (-undefined dynamic_lookup) when the addon links it directly.
            for imp in file.imports().unwrap() {
                let n = String::from_utf8_lossy(imp.name());
                if n.starts_with("_napi_") {
                    assert!(imp.library().is_empty(), "{n} bound to a library");
                }
            }
        }
        BinaryFormat::Pe => {
            let imports = file.imports().unwrap();
            let mut dlls: Vec<String> = imports
                .iter()
                .map(|i| String::from_utf8_lossy(i.library()).to_ascii_lowercase())
                .collect();
            dlls.sort();
            dlls.dedup();
            assert!(
                !dlls.iter().any(|d| d.contains("node")),
                "{}: imports {dlls:?}",
                path.display()
            );
            for d in &dlls {
                assert!(
                    d == "kernel32.dll"
                        || d == "ntdll.dll"
                        || d == "userenv.dll"
                        || d == "ws2_32.dll"
                        || d == "bcryptprimitives.dll"
                        || d.starts_with("api-ms-win-"),
                    "{}: imports {d} (a C++ runtime or unwinder DLL?) of {dlls:?}",
                    path.display()
                );
            }
            assert!(
                !imports
                    .iter()
                    .any(|i| i.name().starts_with(b"napi_") || i.name().starts_with(b"node_api_")),
                "{}: Node-API imported at link time",
                path.display()
            );
        }
        f => panic!("{f:?}"),
    }
    // And nabi-prebuild's own audit, slot inferred from the directory,
    // passes what its build made.
    let extra: Vec<&str> = min_os.map(|m| vec!["--macos-min", m]).unwrap_or_default();
    let (ok, reports) = common::audit(&[path], &extra);
    assert!(ok, "{}: the audit refuses it: {reports:#?}", path.display());
    exports
}

#[test]
fn c_addon_for_macos_and_windows_then_packed() {
    let dir = tmp("c");
    std::fs::copy(
        root().join("prebuild/tests/fixtures/c-addon/package.json"),
        dir.join("package.json"),
    )
    .unwrap();
    let fixture = root().join("prebuild/tests/fixtures/c-addon");
    let files = build(&fixture, DESKTOP, &dir.join("prebuilds"), &[]);
    for f in &files {
        let exports = check(f, "c_addon", None);
        let mut napi: Vec<&String> = exports
            .iter()
            .filter(|e| e.starts_with("napi_") || e.starts_with("node_api_"))
            .collect();
        napi.sort();
        assert_eq!(
            napi,
            [
                "napi_register_module_v1",
                "node_api_module_get_api_version_v1"
            ],
            "{}",
            f.display()
        );
    }
    // The Windows DLL carries the host-lookup shim: the names it looks up.
    let dll = std::fs::read(dir.join("prebuilds/win32-x64/c_addon.node")).unwrap();
    for name in ["napi_create_function", "GetModuleHandleW", "GetProcAddress"] {
        assert!(
            dll.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} not in the DLL"
        );
    }

    // A later minimum macOS, asked for.
    let later = tmp("c-macos-12");
    let files = build(&fixture, "darwin-arm64", &later, &["--macos-min", "12.0"]);
    check(&files[0], "c_addon", Some("12.0"));

    // pack: node-gyp-build tarballs and per-platform npm packages with
    // os/cpu and no libc.
    let (ok, out, err) = tool(&["pack", dir.to_str().unwrap(), "--out", "dist"]);
    assert!(ok, "{out}{err}");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dist/manifest.json")).unwrap())
            .unwrap();
    let deps: Vec<&String> = manifest["optionalDependencies"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        deps,
        [
            "c-addon-darwin-arm64",
            "c-addon-darwin-x64",
            "c-addon-win32-arm64-msvc",
            "c-addon-win32-x64-msvc"
        ]
    );
    for (npm_dir, os, cpu) in [
        ("darwin-arm64", "darwin", "arm64"),
        ("darwin-x64", "darwin", "x64"),
        ("win32-x64-msvc", "win32", "x64"),
        ("win32-arm64-msvc", "win32", "arm64"),
    ] {
        let pkg: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("dist/npm").join(npm_dir).join("package.json"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(pkg["name"], format!("c-addon-{npm_dir}"));
        assert_eq!(pkg["os"], serde_json::json!([os]));
        assert_eq!(pkg["cpu"], serde_json::json!([cpu]));
        assert!(pkg.get("libc").is_none(), "{pkg}");
        assert_eq!(pkg["main"], format!("c-addon.{npm_dir}.node"));
        let tar = format!("c-addon-v1.2.3-napi-v8-{os}-{cpu}.tar.gz");
        assert!(dir.join("dist").join(&tar).exists(), "{tar}");
    }
    for a in manifest["artifacts"].as_array().unwrap() {
        assert!(a.get("libc").is_none(), "{a}");
        assert!(a["glibc_floor"].is_null(), "{a}");
    }
}

#[test]
fn node_addon_api_cxx_addon_for_macos_and_windows() {
    let fixture = root().join("prebuild/tests/fixtures/cxx-addon");
    let out = tmp("cxx");
    for f in build(&fixture, DESKTOP, &out, &[]) {
        check(&f, "cxx_addon", None);
        // binding.gyp's conditions were read for the target's OS.
        let os = if f.to_string_lossy().contains("/darwin-") {
            "built-for-mac"
        } else {
            "built-for-win"
        };
        let data = std::fs::read(&f).unwrap();
        for tag in ["built-for-mac", "built-for-win", "built-for-linux"] {
            assert_eq!(
                data.windows(tag.len()).any(|w| w == tag.as_bytes()),
                tag == os,
                "{tag} in {}",
                f.display()
            );
        }
    }
}

#[test]
fn rust_addon_for_macos_and_windows() {
    require_rust_targets();
    let out = tmp("rust");
    let files = build(&root().join("examples/rust-addon"), DESKTOP, &out, &[]);
    for f in &files {
        let exports = check(f, "example-rust-addon", None);
        assert!(
            exports
                .iter()
                .any(|e| e == "node_api_module_get_api_version_v1"),
            "{}: {exports:?}",
            f.display()
        );
    }
}

/// A napi-rs 3 addon (bench/sdk/napirs, napi-sys looking Node-API up at
/// run time) for macOS: Rust's `libc` crate asks every Apple link for
/// `-liconv`, which zig has no stub for; the build supplies one and drops
/// the library when nothing uses it. (Windows: the next test.)
#[test]
fn napi_rs_addon_for_macos() {
    require_rust_targets();
    let out = tmp("napi-rs");
    // cargo's output kept between runs (a cold LTO build takes minutes).
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("desktop-napirs-target");
    let files = build(
        &root().join("bench/sdk/napirs"),
        "darwin-x64,darwin-arm64",
        &out,
        &["--target-dir", target_dir.to_str().unwrap()],
    );
    for f in &files {
        let exports = check(f, "bench-sdk-napirs", None);
        assert!(
            exports.iter().any(|e| e == "napi_register_module_v1"),
            "{exports:?}"
        );
    }
}

/// The audit's verdict on a Windows DLL: passed, the imports check names
/// no Node module, and the entry point napi-rs exports.
fn audit_win(f: &Path) {
    let (ok, reports) = common::audit(&[f], &[]);
    assert!(ok, "{}: {reports:#?}", f.display());
    let rep = &reports[0];
    let imports = common::check(rep, "imports");
    assert_eq!(imports["ok"], true, "{imports:#}");
    let dlls: Vec<String> = rep["facts"]["needed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_ascii_lowercase())
        .collect();
    assert!(
        !dlls.iter().any(|d| d == "node.exe" || d == "libnode.dll"),
        "{}: {dlls:?}",
        f.display()
    );
    assert_eq!(
        rep["facts"]["registration"],
        "napi_register_module_v1",
        "{}",
        f.display()
    );
}

/// napi-rs 3 (bench/sdk/napirs) for win32-x64 and win32-arm64 through the
/// MinGW targets. napi-rs's build script (napi-build 2.6) on `*-windows-gnu`
/// panics unless `LIBNODE_PATH` holds a `libnode.dll`, then links `-lnode`:
/// nabi-prebuild points it at a directory of its tool cache where that name
/// (and `libnode.a`) is the host-lookup shim as a static archive. So the DLL
/// imports no Node module by name, only system DLLs, and exports
/// `napi_register_module_v1`:
/// - as published (napi-sys `dyn-symbols`, the default), Node-API is looked
///   up at run time and the shim is not even taken;
/// - without `dyn-symbols`, napi-sys calls Node-API directly, and those
///   references resolve to the shim: the DLL holds the shim's table of
///   every Node-API name (including ones napi-sys 3 does not declare).
#[test]
fn napi_rs_addon_for_windows() {
    require_rust_targets();
    let targets = "win32-x64,win32-arm64";
    // cargo's output kept between runs (a cold LTO build takes minutes).
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("desktop-napirs-win-target");
    let target_dir = target_dir.to_str().unwrap();
    let out = tmp("napi-rs-win");
    for f in &build(
        &root().join("bench/sdk/napirs"),
        targets,
        &out,
        &["--target-dir", target_dir],
    ) {
        check(f, "bench-sdk-napirs", None);
        audit_win(f);
    }

    // The same crate with napi's default features off (no dyn-symbols).
    let src = tmp("napi-rs-direct-src");
    let napirs = root().join("bench/sdk/napirs");
    for f in ["build.rs", "Cargo.lock", "src/lib.rs"] {
        std::fs::create_dir_all(src.join(f).parent().unwrap()).unwrap();
        std::fs::copy(napirs.join(f), src.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(napirs.join("Cargo.toml")).unwrap();
    let direct = manifest.replace(
        "napi = { version = \"3\", features = [\"serde-json\"] }",
        "napi = { version = \"3\", default-features = false, features = [\"napi4\", \"serde-json\"] }",
    );
    assert_ne!(
        direct, manifest,
        "bench/sdk/napirs/Cargo.toml's napi line changed"
    );
    std::fs::write(src.join("Cargo.toml"), direct).unwrap();
    let shim_names: Vec<String> = ["node_api.def", "js_native_api.def"]
        .iter()
        .flat_map(|d| {
            let text = std::fs::read_to_string(root().join("prebuild/shim").join(d)).unwrap();
            text.lines()
                .map(str::trim)
                .skip_while(|l| *l != "EXPORTS")
                .skip(1)
                .filter(|l| !l.is_empty() && !l.starts_with(';'))
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|n| n != "napi_module_register")
        .collect();
    assert!(shim_names.len() > 100, "{shim_names:?}");
    let out = tmp("napi-rs-win-direct");
    for f in &build(&src, targets, &out, &["--target-dir", target_dir]) {
        check(f, "bench-sdk-napirs", None);
        audit_win(f);
        let data = std::fs::read(f).unwrap();
        let missing: Vec<&String> = shim_names
            .iter()
            .filter(|n| {
                let needle = format!("\0{n}\0");
                !data.windows(needle.len()).any(|w| w == needle.as_bytes())
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{}: the host-lookup shim is not linked in (names missing: {missing:?})",
            f.display()
        );
    }
}
