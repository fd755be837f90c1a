//! `verify` and `conformance`: load artifacts in real hosts and run tests,
//! producing a matrix of cells (pass / fail / skip, each with its reason and
//! an output excerpt) written as JSON, JUnit XML and a Markdown table, and a
//! policy (`--require "node>=18, bun, nabi"`) deciding which cells must pass.
//! An artifact for another OS (a macOS or Windows build on Linux) cannot be
//! run here: it gets one `audited` cell ("audited, not run: needs a macOS
//! host") from the static audit, never a silent skip. `report merge` joins
//! the JSON of several machines (the CI runners) into one matrix.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::hosts::{Host, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
    /// Passed the static audit; no host on this machine can run it.
    Audited,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Cell {
    /// The test (a file name, or `load` for the default smoke test).
    pub test: String,
    pub artifact: Option<String>,
    pub target: Option<String>,
    pub host: String,
    pub outcome: Outcome,
    /// `full run`, `link probe` or `static audit`.
    pub kind: String,
    pub reason: String,
    pub output: String,
    pub millis: u128,
    /// The machine that produced the cell (`linux-x64`, `darwin-arm64`,
    /// `win32-x64`): merged reports keep the CI runners apart.
    #[serde(default)]
    pub runner: String,
}

/// A canonical path as hosts take it: on Windows, without the `\\?\`
/// prefix `canonicalize` adds (which `require()` does not expect).
pub fn plain_path(p: PathBuf) -> PathBuf {
    match p.to_str().and_then(|s| s.strip_prefix(r"\\?\")) {
        Some(rest) if !rest.starts_with("UNC") => PathBuf::from(rest),
        _ => p,
    }
}

/// This machine as a runner name: `darwin-arm64`.
pub fn runner() -> String {
    let (p, a) = crate::hosts::this_machine();
    format!("{p}-{a}")
}

fn os_name(platform: &str) -> &str {
    match platform {
        "darwin" => "macOS",
        "win32" => "Windows",
        "linux" => "Linux",
        other => other,
    }
}

/// The cell of an artifact for another OS: the static audit stands in for
/// the run, and says which host would run it.
pub fn audited_cell(artifact: &Path, test: Option<&Path>, platform: &str) -> Cell {
    let report = crate::audit::audit(artifact, &crate::audit::Expectations::default());
    let needs = format!("needs a {} host", os_name(platform));
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect();
    Cell {
        test: test.map_or("load".into(), |t| {
            t.file_name().unwrap().to_string_lossy().into_owned()
        }),
        artifact: Some(artifact.display().to_string()),
        target: report.target.clone(),
        host: "static audit".into(),
        outcome: if failed.is_empty() {
            Outcome::Audited
        } else {
            Outcome::Fail
        },
        kind: "static audit".into(),
        reason: if failed.is_empty() {
            format!("audited, not run: {needs}")
        } else {
            format!("audit failed ({}); not run: {needs}", failed.join("; "))
        },
        output: crate::audit::render(&report),
        millis: 0,
        runner: runner(),
    }
}

/// The default smoke test: load the addon, check it exports something.
const SMOKE: &str = "const m = require(process.env.NABI_ADDON); \
if (m === null || (typeof m !== 'object' && typeof m !== 'function') || Object.keys(m).length === 0) \
throw new Error('the addon exports nothing'); console.log('exports: ' + Object.keys(m).sort().join(','));";

/// The default smoke test as a CommonJS file in the tool cache (every host
/// runs a file; not all of them have `-e`).
fn smoke_file() -> Result<PathBuf> {
    let f = crate::cache::dir().join("smoke.cjs");
    crate::cache::write_file(&f, SMOKE.as_bytes(), 0o644)?;
    Ok(f)
}

fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.len() <= 600 {
        s.to_string()
    } else {
        let mut cut = s.len() - 600;
        while !s.is_char_boundary(cut) {
            cut += 1;
        }
        format!("…{}", &s[cut..])
    }
}

/// Why a failed run failed, in words: a Node-API version mismatch is named.
fn failure_reason(output: &str, host: &Host) -> String {
    if let Some(pos) = output.find("Node-API version ") {
        let n: String = output[pos + 17..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !n.is_empty() {
            return format!("needs Node-API {n}, host has {}", host.napi);
        }
    }
    output
        .lines()
        .find(|l| l.contains("Error") || l.contains("error"))
        .unwrap_or_else(|| output.lines().last().unwrap_or("failed"))
        .trim()
        .to_string()
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        9 => "SIGKILL (or the timeout)",
        11 => "SIGSEGV",
        _ => "signal",
    }
}

/// What the package declares, which every cell is held to.
#[derive(Default)]
pub struct Limits {
    /// The Node-API version the artifacts need.
    pub napi: Option<u32>,
    /// The package's `engines.node`.
    pub engines: Option<semver::VersionReq>,
}

