//! The macOS and Windows audit, on artifacts built here at test time with
//! zig (from PATH or the shared tool cache): passing C builds for
//! darwin-x64/arm64 (thin and universal) and win32-x64/arm64, and each
//! failure the audit must catch — a too-high minimum macOS, a DLL bound to
//! NODE.EXE by name (through an import library made from node-api-headers'
//! `.def` with `zig dlltool`), an arm64 file in the darwin-x64 slot, a
//! dylib that is no Node-API module — plus `verify`, which cannot run them
//! here and must say so in every report format.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{audit, cache_dir, check, root, tool};

fn tmp(name: &str) -> PathBuf {
    common::tmp("darwin_win32", name)
}

fn headers() -> PathBuf {
    let h = root().join("fixtures/node_modules/node-api-headers");
    assert!(
        h.join("include/node_api.h").exists() && h.join("def/node_api.def").exists(),
        "node-api-headers is missing from fixtures/node_modules: run `npm ci` in fixtures/"
    );
    h
}

/// zig, from PATH or where `nabi-prebuild build` installs it. Never a skip.
fn zig() -> PathBuf {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if dir.join("zig").is_file() {
            return dir.join("zig");
        }
    }
    let z = cache_dir().join("tools/ziglang-0.14.1/ziglang/zig");
    assert!(
        z.exists(),
        "these tests need zig: put zig 0.14 on PATH, or let nabi-prebuild install it into {} by building any addon once (cargo run -p nabi-prebuild -- build prebuild/tests/fixtures/c-addon --headers fixtures/node_modules/node-api-headers/include)",
        cache_dir().display()
    );
    z
}

/// A Node-API addon in C: one Node-API import, napi_register_module_v1.
const ADDON: &str = "#include <node_api.h>\nNAPI_MODULE_INIT() { napi_value s; napi_create_string_utf8(env, \"x\", 1, &s); return s; }\n";

/// The same addon for Windows resolving Node-API from the host process at
/// load time, the way the host-lookup shim does: it imports only kernel32.
const WIN_LOOKUP_ADDON: &str = "#include <windows.h>\n#include <node_api.h>\n\
typedef napi_status (*create_t)(napi_env, const char*, size_t, napi_value*);\n\
NAPI_MODULE_INIT() { create_t f = (create_t)GetProcAddress(GetModuleHandleW(NULL), \"napi_create_string_utf8\"); napi_value s; f(env, \"x\", 1, &s); return s; }\n";

/// Not a Node-API module: no registration, no Node-API import.
const PLAIN: &str = "int add(int a, int b) { return a + b; }\n";

struct Job {
    out: PathBuf,
    args: Vec<String>,
}

