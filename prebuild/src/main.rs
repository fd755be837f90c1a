//! nabi-prebuild: start a Node-API addon package (`new`), build it for many
//! targets (Linux: arch × libc × glibc floor; macOS and Windows on x64 and
//! arm64) from one machine
//! with zig or cargo (from a `"nabi"` section, binding.gyp or Cargo.toml),
//! audit every binary's ABI, verify it in real hosts, pack it as
//! node-gyp-build and napi-rs-style npm packages, and publish those with npm.
//!
//! What it must not do: depend on the nabi runtime, or talk to a registry
//! itself: publishing goes through `npm publish`, hosts and headers through
//! `npm pack`.

/// Writes to stdout, returning the error instead of panicking as `print!`
/// does: a reader that stops early (`| head`) closes the pipe, and `main`
/// ends quietly on that (see `closed_stdout`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*).map_err($crate::stdout_error)?
    }};
}

/// `out!` with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err($crate::stdout_error)?
    }};
}

mod audit;
mod build;
mod cache;
mod dts;
mod gyp;
mod hosts;
mod pack;
mod progress;
mod scaffold;
mod strict;
mod target;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
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
        /// The oldest macOS the darwin builds must load on (default: Node's
        /// own floor, 10.15 on x64 and 11.0 on arm64).
        #[arg(long)]
        macos_min: Option<String>,
        /// Where prebuilds/ goes (default: DIR/prebuilds).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Node-API headers (default: node_modules/node-api-headers).
        #[arg(long)]
        headers: Option<PathBuf>,
        /// Keep symbols and debug info (artifacts are stripped by default).
        #[arg(long)]
        no_strip: bool,
        /// cargo's target directory for Rust addons (default: what cargo
        /// uses: CARGO_TARGET_DIR, build.target-dir, the workspace's target/).
        #[arg(long)]
        target_dir: Option<PathBuf>,
        /// Add a missing Rust standard library with `rustup target add`.
        #[arg(long)]
        install_targets: bool,
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
        /// Accept a libstdc++ (macOS: libc++) dependency.
        #[arg(long)]
        allow_cxx: bool,
        /// The oldest macOS the darwin files must load on (default: 10.15
        /// for x64, 11.0 for arm64, Node's own floor).
        #[arg(long)]
        macos_min: Option<String>,
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
        /// Also write the per-platform packages into DIR/package.json's
        /// `optionalDependencies` (other entries and key order are kept).
        #[arg(long)]
        update_package_json: bool,
    },
    /// Publish what `pack` wrote with `npm publish`: every per-platform
    /// package first, then the root package that depends on them.
    Publish {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where `pack` wrote the packages.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Run `npm publish --dry-run`: check everything, upload nothing.
        #[arg(long)]
        dry_run: bool,
        /// Passed to npm publish (`--tag next`).
        #[arg(long)]
        tag: Option<String>,
        /// Passed to npm publish (`--access public` for scoped packages).
        #[arg(long)]
        access: Option<String>,
    },
    /// Load each artifact in every available host that can run its target
    /// and run a smoke test (default: load it and check its exports).
    Verify {
        artifacts: Vec<PathBuf>,
        #[command(flatten)]
        matrix: MatrixArgs,
        /// A JS smoke test run with NABI_ADDON=<artifact>.
        #[arg(long)]
        test: Option<PathBuf>,
    },
    /// Run a directory of JS tests against artifacts × hosts and report the
    /// matrix as JSON, JUnit XML and Markdown.
    Conformance {
        /// The tests: every top-level .js file (run with NABI_ADDON set).
        #[arg(long)]
        tests: PathBuf,
        /// Artifacts to test (none: each test runs once per host).
        #[arg(long = "artifact")]
        artifacts: Vec<PathBuf>,
        #[command(flatten)]
        matrix: MatrixArgs,
        /// Extra environment for the tests (KEY=VALUE, repeatable).
        #[arg(long = "env")]
        env: Vec<String>,
    },
    /// Work with conformance reports.
    Report {
        #[command(subcommand)]
        command: ReportCmd,
    },
    /// List the supported targets.
    Targets,
    /// Create a new addon package in NAME/ (or --dir) that builds, audits,
    /// packs, verifies and publishes with no edits.
    New {
        /// The npm package name (`my-addon`, `@me/my-addon`).
        name: String,
        /// The addon's language.
        #[arg(long, value_enum, default_value = "c")]
        lang: scaffold::Lang,
        /// Where to create it (default: ./<name without scope>).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write the TypeScript declarations (index.d.ts) of a built nabi-sdk
    /// addon, read from the binary itself (it must be for this machine).
    Dts {
        /// The built addon (`prebuilds/linux-x64/x.napi.glibc.node`).
        addon: PathBuf,
        /// Where to write them (default: standard output).
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// Merge the conformance.json of several machines (the CI runners:
    /// Linux, macOS x64 and arm64, Windows) into one matrix, written as
    /// conformance.{json,xml,md}; exits non-zero if any cell failed.
    Merge {
        /// conformance.json files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the merged reports (default: only print the table).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct MatrixArgs {
    /// Hosts, comma-separated: nabi (--nabi PATH), node (the one on PATH,
    /// named by its version), node18, node20, node22, node24, node26
    /// (official builds from npm), node20-arm64 (under qemu), bun, deno,
    /// link-probe (x64/arm64 musl, armhf); `all` for every one.
    #[arg(long, default_value = "nabi,node,link-probe")]
    hosts: String,
    /// The nabi binary for the nabi host.
    #[arg(long)]
    nabi: Option<PathBuf>,
    /// Cells that must pass, e.g. "node>=18, bun, nabi" (default: all that ran).
    #[arg(long = "require")]
    require: Option<String>,
    /// Where to write conformance.{json,xml,md}.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The Node-API version the artifacts declare: hosts supporting less
    /// fail with "needs Node-API N, host has M".
    #[arg(long)]
    napi: Option<u32>,
    /// The Node.js versions the package supports (default: `engines.node`
    /// of the package.json above the first artifact). A Node host outside
    /// the range is reported as skipped, not run.
    #[arg(long)]
    engines: Option<String>,
    /// Also run the nabi cells under `nabi --napi-strict=warn`: each
    /// Node-API misuse found is a failed row of its own (docs/STRICT.md).
    #[arg(long)]
    strict: bool,
}

fn run_matrix(
    m: &MatrixArgs,
    artifacts: &[PathBuf],
    tests: &[PathBuf],
    env: &[(String, String)],
) -> anyhow::Result<ExitCode> {
    // Hosts run with the test's directory as cwd: absolute paths only.
    let absolute = |p: &PathBuf| {
        std::fs::canonicalize(p)
            .map(verify::plain_path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
    };
    let artifacts: Vec<PathBuf> = artifacts
        .iter()
        .map(absolute)
        .collect::<anyhow::Result<_>>()?;
    let tests: Vec<PathBuf> = tests.iter().map(absolute).collect::<anyhow::Result<_>>()?;
    let (artifacts, tests) = (&artifacts[..], &tests[..]);
    let names: Vec<String> = if m.hosts == "all" {
        [
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
        ]
        .map(String::from)
        .to_vec()
    } else {
        m.hosts
            .split(',')
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .collect()
    };
    let hosts: Vec<hosts::Host> = names
        .iter()
        .map(|n| hosts::resolve(n, m.nabi.as_deref()))
        .collect::<anyhow::Result<_>>()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("valid template"),
    );
    let engines = match &m.engines {
        Some(r) => Some(r.clone()),
        None => artifacts.first().and_then(|a| verify::engines_above(a)),
    };
    let limits = verify::Limits {
        napi: m.napi,
        engines: engines
            .map(|r| {
                semver::VersionReq::parse(&r)
                    .map_err(|e| anyhow::anyhow!("engines.node {r:?} is not a semver range: {e}"))
            })
            .transpose()?,
    };
    let mut cells = verify::matrix(&hosts, artifacts, tests, env, &limits, &bar);
    if m.strict {
        cells.extend(strict::cells(&hosts, artifacts, tests, env, &limits, &bar));
    }
    bar.finish_and_clear();
    out!("{}", verify::markdown(&cells));
    if let Some(out) = &m.out {
        for f in verify::write_reports(out, &cells)? {
            eprintln!("wrote {}", f.display());
        }
    }
    let bad: Vec<&verify::Cell> = match &m.require {
        Some(p) => verify::violations(&cells, &hosts, &verify::parse_policy(p)?),
        None => cells
            .iter()
            .filter(|c| c.outcome == verify::Outcome::Fail)
            .collect(),
    };
    for c in &bad {
        eprintln!(
            "required cell failed: {} [{}] on {}: {}",
            c.test,
            c.target.as_deref().unwrap_or("-"),
            c.host,
            c.reason
        );
    }
    Ok(if bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn main() -> ExitCode {
    let result = run(Cli::parse()).and_then(|code| {
        use std::io::Write as _;
        std::io::stdout().flush().map_err(stdout_error)?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // The reader of our output went away: stop, as other CLI tools do.
        Err(e) if closed_stdout(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nabi-prebuild: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Our stdout was closed by its reader (`nabi-prebuild audit … | head`).
#[derive(Debug)]
struct ClosedStdout;

impl std::fmt::Display for ClosedStdout {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for ClosedStdout {}

/// A failed write to stdout: `ClosedStdout` for a closed pipe (only
/// stdout's: a child's closed stdin stays an error), else the error.
fn stdout_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(ClosedStdout)
    } else {
        anyhow::Error::new(e).context("writing to stdout")
    }
}

fn closed_stdout(e: &anyhow::Error) -> bool {
    e.downcast_ref::<ClosedStdout>().is_some()
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Cmd::Report {
            command: ReportCmd::Merge { files, out },
        } => {
            let cells = verify::merge(&files)?;
            out!("{}", verify::markdown(&cells));
            if let Some(out) = &out {
                for f in verify::write_reports(out, &cells)? {
                    eprintln!("wrote {}", f.display());
                }
            }
            let failed: Vec<&verify::Cell> = cells
                .iter()
                .filter(|c| c.outcome == verify::Outcome::Fail)
                .collect();
            for c in &failed {
                eprintln!(
                    "failed cell: {} [{}] on {} ({}): {}",
                    c.test,
                    c.target.as_deref().unwrap_or("-"),
                    c.host,
                    c.runner,
                    c.reason
                );
            }
            Ok(if failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Cmd::Targets => {
            for t in target::TARGETS {
                let line = format!(
                    "{:22} {:6} zig {:22} rust {:28}{}",
                    t.name,
                    format!("{:?}", t.os.format()),
                    t.zig_triple,
                    t.rust_triple,
                    t.min_os
                        .map(|v| format!(" (min OS {v})"))
                        .unwrap_or_default()
                );
                outln!("{}", line.trim_end());
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Build {
            dir,
            targets,
            glibc,
            macos_min,
            out,
            headers,
            no_strip,
            target_dir,
            install_targets,
        } => {
            // cargo runs in the addon's folder: a relative --target-dir or
            // CARGO_TARGET_DIR means one under the user's folder, here.
            let target_dir = target_dir
                .or_else(|| {
                    std::env::var_os("CARGO_TARGET_DIR")
                        .map(PathBuf::from)
                        .filter(|p| p.is_relative() && !p.as_os_str().is_empty())
                })
                .map(std::path::absolute)
                .transpose()?;
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
            let opts = build::Options {
                glibc,
                macos_min,
                no_strip,
                target_dir,
                install_targets,
            };
            let progress = progress::Progress::new(targets.len());
            let mut rows = Vec::new();
            let mut failed = false;
            for t in targets {
                progress.start(&format!("{} for {t}", addon.name()));
                let started = std::time::Instant::now();
                let r = build::build_one(
                    &addon,
                    t,
                    &opts,
                    &out,
                    headers.as_deref().unwrap_or(&dir),
                    &|line| progress.line(line),
                );
                let secs = started.elapsed().as_secs_f64();
                match r {
                    Ok(path) => {
                        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                        progress.finish(&format!("{t} in {secs:.1}s ({})", progress::bytes(size)));
                        rows.push(format!(
                            "  ok    {:22} {:>9}  {:5.1}s  {}",
                            t.name,
                            progress::bytes(size),
                            secs,
                            path.display()
                        ));
                    }
                    Err(e) => {
                        failed = true;
                        progress.fail(&format!("{t} after {secs:.1}s"));
                        rows.push(format!("  FAIL  {:22} {e:#}", t.name));
                    }
                }
            }
            progress.done();
            outln!("built {}:", addon.name());
            for r in rows {
                outln!("{r}");
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
            macos_min,
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
                macos_min,
            };
            let reports: Vec<audit::Report> =
                files.iter().map(|f| audit::audit(f, &want)).collect();
            if json {
                outln!("{}", serde_json::to_string_pretty(&reports)?);
            } else {
                for r in &reports {
                    out!("{}", audit::render(r));
                }
                let bad = reports.iter().filter(|r| !r.passed()).count();
                outln!(
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
        Cmd::Verify {
            artifacts,
            matrix,
            test,
        } => {
            if artifacts.is_empty() {
                anyhow::bail!("no artifacts to verify: nabi-prebuild verify prebuilds/*/*.node");
            }
            let tests: Vec<PathBuf> = test.into_iter().collect();
            run_matrix(&matrix, &artifacts, &tests, &[])
        }
        Cmd::Conformance {
            tests,
            artifacts,
            matrix,
            env,
        } => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&tests)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", tests.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "js")
                        && p.file_name().is_some_and(|n| n != "common.js")
                })
                .collect();
            files.sort();
            let env: Vec<(String, String)> = env
                .iter()
                .map(|kv| {
                    kv.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                })
                .collect::<Option<_>>()
                .ok_or_else(|| anyhow::anyhow!("--env takes KEY=VALUE"))?;
            let files: Vec<PathBuf> = files
                .iter()
                .map(|f| {
                    std::fs::canonicalize(f)
                        .map(verify::plain_path)
                        .unwrap_or_else(|_| f.clone())
                })
                .collect();
            run_matrix(&matrix, &artifacts, &files, &env)
        }
        Cmd::New { name, lang, dir } => {
            let dir =
                dir.unwrap_or_else(|| PathBuf::from(name.rsplit('/').next().unwrap_or(&name)));
            let files = scaffold::new(&dir, &name, lang)?;
            outln!("created {} ({} files):", dir.display(), files.len());
            for f in &files {
                outln!("  {}", f.strip_prefix(&dir).unwrap_or(f).display());
            }
            outln!(
                "next: cd {} && nabi-prebuild build && npm test (see docs/PREBUILD.md)",
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Dts { addon, out } => {
            let text = dts::declarations(&addon)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, &text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    outln!("wrote {}", path.display());
                }
                None => out!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Publish {
            dir,
            out,
            dry_run,
            tag,
            access,
        } => {
            let out = if out.is_relative() {
                dir.join(out)
            } else {
                out
            };
            let mut extra = Vec::new();
            if dry_run {
                extra.push("--dry-run".to_string());
            }
            if let Some(t) = tag {
                extra.extend(["--tag".into(), t]);
            }
            if let Some(a) = access {
                extra.extend(["--access".into(), a]);
            }
            for line in pack::publish(&dir, &out, &extra)? {
                outln!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Pack {
            dir,
            out,
            glibc,
            napi,
            update_package_json,
        } => {
            let pkg_path = dir.join("package.json");
            let root = if pkg_path.exists() {
                let text = std::fs::read_to_string(&pkg_path)
                    .with_context(|| format!("reading {}", pkg_path.display()))?;
                let pkg: serde_json::Value = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not valid JSON", pkg_path.display()))?;
                for key in ["name", "version"] {
                    if !pkg[key].is_string() {
                        anyhow::bail!("{} has no \"{key}\" string", pkg_path.display());
                    }
                }
                pack::Root::from_package_json(&pkg)
            } else if dir.join("Cargo.toml").exists() {
                // A Rust addon without package.json: Cargo.toml names it.
                let c = build::Crate::read(&dir)?;
                pack::Root {
                    name: c.name.replace('_', "-"),
                    version: c.version,
                    inherited: c.inherited,
                }
            } else {
                anyhow::bail!(
                    "{} has neither package.json nor Cargo.toml: pack names the packages after one of them",
                    dir.display()
                );
            };
            let out = if out.is_relative() {
                dir.join(out)
            } else {
                out
            };
            let m = pack::pack(&dir.join("prebuilds"), &out, &root, glibc.as_deref(), napi)?;
            outln!(
                "packed {} artifact(s) into {}",
                m.artifacts.len(),
                out.display()
            );
            for a in &m.artifacts {
                outln!(
                    "  {:22} {:>9} bytes  sha256 {}  {}",
                    a.target,
                    a.size,
                    &a.sha256[..16],
                    a.tarball
                );
            }
            if update_package_json {
                pack::update_package_json(&pkg_path, &m.optional_dependencies)?;
                outln!("updated optionalDependencies in {}", pkg_path.display());
            }
            if pkg_path.exists() {
                let missing = pack::missing_optional(&pkg_path, &m.optional_dependencies)?;
                if !missing.is_empty() {
                    eprintln!(
                        "warning: {}'s optionalDependencies lack {}: npm would not install them with the root package (run pack with --update-package-json)",
                        pkg_path.display(),
                        missing.join(", ")
                    );
                }
                let tgz = pack::npm_pack_root(&dir, &out)?;
                outln!("  root package {}", tgz.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
