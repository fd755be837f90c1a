//! `verify` and `conformance`: load artifacts in real hosts and run tests,
//! producing a matrix of cells (pass / fail / skip, each with its reason and
//! an output excerpt) written as JSON, JUnit XML and a Markdown table, and a
//! policy (`--require "node>=18, bun, nabi"`) deciding which cells must pass.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Serialize;

use crate::hosts::{Host, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// The test (a file name, or `load` for the default smoke test).
    pub test: String,
    pub artifact: Option<String>,
    pub target: Option<String>,
    pub host: String,
    pub outcome: Outcome,
    /// `full run` or `link probe`.
    pub kind: &'static str,
    pub reason: String,
    pub output: String,
    pub millis: u128,
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
        },
        reason: String::new(),
        output: String::new(),
        millis: 0,
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
                use std::os::unix::process::ExitStatusExt;
                cell.reason = match out.status.signal() {
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
    let skipped = cells.iter().filter(|c| c.outcome == Outcome::Skip).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"nabi-prebuild conformance\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
        cells.len()
    );
    for c in cells {
        let name = format!(
            "{} [{}] on {}",
            c.test,
            c.target.as_deref().unwrap_or("-"),
            c.host
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
            Outcome::Skip => {
                out.push_str(&format!("<skipped message=\"{}\"/>", xml_escape(&c.reason)))
            }
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// Rows: test × artifact; columns: hosts.
pub fn markdown(cells: &[Cell], hosts: &[Host]) -> String {
    // A host whose every cell was skipped gets no column, only a line.
    let (shown, skipped): (Vec<&Host>, Vec<&Host>) = hosts.iter().partition(|h| {
        cells
            .iter()
            .any(|c| c.host == h.name && c.outcome != Outcome::Skip)
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
        out.push_str(&format!(" {} |", h.name));
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
                .find(|c| c.test == test && c.target == target && c.host == h.name);
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
                },
            };
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
    }
    for h in &skipped {
        let mut reasons: Vec<&str> = cells
            .iter()
            .filter(|c| c.host == h.name)
            .map(|c| c.reason.as_str())
            .collect();
        reasons.dedup();
        out.push_str(&format!(
            "\n{}: every cell skipped ({})",
            h.name,
            reasons.join("; ")
        ));
    }
    if !skipped.is_empty() {
        out.push('\n');
    }
    out.push_str("\nFull runs load the artifact in the host and run the test; link probes only dlopen it (RTLD_NOW) on the target's libc.\n");
    out
}

/// Writes `conformance.json`, `conformance.xml`, `conformance.md` to `dir`.
pub fn write_reports(dir: &Path, cells: &[Cell], hosts: &[Host]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = vec![
        dir.join("conformance.json"),
        dir.join("conformance.xml"),
        dir.join("conformance.md"),
    ];
    std::fs::write(&files[0], serde_json::to_string_pretty(cells)? + "\n")?;
    std::fs::write(&files[1], junit(cells))?;
    std::fs::write(&files[2], markdown(cells, hosts))?;
    Ok(files)
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
    let arts: Vec<Option<&Path>> = if artifacts.is_empty() {
        vec![None]
    } else {
        artifacts.iter().map(|a| Some(a.as_path())).collect()
    };
    let tests: Vec<Option<&Path>> = if tests.is_empty() {
        vec![None]
    } else {
        tests.iter().map(|t| Some(t.as_path())).collect()
    };
    progress.set_length((arts.len() * tests.len() * hosts.len()) as u64);
    let mut cells = Vec::new();
    for (i, t) in tests.iter().enumerate() {
        for a in &arts {
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