/// `engines.node` of the nearest package.json above `artifact`.
pub fn engines_above(artifact: &Path) -> Option<String> {
    let start = std::fs::canonicalize(artifact).ok()?;
    start.ancestors().skip(1).find_map(|d| {
        let text = std::fs::read_to_string(d.join("package.json")).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        Some(v["engines"]["node"].as_str()?.to_string())
    })
}

/// Runs one cell.
pub fn run_cell(
    host: &Host,
    artifact: Option<&Path>,
    test: Option<&Path>,
    env: &[(String, String)],
    limits: &Limits,
) -> Cell {
    let declared_napi = limits.napi;
    // Where the file sits says its target; else what the file is.
    let target = artifact
        .and_then(|a| crate::target::claimed_by_path(a).or_else(|| crate::audit::target_of(a)));
    let mut cell = Cell {
        test: test.map_or("load".into(), |t| {
            t.file_name().unwrap().to_string_lossy().into_owned()
        }),
        artifact: artifact.map(|a| a.display().to_string()),
        target: target.map(|t| t.name.to_string()),
        host: host.name.clone(),
        outcome: Outcome::Skip,
        kind: if host.full_run {
            "full run"
        } else {
            "link probe"
        }
        .into(),
        reason: String::new(),
        output: String::new(),
        millis: 0,
        runner: runner(),
    };
    if let (Some(_), None) = (artifact, target) {
        cell.outcome = Outcome::Fail;
        cell.reason = "cannot tell the artifact's target from its path or its content".into();
        return cell;
    }
    if let Some(t) = target {
        if !host.can_run(t) {
            cell.reason = format!("{} cannot run {}", host.name, t.name);
            return cell;
        }
    }
    if let (Kind::Node { version }, Some(req)) = (&host.kind, &limits.engines) {
        if !req.matches(version) {
            cell.reason = format!(
                "{} (v{version}) is outside engines.node \"{req}\"",
                host.name
            );
            return cell;
        }
    }
    if let Some(n) = declared_napi.filter(|&n| n > host.napi) {
        cell.outcome = Outcome::Fail;
        cell.reason = format!("needs Node-API {n}, host has {}", host.napi);
        return cell;
    }
    let start = Instant::now();
    let result = match host.kind {
        Kind::LinkProbe => match crate::hosts::link_probe(target.expect("probes need an artifact"))
        {
            Ok(probe) => {
                let mut cmd = Command::new(&probe[0]);
                cmd.args(&probe[1..]).arg(artifact.unwrap());
                output_with_timeout(cmd, Duration::from_secs(60))
            }
            Err(e) => {
                cell.reason = format!("{e:#}");
                return cell;
            }
        },
        _ => {
            let mut cmd = Command::new(host.program.as_ref().expect("runnable host"));
            cmd.args(&host.prefix);
            match test {
                Some(t) => {
                    cmd.arg(t).current_dir(t.parent().unwrap_or(Path::new(".")));
                }
                None => match smoke_file() {
                    Ok(f) => {
                        cmd.arg(f);
                    }
                    Err(e) => {
                        cell.outcome = Outcome::Fail;
                        cell.reason = format!("writing the default smoke test failed: {e:#}");
                        return cell;
                    }
                },
            }
            if let Some(a) = artifact {
                cmd.env("NABI_ADDON", a);
            }
            for (k, v) in env {
                cmd.env(k, v);
            }
            output_with_timeout(cmd, Duration::from_secs(60))
        }
    };
    cell.millis = start.elapsed().as_millis();
    match result {
        Err(e) => {
            cell.outcome = Outcome::Fail;
            cell.reason = format!("could not start {}: {e}", host.name);
        }
        Ok(out) => {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            // A pass shows what the test printed; a failure, its errors too.
            cell.output = if out.status.success() {
                excerpt(&String::from_utf8_lossy(&out.stdout))
            } else {
                excerpt(&text)
            };
            if out.status.success() {
                cell.outcome = Outcome::Pass;
                cell.reason = "ok".into();
            } else {
                cell.outcome = Outcome::Fail;
                #[cfg(unix)]
                let signal = {
                    use std::os::unix::process::ExitStatusExt;
                    out.status.signal()
                };
                #[cfg(not(unix))]
                let signal: Option<i32> = None;
                cell.reason = match signal {
                    // A crash says so first: the output's last line is
                    // often something unrelated that was printed before.
                    Some(sig) => format!(
                        "{} crashed with signal {sig} ({})",
                        host.name,
                        signal_name(sig)
                    ),
                    None => failure_reason(&text, host),
                };
            }
        }
    }
    cell
}

