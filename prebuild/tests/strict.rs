//! `verify --strict` (docs/STRICT.md): the test runs again in nabi under
//! `--napi-strict=warn`, and each Node-API misuse found is a failed row of
//! its own in the JSON, JUnit and Markdown reports. The addons are
//! strict mode's own fixtures (`fixtures/strict/`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{nabi, root, tool};

/// Compiles `fixtures/strict/<name>.c` into `<dir>/<name>.node`.
fn addon(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.node"));
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-g", "-pthread", "-I"])
        .arg(root().join("fixtures/node_modules/node-api-headers/include"))
        .arg(root().join(format!("fixtures/strict/{name}.c")))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("run cc");
    assert!(status.success(), "compiling {name}");
    out
}

/// `verify --strict` of the fixture `name` with a test that runs its
/// misuse: (exit ok, cells, JUnit, Markdown).
fn verify(name: &str) -> (bool, Vec<Value>, String, String) {
    let dir = common::tmp("strict", name);
    let artifact = addon(&dir, name);
    let test = dir.join("misuse.js");
    std::fs::write(
        &test,
        "const [status] = require(process.env.NABI_ADDON).run();\nconsole.log('status', status);\n",
    )
    .unwrap();
    let report = dir.join("report");
    let nabi = nabi();
    let (ok, stdout, stderr) = tool(&[
        "verify",
        "--hosts",
        "nabi",
        "--nabi",
        nabi.to_str().unwrap(),
        "--strict",
        "--out",
        report.to_str().unwrap(),
        "--test",
        test.to_str().unwrap(),
        artifact.to_str().unwrap(),
    ]);
    let json = std::fs::read_to_string(report.join("conformance.json"))
        .unwrap_or_else(|e| panic!("no report ({e}):\n{stdout}\n{stderr}"));
    let cells: Vec<Value> = serde_json::from_str(&json).unwrap();
    let xml = std::fs::read_to_string(report.join("conformance.xml")).unwrap();
    let md = std::fs::read_to_string(report.join("conformance.md")).unwrap();
    (ok, cells, xml, md)
}

fn find<'a>(cells: &'a [Value], test: &str) -> &'a Value {
    cells
        .iter()
        .find(|c| c["test"] == test)
        .unwrap_or_else(|| panic!("no cell {test:?} in {cells:#?}"))
}

#[test]
fn misuse_is_a_failed_row_of_its_own() {
    let (ok, cells, xml, md) = verify("scope_closed_twice");
    assert!(!ok, "a strict finding fails verify");
    // The ordinary cell still passes (warn mode changes no status there).
    assert_eq!(find(&cells, "misuse.js")["outcome"], "pass");
    let row = find(&cells, "misuse.js strict: scope-closed-twice");
    assert_eq!(row["outcome"], "fail", "{row}");
    assert_eq!(row["host"], "nabi");
    assert_eq!(row["kind"], "strict");
    let reason = row["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("scope-closed-twice in napi_close_handle_scope at "),
        "{reason}"
    );
    assert!(
        reason.contains("scope_closed_twice.c"),
        "the site: {reason}"
    );
    assert!(row["output"].as_str().unwrap().contains("misuse"), "{row}");
    assert!(
        xml.contains(
            "name=\"misuse.js strict: scope-closed-twice [linux-x64-gnu] on nabi (linux-x64)\""
        ) && xml.contains("<failure message=\"scope-closed-twice in napi_close_handle_scope"),
        "{xml}"
    );
    assert!(
        md.contains("| misuse.js strict: scope-closed-twice | linux-x64-gnu | **fail**: scope-closed-twice in napi_close_handle_scope"),
        "{md}"
    );
}

#[test]
fn clean_addon_gets_one_passing_row() {
    let (ok, cells, _, md) = verify("clean");
    assert!(ok, "{cells:#?}");
    let row = find(&cells, "misuse.js strict");
    assert_eq!(row["outcome"], "pass", "{row}");
    assert_eq!(row["reason"], "no Node-API misuse found");
    assert!(!cells
        .iter()
        .any(|c| c["test"].as_str().unwrap().starts_with("misuse.js strict:")));
    assert!(
        md.contains("| misuse.js strict | linux-x64-gnu | pass |"),
        "{md}"
    );
}

/// The reusable workflow's `strict` input reaches both matrix commands of
/// the composite action as `--strict` (actionlint runs in tests/ci.rs).
#[test]
fn the_workflow_has_a_strict_input() {
    let wf = std::fs::read_to_string(root().join("ci/workflows/prebuild.yml")).unwrap();
    assert!(wf.contains("      strict:\n        description:"), "{wf}");
    assert!(wf.contains("        type: boolean\n        default: false"));
    assert!(wf.contains("          strict: ${{ inputs.strict }}"));
    let action = std::fs::read_to_string(root().join("ci/action/action.yml")).unwrap();
    assert!(action.contains("  strict:\n    description:"));
    let flag = "${{ inputs.strict == 'true' && '--strict' || '' }}";
    for command in ["nabi-prebuild verify ", "nabi-prebuild conformance "] {
        let line = action
            .lines()
            .find(|l| l.contains(command))
            .unwrap_or_else(|| panic!("no {command}"));
        assert!(line.ends_with(flag), "{line}");
    }
}
