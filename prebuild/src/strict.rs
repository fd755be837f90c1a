//! `--strict` (verify, conformance): the nabi cells run again under
//! `nabi --napi-strict=warn` (docs/STRICT.md), through `NODE_OPTIONS` so a
//! test's child processes are covered too. Each diagnostic in the report
//! nabi writes becomes a row of its own: `<test> strict: <check>`, failed,
//! with the function, site and count as its reason and the native
//! backtrace as its output. A run with no diagnostic gets one passing
//! `<test> strict` row.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::hosts::{Host, Kind};
use crate::verify::{or_none, run_cell, Cell, Limits, Outcome};

/// One record of `--napi-strict-report` (napi-host/src/strict.rs).
#[derive(Deserialize)]
struct Diagnostic {
    check: String,
    function: String,
    site: String,
    detail: String,
    count: u64,
    backtrace: Vec<String>,
}

/// The strict rows for every nabi host × test (or the smoke test) ×
/// artifact (or none).
pub fn cells(
    hosts: &[Host],
    artifacts: &[PathBuf],
    tests: &[PathBuf],
    env: &[(String, String)],
    limits: &Limits,
    progress: &indicatif::ProgressBar,
) -> Vec<Cell> {
    let (arts, tests) = (or_none(artifacts), or_none(tests));
    let mut out = Vec::new();
    for h in hosts.iter().filter(|h| matches!(h.kind, Kind::Nabi)) {
        for t in &tests {
            for a in &arts {
                progress.set_message(format!(
                    "{} on {} --napi-strict",
                    t.map_or("load".into(), |t| t.display().to_string()),
                    h.name
                ));
                out.extend(strict_cells(h, *a, *t, env, limits));
            }
        }
    }
    out
}

fn strict_cells(
    host: &Host,
    artifact: Option<&Path>,
    test: Option<&Path>,
    env: &[(String, String)],
    limits: &Limits,
) -> Vec<Cell> {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let report = std::env::temp_dir().join(format!(
        "nabi-prebuild-strict-{}-{}.json",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&report);
    // The test's own NODE_OPTIONS (from --env, else inherited) are kept.
    let base = env
        .iter()
        .rev()
        .find(|(k, _)| k == "NODE_OPTIONS")
        .map(|(_, v)| v.clone())
        .or_else(|| std::env::var("NODE_OPTIONS").ok())
        .unwrap_or_default();
    let mut env: Vec<(String, String)> = env.to_vec();
    env.push((
        "NODE_OPTIONS".into(),
        format!(
            "{base} --napi-strict=warn --napi-strict-report={}",
            report.display()
        )
        .trim_start()
        .to_string(),
    ));
    let run = run_cell(host, artifact, test, &env, limits);
    let text = std::fs::read_to_string(&report);
    let _ = std::fs::remove_file(&report);
    let row = |suffix: &str, outcome: Outcome, reason: String, output: String| Cell {
        test: format!("{} strict{suffix}", run.test),
        artifact: run.artifact.clone(),
        target: run.target.clone(),
        host: run.host.clone(),
        outcome,
        kind: "strict".to_string(),
        runner: run.runner.clone(),
        reason,
        output,
        millis: run.millis,
    };
    if run.outcome == Outcome::Skip {
        return vec![row("", Outcome::Skip, run.reason.clone(), String::new())];
    }
    let diagnostics: Vec<Diagnostic> = match text.map(|t| serde_json::from_str(&t)) {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            return vec![row(
                "",
                Outcome::Fail,
                format!("nabi's --napi-strict-report is not valid JSON: {e}"),
                run.output.clone(),
            )]
        }
        // No report: the run ended before nabi's exit (a crash, a timeout).
        Err(_) => {
            return vec![row(
                "",
                Outcome::Fail,
                format!("no --napi-strict report was written: {}", run.reason),
                run.output.clone(),
            )]
        }
    };
    if diagnostics.is_empty() {
        let (outcome, reason) = match run.outcome {
            Outcome::Pass => (Outcome::Pass, "no Node-API misuse found".to_string()),
            _ => (
                Outcome::Fail,
                format!(
                    "no Node-API misuse found, but the test failed: {}",
                    run.reason
                ),
            ),
        };
        return vec![row("", outcome, reason, run.output.clone())];
    }
    diagnostics
        .into_iter()
        .map(|d| {
            let times = if d.count == 1 {
                String::new()
            } else {
                format!(" ({}×)", d.count)
            };
            row(
                &format!(": {}", d.check),
                Outcome::Fail,
                format!(
                    "{} in {}{times} at {}: {}",
                    d.check, d.function, d.site, d.detail
                ),
                d.backtrace.join("\n"),
            )
        })
        .collect()
}
