//! nabi-prebuild: build a Node-API addon for many Linux targets (platform ×
//! arch × libc × glibc floor) from one machine with zig, name and package
//! the artifacts as node-gyp-build and napi-rs-style packages expect, and
//! audit every binary's ABI before it is published.
//!
//! What it must not do: depend on the nabi runtime, or publish anything
//! itself. It writes files; `npm publish` stays the user's step.

mod audit;
mod build;
mod pack;
mod target;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "nabi-prebuild",
    version,
    about = "Build, package and audit prebuilt Node-API addons"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the addon in DIR for each target into DIR/prebuilds/.
    Build {
        /// The addon: a package.json with a "nabi" section, or a cdylib crate.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Targets (repeat or comma-separate); default: linux-x64-gnu.
        #[arg(long = "target", value_delimiter = ',')]
        targets: Vec<String>,
        /// The oldest glibc the gnu builds must run on (e.g. 2.17).
        #[arg(long)]
        glibc: Option<String>,
        /// Where prebuilds/ goes (default: DIR/prebuilds).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Node-API headers (default: node_modules/node-api-headers).
        #[arg(long)]
        headers: Option<PathBuf>,
    },
    /// Check each .node file's ABI against the target it claims.
    Audit {
        files: Vec<PathBuf>,
        /// The target every file must be for (default: from its path).
        #[arg(long)]
        target: Option<String>,
        /// The oldest glibc they must run on.
        #[arg(long)]
        glibc: Option<String>,
        /// The Node-API version they declare (default 8).
        #[arg(long)]
        napi: Option<u32>,
        /// Accept a libstdc++ dependency.
        #[arg(long)]
        allow_cxx: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Package DIR/prebuilds into deterministic tarballs, a manifest and
    /// per-platform npm packages.
    Pack {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        #[arg(long)]
        glibc: Option<String>,
        #[arg(long, default_value_t = 8)]
        napi: u32,
    },
    /// List the supported targets.
    Targets,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nabi-prebuild: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Cmd::Targets => {
            for t in target::TARGETS {
                println!(
                    "{:22} zig {:22} rust {}",
                    t.name, t.zig_triple, t.rust_triple
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Build {
            dir,
            targets,
            glibc,
            out,
            headers,
        } => {
            let addon = build::Addon::detect(&dir)?;
            let names = if targets.is_empty() {
                vec!["linux-x64-gnu".to_string()]
            } else {
                targets
            };
            let targets: Vec<&target::Target> = names
                .iter()
                .map(|n| target::Target::by_name(n))
                .collect::<anyhow::Result<_>>()?;
            let headers = match &addon {
                build::Addon::C { .. } => Some(build::find_headers(&dir, headers.as_deref())?),
                build::Addon::Rust { .. } => None,
            };
            let out = out.unwrap_or_else(|| dir.join("prebuilds"));
            let bar = indicatif::ProgressBar::new(targets.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .expect("valid template"),
            );
            let mut rows = Vec::new();
            let mut failed = false;
            for t in targets {
                bar.set_message(format!("building {t}"));
                let r = build::build_one(
                    &addon,
                    t,
                    glibc.as_deref(),
                    &out,
                    headers.as_deref().unwrap_or(&dir),
                );
                match r {
                    Ok(path) => rows.push(format!("  ok    {:22} {}", t.name, path.display())),
                    Err(e) => {
                        failed = true;
                        rows.push(format!("  FAIL  {:22} {e:#}", t.name));
                    }
                }
                bar.inc(1);
            }
            bar.finish_and_clear();
            println!("built {}:", addon.name());
            for r in rows {
                println!("{r}");
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Audit {
            files,
            target,
            glibc,
            napi,
            allow_cxx,
            json,
        } => {
            if files.is_empty() {
                anyhow::bail!("no files to audit: nabi-prebuild audit FILE.node…");
            }
            let want = audit::Expectations {
                target: target.as_deref().map(target::Target::by_name).transpose()?,
                glibc_floor: glibc,
                napi_version: napi,
                allow_cxx,
            };
            let reports: Vec<audit::Report> =
                files.iter().map(|f| audit::audit(f, &want)).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&reports)?);
            } else {
                for r in &reports {
                    print!("{}", audit::render(r));
                }
                let bad = reports.iter().filter(|r| !r.passed()).count();
                println!(
                    "{} file(s) audited, {} passed, {} failed",
                    reports.len(),
                    reports.len() - bad,
                    bad
                );
            }
            Ok(if reports.iter().all(|r| r.passed()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Cmd::Pack {
            dir,
            out,
            glibc,
            napi,
        } => {
            let pkg_path = dir.join("package.json");
            let pkg: serde_json::Value = std::fs::read_to_string(&pkg_path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            let name = pkg["name"].as_str().unwrap_or("addon").to_string();
            let version = pkg["version"].as_str().unwrap_or("0.0.0").to_string();
            let out = if out.is_relative() {
                dir.join(out)
            } else {
                out
            };
            let m = pack::pack(
                &dir.join("prebuilds"),
                &out,
                &name,
                &version,
                glibc.as_deref(),
                napi,
            )?;
            println!(
                "packed {} artifact(s) into {}",
                m.artifacts.len(),
                out.display()
            );
            for a in &m.artifacts {
                println!(
                    "  {:22} {:>9} bytes  sha256 {}  {}",
                    a.target,
                    a.size,
                    &a.sha256[..16],
                    a.tarball
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