/// Runs every zig build at once (each takes a while on a busy machine).
fn build_all(jobs: Vec<Job>) {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|j| {
            std::thread::spawn(move || {
                std::fs::create_dir_all(j.out.parent().unwrap()).unwrap();
                let out = Command::new(zig())
                    .args(&j.args)
                    .arg("-o")
                    .arg(&j.out)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "zig {:?} failed: {}",
                    j.args,
                    String::from_utf8_lossy(&out.stderr)
                );
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

fn mac(out: &Path, triple: &str, src: &Path) -> Job {
    let h = headers().join("include");
    Job {
        out: out.into(),
        args: [
            "cc",
            "-target",
            triple,
            "-shared",
            "-s",
            "-Wl,-undefined,dynamic_lookup",
            "-Wl,-install_name,@rpath/addon.node",
            "-I",
            h.to_str().unwrap(),
            src.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec(),
    }
}

fn win(out: &Path, triple: &str, src: &Path, extra: &[&Path]) -> Job {
    let h = headers().join("include");
    let mut args: Vec<String> = [
        "cc",
        "-target",
        triple,
        "-shared",
        "-s",
        "-I",
        h.to_str().unwrap(),
        src.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    args.extend(extra.iter().map(|p| p.display().to_string()));
    Job {
        out: out.into(),
        args,
    }
}

/// `node.lib`: an import library naming NODE.EXE, made from node-api-headers'
/// `.def` the way a node-gyp build links against node.lib.
fn node_lib(dir: &Path, machine: &str) -> PathBuf {
    let lib = dir.join(format!("node-{machine}.lib"));
    let out = Command::new(zig())
        .arg("dlltool")
        .arg("-d")
        .arg(headers().join("def/node_api.def"))
        .arg("-l")
        .arg(&lib)
        .args(["-m", machine])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zig dlltool: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    lib
}

/// A universal (fat) Mach-O of `slices`: the header and slice table
/// (big-endian), each slice at a 16 KiB boundary, as lipo lays them out.
fn lipo(out: &Path, slices: &[(&Path, u32)]) {
    const ALIGN: u32 = 14;
    let mut table = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    let mut offset = 1u32 << ALIGN;
    for &(path, cputype) in slices {
        let data = std::fs::read(path).unwrap();
        for v in [cputype, 0, offset, data.len() as u32, ALIGN] {
            table.extend_from_slice(&v.to_be_bytes());
        }
        body.resize((offset - (1 << ALIGN)) as usize, 0);
        body.extend_from_slice(&data);
        offset = ((1u32 << ALIGN) + body.len() as u32).next_multiple_of(1 << ALIGN);
    }
    let mut file = Vec::new();
    file.extend_from_slice(&0xcafe_babe_u32.to_be_bytes());
    file.extend_from_slice(&(slices.len() as u32).to_be_bytes());
    file.extend_from_slice(&table);
    file.resize(1 << ALIGN, 0);
    file.extend_from_slice(&body);
    std::fs::write(out, file).unwrap();
}

const CPU_X86_64: u32 = 0x0100_0007;
const CPU_ARM64: u32 = 0x0100_000c;

fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| format!("{}: {}", c["name"], c["detail"]))
        .collect()
}

#[test]
fn darwin_and_win32_builds_pass_and_each_failure_is_caught() {
    let dir = tmp("all");
    let src = dir.join("addon.c");
    std::fs::write(&src, ADDON).unwrap();
    let wsrc = dir.join("win.c");
    std::fs::write(&wsrc, WIN_LOOKUP_ADDON).unwrap();
    let plain = dir.join("plain.c");
    std::fs::write(&plain, PLAIN).unwrap();
    let lib_x64 = node_lib(&dir, "i386:x86-64");
    let lib_arm64 = node_lib(&dir, "arm64");

    let pre = dir.join("prebuilds");
    let mac_x64 = pre.join("darwin-x64/addon.node");
    let mac_arm64 = pre.join("darwin-arm64/addon.node");
    let win_x64 = pre.join("win32-x64/addon.node");
    let win_arm64 = pre.join("win32-arm64/addon.node");
    let bad = dir.join("bad");
    let mac_new = bad.join("darwin-x64/new.node");
    let mac_plain = bad.join("darwin-arm64/plain.node");
    let win_node = bad.join("win32-x64/node-lib.node");
    let win_node_arm64 = bad.join("win32-arm64/node-lib.node");
    build_all(vec![
        mac(&mac_x64, "x86_64-macos.10.15", &src),
        mac(&mac_arm64, "aarch64-macos.11.0", &src),
        mac(&mac_new, "x86_64-macos.13.0", &src),
        mac(&mac_plain, "aarch64-macos.11.0", &plain),
        win(&win_x64, "x86_64-windows-gnu", &wsrc, &[]),
        win(&win_arm64, "aarch64-windows-gnu", &wsrc, &[]),
        win(&win_node, "x86_64-windows-gnu", &src, &[&lib_x64]),
        win(&win_node_arm64, "aarch64-windows-gnu", &src, &[&lib_arm64]),
    ]);

    // Passing: each file for its slot, with what was checked.
    let (ok, r) = audit(&[&mac_x64, &mac_arm64, &win_x64, &win_arm64], &[]);
    assert!(ok, "{r:#?}");
    assert_eq!(r[0]["target"], "darwin-x64");
    assert_eq!(r[0]["facts"]["min_os"], "10.15");
    assert!(check(&r[0], "architecture")["detail"]
        .as_str()
        .unwrap()
        .contains("its directory darwin-x64/ claims darwin-x64"));
    assert!(check(&r[0], "minimum macOS")["detail"]
        .as_str()
        .unwrap()
        .contains("within the 10.15 floor for x64"));
    assert_eq!(r[1]["target"], "darwin-arm64");
    assert_eq!(r[1]["facts"]["min_os"], "11.0");
    assert_eq!(r[1]["facts"]["install_name"], "@rpath/addon.node");
    assert_eq!(
        r[1]["facts"]["needed"],
        serde_json::json!(["/usr/lib/libSystem.B.dylib"])
    );
    assert_eq!(
        check(&r[1], "registration")["detail"],
        "napi_register_module_v1"
    );
    assert!(check(&r[1], "node-api version")["detail"]
        .as_str()
        .unwrap()
        .contains("1 functions imported"));
    for (rep, arch) in [(&r[2], "win32-x64"), (&r[3], "win32-arm64")] {
        assert_eq!(rep["target"], arch);
        assert_eq!(rep["facts"]["format"], "Pe");
        let imports = check(rep, "imports")["detail"].as_str().unwrap();
        assert!(imports.contains("KERNEL32.dll"), "{imports}");
        assert!(!imports.to_lowercase().contains("node.exe"), "{imports}");
    }

    // A universal file: every slice checked, and it fills either slot.
    let fat = pre.join("darwin-x64+arm64/addon.node");
    std::fs::create_dir_all(fat.parent().unwrap()).unwrap();
    lipo(&fat, &[(&mac_x64, CPU_X86_64), (&mac_arm64, CPU_ARM64)]);
    let (ok, r) = audit(&[&fat], &[]);
    assert!(ok, "{r:#?}");
    assert_eq!(r[0]["target"], "darwin-x64+arm64");
    assert_eq!(r[0]["facts"]["slices"].as_array().unwrap().len(), 2);
    let details: Vec<&str> = r[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    for slice in ["x64 slice: macOS 10.15", "arm64 slice: macOS 11.0"] {
        assert!(details.iter().any(|d| d.starts_with(slice)), "{details:#?}");
    }
    // One bad slice fails the whole file, naming the slice.
    let fat_bad = bad.join("darwin-x64+arm64/addon.node");
    std::fs::create_dir_all(fat_bad.parent().unwrap()).unwrap();
    lipo(&fat_bad, &[(&mac_new, CPU_X86_64), (&mac_arm64, CPU_ARM64)]);
    let (ok, r) = audit(&[&fat_bad], &[]);
    assert!(!ok);
    assert_eq!(
        failed(&r[0]),
        vec!["\"minimum macOS\": \"x64 slice: needs macOS 13.0 or later, above the 10.15 floor for x64: older macOS refuses to load it; build for 10.15 (zig: -target x86_64-macos.10.15; Rust: MACOSX_DEPLOYMENT_TARGET=10.15)\""]
    );

    // Too high a minimum macOS; the policy floor can be raised.
    let (ok, r) = audit(&[&mac_new], &[]);
    assert!(!ok);
    assert_eq!(r[0]["facts"]["min_os"], "13.0");
    let f = failed(&r[0]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].contains("needs macOS 13.0 or later, above the 10.15 floor"),
        "{f:#?}"
    );
    let (ok, _) = audit(&[&mac_new], &["--macos-min", "13.0"]);
    assert!(ok);
    // A floor below arm64's first macOS (11.0) means 11.0 there.
    let (ok, r) = audit(&[&mac_x64, &mac_arm64], &["--macos-min", "10.15"]);
    assert!(ok, "{r:#?}");
    let (ok, r) = audit(&[&mac_x64, &mac_arm64], &["--macos-min", "10.13"]);
    assert!(!ok);
    assert_eq!(failed(&r[0]).len(), 1, "{r:#?}");
    assert!(failed(&r[0])[0].contains("above the 10.13 floor for x64"));
    assert!(failed(&r[1]).is_empty(), "{r:#?}");

    // Bound to NODE.EXE by name: failed with the reason, on both arches.
    let (ok, r) = audit(&[&win_node, &win_node_arm64], &[]);
    assert!(!ok);
    for rep in &r {
        let f = failed(rep);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].starts_with("\"imports\": \"binds to NODE.EXE by name"),
            "{f:#?}"
        );
        assert!(f[0].contains("Electron"), "{f:#?}");
        assert!(f[0].contains("renamed"), "{f:#?}");
        assert!(rep["facts"]["imports_per_library"]["NODE.EXE"].as_u64() >= Some(1));
    }

    // The wrong slot: an arm64 Mach-O in darwin-x64/, an x64 DLL in
    // win32-arm64/, a Mach-O where --target says Windows, an ELF in a
    // darwin slot.
    let wrong = dir.join("wrong");
    let slots = [
        (
            &mac_arm64,
            "darwin-x64/addon.node",
            "darwin-arm64",
            "darwin-x64",
        ),
        (
            &win_x64,
            "win32-arm64/addon.node",
            "win32-x64",
            "win32-arm64",
        ),
    ];
    for (file, slot, is, claims) in slots {
        let p = wrong.join(slot);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(file, &p).unwrap();
        let (ok, r) = audit(&[&p], &[]);
        assert!(!ok);
        let f = failed(&r[0]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].contains(&format!(
                "({is}) but its directory {claims}/ claims {claims}"
            )),
            "{f:#?}"
        );
    }
    let (ok, r) = audit(&[&mac_x64], &["--target", "win32-x64"]);
    assert!(!ok);
    assert!(failed(&r[0])[0].contains("but --target win32-x64 claims win32-x64"));
    let named = wrong.join("addon.darwin-x64.node");
    std::fs::copy(&mac_arm64, &named).unwrap();
    let (ok, r) = audit(&[&named], &[]);
    assert!(!ok);
    assert!(failed(&r[0])[0].contains("its name addon.darwin-x64.node claims darwin-x64"));

    // Not a Node-API module.
    let (ok, r) = audit(&[&mac_plain], &[]);
    assert!(!ok);
    let f = failed(&r[0]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].contains("exports no napi_register_module_v1"),
        "{f:#?}"
    );
}