fn output_with_timeout(mut cmd: Command, limit: Duration) -> std::io::Result<std::process::Output> {
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let t1 = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t2 = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ok(std::process::Output {
        status,
        stdout: t1.join().unwrap(),
        stderr: t2.join().unwrap(),
    })
}

// ---- policy ----

/// One `--require` entry: a host name, optionally `node>=N`.
#[derive(Debug)]
pub struct Requirement {
    pub host: String,
    /// `node>=18`: the Node hosts whose version matches.
    pub range: Option<semver::VersionReq>,
}

pub fn parse_policy(s: &str) -> Result<Vec<Requirement>> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.find(['>', '<', '=', '^', '~']) {
            Some(i) => {
                let range = semver::VersionReq::parse(&p[i..])
                    .map_err(|e| anyhow::anyhow!("bad version range in policy entry {p:?}: {e}"))?;
                Ok(Requirement {
                    host: p[..i].trim().to_string(),
                    range: Some(range),
                })
            }
            None => Ok(Requirement {
                host: p.to_string(),
                range: None,
            }),
        })
        .collect()
}

fn required(cell: &Cell, hosts: &[Host], policy: &[Requirement]) -> bool {
    let host = hosts.iter().find(|h| h.name == cell.host);
    policy
        .iter()
        .any(|r| match (&r.range, host.map(|h| &h.kind)) {
            (Some(range), Some(Kind::Node { version })) => {
                r.host == "node" && range.matches(version)
            }
            (None, _) => r.host == cell.host || (r.host == "node" && cell.host.starts_with("node")),
            _ => false,
        })
}

/// Cells a policy requires that did not pass (skips count: a required host
/// that cannot run the artifact is a gap).
pub fn violations<'a>(cells: &'a [Cell], hosts: &[Host], policy: &[Requirement]) -> Vec<&'a Cell> {
    cells
        .iter()
        .filter(|c| {
            c.outcome != Outcome::Pass
                && required(c, hosts, policy)
                && !c.reason.contains("cannot run")
                && !c.reason.contains("outside engines.node")
        })
        .collect()
}

// ---- reports ----

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn junit(cells: &[Cell]) -> String {
    let failures = cells.iter().filter(|c| c.outcome == Outcome::Fail).count();
    // Audited cells are reported as skipped runs, with why.
    let skipped = cells
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Skip | Outcome::Audited))
        .count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"nabi-prebuild conformance\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
        cells.len()
    );
    for c in cells {
        let name = format!(
            "{} [{}] on {}{}",
            c.test,
            c.target.as_deref().unwrap_or("-"),
            c.host,
            if c.runner.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.runner)
            }
        );
        out.push_str(&format!(
            "  <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">",
            xml_escape(&c.host),
            xml_escape(&name),
            c.millis as f64 / 1000.0
        ));
        match c.outcome {
            Outcome::Pass => {}
            Outcome::Fail => out.push_str(&format!(
                "<failure message=\"{}\">{}</failure>",
                xml_escape(&c.reason),
                xml_escape(&c.output)
            )),
            Outcome::Skip | Outcome::Audited => {
                out.push_str(&format!("<skipped message=\"{}\"/>", xml_escape(&c.reason)))
            }
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// Rows: test × artifact; columns: hosts (per runner, when the cells come
/// from more than one machine), in the order they first appear.
pub fn markdown(cells: &[Cell]) -> String {
    let mut runners: Vec<&str> = cells.iter().map(|c| c.runner.as_str()).collect();
    runners.sort();
    runners.dedup();
    let column = |c: &Cell| -> String {
        if runners.len() > 1 {
            format!("{} ({})", c.host, c.runner)
        } else {
            c.host.clone()
        }
    };
    let mut columns: Vec<String> = Vec::new();
    for c in cells {
        let k = column(c);
        if !columns.contains(&k) {
            columns.push(k);
        }
    }
    // A column whose every cell was skipped gets no column, only a line.
    let (shown, skipped): (Vec<String>, Vec<String>) = columns.into_iter().partition(|k| {
        cells
            .iter()
            .any(|c| &column(c) == k && c.outcome != Outcome::Skip)
    });
    let mut rows: Vec<(String, Option<String>)> = Vec::new();
    for c in cells {
        let key = (c.test.clone(), c.target.clone());
        if !rows.contains(&key) {
            rows.push(key);
        }
    }
    let mut out = String::from("| test | artifact |");
    for h in &shown {
        out.push_str(&format!(" {h} |"));
    }
    out.push_str("\n|---|---|");
    for _ in &shown {
        out.push_str("---|");
    }
    out.push('\n');
    for (test, target) in rows {
        out.push_str(&format!(
            "| {test} | {} |",
            target.as_deref().unwrap_or("-")
        ));
        for h in &shown {
            let cell = cells
                .iter()
                .find(|c| c.test == test && c.target == target && &column(c) == h);
            let text = match cell {
                None => "–".to_string(),
                Some(c) => match c.outcome {
                    Outcome::Pass => format!(
                        "pass{}",
                        if c.kind == "link probe" {
                            " (link probe)"
                        } else {
                            ""
                        }
                    ),
                    Outcome::Fail => format!("**fail**: {}", c.reason.replace('|', "\\|")),
                    Outcome::Skip => format!("skip: {}", c.reason.replace('|', "\\|")),
                    Outcome::Audited => c.reason.replace('|', "\\|"),
                },
            };
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
    }
    for h in &skipped {
        let mut reasons: Vec<&str> = cells
            .iter()
            .filter(|c| &column(c) == h)
            .map(|c| c.reason.as_str())
            .collect();
        reasons.dedup();
        out.push_str(&format!(
            "\n{h}: every cell skipped ({})",
            reasons.join("; ")
        ));
    }
    if !skipped.is_empty() {
        out.push('\n');
    }
    out.push_str("\nFull runs load the artifact in the host and run the test; link probes only dlopen it (RTLD_NOW) on the target's libc; \"audited, not run\" cells are artifacts for another OS, checked by the static audit only (their runs come from the CI runners of that OS).\n");
    out
}

/// Writes `conformance.json`, `conformance.xml`, `conformance.md` to `dir`.
pub fn write_reports(dir: &Path, cells: &[Cell]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = vec![
        dir.join("conformance.json"),
        dir.join("conformance.xml"),
        dir.join("conformance.md"),
    ];
    std::fs::write(&files[0], serde_json::to_string_pretty(cells)? + "\n")?;
    std::fs::write(&files[1], junit(cells))?;
    std::fs::write(&files[2], markdown(cells))?;
    Ok(files)
}

/// The cells of several `conformance.json` files (one per CI runner), in
/// order. A file that is not such a report is an error naming it.
pub fn merge(files: &[PathBuf]) -> Result<Vec<Cell>> {
    let mut cells = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let mut more: Vec<Cell> = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a conformance.json report (written by verify/conformance --out)",
                f.display()
            )
        })?;
        cells.append(&mut more);
    }
    Ok(cells)
}

/// The paths as options, or one `None` when there are none: no test runs
/// the smoke test, no artifact loads the package as it is.
pub fn or_none(paths: &[PathBuf]) -> Vec<Option<&Path>> {
    if paths.is_empty() {
        vec![None]
    } else {
        paths.iter().map(|p| Some(p.as_path())).collect()
    }
}

/// All cells: every test (or the smoke test) × artifact (or none) × host.
pub fn matrix(
    hosts: &[Host],
    artifacts: &[PathBuf],
    tests: &[PathBuf],
    env: &[(String, String)],
    limits: &Limits,
    progress: &indicatif::ProgressBar,
) -> Vec<Cell> {
    let (arts, tests) = (or_none(artifacts), or_none(tests));
    progress.set_length((arts.len() * tests.len() * hosts.len()) as u64);
    let here = crate::hosts::this_machine().0;
    let mut cells = Vec::new();
    for (i, t) in tests.iter().enumerate() {
        for a in &arts {
            // Built for another OS: no host here can run it.
            if let Some(platform) = a.and_then(platform_of).filter(|p| p != here) {
                cells.push(audited_cell(a.unwrap(), *t, &platform));
                progress.inc(hosts.len() as u64);
                continue;
            }
            for h in hosts {
                // Link probes only load: one `load` cell per artifact.
                if matches!(h.kind, Kind::LinkProbe) {
                    if i == 0 {
                        cells.push(run_cell(h, *a, None, env, limits));
                    }
                    progress.inc(1);
                    continue;
                }
                progress.set_message(format!(
                    "{} on {}",
                    t.map_or("load".into(), |t| t.display().to_string()),
                    h.name
                ));
                cells.push(run_cell(h, *a, *t, env, limits));
                progress.inc(1);
            }
        }
    }
    cells
}

/// The OS an artifact is for: where it sits, else what it is.
fn platform_of(artifact: &Path) -> Option<String> {
    crate::target::claimed_by_path(artifact)
        .map(|t| t.platform.to_string())
        .or_else(|| crate::audit::platform_of(artifact))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_verbatim_paths_lose_their_prefix() {
        let p = |s: &str| plain_path(PathBuf::from(s));
        assert_eq!(p(r"\\?\D:\a\x.node"), PathBuf::from(r"D:\a\x.node"));
        assert_eq!(
            p(r"\\?\UNC\srv\x.node"),
            PathBuf::from(r"\\?\UNC\srv\x.node")
        );
        assert_eq!(p("/work/x.node"), PathBuf::from("/work/x.node"));
    }
}