#[test]
fn mach_o_debug_maps_and_install_names_are_build_paths() {
    let dir = tmp("paths");
    let src = dir.join("addon.c");
    std::fs::write(&src, ADDON).unwrap();
    let out = dir.join("darwin-arm64/addon.node");
    // Not stripped, and the install name is the output path.
    let mut job = mac(&out, "aarch64-macos.11.0", &src);
    job.args
        .retain(|a| a != "-s" && a != "-Wl,-install_name,@rpath/addon.node");
    build_all(vec![job]);
    let (ok, r) = audit(&[&out], &[]);
    assert!(!ok);
    let f = failed(&r[0]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].contains("the build machine's paths: install name"),
        "{f:#?}"
    );
    assert!(f[0].contains("debug-map path(s)"), "{f:#?}");
    assert!(f[0].contains("(want @rpath/<name>.node)"), "{f:#?}");
}

/// Reads `dir/conformance.{json,xml,md}`.
fn reports(dir: &Path) -> (Vec<Value>, String, String) {
    let json: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("conformance.json")).unwrap())
            .unwrap();
    (
        json,
        std::fs::read_to_string(dir.join("conformance.xml")).unwrap(),
        std::fs::read_to_string(dir.join("conformance.md")).unwrap(),
    )
}

#[test]
fn verify_reports_macos_and_windows_artifacts_as_audited_not_run_and_merge_joins_runners() {
    let dir = tmp("verify");
    let src = dir.join("addon.c");
    std::fs::write(&src, ADDON).unwrap();
    let wsrc = dir.join("win.c");
    std::fs::write(&wsrc, WIN_LOOKUP_ADDON).unwrap();
    let mac_arm64 = dir.join("prebuilds/darwin-arm64/addon.node");
    let win_x64 = dir.join("prebuilds/win32-x64/addon.node");
    let mac_new = dir.join("bad/darwin-x64/addon.node");
    build_all(vec![
        mac(&mac_arm64, "aarch64-macos.11.0", &src),
        win(&win_x64, "x86_64-windows-gnu", &wsrc, &[]),
        mac(&mac_new, "x86_64-macos.13.0", &src),
    ]);
    let s = |p: &Path| p.display().to_string();

    // Nothing here runs them: one audited cell each, in every format.
    let out = dir.join("linux");
    let (ok, stdout, stderr) = tool(&[
        "verify",
        &s(&mac_arm64),
        &s(&win_x64),
        "--hosts",
        "node",
        "--out",
        &s(&out),
    ]);
    assert!(ok, "{stdout}\n{stderr}");
    let (json, xml, md) = reports(&out);
    assert_eq!(json.len(), 2, "{json:#?}");
    for (cell, target, os) in [
        (&json[0], "darwin-arm64", "macOS"),
        (&json[1], "win32-x64", "Windows"),
    ] {
        assert_eq!(cell["outcome"], "audited");
        assert_eq!(cell["host"], "static audit");
        assert_eq!(cell["target"], target);
        assert_eq!(cell["runner"], "linux-x64");
        let reason = format!("audited, not run: needs a {os} host");
        assert_eq!(cell["reason"], reason.as_str());
        assert!(
            xml.contains(&format!("<skipped message=\"{reason}\"/>")),
            "{xml}"
        );
        assert!(
            md.contains(&format!("| load | {target} | {reason} |")),
            "{md}"
        );
        assert!(stdout.contains(&reason), "{stdout}");
    }
    assert!(
        xml.contains("tests=\"2\" failures=\"0\" skipped=\"2\""),
        "{xml}"
    );

    // A file that fails the audit fails its cell (and verify), with why.
    let bad_out = dir.join("bad-report");
    let (ok, stdout, _) = tool(&[
        "verify",
        &s(&mac_new),
        "--hosts",
        "node",
        "--out",
        &s(&bad_out),
    ]);
    assert!(!ok, "{stdout}");
    let (json, xml, md) = reports(&bad_out);
    assert_eq!(json[0]["outcome"], "fail");
    let reason = json[0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("audit failed (minimum macOS: needs macOS 13.0 or later")
            && reason.ends_with("; not run: needs a macOS host"),
        "{reason}"
    );
    assert!(xml.contains("failures=\"1\""), "{xml}");
    assert!(md.contains("**fail**: audit failed (minimum macOS"), "{md}");

    // The CI runners' reports (as verify writes them on macOS and Windows)
    // merge with this machine's into one matrix: one row per artifact,
    // one column per host and runner.
    let mut runners = Vec::new();
    for (runner, target, artifact) in [
        ("darwin-arm64", "darwin-arm64", &mac_arm64),
        ("win32-x64", "win32-x64", &win_x64),
    ] {
        let cells: Vec<Value> = ["22.11.0", "24.1.0"]
            .iter()
            .map(|v| {
                serde_json::json!({
                    "test": "load", "artifact": s(artifact), "target": target,
                    "host": format!("node v{v}"), "outcome": "pass", "kind": "full run",
                    "reason": "ok", "output": "exports: x", "millis": 40, "runner": runner
                })
            })
            .collect();
        let f = dir.join(format!("{runner}.json"));
        std::fs::write(&f, serde_json::to_string(&cells).unwrap()).unwrap();
        runners.push(f);
    }
    let merged = dir.join("merged");
    let (ok, stdout, stderr) = tool(&[
        "report",
        "merge",
        &s(&out.join("conformance.json")),
        &s(&runners[0]),
        &s(&runners[1]),
        "--out",
        &s(&merged),
    ]);
    assert!(ok, "{stdout}\n{stderr}");
    let (json, xml, md) = reports(&merged);
    assert_eq!(json.len(), 6);
    assert!(
        xml.contains("tests=\"6\" failures=\"0\" skipped=\"2\""),
        "{xml}"
    );
    assert!(
        xml.contains("name=\"load [darwin-arm64] on node v24.1.0 (darwin-arm64)\""),
        "{xml}"
    );
    let header = md.lines().next().unwrap();
    assert_eq!(
        header,
        "| test | artifact | static audit (linux-x64) | node v22.11.0 (darwin-arm64) | node v24.1.0 (darwin-arm64) | node v22.11.0 (win32-x64) | node v24.1.0 (win32-x64) |"
    );
    assert!(
        md.contains(
            "| load | darwin-arm64 | audited, not run: needs a macOS host | pass | pass | – | – |"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| load | win32-x64 | audited, not run: needs a Windows host | – | – | pass | pass |"
        ),
        "{md}"
    );
    assert_eq!(stdout, md);

    // A failed cell on any runner fails the merge; a file that is no
    // report is named.
    let (ok, _, stderr) = tool(&[
        "report",
        "merge",
        &s(&out.join("conformance.json")),
        &s(&bad_out.join("conformance.json")),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("failed cell: load [darwin-x64] on static audit (linux-x64)"),
        "{stderr}"
    );
    let (ok, _, stderr) = tool(&["report", "merge", &s(&src)]);
    assert!(!ok);
    assert!(
        stderr.contains("addon.c is not a conformance.json report"),
        "{stderr}"
    );
}

/// `nabi-prebuild build` of a fixture for the four desktop targets.
fn build_fixture(fixture: &str, out: &Path) -> Vec<PathBuf> {
    let h = headers().join("include");
    let (ok, stdout, stderr) = tool(&[
        "build",
        root()
            .join("prebuild/tests/fixtures")
            .join(fixture)
            .to_str()
            .unwrap(),
        "--target",
        "darwin-x64,darwin-arm64,win32-x64,win32-arm64",
        "--out",
        out.to_str().unwrap(),
        "--headers",
        h.to_str().unwrap(),
    ]);
    assert!(ok, "build {fixture}:\n{stdout}\n{stderr}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
    files
}

#[test]
fn nabi_prebuild_s_own_c_and_cxx_builds_pass_and_windows_cxx_is_static() {
    let dir = tmp("fixtures");
    let c = build_fixture("c-addon", &dir.join("c"));
    let cxx = build_fixture("cxx-addon", &dir.join("cxx"));
    let all: Vec<&Path> = c.iter().chain(&cxx).map(PathBuf::as_path).collect();
    let (ok, r) = audit(&all, &[]);
    let bad: Vec<(String, Vec<String>)> = r
        .iter()
        .filter(|rep| !failed(rep).is_empty())
        .map(|rep| (rep["file"].as_str().unwrap().to_string(), failed(rep)))
        .collect();
    assert!(ok && bad.is_empty(), "{bad:#?}");
    let targets: Vec<&str> = r
        .iter()
        .map(|rep| rep["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["darwin-arm64", "darwin-x64", "win32-arm64", "win32-x64"].repeat(2)
    );
    for rep in &r[..] {
        let win = rep["target"].as_str().unwrap().starts_with("win32");
        let is_cxx = rep["file"].as_str().unwrap().contains("/cxx/");
        if win {
            // The shim, not NODE.EXE.
            assert_eq!(rep["facts"]["host_lookup"], true, "{rep:#}");
            let cxx_check = rep["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == "C++ runtime");
            match (is_cxx, cxx_check) {
                (true, Some(c)) => assert!(
                    c["detail"].as_str().unwrap().starts_with(
                        "the C++ runtime (libc++, libc++abi) and C++ exception support (libunwind) are linked statically"
                    ),
                    "{c:#}"
                ),
                (false, None) => {}
                other => panic!("C++ runtime check for {}: {other:?}", rep["file"]),
            }
        } else {
            assert_eq!(
                rep["facts"]["install_name"].as_str().unwrap(),
                if is_cxx {
                    "@rpath/cxx_addon.node"
                } else {
                    "@rpath/c_addon.node"
                }
            );
        }
    }
}

#[test]
fn a_pdb_path_of_the_build_machine_is_reported() {
    let dir = tmp("pdb");
    let src = dir.join("w.c");
    std::fs::write(&src, WIN_LOOKUP_ADDON).unwrap();
    // zig records only the PDB's file name; MSVC records the full path.
    // Make a name as long as such a path, then write the path over it.
    let name = format!("{}.pdb", "x".repeat(32));
    let full = format!("C:\\ci\\build\\Release\\{}.pdb", "x".repeat(12));
    assert_eq!(name.len(), full.len());
    let dll = dir.join("win32-x64/addon.node");
    let pdb = format!("-Wl,/pdb:{}", dir.join(&name).display());
    let mut job = win(&dll, "x86_64-windows-gnu", &src, &[]);
    job.args.retain(|a| a != "-s");
    job.args.extend(["-g".to_string(), pdb]);
    build_all(vec![job]);
    let (ok, r) = audit(&[&dll], &[]);
    assert!(ok, "{r:#?}");
    assert_eq!(
        check(&r[0], "build paths")["detail"],
        format!("PDB name {name}, no directory").as_str()
    );
    let mut data = std::fs::read(&dll).unwrap();
    let at = data
        .windows(name.len())
        .position(|w| w == name.as_bytes())
        .expect("the CodeView entry names the PDB");
    data[at..at + full.len()].copy_from_slice(full.as_bytes());
    std::fs::write(&dll, data).unwrap();
    let (ok, r) = audit(&[&dll], &[]);
    assert!(!ok);
    assert_eq!(
        failed(&r[0]),
        [format!(
            "\"build paths\": \"the CodeView debug entry names the build machine's PDB path {}: strip the DLL or link with a relative PDB name\"",
            full.replace('\\', "\\\\")
        )]
    );
}

/// A Node-API addon calling `foo()` from a library it links.
const USES_FOO: &str = "#include <node_api.h>\nint foo(void);\nNAPI_MODULE_INIT() { napi_value v; napi_create_int32(env, foo(), &v); return v; }\n";

/// The same for Windows, Node-API resolved from the host process.
const WIN_USES_FOO: &str = "#include <windows.h>\n#include <node_api.h>\nint foo(void);\n\
typedef napi_status (*int32_t_)(napi_env, int, napi_value*);\n\
NAPI_MODULE_INIT() { int32_t_ f = (int32_t_)GetProcAddress(GetModuleHandleW(NULL), \"napi_create_int32\"); napi_value v; f(env, foo(), &v); return v; }\n";

/// An import library for `dll` exporting `foo` (zig dlltool).
fn import_lib(dir: &Path, dll: &str) -> PathBuf {
    let def = dir.join(format!("{dll}.def"));
    std::fs::write(&def, format!("LIBRARY {dll}\nEXPORTS\nfoo\n")).unwrap();
    let lib = dir.join(format!("{dll}.lib"));
    let out = Command::new(zig())
        .arg("dlltool")
        .arg("-d")
        .arg(&def)
        .arg("-l")
        .arg(&lib)
        .args(["-m", "i386:x86-64"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zig dlltool: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    lib
}

/// The rest of the policy, each on a file built to break one rule: Mach-O
/// libraries (a build-machine path, a library shipped beside the addon,
/// the C++ runtime without --allow-cxx), an absolute run path, a Node-API
/// function above the declared version, a universal header naming the
/// wrong CPU for its slices; PE imports outside the allowlist, a MinGW C++
/// runtime DLL, a DLL that registers no module.
#[test]
fn libraries_imports_versions_and_slice_headers_outside_the_policy_fail() {
    let dir = tmp("policy");
    let src = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let foo = src("foo.c", "int foo(void) { return 2; }\n");
    let uses_foo = src("uses_foo.c", USES_FOO);
    let win_uses_foo = src("win_uses_foo.c", WIN_USES_FOO);
    let addon = src("addon.c", ADDON);
    let plain = src("plain.c", PLAIN);
    let napi10 = root().join("prebuild/tests/fixtures/bad/napi10.c");

    // Three macOS libraries exporting foo(), by install name.
    let lib_job = |file: &str, install_name: &str| Job {
        out: dir.join("libs").join(file),
        args: [
            "cc",
            "-target",
            "aarch64-macos.11.0",
            "-shared",
            &format!("-Wl,-install_name,{install_name}"),
            foo.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec(),
    };
    let libs = dir.join("libs");
    build_all(vec![
        lib_job("libfoo.dylib", "/Users/ci/build/libfoo.dylib"),
        lib_job("libbar.dylib", "@rpath/libbar.dylib"),
        lib_job("libcxx.dylib", "/usr/lib/libc++.1.dylib"),
    ]);
    let foo_dll = import_lib(&dir, "foo.dll");
    let stdcxx_dll = import_lib(&dir, "libstdc++-6.dll");
    // What napi-rs's build script links on MinGW, given a real libnode.dll.
    let libnode_dll = import_lib(&dir, "libnode.dll");

    let t = dir.join("t");
    let with = |mut j: Job, extra: &[&str]| {
        j.args.extend(extra.iter().map(|s| s.to_string()));
        j
    };
    let lib = |f: &str| libs.join(f).display().to_string();
    let (mac_abs, mac_rpath, mac_cxx, mac_n10) = (
        t.join("abs.node"),
        t.join("rpath.node"),
        t.join("cxx.node"),
        t.join("n10.node"),
    );
    let (mac_x64, mac_arm64) = (t.join("x64.node"), t.join("arm64.node"));
    let (win_foo, win_stdcxx, win_plain, win_libnode) = (
        t.join("foo-dll.node"),
        t.join("stdcxx-dll.node"),
        t.join("plain-dll.node"),
        t.join("libnode-dll.node"),
    );
    build_all(vec![
        with(
            mac(&mac_abs, "aarch64-macos.11.0", &uses_foo),
            &[&lib("libfoo.dylib"), "-Wl,-rpath,/Users/ci/build/lib"],
        ),
        with(
            mac(&mac_rpath, "aarch64-macos.11.0", &uses_foo),
            &[&lib("libbar.dylib")],
        ),
        with(
            mac(&mac_cxx, "aarch64-macos.11.0", &uses_foo),
            &[&lib("libcxx.dylib")],
        ),
        mac(&mac_n10, "aarch64-macos.11.0", &napi10),
        mac(&mac_x64, "x86_64-macos.10.15", &addon),
        mac(&mac_arm64, "aarch64-macos.11.0", &addon),
        win(&win_foo, "x86_64-windows-gnu", &win_uses_foo, &[&foo_dll]),
        win(
            &win_stdcxx,
            "x86_64-windows-gnu",
            &win_uses_foo,
            &[&stdcxx_dll],
        ),
        win(&win_plain, "x86_64-windows-gnu", &plain, &[]),
        win(
            &win_libnode,
            "x86_64-windows-gnu",
            &win_uses_foo,
            &[&libnode_dll],
        ),
    ]);
    let fails = |file: &Path, args: &[&str]| -> Vec<String> {
        let (ok, r) = audit(&[file], args);
        let f = failed(&r[0]);
        assert_eq!(ok, f.is_empty(), "{r:#?}");
        f
    };

    // Mach-O: linked libraries and run paths.
    assert_eq!(
        fails(&mac_abs, &[]),
        [
            "\"linked libraries\": \"not allowed: /Users/ci/build/libfoo.dylib (a path on the build machine)\"",
            "\"build paths\": \"the build machine's paths: run path /Users/ci/build/lib\"",
        ]
    );
    assert_eq!(
        fails(&mac_rpath, &[]),
        ["\"linked libraries\": \"not allowed: @rpath/libbar.dylib (a library shipped beside the addon: a .node file must stand alone)\""]
    );
    assert_eq!(
        fails(&mac_cxx, &[]),
        ["\"linked libraries\": \"not allowed: /usr/lib/libc++.1.dylib (the C++ runtime: pass --allow-cxx to ship it)\""]
    );
    assert_eq!(fails(&mac_cxx, &["--allow-cxx"]), Vec::<String>::new());

    // Mach-O: Node-API above the declared version.
    assert_eq!(
        fails(&mac_n10, &["--napi", "8"]),
        ["\"node-api version\": \"declared 8 but uses node_api_create_property_key_utf8 (Node-API 10)\""]
    );
    assert_eq!(fails(&mac_n10, &["--napi", "10"]), Vec::<String>::new());

    // A universal file whose header swaps its slices' CPUs: dyld would
    // hand each Mac the other CPU's code.
    let swapped = dir.join("darwin-x64+arm64/addon.node");
    std::fs::create_dir_all(swapped.parent().unwrap()).unwrap();
    lipo(&swapped, &[(&mac_x64, CPU_ARM64), (&mac_arm64, CPU_X86_64)]);
    assert_eq!(
        fails(&swapped, &[]),
        [
            "\"architecture\": \"x64 slice: the universal header lists it as arm64: dyld would load this x64 code on an arm64 Mac; rebuild the universal file (lipo -create)\"",
            "\"architecture\": \"arm64 slice: the universal header lists it as x64: dyld would load this arm64 code on an x64 Mac; rebuild the universal file (lipo -create)\"",
        ]
    );
    let (ok, r) = audit(&[&swapped], &[]);
    assert!(!ok);
    assert_eq!(r[0]["facts"]["slices"][0]["fat_header_machine"], "Aarch64");

    // PE: imports outside the allowlist; the C++ runtime as a DLL.
    assert_eq!(
        fails(&win_foo, &[]),
        ["\"imports\": \"binds to foo.dll (not in the allowlist, policy/win32.json)\""]
    );
    assert_eq!(
        fails(&win_stdcxx, &[]),
        [
            "\"imports\": \"binds to libstdc++-6.dll (a MinGW/LLVM runtime DLL users do not have: link it statically)\"",
            "\"C++ runtime\": \"shared (libstdc++-6.dll): users do not have it; link the C++ runtime statically\"",
        ]
    );
    // PE: bound to a shared-library Node by name, with the reason.
    let f = fails(&win_libnode, &[]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].starts_with("\"imports\": \"binds to libnode.dll by name (1 functions): the DLL loads only in a process that has a module named libnode.dll"),
        "{f:#?}"
    );
    // PE: no napi_register_module_v1 and no static registration.
    assert_eq!(
        fails(&win_plain, &[]),
        ["\"registration\": \"exports no napi_register_module_v1 and has no constructor calling napi_module_register\""]
    );
}

/// A file for macOS 10.13 or older carries LC_VERSION_MIN_MACOSX instead of
/// LC_BUILD_VERSION (zig writes it as Apple's linker does): the audit reads
/// that one too and holds it against the floor.
#[test]
fn the_older_lc_version_min_macosx_is_read_and_checked() {
    use object::read::macho::{LoadCommandVariant, MachOFile64};
    let dir = tmp("version-min");
    let src = dir.join("addon.c");
    std::fs::write(&src, ADDON).unwrap();
    let out = dir.join("darwin-x64/addon.node");
    build_all(vec![mac(&out, "x86_64-macos.10.13", &src)]);
    let data = std::fs::read(&out).unwrap();
    let file = MachOFile64::<object::Endianness>::parse(&*data).unwrap();
    let mut cmds = file.macho_load_commands().unwrap();
    let (mut version_min, mut build_version) = (false, false);
    while let Some(c) = cmds.next().unwrap() {
        match c.variant().unwrap() {
            LoadCommandVariant::VersionMin(_) => version_min = true,
            LoadCommandVariant::BuildVersion(_) => build_version = true,
            _ => {}
        }
    }
    assert!(version_min && !build_version, "zig wrote LC_BUILD_VERSION");
    let (ok, r) = audit(&[&out], &[]);
    assert!(ok, "{r:#?}");
    assert_eq!(r[0]["facts"]["min_os"], "10.13");
    assert_eq!(
        check(&r[0], "minimum macOS")["detail"],
        "macOS 10.13, within the 10.15 floor for x64"
    );
    let (ok, r) = audit(&[&out], &["--macos-min", "10.12"]);
    assert!(!ok);
    assert!(
        failed(&r[0])[0].contains("needs macOS 10.13 or later, above the 10.12 floor for x64"),
        "{r:#?}"
    );
}
